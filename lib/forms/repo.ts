// The only code of the forms module that uses Prisma (forms, versions, requests, their history and
// documents). Every function takes the town's id and puts it in every WHERE: a form, request or
// document of another town is simply not found. Parts of the module append their functions in their
// own section below.
import { db } from "@/lib/core/db";
import { Prisma } from "@/lib/generated/prisma/client";

export type TFormRow = Prisma.FormGetPayload<object>;
export type TFormVersionRow = Prisma.FormVersionGetPayload<object>;
export type TRequestRow = Prisma.FormRequestGetPayload<object>;
export type TRequestEventRow = Prisma.RequestEventGetPayload<object>;
export type TDocumentRow = Prisma.RequestDocumentGetPayload<object>;

// ——— Forms ———

/** Every form of the town that is not archived, in their order. */
export function listForms(tenantId: string): Promise<TFormRow[]> {
  return db().form.findMany({ where: { tenantId, archivedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

export function findForm(tenantId: string, formId: string): Promise<TFormRow | null> {
  return db().form.findFirst({ where: { tenantId, id: formId } });
}

export function findFormBySlug(tenantId: string, slug: string): Promise<TFormRow | null> {
  return db().form.findFirst({ where: { tenantId, slug, archivedAt: null } });
}

export function findVersion(tenantId: string, versionId: string): Promise<TFormVersionRow | null> {
  return db().formVersion.findFirst({ where: { tenantId, id: versionId } });
}

// ——— Requests ———

export function findRequest(tenantId: string, requestId: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, id: requestId } });
}

export function findRequestByReference(tenantId: string, reference: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, reference } });
}

/** A draft by the hash of its secret (cookie or resume link). */
export function findDraftByTokenHash(tenantId: string, draftTokenHash: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, draftTokenHash, status: "draft" } });
}

/** A sent request by the hash of its follow-up secret. */
export function findRequestByFollowHash(tenantId: string, followTokenHash: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, followTokenHash, status: "submitted" } });
}

