// The inbox's export (GET, a link that keeps the list's filters): CSV or XLSX of the requests the filters
// give the agent, only of the forms they may process. Checks the session and the permission itself;
// answers the file as an attachment. Audited (requests.export).
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { getLogger } from "@/lib/core/logger";
import { readRequestInfo } from "@/lib/core/request";
import { exportRequests } from "@/lib/forms/service/export-requests";
import { parseInboxFilters, PROCESS } from "@/lib/forms/service/request-list";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" } });

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; locale: string }> }) {
  const { tenant: slug, locale } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.enabledLocales.includes(locale) || !tenant.modules.includes("forms")) return text(404, "Not found");
  const url = new URL(request.url);
  const actor = await getActor();
  if (actor?.kind !== "agent") {
    const next = `/${locale}/admin/requests/export${url.search}`;
    return new Response(null, { status: 303, headers: { location: `/${locale}/admin/sign-in?next=${encodeURIComponent(next)}`, "cache-control": "no-store" } });
  }
  if (!can(actor.grants, PROCESS)) return text(403, "Forbidden");
  const format = url.searchParams.get("format") === "xlsx" ? "xlsx" : "csv";
  const filters = parseInboxFilters(Object.fromEntries(url.searchParams.entries()));
  const info = readRequestInfo(request.headers);
  try {
    const file = await exportRequests({
      tenant,
      actor,
      locale,
      filters,
      format,
      audit: { tenantId: tenant.id, actor: { type: "agent", id: actor.id, label: actor.email }, requestId: info.requestId, ip: info.ip },
    });
    return new Response(new Uint8Array(file.body), {
      headers: {
        "content-type": file.mime,
        "content-length": String(file.body.length),
        "content-disposition": `attachment; filename="${file.fileName}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer",
      },
    });
  } catch (error) {
    getLogger().error({ err: error, requestId: info.requestId, tenant: tenant.slug }, "requests export failed");
    return text(500, `Export failed (${info.requestId ?? "-"})`);
  }
}
