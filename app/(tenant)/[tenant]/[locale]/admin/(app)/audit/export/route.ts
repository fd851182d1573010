// CSV export of a town's audit trail (permission audit:read), with the page's filters. Streams the
// rows; UTF-8 with a byte-order mark and ";" separators, as French spreadsheets expect.
import { stringify } from "csv-stringify";
import { getActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { recordAudit } from "@/lib/audit/service/record-audit";
import { auditExport, parseAuditQuery } from "@/lib/audit/service/list-audit";
import { readRequestInfo } from "@/lib/core/request";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; locale: string }> }) {
  const { tenant: slug, locale } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.enabledLocales.includes(locale)) return new Response("Not found", { status: 404 });
  const actor = await getActor();
  if (actor?.kind !== "agent") return Response.redirect(new URL(`/${locale}/admin/sign-in`, request.url), 303);
  if (!can(actor.grants, "audit:read")) return new Response("Forbidden", { status: 403 });
  const url = new URL(request.url);
  const { query } = parseAuditQuery(Object.fromEntries(url.searchParams));
  const info = readRequestInfo(request.headers);
  await recordAudit({ tenantId: tenant.id, actor: { type: "agent", id: actor.id, label: actor.email }, requestId: info.requestId, ip: info.ip }, { action: "audit.export", summary: { filters: query } });

  const csv = stringify({
    bom: true,
    delimiter: ";",
    header: true,
    columns: ["seq", "at", "actor_type", "actor_id", "actor", "action", "target_type", "target_id", "summary", "request_id", "ip", "hash"],
  });
  (async () => {
    try {
      for await (const row of auditExport(tenant.id, tenant.timeZone, query)) {
        const ok = csv.write([row.seq.toString(), row.at.toISOString(), row.actorType, row.actorId ?? "", row.actorLabel ?? "", row.action, row.targetType ?? "", row.targetId ?? "", JSON.stringify(row.summary), row.requestId ?? "", row.ip ?? "", row.hash]);
        if (!ok) await new Promise((resolve) => csv.once("drain", resolve));
      }
      csv.end();
    } catch (error) {
      csv.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      csv.on("data", (chunk: Buffer) => controller.enqueue(new Uint8Array(chunk)));
      csv.on("end", () => controller.close());
      csv.on("error", (error) => controller.error(error));
    },
  });
  const date = new Date().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="audit-${tenant.slug}-${date}.csv"`,
      "cache-control": "no-store",
    },
  });
}
