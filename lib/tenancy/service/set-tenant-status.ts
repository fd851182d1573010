// Suspends or reactivates a town (platform operator). A suspended town's addresses answer 410 in
// every process as soon as the transaction commits (NOTIFY), cached pages included.
import { findTenantIdBySlug, updateTenantStatus } from "@/lib/tenancy/repo";
import { ZTenantSlug } from "@/lib/tenancy/schemas";

export async function setTenantStatus(slug: string, status: "active" | "suspended"): Promise<boolean> {
  const parsed = ZTenantSlug.safeParse(slug);
  if (!parsed.success) return false;
  const id = await findTenantIdBySlug(parsed.data);
  return id ? updateTenantStatus(id, status) : false;
}

export async function setTenantStatusById(tenantId: string, status: "active" | "suspended"): Promise<boolean> {
  return updateTenantStatus(tenantId, status);
}
