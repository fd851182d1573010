// POST /api/forms/<formId>/documents/<docId>/delete?return=<path>: the citizen removes a file from
// their draft (draft cookie). Answers 303 to `return`, or JSON for `Accept: application/json`.
import { draftFromCookie } from "@/lib/forms/service/draft-access";
import { formsTenant, handleDelete, notFoundResponse } from "@/lib/forms/service/document-http";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string; formId: string; docId: string }> }) {
  const { tenant: slug, formId, docId } = await params;
  const tenant = await formsTenant(slug);
  if (!tenant) return notFoundResponse();
  const draft = /^[0-9a-f-]{36}$/i.test(formId) ? await draftFromCookie(tenant.id, formId) : null;
  return handleDelete(request, tenant, draft, docId, null);
}
