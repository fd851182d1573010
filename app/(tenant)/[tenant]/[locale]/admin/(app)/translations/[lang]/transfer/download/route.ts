// Download of a language's layer as a translation file (?format=json|xliff|po&layer=town|platform&
// include=all|live): an agent with translations:edit for that language; the town from the Host (the
// [tenant] segment is set by the custom server, never by a visitor).
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { SOURCE_LOCALE } from "@/lib/i18n/locales";
import { TRANSFER_FORMATS, type TTransferFormat } from "@/lib/translations/service/transfer-format";
import { exportLayer } from "@/lib/translations/service/transfer";
import { scopeOfLayer } from "@/lib/translations/service/workspace";
import { getTenantBySlug } from "@/lib/tenancy/registry";
import { isPlatformLanguage } from "@/lib/translations/service/languages";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; locale: string; lang: string }> }) {
  const { tenant: slug, locale, lang } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.enabledLocales.includes(locale) || !(await isPlatformLanguage(lang))) return new Response("Not found", { status: 404 });
  const actor = await getActor();
  if (actor?.kind !== "agent") return Response.redirect(new URL(`/${locale}/admin/sign-in`, request.url), 303);
  if (!can(actor.grants, "translations:edit", `locale:${lang}`)) return new Response("Forbidden", { status: 403 });
  const url = new URL(request.url);
  const format = url.searchParams.get("format") ?? "";
  const layer = url.searchParams.get("layer") === "platform" ? "platform" : "town";
  const include = url.searchParams.get("include") === "live" ? "live" : "all";
  if (!(TRANSFER_FORMATS as readonly string[]).includes(format) || (layer === "platform" && lang === SOURCE_LOCALE)) return new Response("Bad request", { status: 400 });
  const file = await exportLayer({ scope: scopeOfLayer(layer, tenant.id), locale: lang, format: format as TTransferFormat, include });
  return new Response(file.body, {
    headers: {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
