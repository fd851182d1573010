// Download of an export built in the background, for the agent who asked for it only: another agent's
// export, another town's id, an unknown or unfinished one are all "not found". Served as an attachment.
import { Readable } from "node:stream";
import { recordAudit } from "@/lib/audit/service/record-audit";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { readRequestInfo } from "@/lib/core/request";
import { openExportFile } from "@/lib/appointments/service/export-bookings";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

const text = (status: number, body: string) => new Response(body, { status, headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" } });

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; locale: string; exportId: string }> }) {
  const { tenant: slug, locale, exportId } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.enabledLocales.includes(locale) || !tenant.modules.includes("appointments")) return text(404, "Not found");
  const actor = await getActor();
  if (actor?.kind !== "agent") {
    return new Response(null, { status: 303, headers: { location: `/${locale}/admin/sign-in?next=${encodeURIComponent(`/${locale}/admin/appointments/exports`)}` } });
  }
  if (!can(actor.grants, "appointments:manage")) return text(403, "Forbidden");
  const file = await openExportFile(tenant, actor, exportId);
  if (!file) return text(404, "Not found");
  const info = readRequestInfo(request.headers);
  await recordAudit(
    { tenantId: tenant.id, actor: { type: "agent", id: actor.id, label: actor.email }, requestId: info.requestId, ip: info.ip },
    { action: "appointments.export-download", targetType: "appointment-export", targetId: exportId },
  );
  return new Response(Readable.toWeb(file.stream) as ReadableStream<Uint8Array>, {
    headers: {
      "content-type": file.mime,
      "content-length": String(file.size),
      "content-disposition": `attachment; filename="${file.fileName}"`,
      "x-content-type-options": "nosniff",
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}
