// Sending a request: the last check of every visible step, the form's rules (published, sign-in,
// one request per citizen), the reference, the workflow's first state, the "submitted" event, the
// appointments of slot fields, and the confirmation e-mail with the follow-up link — in one
// transaction: if anything fails, nothing is sent.
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/prisma/client";
import { hashSecret } from "@/lib/auth/tokens";
import { inTransaction } from "@/lib/core/db";
import { calendarDateInZone } from "@/lib/core/dates";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import type { TFormDefinition } from "@/lib/forms/definition";
import { validateForm } from "@/lib/forms/fill/validate";
import { dropHidden, visibleFieldIds, type TAnswers } from "@/lib/forms/fill/visibility";
import { findForm, findRequest, findSentRequestByEmail, findVersion, insertRequestEvent, listRequestDocuments, lockCitizenForm, markRequestSubmitted, type TFormRow, type TRequestRow } from "@/lib/forms/repo";
import { draftAnswers, draftDefinition, fallbackLocales, validateContext } from "@/lib/forms/service/fill-draft";
import { followSecretFor, followUrl } from "@/lib/forms/service/follow-link";
import { bookRequestSlots } from "@/lib/forms/service/slot-booking";
import { parseWorkflow } from "@/lib/workflow/definition";
import { pickLocalized } from "@/lib/i18n/localized";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import type { TTenant } from "@/lib/tenancy/registry";

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;

/** <prefix>-<year>-<6 of A-Z2-9 without O/0/I/1>, e.g. BW-2026-4F7K2Q. */
export function newRequestReference(prefix: string, year: number): string {
  const chars = [...randomBytes(6)].map((b) => REFERENCE_ALPHABET[b % 32]).join("");
  return `${prefix.toUpperCase()}-${year}-${chars}`;
}

export { followUrl };

/** The step whose answers stop the sending (the citizen is sent back to it). */
export class StepIncompleteError extends ActionError {
  constructor(public readonly stepId: string) {
    super("fieldStepIncomplete");
    this.name = "StepIncompleteError";
  }
}

/** The contact e-mail a form already asks (its first visible e-mail field answered), if any. */
export function contactEmailFromAnswers(definition: TFormDefinition, data: TAnswers): string | null {
  const visible = visibleFieldIds(definition, data);
  for (const step of definition.steps)
    for (const field of step.fields) if (field.type === "email" && visible.has(field.id) && typeof data[field.id] === "string" && data[field.id] !== "") return String(data[field.id]);
  return null;
}

/** Refusals that do not depend on the answers: the form must be open and not need a sign-in (no citizen accounts yet). */
/** Why this form cannot be filled in and sent now: closed, or only for signed-in citizens and nobody is. */
export function sendingRefusal(form: Pick<TFormRow, "status" | "loginRequired">, signedIn: boolean): "fieldFormClosed" | "fieldLoginRequired" | null {
  if (form.status !== "published") return "fieldFormClosed";
  if (form.loginRequired && !signedIn) return "fieldLoginRequired";
  return null;
}

/** The signed-in citizen sending (citizen space): the request becomes theirs, in their language. */
export type TSendingCitizen = { id: string; locale: string } | null;

export type TSubmitResult = { request: TRequestRow; reference: string; followSecret: string; form: TFormRow };

export async function submitRequest(input: { tenant: TTenant; draft: TRequestRow; contact: { name?: string; email?: string }; locale: string; citizen?: TSendingCitizen; now?: Date }): Promise<TSubmitResult> {
  const { tenant, draft } = input;
  const citizen = input.citizen ?? null;
  const locale = citizen && tenant.enabledLocales.includes(citizen.locale) ? citizen.locale : input.locale;
  const now = input.now ?? new Date();
  return inTransaction(async () => {
    const form = await findForm(tenant.id, draft.formId);
    if (!form || form.archivedAt || draft.tenantId !== tenant.id || draft.status !== "draft") throw new NotFoundError();
    const refusal = sendingRefusal(form, citizen !== null);
    if (refusal) throw new ActionError(refusal);
    if (draft.citizenId && draft.citizenId !== citizen?.id) throw new NotFoundError();
    const version = await findVersion(tenant.id, draft.versionId);
    if (!version) throw new NotFoundError();
    const definition = await draftDefinition(tenant.id, draft);
    const data = dropHidden(definition, draftAnswers(draft));

    const documents = await listRequestDocuments(tenant.id, draft.id);
    const invalid = validateForm(definition, data, validateContext(tenant, locale, documents, now));
    if (invalid) throw new StepIncompleteError(invalid.stepId);

    // The contact: a name always, the e-mail from the form's own e-mail field or typed on the check page.
    const name = (input.contact.name ?? "").trim().replace(/\s+/g, " ");
    const email = (contactEmailFromAnswers(definition, data) ?? input.contact.email ?? "").trim().toLowerCase();
    const contactErrors: Record<string, { key: string }> = {};
    if (!name || name.length > 200) contactErrors.contactName = { key: "fieldContactName" };
    if (!EMAIL.test(email) || email.length > 254) contactErrors.contactEmail = { key: "fieldContactEmail" };
    if (Object.keys(contactErrors).length > 0) throw new FieldsError(contactErrors);

    if (form.onePerCitizen) {
      await lockCitizenForm(tenant.id, form.id, email);
      if (await findSentRequestByEmail(tenant.id, form.id, email)) throw new ActionError("fieldAlreadySent");
    }

    const state = parseWorkflow(version.workflow).initial;
    const year = calendarDateInZone(now, tenant.timeZone).getUTCFullYear();
    const followSecret = followSecretFor(draft);
    let reference = "";
    for (let attempt = 0; ; attempt++) {
      reference = newRequestReference(form.referencePrefix, year);
      const outcome = await markRequestSubmitted(tenant.id, draft.id, {
        reference,
        state,
        data: data as Prisma.InputJsonValue,
        email,
        name,
        locale,
        citizenId: citizen?.id ?? null,
        followTokenHash: hashSecret(followSecret),
        submittedAt: now,
        stepReached: definition.steps.length,
      });
      if (outcome === "ok") break;
      if (outcome === "gone" || attempt >= 5) throw new NotFoundError();
    }
    await insertRequestEvent(tenant.id, { requestId: draft.id, kind: "submitted", toState: state, public: true, actorKind: "citizen", details: { reference }, createdAt: now });

    let request = (await findRequest(tenant.id, draft.id)) as TRequestRow;
    if (definition.steps.some((s) => s.fields.some((f) => f.type === "slot"))) {
      await bookRequestSlots({ tenant, request, definition, locale });
      request = (await findRequest(tenant.id, draft.id)) as TRequestRow;
    }

    const fallbacks = fallbackLocales(tenant, locale);
    await queueMail({
      tenantId: tenant.id,
      to: email,
      template: "request-received",
      locale,
      params: {
        name,
        reference,
        form: pickLocalized(version.titles, locale, fallbacks)?.text ?? form.slug,
        nextSteps: pickLocalized(form.nextSteps, locale, fallbacks)?.text ?? "",
      },
      secret: { link: followUrl(tenant, locale, followSecret) },
    });
    return { request, reference, followSecret, form };
  });
}
