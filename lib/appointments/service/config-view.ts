// What the editor's pages read: the service being configured (archived ones too), only if the agent
// may configure it; anything else is "not found".
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { ZId } from "@/lib/core/form-schemas";
import { anyTownService } from "@/lib/appointments/service/definitions";
import type { TTenant } from "@/lib/tenancy/registry";

export async function requireConfigurableService(tenant: TTenant, locale: string, id: string, subpage: string) {
  const path = `/${locale}/admin/appointment-services/${id}${subpage ? `/${subpage}` : ""}`;
  const actor = await requirePermission(locale, "appointments:configure", { returnTo: path });
  if (!ZId.safeParse(id).success) notFound();
  const service = await anyTownService(tenant.id, id);
  if (!service) notFound();
  await requirePermission(locale, "appointments:configure", { scope: `service:${service.id}` });
  return { actor, service, base: `/${locale}/admin/appointment-services/${id}` };
}
