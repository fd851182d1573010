"use server";
// Server actions of the workflow: agents running an action on a request (its permission is the
// action's own, on the request's form: checked inside, since the request must be looked up first),
// assigning and commenting outside actions; and the editor of a form's draft workflow (forms:design on
// the form). Each is audited with the action, in the same transaction.
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { FORMS_MANIFEST } from "@/lib/forms/manifest";
import { textsFrom } from "@/lib/forms/schemas";
import { deleteState, draftWorkflow, idFromLabel, saveDraftWorkflow } from "@/lib/forms/service/edit-workflow";
import { assignRequest, commentRequest, runRequestAction } from "@/lib/forms/service/run-action";
import type { TTenant } from "@/lib/tenancy/registry";
import { TASK_TYPES, type TAction, type TTask } from "@/lib/workflow/definition";

function requireForms(tenant: TTenant): void {
  if (!tenant.modules.includes("forms")) throw new NotFoundError();
}

const list = (v: unknown) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]);
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === "yes" || v === true, z.boolean());
const ZStateRef = z.string().regex(/^[a-z][a-z0-9_-]{0,47}$/, "workflowIdFormat");

// ——— Running actions on requests ———

export const runRequestActionAction = defineAction({
  name: "requests.action",
  input: z.looseObject({
    requestId: ZId,
    actionId: ZStateRef,
    comment: z.preprocess(blank, z.string().max(10_000, "tooLong").optional()),
    "correction.fields": z.preprocess(list, z.array(z.string().max(64)).max(100)),
    "correction.message": z.preprocess(blank, z.string().max(5000, "tooLong").optional()),
    assigneeId: z.preprocess(blank, ZId.optional()),
  }),
  access: { realm: "town", signedIn: true },
  run: async (input, { tenant, actor }) => {
    requireForms(tenant);
    const fields = input["correction.fields"];
    const message = input["correction.message"];
    return runRequestAction({
      tenant,
      actor,
      requestId: input.requestId,
      actionId: input.actionId,
      input: {
        comment: input.comment,
        correction: fields.length > 0 || message ? { fields, message: message ?? "" } : undefined,
        assigneeId: input.assigneeId,
      },
    });
  },
  audit: (_input, r) => ({ action: "requests.action", targetType: "form-request", targetId: r.requestId, summary: { action: r.actionId, from: r.from, to: r.to } }),
  success: "saved",
});

/** Assigns one or several requests (inbox bulk action) to an agent and/or a team, or to nobody ("" for both). */
export const assignRequestAction = defineAction({
  name: "requests.assign",
  input: z.looseObject({
    requestId: z.preprocess(list, z.array(ZId).min(1, "workflowChooseRequests").max(500)),
    assigneeId: z.preprocess(blank, z.union([ZId, z.literal("me")]).optional()),
    assigneeTeam: z.preprocess(blank, z.string().max(64).optional()),
  }),
  access: { realm: "town", signedIn: true },
  run: async (input, { tenant, actor }) => {
    requireForms(tenant);
    const assigneeId = input.assigneeId === "me" ? actor.id : (input.assigneeId ?? null);
    for (const requestId of input.requestId) await assignRequest({ tenant, actor, requestId, assigneeId, assigneeTeam: input.assigneeTeam ?? null });
    return { count: input.requestId.length, assigneeId };
  },
  audit: (input, r) => ({ action: "requests.assign", targetType: "form-request", targetId: input.requestId.length === 1 ? input.requestId[0] : null, summary: { requests: input.requestId.length, assigneeId: r.assigneeId, team: input.assigneeTeam ?? null } }),
  success: "saved",
});

/** An internal note on a request, at any time. */
export const commentRequestAction = defineAction({
  name: "requests.comment",
  input: z.object({ requestId: ZId, body: z.string().trim().min(1, "workflowCommentRequired").max(10_000, "tooLong") }),
  access: { realm: "town", signedIn: true },
  run: async (input, { tenant, actor }) => {
    requireForms(tenant);
    await commentRequest({ tenant, actor, requestId: input.requestId, body: input.body });
  },
  audit: (input) => ({ action: "requests.comment", targetType: "form-request", targetId: input.requestId }),
  success: "saved",
});

// ——— The editor of a form's workflow (forms:design on the form) ———

const forForm = (input: { formId: string }) => ({ permission: "forms:design", scope: `form:${input.formId}` });
const auditForm = (name: string, summary: (input: Record<string, unknown>) => Record<string, unknown> = () => ({})) => (input: { formId: string } & Record<string, unknown>) => ({
  action: name,
  targetType: "form",
  targetId: input.formId,
  summary: summary(input),
});
const workflowPage = (locale: string, formId: string) => `/${locale}/admin/forms/${formId}/workflow`;

function requireLabel(tenant: TTenant, labels: Record<string, string>, field = "labels"): void {
  if (!labels[tenant.defaultLocale]) throw new FieldsError({ [`${field}.${tenant.defaultLocale}`]: { key: "workflowLabelRequired" } });
}

