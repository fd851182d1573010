// POST /api/forms/<formId>/documents?field=<id>[&group=<index>]&return=<path>: a citizen uploads a
// file for their draft of the form (found by the draft cookie). Multipart, streamed; see
// lib/forms/service/upload-document.ts. Answers 303 to `return`, or JSON for `Accept: application/json`.
import { draftFromCookie } from "@/lib/forms/service/draft-access";
import { formsTenant, handleUpload, notFoundResponse } from "@/lib/forms/service/document-http";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string; formId: string }> }) {
  const { tenant: slug, formId } = await params;
  const tenant = await formsTenant(slug);
  if (!tenant) return notFoundResponse();
  const draft = /^[0-9a-f-]{36}$/i.test(formId) ? await draftFromCookie(tenant.id, formId) : null;
  return handleUpload(request, tenant, draft, null);
}
