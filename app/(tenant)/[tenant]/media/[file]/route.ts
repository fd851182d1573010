// A town's uploaded images (logo, favicon): /media/<sha256>.<ext> on the town's own hosts only. The
// name is the content's hash, so the answer never changes: cached for a year. Uploaded SVG is served
// with a sandboxing policy, so even opened directly it cannot run anything.
import { tenantAsset } from "@/lib/tenancy/service/tenant-asset";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string; file: string }> }) {
  const { tenant: slug, file } = await params;
  const match = /^([0-9a-f]{64})\.(png|jpg|webp|svg)$/.exec(file);
  const tenant = await getTenantBySlug(slug);
  if (!match || !tenant) return new Response("Not found", { status: 404 });
  const asset = await tenantAsset(tenant.id, match[1]!);
  if (!asset) return new Response("Not found", { status: 404 });
  return new Response(new Uint8Array(asset.bytes), {
    headers: {
      "content-type": asset.contentType,
      "cache-control": "public, max-age=31536000, immutable",
      "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "x-content-type-options": "nosniff",
    },
  });
}