export function listRequestEvents(tenantId: string, requestId: string): Promise<TRequestEventRow[]> {
  return db().requestEvent.findMany({ where: { tenantId, requestId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export function listRequestDocuments(tenantId: string, requestId: string): Promise<TDocumentRow[]> {
  return db().requestDocument.findMany({ where: { tenantId, requestId }, orderBy: [{ createdAt: "asc" }] });
}

export function findDocument(tenantId: string, requestId: string, documentId: string): Promise<TDocumentRow | null> {
  return db().requestDocument.findFirst({ where: { tenantId, requestId, id: documentId } });
}

// ——— Builder (H2): creating, editing, publishing forms ———

export function formSlugTaken(tenantId: string, slug: string, exceptId?: string): Promise<boolean> {
  return db()
    .form.count({ where: { tenantId, slug, ...(exceptId ? { id: { not: exceptId } } : {}) } })
    .then((n) => n > 0);
}

export async function insertForm(
  tenantId: string,
  data: { slug: string; titles: Prisma.InputJsonValue; definition: Prisma.InputJsonValue; workflow: Prisma.InputJsonValue; referencePrefix: string; template?: string | null; descriptions?: Prisma.InputJsonValue; nextSteps?: Prisma.InputJsonValue },
): Promise<TFormRow> {
  const last = await db().form.aggregate({ where: { tenantId }, _max: { position: true } });
  return db().form.create({ data: { tenantId, ...data, position: (last._max.position ?? 0) + 1 } });
}

export type TFormChanges = Partial<
  Pick<Prisma.FormUncheckedUpdateInput, "titles" | "descriptions" | "nextSteps" | "closedMessages" | "definition" | "workflow" | "status" | "loginRequired" | "onePerCitizen" | "draftRetentionDays" | "referencePrefix" | "currentVersionId" | "archivedAt" | "slug">
>;

/** Changes a form of the town; null when it is not one. */
export async function updateFormRow(tenantId: string, formId: string, changes: TFormChanges): Promise<TFormRow | null> {
  const { count } = await db().form.updateMany({ where: { tenantId, id: formId }, data: changes });
  return count === 0 ? null : findForm(tenantId, formId);
}

/** The form locked for an edit (FOR UPDATE) so two editors do not overwrite each other's steps. */
export async function lockForm(tenantId: string, formId: string): Promise<TFormRow | null> {
  const rows = await db().$queryRaw<{ id: string }[]>`SELECT id FROM form WHERE "tenantId" = ${tenantId}::uuid AND id = ${formId}::uuid FOR UPDATE`;
  return rows.length === 0 ? null : findForm(tenantId, formId);
}

export function listVersions(tenantId: string, formId: string): Promise<TFormVersionRow[]> {
  return db().formVersion.findMany({ where: { tenantId, formId }, orderBy: { number: "desc" } });
}

export async function insertVersion(
  tenantId: string,
  data: { formId: string; titles: Prisma.InputJsonValue; definition: Prisma.InputJsonValue; workflow: Prisma.InputJsonValue; publishedBy: string | null },
): Promise<TFormVersionRow> {
  const last = await db().formVersion.aggregate({ where: { tenantId, formId: data.formId }, _max: { number: true } });
  return db().formVersion.create({ data: { tenantId, ...data, number: (last._max.number ?? 0) + 1 } });
}

/** Sent requests per form of the town (drafts not counted). */
export async function countSentRequestsByForm(tenantId: string): Promise<Map<string, number>> {
  const rows = await db().formRequest.groupBy({ by: ["formId"], where: { tenantId, status: "submitted" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.formId, r._count._all]));
}

/** Sent requests per version of a form. */
export async function countRequestsByVersion(tenantId: string, formId: string): Promise<Map<string, number>> {
  const rows = await db().formRequest.groupBy({ by: ["versionId"], where: { tenantId, formId, status: "submitted" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.versionId, r._count._all]));
}

// ——— Saved drafts, the purge of old drafts, corrections (follow-up part) ———

/** Keeps the citizen's address with a draft and replaces its secret (the resume link carries the new one). */
export async function saveDraftContact(tenantId: string, requestId: string, data: { email: string; draftTokenHash: string }): Promise<boolean> {
  const { count } = await db().formRequest.updateMany({ where: { tenantId, id: requestId, status: "draft" }, data });
  return count === 1;
}

/** Every form of the town (archived ones too: their drafts are purged as well) and how long its drafts live. */
export function listFormRetentions(tenantId: string): Promise<{ id: string; draftRetentionDays: number }[]> {
  return db().form.findMany({ where: { tenantId }, select: { id: true, draftRetentionDays: true } });
}

/** Drafts of a form untouched since `cutoff`. */
export function listStaleDrafts(tenantId: string, formId: string, cutoff: Date): Promise<{ id: string }[]> {
  return db().formRequest.findMany({ where: { tenantId, formId, status: "draft", updatedAt: { lt: cutoff } }, select: { id: true } });
}

/** Deletes these drafts if still untouched since `cutoff` (a citizen may have come back meanwhile). */
export async function deleteStaleDrafts(tenantId: string, formId: string, requestIds: string[], cutoff: Date): Promise<string[]> {
  const still = await db().formRequest.findMany({ where: { tenantId, formId, id: { in: requestIds }, status: "draft", updatedAt: { lt: cutoff } }, select: { id: true } });
  const ids = still.map((r) => r.id);
  if (ids.length > 0) await db().formRequest.deleteMany({ where: { tenantId, id: { in: ids }, status: "draft" } });
  return ids;
}

/**
 * A sent request with a pending correction that this secret's hash opens: the correction's own secret
 * (the e-mail's link), or the request's follow-up secret while a correction is pending (the follow-up
 * page links to the correction page with it, as the correction's secret is only stored hashed).
 */
export function findRequestByCorrectionHash(tenantId: string, tokenHash: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({
    where: {
      tenantId,
      status: "submitted",
      anonymisedAt: null,
      OR: [{ correction: { path: ["tokenHash"], equals: tokenHash } }, { followTokenHash: tokenHash, correction: { not: Prisma.DbNull } }],
    },
  });
}

/**
 * Writes the citizen's answer to a correction: the new answers, the state to return to, no pending
 * correction any more. Only if the correction is still the one answered (a second click finds none).
 */
export async function applyCorrectionAnswer(tenantId: string, requestId: string, tokenHash: string, change: { data: Prisma.InputJsonValue; state: string; at: Date }): Promise<boolean> {
  const { count } = await db().formRequest.updateMany({
    where: { tenantId, id: requestId, status: "submitted", correction: { path: ["tokenHash"], equals: tokenHash }, anonymisedAt: null },
    data: { data: change.data, state: change.state, stateChangedAt: change.at, correction: Prisma.DbNull },
  });
  return count === 1;
}

// ——— Inbox (H5): the agents' list of sent requests, bulk reads, exports ———

/** What the inbox asks the database (built by lib/forms/service/request-list.ts from the agent's filters and scope). */
export type TInboxQuery = {
  /** null: every form of the town; else only these (maybe none) */
  formIds: string[] | null;
  state: string | null;
  /** Final states hidden, per version (states are per workflow version) */
  hideStates: { versionId: string; states: string[] }[];
  assignee: { kind: "agent"; id: string } | { kind: "unassigned" } | { kind: "team"; team: string } | null;
  /** Submitted at or after `from`, before `to` */
  from: Date | null;
  to: Date | null;
  /** Reference prefix (upper case) or name / e-mail fragment */
  q: string | null;
};

export type TInboxCursor = { submittedAt: Date; id: string };

function inboxWhere(tenantId: string, query: TInboxQuery): Prisma.FormRequestWhereInput {
  const and: Prisma.FormRequestWhereInput[] = [];
  if (query.formIds) and.push({ formId: { in: query.formIds } });
  if (query.state) and.push({ state: query.state });
  for (const hidden of query.hideStates) if (hidden.states.length > 0) and.push({ NOT: { versionId: hidden.versionId, state: { in: hidden.states } } });
  if (query.assignee?.kind === "agent") and.push({ assigneeId: query.assignee.id });
  if (query.assignee?.kind === "unassigned") and.push({ assigneeId: null, assigneeTeam: null });
  if (query.assignee?.kind === "team") and.push({ assigneeTeam: query.assignee.team });
  if (query.from) and.push({ submittedAt: { gte: query.from } });
  if (query.to) and.push({ submittedAt: { lt: query.to } });
  if (query.q) {
    and.push({
      OR: [
        { reference: { startsWith: query.q.toUpperCase() } },
        { name: { contains: query.q, mode: "insensitive" } },
        { email: { contains: query.q, mode: "insensitive" } },
      ],
    });
  }
  return { tenantId, status: "submitted", submittedAt: { not: null }, AND: and };
}

/** A page of sent requests, newest sent first (keyset on submittedAt, id). */
export function searchInboxRequests(tenantId: string, query: TInboxQuery, page: { limit: number; after?: TInboxCursor | null }): Promise<TRequestRow[]> {
  const where = inboxWhere(tenantId, query);
  const after = page.after;
  return db().formRequest.findMany({
    where: after ? { AND: [where, { OR: [{ submittedAt: { lt: after.submittedAt } }, { submittedAt: after.submittedAt, id: { lt: after.id } }] }] } : where,
    orderBy: [{ submittedAt: "desc" }, { id: "desc" }],
    take: page.limit,
  });
}

export function countInboxRequests(tenantId: string, query: TInboxQuery): Promise<number> {
  return db().formRequest.count({ where: inboxWhere(tenantId, query) });
}

/** The published versions of some forms of the town (null: of every form). */
export function listVersionsOfForms(tenantId: string, formIds: string[] | null): Promise<TFormVersionRow[]> {
  return db().formVersion.findMany({ where: { tenantId, ...(formIds ? { formId: { in: formIds } } : {}) }, orderBy: [{ formId: "asc" }, { number: "desc" }] });
}

/** Sent requests of the town among `ids` (another town's ids find nothing). */
export function findSentRequests(tenantId: string, ids: string[]): Promise<TRequestRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db().formRequest.findMany({ where: { tenantId, id: { in: ids }, status: "submitted" } });
}

/** The documents of several requests (exports: files by name). */
export function listDocumentsOfRequests(tenantId: string, requestIds: string[]): Promise<TDocumentRow[]> {
  if (requestIds.length === 0) return Promise.resolve([]);
  return db().requestDocument.findMany({ where: { tenantId, requestId: { in: requestIds } }, orderBy: [{ createdAt: "asc" }] });
}

// ——— Workflow (H4): running actions, automatic actions, archiving ———

/** Moves a sent request on, only if it is still in `fromState` (two agents acting at once: one wins). */
export type TRequestMove = {
  state: string;
  stateChangedAt: Date;
  assigneeId?: string;
  assigneeTeam?: string;
  archiveMode?: string;
  archiveAt?: Date;
  /** A new pending request for correction, or null to end the pending one */
  correction?: Prisma.InputJsonValue | null;
};

export async function moveRequestState(tenantId: string, requestId: string, fromState: string, move: TRequestMove): Promise<boolean> {
  const { correction, ...rest } = move;
  const data: Prisma.FormRequestUpdateManyMutationInput = { ...rest, ...(correction === undefined ? {} : { correction: correction === null ? Prisma.DbNull : correction }) };
  const { count } = await db().formRequest.updateMany({ where: { tenantId, id: requestId, status: "submitted", state: fromState, anonymisedAt: null }, data });
  return count === 1;
}

/** Assignment outside a workflow action (inbox, bulk): to an agent and/or a team, or nobody. */
export async function setRequestAssignment(tenantId: string, requestId: string, assignment: { assigneeId: string | null; assigneeTeam: string | null }): Promise<boolean> {
  const { count } = await db().formRequest.updateMany({ where: { tenantId, id: requestId, status: "submitted", anonymisedAt: null }, data: assignment });
  return count === 1;
}

export function insertRequestEvent(
  tenantId: string,
  event: { requestId: string; kind: string; actionId?: string | null; fromState?: string | null; toState?: string | null; body?: string | null; public?: boolean; actorId?: string | null; actorKind: "agent" | "citizen" | "system"; details?: Prisma.InputJsonValue; createdAt?: Date },
): Promise<TRequestEventRow> {
  return db().requestEvent.create({ data: { tenantId, ...event } });
}

/** Every published version of the town's forms (their workflows say which automatic actions exist). */
export function listTownVersions(tenantId: string): Promise<TFormVersionRow[]> {
  return db().formVersion.findMany({ where: { tenantId }, orderBy: [{ createdAt: "asc" }] });
}

/** Sent requests of a version in one of `states`, in it since `before` or earlier. */
export function listRequestsWaitingSince(tenantId: string, versionId: string, states: string[], before: Date): Promise<Pick<TRequestRow, "id" | "state" | "stateChangedAt">[]> {
  return db().formRequest.findMany({
    where: { tenantId, versionId, status: "submitted", anonymisedAt: null, state: { in: states }, stateChangedAt: { lte: before } },
    select: { id: true, state: true, stateChangedAt: true },
    orderBy: [{ stateChangedAt: "asc" }],
    take: 1000,
  });
}

/** Sent requests whose archive task is due (anonymise or delete). */
export function listRequestsToArchive(tenantId: string, now: Date): Promise<Pick<TRequestRow, "id" | "archiveMode" | "reference">[]> {
  return db().formRequest.findMany({
    where: { tenantId, status: "submitted", anonymisedAt: null, archiveAt: { lte: now } },
    select: { id: true, archiveMode: true, reference: true },
    orderBy: [{ archiveAt: "asc" }],
    take: 1000,
  });
}

/** Removes the personal data of a request: contact, answers, secrets, texts of its history, its documents' rows. Keeps form, state, dates and reference. */
export async function anonymiseRequestRow(tenantId: string, requestId: string, now: Date): Promise<void> {
  await db().formRequest.updateMany({
    where: { tenantId, id: requestId },
    data: { email: null, name: null, data: {}, citizenId: null, draftTokenHash: null, correction: Prisma.DbNull, archiveAt: null, archiveMode: null, anonymisedAt: now },
  });
  await db().requestEvent.updateMany({ where: { tenantId, requestId }, data: { body: null, details: {} } });
  await db().requestDocument.deleteMany({ where: { tenantId, requestId } });
}

/** Deletes a request with its history and documents' rows (cascade). */
export async function deleteRequestRow(tenantId: string, requestId: string): Promise<void> {
  await db().formRequest.deleteMany({ where: { tenantId, id: requestId } });
}

/** The form's workflow being edited (publishing freezes it into a version). */
export async function setFormWorkflow(tenantId: string, formId: string, workflow: Prisma.InputJsonValue): Promise<boolean> {
  const { count } = await db().form.updateMany({ where: { tenantId, id: formId }, data: { workflow } });
  return count === 1;
}

/** Whether any request (sent or draft) of the form is in `state`: such a state cannot be deleted. */
export async function formHasRequestsInState(tenantId: string, formId: string, state: string): Promise<boolean> {
  return (await db().formRequest.count({ where: { tenantId, formId, state } })) > 0;
}

// ——— Documents (H1): uploaded files' rows ———

/** The documents of one field of a request (in a repeatable group: of one item). */
export function listFieldDocuments(tenantId: string, requestId: string, fieldId: string, groupIndex: number | null): Promise<TDocumentRow[]> {
  return db().requestDocument.findMany({ where: { tenantId, requestId, fieldId, groupIndex }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export function insertDocument(data: {
  tenantId: string;
  requestId: string;
  fieldId: string;
  groupIndex: number | null;
  storageKey: string;
  originalName: string;
  mediaType: string;
  size: number;
  sha256: string;
  scan: "skipped" | "clean";
}): Promise<TDocumentRow> {
  return db().requestDocument.create({ data });
}

/** Deletes these documents' rows of the request; returns the rows deleted (their storage keys are the caller's to remove). */
export async function deleteDocumentRows(tenantId: string, requestId: string, documentIds: string[]): Promise<TDocumentRow[]> {
  if (documentIds.length === 0) return [];
  const rows = await db().requestDocument.findMany({ where: { tenantId, requestId, id: { in: documentIds } } });
  if (rows.length > 0) await db().requestDocument.deleteMany({ where: { tenantId, requestId, id: { in: rows.map((r) => r.id) } } });
  return rows;
}

/** Marks the draft as touched (an upload is activity: the purge of old drafts counts from it). */
export async function touchRequest(tenantId: string, requestId: string): Promise<void> {
  await db().formRequest.updateMany({ where: { tenantId, id: requestId }, data: { updatedAt: new Date() } });
}

// ——— Templates and slot field (H6): the appointments a request's slot answers booked ———

/** Replaces a request's answers (the slot answers gain their appointment); false when not the town's. */
export async function setRequestData(tenantId: string, requestId: string, data: Prisma.InputJsonValue): Promise<boolean> {
  const { count } = await db().formRequest.updateMany({ where: { tenantId, id: requestId }, data: { data } });
  return count === 1;
}

// ——— Filling in and sending (H3a): drafts, answers, submission ———

/** The town's forms citizens see in the list: published or closed, not archived, in their order. */
export function listPublicForms(tenantId: string): Promise<TFormRow[]> {
  return db().form.findMany({ where: { tenantId, archivedAt: null, status: { in: ["published", "closed"] }, currentVersionId: { not: null } }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

export function insertDraft(tenantId: string, data: { formId: string; versionId: string; locale: string; draftTokenHash: string; citizenId?: string | null }): Promise<TRequestRow> {
  return db().formRequest.create({ data: { tenantId, ...data, status: "draft", data: {} } });
}

/** Replaces a draft's answers (and how far it got); false when it is not a draft of the town any more. */
export async function saveDraftAnswers(tenantId: string, requestId: string, change: { data: Prisma.InputJsonValue; stepReached?: number }): Promise<boolean> {
  const { count } = await db().formRequest.updateMany({ where: { tenantId, id: requestId, status: "draft" }, data: change });
  return count === 1;
}

/** A sent request of this form with this (lower-case) e-mail address, if any (one request per citizen). */
export function findSentRequestByEmail(tenantId: string, formId: string, email: string): Promise<Pick<TRequestRow, "id"> | null> {
  return db().formRequest.findFirst({ where: { tenantId, formId, email, status: "submitted" }, select: { id: true } });
}

/** Serialises the sending of one form's requests by one e-mail (one request per citizen, under concurrency). */
export async function lockCitizenForm(tenantId: string, formId: string, email: string): Promise<void> {
  await db().$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${tenantId}:${formId}:${email}`}, 0))`;
}

/**
 * Sends a draft: reference, state, contact, follow-up secret. Tries the reference under a savepoint so a
 * (rare) collision with another request's reference can be retried in the same transaction. Returns
 * "taken" on a reference collision, "gone" when the draft is no longer a draft of the town.
 */
export async function markRequestSubmitted(
  tenantId: string,
  requestId: string,
  change: { reference: string; state: string; data: Prisma.InputJsonValue; email: string; name: string; locale: string; citizenId?: string | null; followTokenHash: string; submittedAt: Date; stepReached: number },
): Promise<"ok" | "taken" | "gone"> {
  await db().$executeRaw`SAVEPOINT submit_reference`;
  try {
    const { count } = await db().formRequest.updateMany({
      where: { tenantId, id: requestId, status: "draft" },
      data: { ...change, status: "submitted", stateChangedAt: change.submittedAt, draftTokenHash: null },
    });
    await db().$executeRaw`RELEASE SAVEPOINT submit_reference`;
    return count === 1 ? "ok" : "gone";
  } catch (error) {
    const e = error as { code?: string; message?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } };
    const unique = e?.code === "P2002" || e?.meta?.driverAdapterError?.cause?.originalCode === "23505" || String(e?.message ?? "").includes("23505");
    if (!unique) throw error;
    await db().$executeRaw`ROLLBACK TO SAVEPOINT submit_reference`;
    return "taken";
  }
}

// ——— Citizen space: a citizen's drafts and requests ———

/** The citizen's latest draft of a form. */
export function findCitizenDraft(tenantId: string, citizenId: string, formId: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, citizenId, formId, status: "draft" }, orderBy: { updatedAt: "desc" } });
}

/** Attaches the town's sent requests, and drafts saved for later, made with `email` that belong to no account yet. */
export async function attachRequestsToCitizen(tenantId: string, citizenId: string, email: string, locale: string): Promise<number> {
  const { count } = await db().formRequest.updateMany({ where: { tenantId, citizenId: null, email, anonymisedAt: null }, data: { citizenId, locale } });
  return count;
}

export async function setCitizenRequestsLocale(tenantId: string, citizenId: string, locale: string): Promise<void> {
  await db().formRequest.updateMany({ where: { tenantId, citizenId }, data: { locale } });
}

/** The citizen's drafts and sent requests, newest first. */
export function listCitizenRequests(tenantId: string, citizenId: string): Promise<TRequestRow[]> {
  return db().formRequest.findMany({ where: { tenantId, citizenId }, orderBy: { updatedAt: "desc" }, take: 500 });
}

export function findCitizenRequest(tenantId: string, citizenId: string, requestId: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, citizenId, id: requestId } });
}

/** Forms and versions of a set of requests (titles, workflows). */
export async function formsAndVersionsOf(tenantId: string, formIds: string[], versionIds: string[]) {
  const [forms, versions] = await Promise.all([
    db().form.findMany({ where: { tenantId, id: { in: formIds } } }),
    db().formVersion.findMany({ where: { tenantId, id: { in: versionIds } } }),
  ]);
  return { forms, versions };
}

/** The history lines of several requests (the citizen's timeline keeps the public ones). */
export function listEventsOfRequests(tenantId: string, requestIds: string[]): Promise<TRequestEventRow[]> {
  return db().requestEvent.findMany({ where: { tenantId, requestId: { in: requestIds } }, orderBy: { createdAt: "desc" }, take: 2000 });
}

/** Account deleted: the ids of its drafts (deleted with their files by the caller). */
export async function deleteCitizenDrafts(tenantId: string, citizenId: string): Promise<string[]> {
  const drafts = await db().formRequest.findMany({ where: { tenantId, citizenId, status: "draft" }, select: { id: true } });
  await db().formRequest.deleteMany({ where: { tenantId, citizenId, status: "draft" } });
  return drafts.map((d) => d.id);
}

/** Account deleted: its requests still being handled stay with the town, no longer linked to the account. */
export async function detachCitizenRequests(tenantId: string, citizenId: string): Promise<number> {
  const { count } = await db().formRequest.updateMany({ where: { tenantId, citizenId }, data: { citizenId: null } });
  return count;
}
