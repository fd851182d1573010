// Which forms an agent may work on. A membership may be limited to some forms ("form:<id>"): the
// inbox narrows to them and every action on a request checks its form. A form outside the agent's
// scope is answered as not found (it does not say the request exists).
import { can, scopesFor } from "@/lib/auth/permissions";
import type { TAgentActor } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/core/errors";
import { listForms, type TFormRow } from "@/lib/forms/repo";

export const formScope = (formId: string) => `form:${formId}`;

export function townForms(tenantId: string): Promise<TFormRow[]> {
  return listForms(tenantId);
}

/** The ids of the forms the agent holds `permission` for: "all", or a list (maybe empty). */
export function formIdsFor(actor: Pick<TAgentActor, "grants">, permission: string): "all" | string[] {
  const scopes = scopesFor(actor.grants, permission);
  if (scopes === "all") return "all";
  return scopes.filter((s) => s.startsWith("form:")).map((s) => s.slice("form:".length));
}

export function mayWorkOnForm(actor: Pick<TAgentActor, "grants">, permission: string, formId: string): boolean {
  return can(actor.grants, permission, formScope(formId));
}

/** Throws "not found" unless the agent holds `permission` for the form. */
export function requireFormAccess(actor: Pick<TAgentActor, "grants">, permission: string, formId: string): void {
  if (!mayWorkOnForm(actor, permission, formId)) throw new NotFoundError();
}

/** The town's forms the agent may work on, in their order. */
export async function formsFor(tenantId: string, actor: Pick<TAgentActor, "grants">, permission: string): Promise<TFormRow[]> {
  const all = await townForms(tenantId);
  const ids = formIdsFor(actor, permission);
  return ids === "all" ? all : all.filter((f) => ids.includes(f.id));
}
