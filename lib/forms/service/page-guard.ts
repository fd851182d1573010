// Pages of the forms module (citizen and admin) exist only in towns that switched the module on.
import { notFound } from "next/navigation";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function requireFormsPage(params: TTenantParams) {
  const page = await requireTenantPage(params);
  if (!page.tenant.modules.includes("forms")) notFound();
  return page;
}
