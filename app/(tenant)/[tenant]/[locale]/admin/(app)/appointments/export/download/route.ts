// The export form's target (POST, works without JavaScript). Checks the Origin, the session and the
// permission itself, validates the form, then answers a small export at once as an attachment or queues
// a large one and sends the agent to their exports page. Bad input goes back to the export page with a
// translated error, never a 500.
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getLogger } from "@/lib/core/logger";
import { readRequestInfo } from "@/lib/core/request";
import { isSameOrigin } from "@/lib/core/same-origin";
import { filtersQuery, parseBookingFilters } from "@/lib/appointments/service/booking-list";
import { requestExport, ZExportRequest } from "@/lib/appointments/service/export-bookings";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" } });
const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });

function formObject(form: FormData): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const current = out[key];
    out[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return out;
}

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string; locale: string }> }) {
  const { tenant: slug, locale } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.enabledLocales.includes(locale) || !tenant.modules.includes("appointments")) return text(404, "Not found");
  const info = readRequestInfo(request.headers);
  if (!isSameOrigin(info.origin, info.host)) return text(403, "Forbidden");
  const base = `/${locale}/admin/appointments/export`;
  const actor = await getActor();
  if (actor?.kind !== "agent") return seeOther(`/${locale}/admin/sign-in?next=${encodeURIComponent(base)}`);
  if (!can(actor.grants, "appointments:manage")) return text(403, "Forbidden");

  const raw = formObject(await request.formData().catch(() => new FormData()));
  const back = (error: string, extra: [string, string][] = []) => {
    const query = filtersQuery(parseBookingFilters(raw));
    for (const column of [raw.columns ?? []].flat()) query.append("columns", column);
    if (typeof raw.format === "string") query.set("format", raw.format);
    query.set("error", error);
    for (const [k, v] of extra) query.set(k, v);
    return seeOther(`${base}?${query.toString()}`);
  };
  const parsed = ZExportRequest.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues.find((i) => i.path[0] === "columns") ?? parsed.error.issues[0];
    return back(issue?.path[0] === "format" ? "exportFormat" : "exportColumns");
  }

  try {
    const outcome = await requestExport({
      tenant,
      actor,
      locale,
      request: parsed.data,
      audit: { tenantId: tenant.id, actor: { type: "agent", id: actor.id, label: actor.email }, requestId: info.requestId, ip: info.ip },
    });
    if (outcome.kind === "queued") return seeOther(`/${locale}/admin/appointments/exports?queued=${outcome.id}`);
    return new Response(new Uint8Array(outcome.body), {
      headers: {
        "content-type": outcome.mime,
        "content-length": String(outcome.body.length),
        "content-disposition": `attachment; filename="${outcome.fileName}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer",
      },
    });
  } catch (error) {
    getLogger().error({ err: error, requestId: info.requestId, tenant: tenant.slug }, "bookings export failed");
    return back("unexpected", info.requestId ? [["ref", info.requestId]] : []);
  }
}
