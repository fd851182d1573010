// Runs a workflow action on a sent request, in the caller's transaction: checks the action is offered in
// the request's state and the agent's permission on the form (a form outside the agent's scope, or a
// request of another town: not found), moves the state (only if nobody moved it meanwhile), carries out
// the tasks (e-mails queued in the same transaction, in the citizen's language), and writes the history.
//
// The follow-up link: the database keeps only the hash of its secret, so the e-mails written here cannot
// repeat it and do not rotate it (the citizen's first link keeps working). {link} in a town's text is the
// town's page of requests; the e-mails say to follow the request with the link of the first e-mail.
// A request for correction gets a secret of its own (new for each request for correction).
import { citizenPreferences } from "@/lib/citizens/service/preferences";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import type { TAgentActor } from "@/lib/auth/session";
import { agentOfTown, rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { answerFields, parseDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { findRequest, findVersion, insertRequestEvent, moveRequestState, setRequestAssignment, type TFormVersionRow, type TRequestMove, type TRequestRow } from "@/lib/forms/repo";
import { followUrlFor } from "@/lib/forms/service/follow-link";
import { mayWorkOnForm, requireFormAccess } from "@/lib/forms/service/form-scope";
import { pickLocalized } from "@/lib/i18n/localized";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { tenantOrigin, type TTenant } from "@/lib/tenancy/registry";
import { parseWorkflow, type TWorkflow } from "@/lib/workflow/definition";
import { planAction, type TActionInput } from "@/lib/workflow/engine";

const DAY_MS = 86_400_000;

export type TRunActionInput = {
  tenant: TTenant;
  /** The agent acting; null for an automatic action (no permission, audited as the system) */
  actor: TAgentActor | null;
  requestId: string;
  actionId: string;
  input: TActionInput;
  now?: Date;
};

export type TRunActionResult = { requestId: string; reference: string | null; actionId: string; from: string; to: string };

/** A pending request for correction, as stored in form_request.correction. */
export type TPendingCorrection = { fields: string[]; message: string; returnState: string; tokenHash: string; askedAt: string; askedBy: string | null };

export type TRequestNotifyParams = { name: string; reference: string; form: string; state: string; subject: string; body: string; message?: string };
export type TRequestCorrectionParams = { name: string; reference: string; form: string; message: string; fields: string[] };
export type TRequestMessageParams = { name: string; reference: string; form: string; state: string; message: string };

/** The citizen's language for a request's messages: theirs if the town still offers it. */
export function requestLocale(tenant: TTenant, request: Pick<TRequestRow, "locale">): string {
  return tenant.enabledLocales.includes(request.locale) ? request.locale : tenant.defaultLocale;
}

export const correctionUrl = (tenant: TTenant, locale: string, secret: string) => `${tenantOrigin(tenant)}/${locale}/requests/correct/${secret}`;


/** Replaces {reference} {form} {state} {name} {link} in a town's text. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(/\{(reference|form|state|name|link)\}/g, (whole, key: string) => values[key] ?? whole);
}

/** The sent request of this town with its version's workflow and definition, else not found. */
export async function loadRequestForWorkflow(tenantId: string, requestId: string): Promise<{ request: TRequestRow; version: TFormVersionRow; workflow: TWorkflow; definition: TFormDefinition }> {
  const request = await findRequest(tenantId, requestId);
  if (!request || request.status !== "submitted" || request.anonymisedAt) throw new NotFoundError();
  const version = await findVersion(tenantId, request.versionId);
  if (!version) throw new NotFoundError();
  return { request, version, workflow: parseWorkflow(version.workflow), definition: parseDefinition(version.definition) };
}

async function checkAgent(tenantId: string, agentId: string): Promise<void> {
  const agent = await agentOfTown(tenantId, agentId);
  if (!agent || agent.status !== "active") throw new FieldsError({ assigneeId: { key: "workflowUnknownAgent" } });
}

async function checkTeam(tenantId: string, team: string): Promise<void> {
  const roles = await rolesOfTownWithCounts(tenantId);
  if (!roles.some((r) => r.id === team)) throw new FieldsError({ assigneeTeam: { key: "workflowUnknownTeam" } });
}

export async function runRequestAction({ tenant, actor, requestId, actionId, input, now = new Date() }: TRunActionInput): Promise<TRunActionResult> {
  const { request, version, workflow, definition } = await loadRequestForWorkflow(tenant.id, requestId);
  if (actor) {
    // Out of the agent's forms: the request does not exist for them.
    requireFormAccess(actor, "requests:process", request.formId);
  }
  const action = workflow.actions.find((a) => a.id === actionId);
  if (actor && action && !mayWorkOnForm(actor, action.permission, request.formId)) throw new ActionError("forbidden");
  const fieldIds = answerFields(definition).map((f) => f.id);
  const plan = planAction(workflow, request.state, actionId, input, { fieldIds, automatic: actor === null });
  if (Object.keys(plan.errors).length > 0) {
    if (plan.errors._form) throw new ActionError(plan.errors._form);
    throw new FieldsError(Object.fromEntries(Object.entries(plan.errors).map(([field, key]) => [field, { key }])));
  }
  const from = request.state!;
  const to = plan.to;
  const locale = requestLocale(tenant, request);
  const text = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale])?.text ?? "";
  const stateLabel = text(workflow.states.find((s) => s.id === to)?.labels) || to;
  const formTitle = text(version.titles);
  const comment = input.comment?.trim() ?? "";
  const actorKind = actor ? ("agent" as const) : ("system" as const);
  const actorId = actor?.id ?? null;
  const base = { name: request.name ?? "", reference: request.reference ?? "", form: formTitle };

  // The state first, on the condition that nobody moved the request meanwhile.
  const update: TRequestMove = { state: to, stateChangedAt: now };
  let correctionSecret: string | null = null;
  let pending: TPendingCorrection | null = null;
  const correctionTask = plan.tasks.find((t) => t.type === "request-correction");
  if (correctionTask) {
    correctionSecret = newSecret();
    pending = {
      fields: [...new Set(input.correction!.fields)],
      message: input.correction!.message.trim(),
      returnState: correctionTask.returnState,
      tokenHash: hashSecret(correctionSecret),
      askedAt: now.toISOString(),
      askedBy: actorId,
    };
    update.correction = pending;
  } else if (request.correction) {
    // Any other action ends a pending request for correction (its link stops working).
    update.correction = null;
  }
  for (const task of plan.tasks) {
    if (task.type === "archive") {
      update.archiveMode = task.mode;
      update.archiveAt = new Date(now.getTime() + task.afterDays * DAY_MS);
    }
    if (task.type === "assign") {
      if (task.to === "actor") {
        if (actorId) update.assigneeId = actorId;
      } else if (task.to === "agent") {
        const agentId = task.agentId ?? input.assigneeId!;
        await checkAgent(tenant.id, agentId);
        update.assigneeId = agentId;
      } else if (task.team) {
        await checkTeam(tenant.id, task.team);
        update.assigneeTeam = task.team;
      }
    }
  }
  if (!(await moveRequestState(tenant.id, request.id, from, update))) throw new ActionError("workflowStateChanged");

  await insertRequestEvent(tenant.id, { requestId: request.id, kind: "action", actionId, fromState: from, toState: to, actorId, actorKind, createdAt: now, details: { action: text(plan.action?.labels) || actionId } });

  const hasNotify = plan.tasks.some((t) => t.type === "notify");
  // News of the request is optional for a citizen with an account (their timeline shows it anyway).
  const updates = (await citizenPreferences(tenant.id, request.citizenId)).requestUpdates;
  for (const task of plan.tasks) {
    switch (task.type) {
      case "assign": {
        const assigneeId = update.assigneeId;
        const team = update.assigneeTeam;
        if (assigneeId || team) await insertRequestEvent(tenant.id, { requestId: request.id, kind: "assigned", actionId, actorId, actorKind, createdAt: now, details: { assigneeId: assigneeId ?? null, team: team ?? null } });
        break;
      }
      case "comment": {
        if (!comment) break;
        await insertRequestEvent(tenant.id, { requestId: request.id, kind: task.public ? "message" : "comment", actionId, body: comment, public: task.public, actorId, actorKind, createdAt: now });
        // A public message is e-mailed to the citizen, within the action's notification if it has one.
        if (task.public && !hasNotify && request.email && updates) {
          const params: TRequestMessageParams = { ...base, state: stateLabel, message: comment };
          const mail = await queueMail({ tenantId: tenant.id, to: request.email, template: "request-message", locale, params, secret: { link: followUrlFor(tenant, locale, request) } });
          await insertRequestEvent(tenant.id, { requestId: request.id, kind: "notified", actionId, actorId, actorKind, createdAt: now, details: { template: "request-message", mailId: mail.id } });
        }
        break;
      }
      case "notify": {
        if (!request.email || !updates) break;
        const values = { ...base, state: stateLabel, link: followUrlFor(tenant, locale, request) };
        const publicComment = plan.tasks.some((t) => t.type === "comment" && t.public) ? comment : "";
        const params: TRequestNotifyParams = {
          ...base,
          state: stateLabel,
          subject: fillPlaceholders(text(task.subjects), values) || stateLabel,
          body: fillPlaceholders(text(task.bodies), values),
          ...(publicComment ? { message: publicComment } : {}),
        };
        const mail = await queueMail({ tenantId: tenant.id, to: request.email, template: "request-notify", locale, params, secret: { link: values.link } });
        await insertRequestEvent(tenant.id, { requestId: request.id, kind: "notified", actionId, actorId, actorKind, createdAt: now, details: { template: "request-notify", subject: params.subject, mailId: mail.id } });
        break;
      }
      case "request-correction": {
        if (!pending) break;
        await insertRequestEvent(tenant.id, { requestId: request.id, kind: "correction-asked", actionId, body: pending.message, public: true, actorId, actorKind, createdAt: now, details: { fields: pending.fields, returnState: pending.returnState } });
        if (request.email && correctionSecret) {
          const labels = pending.fields.map((id) => text(answerFields(definition).find((f) => f.id === id)?.labels) || id);
          const params: TRequestCorrectionParams = { ...base, message: pending.message, fields: labels };
          const mail = await queueMail({ tenantId: tenant.id, to: request.email, template: "request-correction", locale, params, secret: { link: correctionUrl(tenant, locale, correctionSecret) } });
          await insertRequestEvent(tenant.id, { requestId: request.id, kind: "notified", actionId, actorId, actorKind, createdAt: now, details: { template: "request-correction", mailId: mail.id } });
        }
        break;
      }
      case "archive":
        break;
    }
  }
  return { requestId: request.id, reference: request.reference, actionId, from, to };
}

