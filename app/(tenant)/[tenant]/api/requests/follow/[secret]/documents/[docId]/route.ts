// GET /api/requests/follow/<secret>/documents/<docId>: a file of the citizen's sent request, by the
// secret of their follow-up link.
import { hashSecret } from "@/lib/auth/tokens";
import { findRequestByFollowHash } from "@/lib/forms/repo";
import { formsTenant, notFoundResponse, serveDocument } from "@/lib/forms/service/document-http";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string; secret: string; docId: string }> }) {
  const { tenant: slug, secret, docId } = await params;
  const tenant = await formsTenant(slug);
  if (!tenant) return notFoundResponse();
  const target = secret.length <= 100 ? await findRequestByFollowHash(tenant.id, hashSecret(secret)) : null;
  return serveDocument(tenant, target, docId, null);
}
