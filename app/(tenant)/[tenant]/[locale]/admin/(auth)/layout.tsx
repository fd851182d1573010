import type { ReactNode } from "react";
import { AdminFrame } from "@/components/admin/admin-frame";
import { townAdminFrame } from "@/components/admin/town-frame-props";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

// Sign-in, forgotten password, invitation: the staff area's frame without navigation.
export default async function AdminAuthLayout({ children, params }: { children: ReactNode; params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  return <AdminFrame {...await townAdminFrame(tenant, locale, null)}>{children}</AdminFrame>;
}
