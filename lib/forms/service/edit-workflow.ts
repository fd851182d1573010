// The workflow editor's use cases: the form's draft workflow (form.workflow) changed as a whole and
// saved only when it is valid (ZWorkflow, then the engine's checks), with an explanation that names
// the state or action at fault. Publishing (the builder) freezes the draft into a version.
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { findForm, formHasRequestsInState, setFormWorkflow, type TFormRow } from "@/lib/forms/repo";
import { pickLocalized } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";
import { ZWorkflow, type TWorkflow } from "@/lib/workflow/definition";
import { workflowProblems } from "@/lib/workflow/engine";

export async function draftWorkflow(tenantId: string, formId: string): Promise<{ form: TFormRow; workflow: TWorkflow }> {
  const form = await findForm(tenantId, formId);
  if (!form) throw new NotFoundError();
  return { form, workflow: ZWorkflow.parse(form.workflow) };
}

/** A new id from a label: ASCII letters, digits and hyphens, unique among `taken`. */
export function idFromLabel(label: string, taken: readonly string[], fallback: string): string {
  const ascii = label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  let base = /^[a-z]/.test(ascii) ? ascii : fallback;
  if (!/^[a-z][a-z0-9_-]{0,47}$/.test(base)) base = fallback;
  let id = base;
  for (let n = 2; taken.includes(id); n++) id = `${base}-${n}`;
  return id;
}

/** Validates and saves the draft workflow; refusals say which state or action is wrong and why. */
export async function saveDraftWorkflow(tenant: TTenant, formId: string, workflow: TWorkflow, locale: string): Promise<TWorkflow> {
  const label = (labels: unknown, id: string) => pickLocalized(labels, locale, [tenant.defaultLocale])?.text ?? id;
  const parsed = ZWorkflow.safeParse(workflow);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [kind, index] = issue.path as [string, number];
    if (kind === "actions" && typeof index === "number") {
      const action = workflow.actions[index];
      const key = issue.message === "workflowUnknownState" ? "workflowActionUnknownState" : issue.message.startsWith("workflow") ? issue.message : "workflowActionInvalid";
      throw new ActionError(key, { action: label(action?.labels, action?.id ?? "?") });
    }
    if (kind === "initial") throw new ActionError("workflowInitialMissing");
    throw new ActionError(issue.message.startsWith("workflow") ? issue.message : "workflowInvalid");
  }
  const problems = workflowProblems(parsed.data);
  if (problems.length > 0) {
    const p = problems[0]!;
    const action = parsed.data.actions.find((a) => a.id === p.params?.action);
    throw new ActionError(p.key, { action: action ? label(action.labels, action.id) : "" });
  }
  if (!(await setFormWorkflow(tenant.id, formId, parsed.data))) throw new NotFoundError();
  return parsed.data;
}

/** Deletes a state: refused while requests are in it or it is the initial state; actions using it make the save refuse. */
export async function deleteState(tenant: TTenant, formId: string, stateId: string, locale: string): Promise<TWorkflow> {
  const { workflow } = await draftWorkflow(tenant.id, formId);
  if (!workflow.states.some((s) => s.id === stateId)) throw new NotFoundError();
  if (workflow.initial === stateId) throw new ActionError("workflowDeleteInitial");
  if (await formHasRequestsInState(tenant.id, formId, stateId)) throw new ActionError("workflowStateHasRequests");
  // Actions offered in it lose it from their `from`; an action leading to it (or returning to it) makes the save refuse, naming it.
  const actions = workflow.actions.map((a) => ({ ...a, from: a.from.filter((f) => f !== stateId) }));
  const emptied = actions.find((a) => a.from.length === 0);
  if (emptied) throw new ActionError("workflowActionLosesStates", { action: pickLocalized(emptied.labels, locale, [tenant.defaultLocale])?.text ?? emptied.id });
  return saveDraftWorkflow(tenant, formId, { ...workflow, states: workflow.states.filter((s) => s.id !== stateId), actions }, locale);
}
