// The forms module's part of the citizen space (lib/citizens): a citizen's drafts, sent requests and
// the messages the town wrote to them, attaching requests sent with their proved address, their
// language, and what happens to them when the account is deleted. Every function takes the town and
// the citizen's id.
import { answerFields, parseDefinition } from "@/lib/forms/definition";
import {
  anonymiseRequestRow,
  attachRequestsToCitizen,
  deleteCitizenDrafts,
  detachCitizenRequests,
  formsAndVersionsOf,
  insertRequestEvent,
  listCitizenRequests,
  listDocumentsOfRequests,
  listEventsOfRequests,
  setCitizenRequestsLocale,
  type TRequestRow,
} from "@/lib/forms/repo";
import { fallbackLocales } from "@/lib/forms/service/fill-draft";
import { followSecretFor } from "@/lib/forms/service/follow-link";
import { isPublicEvent } from "@/lib/forms/service/follow-view";
import { draftDeletionDate } from "@/lib/forms/service/purge-drafts";
import { pickLocalized, type TPicked } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";
import { parseWorkflow } from "@/lib/workflow/definition";

export { attachRequestsToCitizen, setCitizenRequestsLocale };

export type TCitizenRequest = {
  id: string;
  reference: string | null;
  form: TPicked | null;
  state: TPicked | null;
  final: boolean;
  submittedAt: Date | null;
  changedAt: Date;
  anonymised: boolean;
  /** Path of the follow-up page (under the town's host) */
  followPath: string;
};
export type TCitizenDraft = { id: string; form: TPicked | null; formSlug: string; updatedAt: Date; deleteOn: Date; continuePath: string };
export type TCitizenMessage = { id: string; requestId: string; reference: string | null; form: TPicked | null; at: Date; kind: "message" | "correction-asked"; body: string; followPath: string };

export type TCitizenRequests = { requests: TCitizenRequest[]; drafts: TCitizenDraft[]; messages: TCitizenMessage[] };

export async function citizenRequests(tenant: TTenant, citizenId: string, locale: string): Promise<TCitizenRequests> {
  const rows = await listCitizenRequests(tenant.id, citizenId);
  const { forms, versions } = await formsAndVersionsOf(tenant.id, [...new Set(rows.map((r) => r.formId))], [...new Set(rows.map((r) => r.versionId))]);
  const fallbacks = fallbackLocales(tenant, locale);
  const formOf = (r: TRequestRow) => forms.find((f) => f.id === r.formId);
  const versionOf = (r: TRequestRow) => versions.find((v) => v.id === r.versionId);
  const titleOf = (r: TRequestRow) => pickLocalized(versionOf(r)?.titles, locale, fallbacks) ?? pickLocalized(formOf(r)?.titles, locale, fallbacks);
  const followPath = (r: TRequestRow) => `/${locale}/requests/follow/${followSecretFor(r)}`;

  const sent = rows.filter((r) => r.status === "submitted");
  const workflows = new Map(versions.map((v) => [v.id, parseWorkflow(v.workflow)]));
  const requests = sent.map((r): TCitizenRequest => {
    const state = r.state ? workflows.get(r.versionId)?.states.find((s) => s.id === r.state) : undefined;
    return {
      id: r.id,
      reference: r.reference,
      form: titleOf(r),
      state: state ? pickLocalized(state.labels, locale, fallbacks) : null,
      final: state?.final === true,
      submittedAt: r.submittedAt,
      changedAt: r.stateChangedAt ?? r.submittedAt ?? r.updatedAt,
      anonymised: r.anonymisedAt !== null,
      followPath: followPath(r),
    };
  });
  const drafts = rows
    .filter((r) => r.status === "draft")
    .flatMap((r): TCitizenDraft[] => {
      const form = formOf(r);
      if (!form) return [];
      return [{ id: r.id, form: titleOf(r), formSlug: form.slug, updatedAt: r.updatedAt, deleteOn: draftDeletionDate(r.updatedAt, form.draftRetentionDays), continuePath: `/${locale}/requests/${form.slug}` }];
    });
  const events = sent.length > 0 ? await listEventsOfRequests(tenant.id, sent.map((r) => r.id)) : [];
  const messages = events
    .filter((e) => isPublicEvent(e) && e.body && (e.kind === "correction-asked" || (e.kind !== "submitted" && e.kind !== "correction-answered")))
    .map((e): TCitizenMessage => {
      const request = sent.find((r) => r.id === e.requestId) as TRequestRow;
      return { id: e.id, requestId: e.requestId, reference: request.reference, form: titleOf(request), at: e.createdAt, kind: e.kind === "correction-asked" ? "correction-asked" : "message", body: e.body as string, followPath: followPath(request) };
    });
  return { requests, drafts, messages };
}

