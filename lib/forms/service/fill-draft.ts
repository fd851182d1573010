// Filling in a form: the draft (a FormRequest with status "draft", opened by the secret of this
// browser's cookie), saving a step, keeping what was typed. Every save re-reads the draft's version:
// the answers are checked against the form as it was when the citizen started.
import type { Prisma } from "@/lib/generated/prisma/client";
import { NotFoundError, FieldsError } from "@/lib/core/errors";
import { parseDefinition, type TField, type TFormDefinition, type TStep } from "@/lib/forms/definition";
import { parseStepValues, type TPostedValues } from "@/lib/forms/fill/parse-values";
import { validateFields, type TValidateContext } from "@/lib/forms/fill/validate";
import { dropHidden, nextStep, resumeStep, visibleFieldIds, visibleFieldsOf, type TAnswers } from "@/lib/forms/fill/visibility";
import { findFormBySlug, findVersion, insertDraft, listRequestDocuments, saveDraftAnswers, type TFormRow, type TFormVersionRow, type TRequestRow } from "@/lib/forms/repo";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import type { TTenant } from "@/lib/tenancy/registry";

/** The form of this town at /requests/<slug> as citizens see it (published or closed), with its current version. */
export async function publicForm(tenant: Pick<TTenant, "id" | "modules">, slug: string): Promise<{ form: TFormRow; version: TFormVersionRow; definition: TFormDefinition } | null> {
  if (!tenant.modules.includes("forms") || !/^[a-z0-9-]{1,64}$/.test(slug)) return null;
  const form = await findFormBySlug(tenant.id, slug);
  if (!form || (form.status !== "published" && form.status !== "closed") || !form.currentVersionId) return null;
  const version = await findVersion(tenant.id, form.currentVersionId);
  if (!version) return null;
  return { form, version, definition: parseDefinition(version.definition) };
}

/** The definition a draft is filled with (its own version). */
export async function draftDefinition(tenantId: string, draft: TRequestRow): Promise<TFormDefinition> {
  const version = await findVersion(tenantId, draft.versionId);
  if (!version) throw new NotFoundError();
  return parseDefinition(version.definition);
}

export const draftAnswers = (draft: Pick<TRequestRow, "data">): TAnswers => (draft.data && typeof draft.data === "object" && !Array.isArray(draft.data) ? (draft.data as TAnswers) : {});

/** The town's fallbacks for texts written by agents: its default language. */
export const fallbackLocales = (tenant: Pick<TTenant, "defaultLocale" | "enabledLocales">, locale: string): string[] => [tenant.defaultLocale, ...tenant.enabledLocales].filter((l) => l !== locale);

export function validateContext(tenant: TTenant, locale: string, documents: TValidateContext["documents"], now = new Date()): TValidateContext {
  return { locale, fallbackLocales: fallbackLocales(tenant, locale), timeZone: tenant.timeZone, now, documents };
}

/** A new draft of the form's current version; the secret is the caller's to keep (cookie, tests). */
export async function createDraft(input: { tenant: TTenant; form: TFormRow; locale: string; citizenId?: string | null }): Promise<{ draft: TRequestRow; secret: string }> {
  const { tenant, form, locale } = input;
  if (form.status !== "published" || !form.currentVersionId) throw new NotFoundError();
  // The same secret as draft-access's newDraftSecret (not imported: that module needs a request's cookies,
  // and this one is also used by tests and jobs outside any request).
  const secret = newSecret();
  const draft = await insertDraft(tenant.id, { formId: form.id, versionId: form.currentVersionId, locale, draftTokenHash: hashSecret(secret), citizenId: input.citizenId ?? null });
  return { draft, secret };
}

/** "Start now": a new draft, remembered in this browser's cookie. Returns the first step to show (null: check). */
export async function startDraft(input: { tenant: TTenant; form: TFormRow; locale: string; citizenId?: string | null }): Promise<{ draft: TRequestRow; firstStep: TStep | null }> {
  const { draft, secret } = await createDraft(input);
  const { rememberDraft } = await import("@/lib/forms/service/draft-access");
  await rememberDraft(input.form.id, secret);
  const definition = await draftDefinition(input.tenant.id, draft);
  return { draft, firstStep: resumeStep(definition, {}, 0) };
}

/** What a step's submit button asks: save and go on, or add / remove a row of a repeatable group. */
export type TStepIntent = { kind: "save" } | { kind: "add"; group: string } | { kind: "remove"; group: string; index: number };

export function parseIntent(raw: unknown): TStepIntent {
  const value = typeof raw === "string" ? raw : "";
  const add = /^add:([a-z][a-z0-9_]{0,47})$/.exec(value);
  if (add?.[1]) return { kind: "add", group: add[1] };
  const remove = /^remove:([a-z][a-z0-9_]{0,47}):(\d{1,2})$/.exec(value);
  if (remove?.[1]) return { kind: "remove", group: remove[1], index: Number(remove[2]) };
  return { kind: "save" };
}

