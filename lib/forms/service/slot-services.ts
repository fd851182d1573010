// The appointments services a slot field may offer: the town's active services, when the town has the
// appointments module (through that module's service layer, never its tables).
import { townServices } from "@/lib/appointments/service/definitions";
import type { TTenant } from "@/lib/tenancy/registry";

export async function listServicesForSlots(tenant: Pick<TTenant, "id" | "modules">): Promise<{ id: string; names: unknown }[]> {
  if (!tenant.modules.includes("appointments")) return [];
  return (await townServices(tenant.id)).map((s) => ({ id: s.id, names: s.names }));
}