/** Assigns a request outside a workflow action (inbox, several at once): to an agent and/or a team, or to nobody. */
export async function assignRequest(input: { tenant: TTenant; actor: TAgentActor; requestId: string; assigneeId: string | null; assigneeTeam: string | null; now?: Date }): Promise<void> {
  const { tenant, actor, requestId, assigneeId, assigneeTeam, now = new Date() } = input;
  const { request } = await loadRequestForWorkflow(tenant.id, requestId);
  requireFormAccess(actor, "requests:process", request.formId);
  if (assigneeId) await checkAgent(tenant.id, assigneeId);
  if (assigneeTeam) await checkTeam(tenant.id, assigneeTeam);
  if (!(await setRequestAssignment(tenant.id, request.id, { assigneeId, assigneeTeam }))) throw new NotFoundError();
  await insertRequestEvent(tenant.id, { requestId: request.id, kind: "assigned", actorId: actor.id, actorKind: "agent", createdAt: now, details: { assigneeId, team: assigneeTeam } });
}

/** An internal note on a request, at any time (never shown to the citizen). */
export async function commentRequest(input: { tenant: TTenant; actor: TAgentActor; requestId: string; body: string; now?: Date }): Promise<void> {
  const { tenant, actor, requestId, now = new Date() } = input;
  const body = input.body.trim();
  if (!body) throw new FieldsError({ body: { key: "workflowCommentRequired" } });
  const { request } = await loadRequestForWorkflow(tenant.id, requestId);
  requireFormAccess(actor, "requests:process", request.formId);
  await insertRequestEvent(tenant.id, { requestId: request.id, kind: "comment", body: body.slice(0, 10_000), public: false, actorId: actor.id, actorKind: "agent", createdAt: now });
}
