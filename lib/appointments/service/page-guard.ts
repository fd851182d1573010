// Citizen pages of the appointments module exist only in towns that switched the module on.
import { notFound } from "next/navigation";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function requireAppointmentsPage(params: TTenantParams) {
  const page = await requireTenantPage(params);
  if (!page.tenant.modules.includes("appointments")) notFound();
  return page;
}
