import type { ReactNode } from "react";
import { AdminFrame } from "@/components/admin/admin-frame";
import { townAdminFrame } from "@/components/admin/town-frame-props";
import { getActor } from "@/lib/auth/session";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

// The staff area's frame with its navigation, filtered by the agent's permissions. Access is checked
// by each page (requireAgent / requirePermission), never only here.
export default async function AdminAppLayout({ children, params }: { children: ReactNode; params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const actor = await getActor();
  return <AdminFrame {...await townAdminFrame(tenant, locale, actor?.kind === "agent" ? actor : null)}>{children}</AdminFrame>;
}