export const addStateAction = defineAction({
  name: "forms.workflow-state-add",
  input: z.looseObject({ formId: ZId, final: checkbox }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    const labels = textsFrom(input, "labels", tenant.enabledLocales, 200);
    requireLabel(tenant, labels);
    const id = idFromLabel(labels[tenant.defaultLocale] ?? "", workflow.states.map((s) => s.id), `state-${workflow.states.length + 1}`);
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, states: [...workflow.states, { id, labels, ...(input.final ? { final: true } : {}) }] }, locale);
    return { id };
  },
  audit: (input, r) => ({ action: "forms.workflow-state-add", targetType: "form", targetId: input.formId, summary: { state: r.id } }),
  success: "saved",
});

export const saveStateAction = defineAction({
  name: "forms.workflow-state-save",
  input: z.looseObject({ formId: ZId, stateId: ZStateRef, final: checkbox, initial: checkbox }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    if (!workflow.states.some((s) => s.id === input.stateId)) throw new NotFoundError();
    const labels = textsFrom(input, "labels", tenant.enabledLocales, 200);
    requireLabel(tenant, labels);
    const states = workflow.states.map((s) => (s.id === input.stateId ? { id: s.id, labels, ...(input.final ? { final: true } : {}) } : s));
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, initial: input.initial ? input.stateId : workflow.initial, states }, locale);
  },
  audit: auditForm("forms.workflow-state-save", (i) => ({ state: i.stateId })),
  success: "saved",
  after: (_r, { locale }, input) => redirect(workflowPage(locale, input.formId)),
});

export const deleteStateAction = defineAction({
  name: "forms.workflow-state-delete",
  input: z.object({ formId: ZId, stateId: ZStateRef }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    await deleteState(tenant, input.formId, input.stateId, locale);
  },
  audit: auditForm("forms.workflow-state-delete", (i) => ({ state: i.stateId })),
  success: "saved",
});

export const setInitialStateAction = defineAction({
  name: "forms.workflow-initial",
  input: z.object({ formId: ZId, initial: ZStateRef }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, initial: input.initial }, locale);
  },
  audit: auditForm("forms.workflow-initial", (i) => ({ state: i.initial })),
  success: "saved",
});

const ZActionFields = {
  formId: ZId,
  from: z.preprocess(list, z.array(ZStateRef).min(1, "workflowChooseFrom").max(30)),
  to: z.string({ message: "choose" }).pipe(ZStateRef),
};

export const addWorkflowAction = defineAction({
  name: "forms.workflow-action-add",
  input: z.looseObject(ZActionFields),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    const labels = textsFrom(input, "labels", tenant.enabledLocales, 200);
    requireLabel(tenant, labels);
    const id = idFromLabel(labels[tenant.defaultLocale] ?? "", workflow.actions.map((a) => a.id), `action-${workflow.actions.length + 1}`);
    const action: TAction = { id, labels, from: input.from, to: input.to, permission: "requests:process", tasks: [] };
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, actions: [...workflow.actions, action] }, locale);
    return { id };
  },
  audit: (input, r) => ({ action: "forms.workflow-action-add", targetType: "form", targetId: input.formId, summary: { action: r.id } }),
  success: "saved",
  after: (r, { locale }, input) => redirect(`${workflowPage(locale, input.formId)}/actions/${r.id}`),
});

/** The tasks of the action form: "tasks.<k>.<setting>", in their order. */
function tasksFrom(input: Record<string, unknown>, tenant: TTenant, current: TTask[]): TTask[] {
  const get = (k: number, key: string) => {
    const v = input[`tasks.${k}.${key}`];
    return typeof v === "string" ? v.trim() : "";
  };
  const errors: Record<string, { key: string }> = {};
  const tasks = current.map((task, k): TTask => {
    switch (task.type) {
      case "notify": {
        const subjects = textsFrom(input, `tasks.${k}.subjects`, tenant.enabledLocales, 200);
        const bodies = textsFrom(input, `tasks.${k}.bodies`, tenant.enabledLocales, 5000);
        if (!subjects[tenant.defaultLocale]) errors[`tasks.${k}.subjects.${tenant.defaultLocale}`] = { key: "workflowNotifySubject" };
        if (!bodies[tenant.defaultLocale]) errors[`tasks.${k}.bodies.${tenant.defaultLocale}`] = { key: "workflowNotifyBody" };
        return { type: "notify", subjects, bodies };
      }
      case "assign": {
        const to = (["actor", "agent", "team"] as const).find((v) => v === get(k, "to")) ?? "actor";
        const agentId = get(k, "agentId");
        const team = get(k, "team");
        if (to === "team" && !team) errors[`tasks.${k}.team`] = { key: "workflowChooseTeam" };
        if (agentId && !z.uuid().safeParse(agentId).success) errors[`tasks.${k}.agentId`] = { key: "invalid" };
        return { type: "assign", to, ...(to === "agent" && agentId ? { agentId } : {}), ...(to === "team" && team ? { team: team.slice(0, 64) } : {}) };
      }
      case "request-correction":
        return { type: "request-correction", returnState: get(k, "returnState") || task.returnState };
      case "comment":
        return { type: "comment", public: get(k, "public") === "yes", ...(get(k, "required") === "on" ? { required: true } : {}) };
      case "archive": {
        const days = Number(get(k, "afterDays"));
        if (!Number.isInteger(days) || days < 0 || days > 3650) errors[`tasks.${k}.afterDays`] = { key: "workflowArchiveDays" };
        return { type: "archive", mode: get(k, "mode") === "delete" ? "delete" : "anonymise", afterDays: Number.isInteger(days) ? days : 0 };
      }
    }
  });
  if (Object.keys(errors).length > 0) throw new FieldsError(errors);
  return tasks;
}

