// One sent request as an agent sees it (the request page and its PDF): the request, its form and
// version, answers by step, documents, the history in words, and the workflow actions the agent may run
// now. A request of another town, a draft, or a request of a form outside the agent's scope: not found.
import { z } from "zod";
import type { TAgentActor } from "@/lib/auth/session";
import { agentsOfTown } from "@/lib/agents/service/queries";
import { NotFoundError } from "@/lib/core/errors";
import { answerFields, parseDefinition, type TField, type TFormDefinition } from "@/lib/forms/definition";
import { answersView, type TAnswerViewStep } from "@/lib/forms/fill/answers-view";
import { findForm, findRequest, findVersion, listRequestDocuments, listRequestEvents, type TDocumentRow, type TFormRow, type TFormVersionRow, type TRequestEventRow, type TRequestRow } from "@/lib/forms/repo";
import { assigneeNamer } from "@/lib/forms/service/export-requests";
import { mayWorkOnForm, requireFormAccess } from "@/lib/forms/service/form-scope";
import { PROCESS } from "@/lib/forms/service/request-list";
import { pickLocalized } from "@/lib/i18n/localized";
import { translator, type TTranslate } from "@/lib/i18n/translator";
import type { TTenant } from "@/lib/tenancy/registry";
import type { TAction, TWorkflow } from "@/lib/workflow/definition";
import { parseWorkflow } from "@/lib/workflow/definition";
import { availableActions } from "@/lib/workflow/engine";

export type THistoryLine = { id: string; at: Date; who: string; what: string; body: string | null; public: boolean; kind: string };

export type TRequestDetail = {
  request: TRequestRow;
  form: TFormRow;
  version: TFormVersionRow;
  definition: TFormDefinition;
  workflow: TWorkflow;
  formTitle: string;
  stateLabel: string;
  stateFinal: boolean;
  assignee: string;
  steps: TAnswerViewStep[];
  documents: TDocumentRow[];
  history: THistoryLine[];
  /** Manual actions offered in the request's state that the agent may run (none once anonymised) */
  actions: TAction[];
  fields: TField[];
  correction: { fields: string[]; message: string; askedAt: string } | null;
};

/** The sent request for an agent who may process its form, else NotFoundError. */
export async function loadAgentRequest(tenant: Pick<TTenant, "id">, actor: Pick<TAgentActor, "grants">, requestId: string): Promise<TRequestRow> {
  if (!z.uuid().safeParse(requestId).success) throw new NotFoundError();
  const request = await findRequest(tenant.id, requestId);
  if (!request || request.status !== "submitted") throw new NotFoundError();
  requireFormAccess(actor, PROCESS, request.formId);
  return request;
}

function describe(event: TRequestEventRow, t: TTranslate, state: (id: string | null) => string, fieldName: (id: string) => string, assignee: (r: { assigneeId: string | null; assigneeTeam: string | null }) => string): string {
  const details = (event.details && typeof event.details === "object" ? event.details : {}) as Record<string, unknown>;
  switch (event.kind) {
    case "submitted":
      return t("event.submitted");
    case "action":
      return t("event.action", { action: typeof details.action === "string" && details.action ? details.action : (event.actionId ?? ""), from: state(event.fromState), to: state(event.toState) });
    case "comment":
      return t("event.comment");
    case "message":
      return t("event.message");
    case "assigned": {
      const who = assignee({ assigneeId: typeof details.assigneeId === "string" ? details.assigneeId : null, assigneeTeam: typeof details.team === "string" ? details.team : null });
      return who ? t("event.assigned", { assignee: who }) : t("event.unassigned");
    }
    case "correction-asked":
      return t("event.correctionAsked", { fields: (Array.isArray(details.fields) ? details.fields : []).map((f) => fieldName(String(f))).join(", ") });
    case "correction-answered":
      return t("event.correctionAnswered");
    case "notified":
      return typeof details.subject === "string" && details.subject ? t("event.notifiedSubject", { subject: details.subject }) : t("event.notified");
    case "anonymised":
      return t("event.anonymised");
    default:
      return t("event.other", { kind: event.kind });
  }
}

/** Everything the request page and the PDF show, in `locale` (texts of the form with the town's fallbacks). */
export async function requestDetail(tenant: TTenant, actor: Pick<TAgentActor, "grants">, requestId: string, locale: string): Promise<TRequestDetail> {
  const request = await loadAgentRequest(tenant, actor, requestId);
  const [form, version, documents, events, agents, namer, t] = await Promise.all([
    findForm(tenant.id, request.formId),
    findVersion(tenant.id, request.versionId),
    listRequestDocuments(tenant.id, request.id),
    listRequestEvents(tenant.id, request.id),
    agentsOfTown(tenant.id),
    assigneeNamer(tenant.id, locale, tenant.defaultLocale),
    translator(locale, "RequestInbox"),
  ]);
  if (!form || !version) throw new NotFoundError();
  const fallbacks = [tenant.defaultLocale];
  const definition = parseDefinition(version.definition);
  const workflow = parseWorkflow(version.workflow);
  const text = (value: unknown, fallback: string) => pickLocalized(value, locale, fallbacks)?.text ?? fallback;
  const state = (id: string | null) => (id ? text(workflow.states.find((s) => s.id === id)?.labels, id) : "—");
  const fields = answerFields(definition);
  const fieldName = (id: string) => text(fields.find((f) => f.id === id)?.labels, id);
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  const who = (e: TRequestEventRow) => (e.actorKind === "citizen" ? t("actor.citizen") : e.actorKind === "system" ? t("actor.system") : e.actorId ? (agentName.get(e.actorId) ?? t("actor.formerAgent")) : t("actor.system"));
  const data = request.data && typeof request.data === "object" && !Array.isArray(request.data) ? (request.data as Record<string, unknown>) : {};
  const steps = answersView({
    definition,
    data: data as Parameters<typeof answersView>[0]["data"],
    documents,
    locale,
    fallbackLocales: fallbacks,
    timeZone: tenant.timeZone,
    labels: { yes: t("yes"), no: t("no"), accepted: t("accepted"), item: (n) => t("item", { n }) },
  });
  const correction = request.correction && typeof request.correction === "object" ? (request.correction as { fields?: string[]; message?: string; askedAt?: string }) : null;
  return {
    request,
    form,
    version,
    definition,
    workflow,
    formTitle: text(version.titles, text(form.titles, form.slug)),
    stateLabel: state(request.state),
    stateFinal: Boolean(workflow.states.find((s) => s.id === request.state)?.final),
    assignee: namer(request),
    steps,
    documents,
    history: events.map((e) => ({ id: e.id, at: e.createdAt, who: who(e), what: describe(e, t, state, fieldName, namer), body: e.body, public: e.public, kind: e.kind })),
    actions: request.anonymisedAt ? [] : availableActions(workflow, request.state, (permission) => mayWorkOnForm(actor, permission, request.formId)),
    fields,
    correction: correction ? { fields: correction.fields ?? [], message: correction.message ?? "", askedAt: correction.askedAt ?? "" } : null,
  };
}
