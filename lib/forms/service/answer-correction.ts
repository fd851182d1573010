// Answering a request for correction (the workflow's "request-correction" task stored
// form_request.correction = { fields, message, returnState, tokenHash, askedAt, askedBy } and mailed a
// link with its own secret). The citizen answers ONLY the fields asked for; the answers are merged into
// the request, the request returns to correction.returnState, the pending correction is cleared (its
// link stops working) and a public "correction-answered" event records which fields changed.
//
// The page opens with the correction's secret (the e-mail) or with the request's follow-up secret while
// a correction is pending (the follow-up page links to it: the correction secret is only hashed, so the
// follow-up page cannot repeat it). Both secrets belong to the citizen who sent the request.
import { hashSecret } from "@/lib/auth/tokens";
import { ActionError, FieldsError } from "@/lib/core/errors";
import { answerFields, parseDefinition, type TField, type TFormDefinition } from "@/lib/forms/definition";
import { parseStepValues, type TPostedValues } from "@/lib/forms/fill/parse-values";
import { validateFields } from "@/lib/forms/fill/validate";
import type { TAnswers } from "@/lib/forms/fill/visibility";
import { applyCorrectionAnswer, findForm, findRequestByCorrectionHash, findVersion, insertRequestEvent, listRequestDocuments, type TFormRow, type TFormVersionRow, type TRequestRow } from "@/lib/forms/repo";
import type { TPendingCorrection } from "@/lib/forms/service/run-action";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TTenant } from "@/lib/tenancy/registry";

export type TFoundCorrection = {
  request: TRequestRow;
  form: TFormRow;
  version: TFormVersionRow;
  definition: TFormDefinition;
  correction: TPendingCorrection;
  /** The fields asked for, in the form's order */
  fields: TField[];
};

function pendingOf(value: unknown): TPendingCorrection | null {
  const c = value as Partial<TPendingCorrection> | null;
  if (!c || typeof c !== "object" || typeof c.tokenHash !== "string" || !Array.isArray(c.fields) || typeof c.returnState !== "string") return null;
  return { fields: c.fields.filter((f): f is string => typeof f === "string"), message: String(c.message ?? ""), returnState: c.returnState, tokenHash: c.tokenHash, askedAt: String(c.askedAt ?? ""), askedBy: c.askedBy ?? null };
}

/**
 * The sent request of THIS town with a pending correction that `secret` opens (the correction's own
 * secret, or the request's follow-up secret), else null. Also for the correction's upload route.
 */
export async function findPendingCorrection(tenantId: string, secret: string): Promise<TFoundCorrection | null> {
  if (!secret || secret.length > 100) return null;
  const hash = hashSecret(secret);
  const request = await findRequestByCorrectionHash(tenantId, hash);
  const correction = pendingOf(request?.correction);
  if (!request || !correction || request.anonymisedAt || request.status !== "submitted") return null;
  const [form, version] = await Promise.all([findForm(tenantId, request.formId), findVersion(tenantId, request.versionId)]);
  if (!form || !version) return null;
  const definition = parseDefinition(version.definition);
  const asked = new Set(correction.fields);
  const fields = answerFields(definition).filter((f) => asked.has(f.id));
  return { request, form, version, definition, correction, fields };
}

export type TCorrectionAnswered = { requestId: string; reference: string; fields: string[]; state: string };

export async function answerCorrection(input: { tenant: TTenant; secret: string; values: TPostedValues; locale: string; now?: Date }): Promise<TCorrectionAnswered> {
  const { tenant, locale } = input;
  const now = input.now ?? new Date();
  const found = await findPendingCorrection(tenant.id, input.secret);
  if (!found) throw new ActionError("followCorrectionGone");
  const { request, correction, fields } = found;
  const answers = parseStepValues(fields, input.values);
  const data: TAnswers = { ...((request.data ?? {}) as TAnswers) };
  for (const field of fields) {
    if (field.type === "file" || field.type === "info") continue;
    if (answers[field.id] === undefined) delete data[field.id];
    else data[field.id] = answers[field.id];
  }
  const documents = await listRequestDocuments(tenant.id, request.id);
  const errors = validateFields(fields, data, { locale, fallbackLocales: [tenant.defaultLocale], timeZone: tenant.timeZone, now, documents }, "", null, data);
  if (Object.keys(errors).length > 0) throw new FieldsError(errors);
  if (!(await applyCorrectionAnswer(tenant.id, request.id, correction.tokenHash, { data: data as Prisma.InputJsonValue, state: correction.returnState, at: now }))) {
    throw new ActionError("followCorrectionGone");
  }
  const asked = fields.map((f) => f.id);
  await insertRequestEvent(tenant.id, { requestId: request.id, kind: "correction-answered", fromState: request.state, toState: correction.returnState, public: true, actorKind: "citizen", details: { fields: asked }, createdAt: now });
  return { requestId: request.id, reference: request.reference ?? "", fields: asked, state: correction.returnState };
}
