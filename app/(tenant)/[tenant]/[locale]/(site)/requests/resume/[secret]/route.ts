// GET /<locale>/requests/resume/<secret>: the link of the "save and come back later" e-mail. Puts the
// draft's secret in this browser's cookie and continues where the citizen stopped (303 to the next
// step). An unknown, expired or already sent draft — or another town's — goes to a page saying the
// link no longer works. A mail scanner that follows the link changes nothing but its own cookies.
import { resumeDraft } from "@/lib/forms/service/resume-draft";
import { rememberDraft } from "@/lib/forms/service/draft-access";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

type TParams = Promise<{ tenant: string; locale: string; secret: string }>;

const seeOther = (location: string) =>
  new Response(null, { status: 303, headers: { location, "cache-control": "private, no-store", "referrer-policy": "no-referrer" } });

export async function GET(_request: Request, { params }: { params: TParams }) {
  const { tenant: slug, locale, secret } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.modules.includes("forms") || !tenant.enabledLocales.includes(locale)) {
    return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  }
  const found = await resumeDraft(tenant.id, secret);
  if (!found) return seeOther(`/${locale}/requests/resume/expired`);
  await rememberDraft(found.formId, secret);
  return seeOther(`/${locale}${found.path}`);
}
