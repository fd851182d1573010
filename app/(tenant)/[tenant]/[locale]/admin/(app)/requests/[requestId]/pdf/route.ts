// One request as a PDF, for an agent who may process its form (else 404, like the request page).
// Checks the session and the permission itself; answers an attachment. Audited (requests.pdf).
import { can } from "@/lib/auth/permissions";
import { getActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { readRequestInfo } from "@/lib/core/request";
import { requestPdf } from "@/lib/forms/service/request-pdf";
import { PROCESS } from "@/lib/forms/service/request-list";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" } });

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; locale: string; requestId: string }> }) {
  const { tenant: slug, locale, requestId } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.enabledLocales.includes(locale) || !tenant.modules.includes("forms")) return text(404, "Not found");
  const actor = await getActor();
  if (actor?.kind !== "agent") {
    const next = `/${locale}/admin/requests/${requestId}/pdf`;
    return new Response(null, { status: 303, headers: { location: `/${locale}/admin/sign-in?next=${encodeURIComponent(next)}`, "cache-control": "no-store" } });
  }
  if (!can(actor.grants, PROCESS)) return text(403, "Forbidden");
  const info = readRequestInfo(request.headers);
  try {
    const pdf = await requestPdf({ tenant, actor, requestId, audit: { tenantId: tenant.id, actor: { type: "agent", id: actor.id, label: actor.email }, requestId: info.requestId, ip: info.ip } });
    return new Response(new Uint8Array(pdf.body), {
      headers: {
        "content-type": "application/pdf",
        "content-length": String(pdf.body.length),
        "content-disposition": `attachment; filename="${pdf.fileName}"`,
        "x-content-type-options": "nosniff",
        "cache-control": "private, no-store",
        "referrer-policy": "no-referrer",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return text(404, "Not found");
    getLogger().error({ err: error, requestId: info.requestId, tenant: tenant.slug }, "request PDF failed");
    return text(500, `PDF failed (${info.requestId ?? "-"})`);
  }
}