export const saveWorkflowAction = defineAction({
  name: "forms.workflow-action-save",
  input: z.looseObject({
    ...ZActionFields,
    actionId: ZStateRef,
    permission: z.enum(FORMS_MANIFEST.permissions, { message: "choose" }),
    autoAfterDays: z.preprocess(
      (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v)) : v),
      z.number({ message: "number" }).int("wholeNumber").min(1, "numberTooSmall").max(3650, "numberTooBig").optional(),
    ),
  }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    const current = workflow.actions.find((a) => a.id === input.actionId);
    if (!current) throw new NotFoundError();
    const labels = textsFrom(input, "labels", tenant.enabledLocales, 200);
    requireLabel(tenant, labels);
    const tasks = tasksFrom(input, tenant, current.tasks);
    const action: TAction = { id: current.id, labels, from: input.from, to: input.to, permission: input.permission, ...(input.autoAfterDays ? { autoAfterDays: input.autoAfterDays } : {}), tasks };
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, actions: workflow.actions.map((a) => (a.id === current.id ? action : a)) }, locale);
  },
  audit: auditForm("forms.workflow-action-save", (i) => ({ action: i.actionId })),
  success: "saved",
});

export const deleteWorkflowAction = defineAction({
  name: "forms.workflow-action-delete",
  input: z.object({ formId: ZId, actionId: ZStateRef }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    if (!workflow.actions.some((a) => a.id === input.actionId)) throw new NotFoundError();
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, actions: workflow.actions.filter((a) => a.id !== input.actionId) }, locale);
  },
  audit: auditForm("forms.workflow-action-delete", (i) => ({ action: i.actionId })),
  success: "saved",
  after: (_r, { locale }, input) => redirect(workflowPage(locale, input.formId)),
});

/** Adds a task to an action with blank or default settings (the action's form then sets them). */
export const addTaskAction = defineAction({
  name: "forms.workflow-task-add",
  input: z.object({ formId: ZId, actionId: ZStateRef, type: z.enum(TASK_TYPES, { message: "choose" }) }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    const action = workflow.actions.find((a) => a.id === input.actionId);
    if (!action) throw new NotFoundError();
    if (action.tasks.length >= 10) throw new ActionError("workflowTooManyTasks");
    const name = action.labels[tenant.defaultLocale] ?? action.id;
    const task: TTask =
      input.type === "notify"
        ? { type: "notify", subjects: { [tenant.defaultLocale]: `{reference}: ${name}` }, bodies: { [tenant.defaultLocale]: "{state}" } }
        : input.type === "assign"
          ? { type: "assign", to: "actor" }
          : input.type === "request-correction"
            ? { type: "request-correction", returnState: action.from[0]! }
            : input.type === "comment"
              ? { type: "comment", public: false }
              : { type: "archive", mode: "anonymise", afterDays: 365 };
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, actions: workflow.actions.map((a) => (a.id === action.id ? { ...a, tasks: [...a.tasks, task] } : a)) }, locale);
  },
  audit: auditForm("forms.workflow-task-add", (i) => ({ action: i.actionId, task: i.type })),
  success: "saved",
});

export const removeTaskAction = defineAction({
  name: "forms.workflow-task-remove",
  input: z.object({ formId: ZId, actionId: ZStateRef, index: z.coerce.number().int().min(0).max(20) }),
  access: { realm: "town", permission: forForm },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const { workflow } = await draftWorkflow(tenant.id, input.formId);
    const action = workflow.actions.find((a) => a.id === input.actionId);
    if (!action || !action.tasks[input.index]) throw new NotFoundError();
    const tasks = action.tasks.filter((_, k) => k !== input.index);
    await saveDraftWorkflow(tenant, input.formId, { ...workflow, actions: workflow.actions.map((a) => (a.id === action.id ? { ...a, tasks } : a)) }, locale);
  },
  audit: auditForm("forms.workflow-task-remove", (i) => ({ action: i.actionId, index: i.index })),
  success: "saved",
});
