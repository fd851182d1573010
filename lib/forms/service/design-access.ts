// The builder's door: a form of the town the agent may design (permission forms:design for the whole
// town or scoped to "form:<id>"). Another town's form is "not found"; a form outside the agent's
// scope is refused. Creating a form needs the permission for the whole town.
import { can } from "@/lib/auth/permissions";
import type { TAgentActor } from "@/lib/auth/session";
import { ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { findForm, type TFormRow } from "@/lib/forms/repo";
import { formScope } from "@/lib/forms/service/form-scope";

export const DESIGN = "forms:design";

export type TDesigner = Pick<TAgentActor, "id" | "grants">;

export function mayDesignTownWide(actor: Pick<TAgentActor, "grants">): boolean {
  return can(actor.grants, DESIGN, "town");
}

export function requireTownWideDesign(actor: Pick<TAgentActor, "grants">): void {
  if (!mayDesignTownWide(actor)) throw new ForbiddenError();
}

/** The form, if it is the town's (else NotFoundError) and the agent may design it (else ForbiddenError). */
export async function designableForm(tenantId: string, actor: Pick<TAgentActor, "grants">, formId: string): Promise<TFormRow> {
  if (!ZId.safeParse(formId).success) throw new NotFoundError();
  const form = await findForm(tenantId, formId);
  if (!form || form.archivedAt) throw new NotFoundError();
  if (!can(actor.grants, DESIGN, formScope(form.id))) throw new ForbiddenError();
  return form;
}