/** Everything the town holds about the citizen's requests, for "download my data". */
export async function citizenRequestsData(tenant: TTenant, citizenId: string) {
  const rows = await listCitizenRequests(tenant.id, citizenId);
  const { forms, versions } = await formsAndVersionsOf(tenant.id, [...new Set(rows.map((r) => r.formId))], [...new Set(rows.map((r) => r.versionId))]);
  const ids = rows.map((r) => r.id);
  const [events, documents] = ids.length > 0 ? await Promise.all([listEventsOfRequests(tenant.id, ids), listDocumentsOfRequests(tenant.id, ids)]) : [[], []];
  return rows.map((r) => {
    const version = versions.find((v) => v.id === r.versionId);
    const definition = version ? parseDefinition(version.definition) : null;
    const labels = definition ? Object.fromEntries(answerFields(definition).map((f) => [f.id, f.labels])) : {};
    return {
      reference: r.reference,
      form: version?.titles ?? forms.find((f) => f.id === r.formId)?.titles ?? null,
      status: r.status,
      state: r.state,
      name: r.name,
      email: r.email,
      locale: r.locale,
      answers: r.data,
      questions: labels,
      createdAt: r.createdAt,
      submittedAt: r.submittedAt,
      updatedAt: r.updatedAt,
      history: events
        .filter((e) => e.requestId === r.id && isPublicEvent(e))
        .map((e) => ({ at: e.createdAt, kind: e.kind, state: e.toState, message: e.body }))
        .reverse(),
      documents: documents.filter((d) => d.requestId === r.id).map((d) => ({ name: d.originalName, type: d.mediaType, size: d.size, sha256: d.sha256, uploadedAt: d.createdAt })),
    };
  });
}

/**
 * Account deleted: drafts are deleted (their files' storage keys returned, to delete after the
 * commit); sent requests in a final state are anonymised now; requests still being handled stay
 * with the town (it must finish them), no longer linked to the account, and follow the form's
 * archiving rule.
 */
export async function eraseCitizenRequests(tenant: TTenant, citizenId: string, now = new Date()): Promise<{ draftsDeleted: number; anonymised: number; kept: number; storageKeys: string[] }> {
  const rows = await listCitizenRequests(tenant.id, citizenId);
  const drafts = rows.filter((r) => r.status === "draft");
  const sent = rows.filter((r) => r.status === "submitted");
  const { versions } = await formsAndVersionsOf(tenant.id, [], [...new Set(sent.map((r) => r.versionId))]);
  const isFinal = (r: TRequestRow) => {
    const version = versions.find((v) => v.id === r.versionId);
    return version ? parseWorkflow(version.workflow).states.some((s) => s.id === r.state && s.final) : false;
  };
  const finished = sent.filter((r) => isFinal(r) && !r.anonymisedAt);
  const documents = await listDocumentsOfRequests(tenant.id, [...drafts, ...finished].map((r) => r.id));
  const deleted = await deleteCitizenDrafts(tenant.id, citizenId);
  for (const r of finished) {
    await anonymiseRequestRow(tenant.id, r.id, now);
    await insertRequestEvent(tenant.id, { requestId: r.id, kind: "anonymised", actorKind: "citizen", createdAt: now });
  }
  const kept = sent.filter((r) => !isFinal(r) && !r.anonymisedAt).length;
  await detachCitizenRequests(tenant.id, citizenId);
  return { draftsDeleted: deleted.length, anonymised: finished.length, kept, storageKeys: documents.map((d) => d.storageKey) };
}