/** The answers of `step` read from the posted values, merged over the draft's other answers. */
function mergeStep(step: TStep, previous: TAnswers, values: TPostedValues, keepEmptyRows: boolean): TAnswers {
  const typed = parseStepValues(step.fields, values, { keepEmptyRows });
  const merged: TAnswers = { ...previous };
  for (const field of step.fields) delete merged[field.id];
  for (const [id, value] of Object.entries(typed)) {
    const field = step.fields.find((f) => f.id === id) as TField;
    // The same time chosen again keeps what booking it added (appointment id, reference).
    const before = previous[id] as { siteId?: string; start?: string } | undefined;
    const now = value as { siteId?: string; start?: string };
    merged[id] = field.type === "slot" && before?.siteId === now.siteId && before?.start === now.start ? before : value;
  }
  return merged;
}

function findStep(definition: TFormDefinition, stepId: string): TStep {
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) throw new NotFoundError();
  return step;
}

/** How many rows a group shows: its answers, at least its minimum, at least one. */
export function groupRowCount(field: TField, value: unknown): number {
  const rows = Array.isArray(value) ? value.length : 0;
  return Math.min(Math.max(rows, field.minItems ?? 0, 1), field.maxItems ?? 50);
}

/** stay: a group row added or removed (`rows`: how many the group has now). */
export type TSaveStepResult = { stay: true; stepId: string; group: string; rows: number } | { stay: false; next: TStep | null };

/**
 * Saves a step. "Add another" / "Remove" keep what was typed (nothing checked) and stay on the step.
 * Otherwise the step's visible fields are checked (FieldsError by input name); the answers are merged,
 * the answers of fields now hidden are dropped, and the draft moves on to the next visible step.
 */
export async function saveStep(input: { tenant: TTenant; draft: TRequestRow; stepId: string; values: TPostedValues; intent?: TStepIntent; locale: string; now?: Date }): Promise<TSaveStepResult> {
  const { tenant, draft, values } = input;
  const intent = input.intent ?? { kind: "save" };
  const definition = await draftDefinition(tenant.id, draft);
  const step = findStep(definition, input.stepId);
  const previous = draftAnswers(draft);

  if (intent.kind !== "save") {
    const group = step.fields.find((f) => f.id === intent.group && f.type === "group");
    if (!group) throw new NotFoundError();
    const merged = mergeStep(step, previous, values, true);
    const rows = Array.isArray(merged[group.id]) ? [...(merged[group.id] as TAnswers[])] : [];
    while (rows.length < groupRowCount(group, previous[group.id]) && intent.kind === "add") rows.push({});
    if (intent.kind === "add" && rows.length < (group.maxItems ?? 50)) rows.push({});
    if (intent.kind === "remove" && intent.index < rows.length) rows.splice(intent.index, 1);
    merged[group.id] = rows;
    if (!(await saveDraftAnswers(tenant.id, draft.id, { data: merged as Prisma.InputJsonValue }))) throw new NotFoundError();
    return { stay: true, stepId: step.id, group: group.id, rows: rows.length };
  }

  const merged = mergeStep(step, previous, values, false);
  const visible = visibleFieldIds(definition, merged);
  const documents = await listRequestDocuments(tenant.id, draft.id);
  const errors = validateFields(visibleFieldsOf(step, visible), merged, validateContext(tenant, input.locale, documents, input.now));
  if (Object.keys(errors).length > 0) throw new FieldsError(errors);
  const data = dropHidden(definition, merged);
  const stepReached = Math.max(draft.stepReached, definition.steps.indexOf(step) + 1);
  if (!(await saveDraftAnswers(tenant.id, draft.id, { data: data as Prisma.InputJsonValue, stepReached }))) throw new NotFoundError();
  return { stay: false, next: nextStep(definition, data, step.id) };
}

/**
 * Keeps the values typed on a step WITHOUT checking them (the upload button of a step without
 * JavaScript posts the whole step to the upload route). The step is the posted `stepId`, else the
 * one whose inputs were posted. Group rows are kept even when empty.
 */
export async function keepTypedAnswers(tenant: TTenant, draft: TRequestRow, values: Record<string, string | string[]>): Promise<void> {
  const definition = await draftDefinition(tenant.id, draft);
  const stepId = typeof values.stepId === "string" ? values.stepId : null;
  const posted = Object.keys(values);
  const step =
    definition.steps.find((s) => s.id === stepId) ??
    definition.steps.find((s) => s.fields.some((f) => f.type !== "file" && f.type !== "info" && posted.some((name) => name === f.id || name.startsWith(`${f.id}.`))));
  if (!step) return;
  const merged = mergeStep(step, draftAnswers(draft), values, true);
  await saveDraftAnswers(tenant.id, draft.id, { data: merged as Prisma.InputJsonValue });
}
