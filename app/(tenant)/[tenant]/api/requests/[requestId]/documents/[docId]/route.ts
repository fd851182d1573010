// GET /api/requests/<requestId>/documents/<docId>: a file of a request, for an agent holding
// requests:process on its form. Another town's request, a form outside the agent's scope, or no
// session: the same 404. Each download is audited (an agent read a citizen's document).
import { recordAudit } from "@/lib/audit/service/record-audit";
import { getActor } from "@/lib/auth/session";
import { readRequestInfo } from "@/lib/core/request";
import { findRequest } from "@/lib/forms/repo";
import { formsTenant, notFoundResponse, serveDocument } from "@/lib/forms/service/document-http";
import { mayWorkOnForm } from "@/lib/forms/service/form-scope";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string; requestId: string; docId: string }> }) {
  const { tenant: slug, requestId, docId } = await params;
  const tenant = await formsTenant(slug);
  if (!tenant || !/^[0-9a-f-]{36}$/i.test(requestId)) return notFoundResponse();
  const actor = await getActor();
  if (actor?.kind !== "agent" || actor.tenantId !== tenant.id) return notFoundResponse();
  const target = await findRequest(tenant.id, requestId);
  if (!target || target.status !== "submitted" || !mayWorkOnForm(actor, "requests:process", target.formId)) return notFoundResponse();
  const info = readRequestInfo(request.headers);
  return serveDocument(tenant, target, docId, null, (documentId) =>
    recordAudit(
      { tenantId: tenant.id, actor: { type: "agent", id: actor.id, label: actor.email }, requestId: info.requestId, ip: info.ip },
      { action: "requests.document-download", targetType: "request", targetId: target.id, summary: { document: documentId } },
    ),
  );
}
