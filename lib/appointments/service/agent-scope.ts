// Which services an agent may work on. A membership may be limited to some services
// ("service:<id>"); lists narrow to them and every action on a booking checks its service. A service
// outside the agent's scope is answered as not found (it does not say the booking exists).
import { can, scopesFor } from "@/lib/auth/permissions";
import type { TAgentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/core/errors";
import type { TServiceRow } from "@/lib/appointments/repo";
import { townServices } from "@/lib/appointments/service/definitions";

export const serviceScope = (serviceId: string) => `service:${serviceId}`;

/** The ids of the services the agent holds `permission` for: "all", or a list (maybe empty). */
export function serviceIdsFor(actor: Pick<TAgentActor, "grants">, permission: string): "all" | string[] {
  const scopes = scopesFor(actor.grants, permission);
  if (scopes === "all") return "all";
  return scopes.filter((s) => s.startsWith("service:")).map((s) => s.slice("service:".length));
}

export function mayWorkOn(actor: Pick<TAgentActor, "grants">, permission: string, serviceId: string): boolean {
  return can(actor.grants, permission, serviceScope(serviceId));
}

/** Throws "not found" unless the agent holds `permission` for the service. */
export function requireServiceAccess(actor: Pick<TAgentActor, "grants">, permission: string, serviceId: string): void {
  if (!mayWorkOn(actor, permission, serviceId)) throw new NotFoundError();
}

/** The town's services the agent may work on, in their order. */
export async function servicesFor(tenantId: string, actor: Pick<TAgentActor, "grants">, permission: string): Promise<TServiceRow[]> {
  const all = await townServices(tenantId);
  const ids = serviceIdsFor(actor, permission);
  return ids === "all" ? all : all.filter((s) => ids.includes(s.id));
}
