import { findTenantAsset } from "@/lib/tenancy/repo";

/** An image the town uploaded, by its content hash (another town's hash finds nothing). */
export function tenantAsset(tenantId: string, sha256: string) {
  return findTenantAsset(tenantId, sha256);
}
