// GET /api/forms/<formId>/documents/<docId>: a file of the citizen's own draft (draft cookie).
import { draftFromCookie } from "@/lib/forms/service/draft-access";
import { formsTenant, notFoundResponse, serveDocument } from "@/lib/forms/service/document-http";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string; formId: string; docId: string }> }) {
  const { tenant: slug, formId, docId } = await params;
  const tenant = await formsTenant(slug);
  if (!tenant) return notFoundResponse();
  const draft = /^[0-9a-f-]{36}$/i.test(formId) ? await draftFromCookie(tenant.id, formId) : null;
  return serveDocument(tenant, draft, docId, null);
}
