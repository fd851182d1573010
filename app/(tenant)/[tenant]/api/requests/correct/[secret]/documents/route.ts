// POST /api/requests/correct/<secret>/documents?field=<id>[&group=<index>]&return=<path>: the citizen
// uploads a file asked for by a pending correction (the secret of the correction link); only the
// fields the correction names take files.
import { hashSecret } from "@/lib/auth/tokens";
import { findRequestByCorrectionHash } from "@/lib/forms/repo";
import { correctionFields, formsTenant, handleUpload, notFoundResponse } from "@/lib/forms/service/document-http";

export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ tenant: string; secret: string }> }) {
  const { tenant: slug, secret } = await params;
  const tenant = await formsTenant(slug);
  if (!tenant) return notFoundResponse();
  const target = secret.length <= 100 ? await findRequestByCorrectionHash(tenant.id, hashSecret(secret)) : null;
  return handleUpload(request, tenant, target, target ? correctionFields(target) : []);
}
