// What the citizen's follow-up page (/<locale>/requests/follow/<secret>) shows: the sent request of THIS
// town whose follow-up secret hashes to the stored hash, its current state as the citizen sees it (the
// label of the state in the workflow of the request's VERSION), the timeline, the documents and any
// pending request for correction. Internal comments, assignments, notifications and agents' names are
// never part of it. The timeline is newest first (the latest news at the top, as GOV.UK/MOJ timelines).
import { hashSecret } from "@/lib/auth/tokens";
import { answerFields, parseDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { findForm, findRequestByFollowHash, findVersion, listRequestDocuments, listRequestEvents, type TDocumentRow, type TFormRow, type TRequestEventRow, type TRequestRow } from "@/lib/forms/repo";
import { pickLocalized, type TPicked } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";
import { parseWorkflow, type TWorkflow } from "@/lib/workflow/definition";

export type TFollowEntry = {
  id: string;
  at: Date;
  /** submitted: sent; state: moved to a state; message: a message from the town; correction-asked / correction-answered */
  kind: "submitted" | "state" | "message" | "correction-asked" | "correction-answered";
  state: TPicked | null;
  body: string | null;
  /** Labels of the fields a correction was about */
  fields: TPicked[];
};

export type TFollowView = {
  request: TRequestRow;
  form: TFormRow;
  title: TPicked | null;
  nextSteps: TPicked | null;
  state: TPicked | null;
  final: boolean;
  anonymised: boolean;
  entries: TFollowEntry[];
  documents: (Pick<TDocumentRow, "id" | "originalName" | "size" | "mediaType" | "createdAt"> & { field: TPicked | null })[];
  correction: { message: string; fields: TPicked[]; askedAt: Date | null } | null;
};

/** Events the citizen sees: sending, state changes, public messages, corrections asked and answered. */
export function isPublicEvent(event: Pick<TRequestEventRow, "kind" | "public" | "fromState" | "toState">): boolean {
  if (event.kind === "submitted" || event.kind === "correction-asked" || event.kind === "correction-answered") return true;
  if (event.kind === "action") return event.public || (event.toState !== null && event.toState !== event.fromState);
  // Comments are internal by nature; assignments, notifications and anonymisation are book-keeping.
  if (event.kind === "comment" || event.kind === "assigned" || event.kind === "notified") return false;
  return event.public;
}

function fieldsOf(details: unknown): string[] {
  const fields = (details as { fields?: unknown } | null)?.fields;
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : [];
}

export function followEntries(events: TRequestEventRow[], workflow: TWorkflow | null, definition: TFormDefinition | null, locale: string, fallbacks: string[]): TFollowEntry[] {
  const stateLabel = (id: string | null) => (id ? (pickLocalized(workflow?.states.find((s) => s.id === id)?.labels, locale, fallbacks) ?? { text: id, lang: "und" }) : null);
  const fields = definition ? answerFields(definition) : [];
  const fieldLabels = (ids: string[]) => ids.map((id) => pickLocalized(fields.find((f) => f.id === id)?.labels, locale, fallbacks) ?? { text: id, lang: "und" });
  return events
    .filter(isPublicEvent)
    .map((e): TFollowEntry => {
      const kind: TFollowEntry["kind"] =
        e.kind === "submitted" || e.kind === "correction-asked" || e.kind === "correction-answered" ? e.kind : e.kind === "action" && e.toState && e.toState !== e.fromState ? "state" : "message";
      return {
        id: e.id,
        at: e.createdAt,
        kind,
        state: kind === "message" ? null : stateLabel(e.toState),
        body: e.public || kind === "correction-asked" ? e.body : null,
        fields: kind === "correction-asked" || kind === "correction-answered" ? fieldLabels(fieldsOf(e.details)) : [],
      };
    })
    .filter((entry) => entry.kind !== "message" || Boolean(entry.body))
    .reverse();
}

export async function followView(tenant: TTenant, secret: string, locale: string): Promise<TFollowView | null> {
  if (!secret || secret.length > 100) return null;
  const request = await findRequestByFollowHash(tenant.id, hashSecret(secret));
  if (!request) return null;
  const [form, version, events, documents] = await Promise.all([
    findForm(tenant.id, request.formId),
    findVersion(tenant.id, request.versionId),
    listRequestEvents(tenant.id, request.id),
    listRequestDocuments(tenant.id, request.id),
  ]);
  if (!form || !version) return null;
  const fallbacks = [tenant.defaultLocale, request.locale];
  const workflow = safe(() => parseWorkflow(version.workflow));
  const definition = safe(() => parseDefinition(version.definition));
  const state = workflow?.states.find((s) => s.id === request.state);
  const fields = definition ? answerFields(definition) : [];
  const fieldLabel = (id: string) => pickLocalized(fields.find((f) => f.id === id)?.labels, locale, fallbacks) ?? { text: id, lang: "und" };
  const pending = request.correction as { fields?: unknown; message?: unknown; askedAt?: unknown } | null;
  const askedAt = pending && typeof pending.askedAt === "string" ? new Date(pending.askedAt) : null;
  return {
    request,
    form,
    title: pickLocalized(version.titles, locale, fallbacks) ?? pickLocalized(form.titles, locale, fallbacks),
    nextSteps: pickLocalized(form.nextSteps, locale, fallbacks),
    state: state ? pickLocalized(state.labels, locale, fallbacks) : request.state ? { text: request.state, lang: "und" } : null,
    final: state?.final === true,
    anonymised: request.anonymisedAt !== null,
    entries: followEntries(events, workflow, definition, locale, fallbacks),
    documents: request.anonymisedAt ? [] : documents.map((d) => ({ id: d.id, originalName: d.originalName, size: d.size, mediaType: d.mediaType, createdAt: d.createdAt, field: fieldLabel(d.fieldId) })),
    correction:
      pending && !request.anonymisedAt
        ? { message: typeof pending.message === "string" ? pending.message : "", fields: fieldsOf(pending).map(fieldLabel), askedAt: askedAt && !Number.isNaN(askedAt.getTime()) ? askedAt : null }
        : null,
  };
}

function safe<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}
