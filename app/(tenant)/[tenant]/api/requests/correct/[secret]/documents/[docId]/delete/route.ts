// POST /api/requests/correct/<secret>/documents/<docId>/delete?return=<path>: the citizen removes a
// file of a field the pending correction asks for.
import { hashSecret } from "@/lib/auth/tokens";
import { findRequestByCorrectionHash } from "@/lib/forms/repo";
import { correctionFields, formsTenant, handleDelete, notFoundResponse } from "@/lib/forms/service/document-http";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string; secret: string; docId: string }> }) {
  const { tenant: slug, secret, docId } = await params;
  const tenant = await formsTenant(slug);
  if (!tenant) return notFoundResponse();
  const target = secret.length <= 100 ? await findRequestByCorrectionHash(tenant.id, hashSecret(secret)) : null;
  return handleDelete(request, tenant, target, docId, target ? correctionFields(target) : []);
}
