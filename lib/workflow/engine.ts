// The workflow engine, pure: which actions a request offers in a state, which automatic actions are due,
// what an action will do (the state it leads to, its tasks, and the errors of the agent's input), and the
// checks the editor shows (states never reached, states from which no final state can be reached).
// lib/forms/service/run-action.ts carries a plan out in one transaction.
import type { TAction, TTask, TWorkflow } from "@/lib/workflow/definition";

export type TActionInput = {
  comment?: string;
  correction?: { fields: string[]; message: string };
  assigneeId?: string;
};

export type TPlan = {
  action: TAction | null;
  to: string;
  tasks: TTask[];
  /** By input field ("_form", "comment", "correction.fields", "correction.message", "assigneeId"): an "Errors" key */
  errors: Record<string, string>;
};

const DAY_MS = 86_400_000;

/** Manual actions offered in `state` to someone holding the permissions `can` says yes to. */
export function availableActions(workflow: TWorkflow, state: string | null, can: (permission: string) => boolean): TAction[] {
  if (!state) return [];
  return workflow.actions.filter((a) => a.autoAfterDays === undefined && a.from.includes(state) && can(a.permission));
}

/** Automatic actions due for a request that entered `state` at `stateChangedAt`: the shortest delay first. */
export function dueAutomaticActions(workflow: TWorkflow, state: string | null, stateChangedAt: Date | null, now: Date): TAction[] {
  if (!state || !stateChangedAt) return [];
  return workflow.actions
    .filter((a) => a.autoAfterDays !== undefined && a.from.includes(state) && stateChangedAt.getTime() + a.autoAfterDays * DAY_MS <= now.getTime())
    .sort((x, y) => (x.autoAfterDays ?? 0) - (y.autoAfterDays ?? 0));
}

/** The moment from which an automatic action of `days` days is due for requests in its states (the cutoff on stateChangedAt). */
export function automaticCutoff(days: number, now: Date): Date {
  return new Date(now.getTime() - days * DAY_MS);
}

/** Whether an action runs without an agent (a delay): it cannot ask for a comment, a correction or an agent. */
export const isAutomatic = (action: TAction) => action.autoAfterDays !== undefined;

/**
 * What running `actionId` on a request in `state` does. `context.fieldIds` are the answer fields of the
 * request's version (a correction may only name those); `context.automatic` says no agent acts.
 */
export function planAction(workflow: TWorkflow, state: string | null, actionId: string, input: TActionInput, context: { fieldIds?: readonly string[]; automatic?: boolean } = {}): TPlan {
  const action = workflow.actions.find((a) => a.id === actionId) ?? null;
  if (!action || !state || !action.from.includes(state) || isAutomatic(action) !== Boolean(context.automatic)) {
    return { action, to: state ?? "", tasks: [], errors: { _form: "workflowActionUnavailable" } };
  }
  const errors: Record<string, string> = {};
  const comment = input.comment?.trim() ?? "";
  for (const task of action.tasks) {
    if (task.type === "comment" && task.required && !comment) errors.comment = "workflowCommentRequired";
    if (task.type === "request-correction") {
      const fields = input.correction?.fields ?? [];
      if (fields.length === 0) errors["correction.fields"] = "workflowCorrectionFields";
      else if (context.fieldIds && fields.some((f) => !context.fieldIds!.includes(f))) errors["correction.fields"] = "workflowCorrectionUnknownField";
      if (!input.correction?.message?.trim()) errors["correction.message"] = "workflowCorrectionMessage";
    }
    if (task.type === "assign" && task.to === "agent" && !task.agentId && !input.assigneeId) errors.assigneeId = "workflowAssigneeRequired";
  }
  return { action, to: action.to, tasks: action.tasks, errors };
}

/** The states reached from each state by one action (a correction also leads to its return state). */
function successors(workflow: TWorkflow): Map<string, Set<string>> {
  const next = new Map<string, Set<string>>(workflow.states.map((s) => [s.id, new Set<string>()]));
  for (const a of workflow.actions) {
    const targets = [a.to, ...a.tasks.flatMap((t) => (t.type === "request-correction" ? [t.returnState] : []))];
    for (const f of a.from) for (const to of targets) next.get(f)?.add(to);
    // The citizen's answer to a correction moves the request from `to` to the return state.
    for (const t of a.tasks) if (t.type === "request-correction") next.get(a.to)?.add(t.returnState);
  }
  return next;
}

/** States in layers of a breadth-first walk from the initial state; unreachable states come last, one per layer entry. */
export function stateLayers(workflow: TWorkflow): { layers: string[][]; unreachable: string[] } {
  const next = successors(workflow);
  const depth = new Map<string, number>();
  if (next.has(workflow.initial)) depth.set(workflow.initial, 0);
  const queue = next.has(workflow.initial) ? [workflow.initial] : [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    for (const to of next.get(id) ?? []) {
      if (!depth.has(to)) {
        depth.set(to, depth.get(id)! + 1);
        queue.push(to);
      }
    }
  }
  const layers: string[][] = [];
  for (const s of workflow.states) {
    const d = depth.get(s.id);
    if (d !== undefined) (layers[d] ??= []).push(s.id);
  }
  const unreachable = workflow.states.filter((s) => !depth.has(s.id)).map((s) => s.id);
  return { layers: layers.filter(Boolean), unreachable };
}

/** States no request can ever enter (not the initial state, and no action leads there from a reachable one). */
export function unreachableStates(workflow: TWorkflow): string[] {
  return stateLayers(workflow).unreachable;
}

/** Non-final states from which no final state can be reached: a request there would wait for ever. */
export function finalStatesWithoutWay(workflow: TWorkflow): string[] {
  const next = successors(workflow);
  const canFinish = new Set(workflow.states.filter((s) => s.final).map((s) => s.id));
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of workflow.states) {
      if (canFinish.has(s.id)) continue;
      if ([...(next.get(s.id) ?? [])].some((to) => canFinish.has(to))) {
        canFinish.add(s.id);
        grew = true;
      }
    }
  }
  return workflow.states.filter((s) => !canFinish.has(s.id)).map((s) => s.id);
}

/** Errors that make a workflow unusable, beyond ZWorkflow: by path, an "Errors" key. */
export function workflowProblems(workflow: TWorkflow): { path: string; key: string; params?: Record<string, string> }[] {
  const problems: { path: string; key: string; params?: Record<string, string> }[] = [];
  workflow.actions.forEach((a, i) => {
    if (!isAutomatic(a)) return;
    // Nobody types anything for an automatic action.
    a.tasks.forEach((t, k) => {
      const needsInput = (t.type === "comment" && t.required) || t.type === "request-correction" || (t.type === "assign" && (t.to === "actor" || (t.to === "agent" && !t.agentId)));
      if (needsInput) problems.push({ path: `actions.${i}.tasks.${k}`, key: "workflowAutomaticNeedsAgent", params: { action: a.id } });
    });
  });
  if (!workflow.states.some((s) => s.final)) problems.push({ path: "states", key: "workflowNoFinalState" });
  return problems;
}
