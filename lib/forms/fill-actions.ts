"use server";
// The citizen's side of a form, as server actions through the action wrapper. Public (no sign-in):
// the town comes from the Host, the draft from this browser's cookie — never from a form field.
import { getCitizen } from "@/lib/auth/citizen-session";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { draftFromCookie, forgetDraft } from "@/lib/forms/service/draft-access";
import { keepTypedAnswers, parseIntent, publicForm, saveStep, startDraft } from "@/lib/forms/service/fill-draft";
import { sendingRefusal, StepIncompleteError, submitRequest } from "@/lib/forms/service/submit-request";
import type { TTenant } from "@/lib/tenancy/registry";

const ZSlug = z.string().regex(/^[a-z0-9-]{1,64}$/);
const ZStep = z.string().regex(/^[a-z][a-z0-9_-]{0,47}$/);

async function formOf(tenant: TTenant, slug: string) {
  const found = await publicForm(tenant, slug);
  if (!found) throw new NotFoundError();
  return found;
}

async function draftOf(tenant: TTenant, formId: string) {
  const draft = await draftFromCookie(tenant.id, formId);
  if (!draft) throw new ActionError("fieldDraftMissing");
  return draft;
}

const base = (locale: string, slug: string) => `/${locale}/requests/${slug}`;

/** "Start now" (and "Start again"): a new draft in this browser, then its first step. */
export const startRequestAction = defineAction({
  name: "requests.start",
  input: z.object({ slug: ZSlug }),
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale }) => {
    const { form } = await formOf(tenant, input.slug);
    const citizen = await getCitizen();
    const refusal = sendingRefusal(form, citizen !== null);
    if (refusal) throw new ActionError(refusal);
    const { draft, firstStep } = await startDraft({ tenant, form, locale, citizenId: citizen?.id ?? null });
    return { requestId: draft.id, formId: form.id, slug: form.slug, firstStep: firstStep?.id ?? null };
  },
  audit: (_input, result) => ({ action: "requests.start", targetType: "form-request", targetId: result.requestId, summary: { formId: result.formId } }),
  after: (result, { locale }) => redirect(`${base(locale, result.slug)}/${result.firstStep ?? "check"}`),
});

/**
 * A step's "Continue" (and its "Add another" / "Remove" buttons, posted with `intent`): saves and goes
 * on, or answers with the errors and every value typed (the page shows them again).
 */
export const saveStepAction = defineAction({
  name: "requests.save-step",
  input: z.looseObject({ slug: ZSlug, stepId: ZStep, intent: z.string().max(120).optional(), return: z.string().max(10).optional() }),
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale }) => {
    const { form } = await formOf(tenant, input.slug);
    const draft = await draftOf(tenant, form.id);
    const values: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(input)) {
      if (typeof value === "string") values[key] = value;
      else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === "string");
    }
    // "Save and come back later": keep what was typed on this step as it is, then ask for an e-mail address.
    if (input.intent === "later") {
      await keepTypedAnswers(tenant, draft, values);
      return { later: true as const, requestId: draft.id, slug: form.slug, stepId: input.stepId, returnToCheck: false };
    }
    const result = await saveStep({ tenant, draft, stepId: input.stepId, values, intent: parseIntent(input.intent), locale });
    return { ...result, later: false as const, requestId: draft.id, slug: form.slug, stepId: input.stepId, returnToCheck: input.return === "check" };
  },
  audit: (input, result) => ({ action: "requests.save-step", targetType: "form-request", targetId: result.requestId, summary: { step: input.stepId, intent: input.intent ?? "save" } }),
  after: (result, { locale }) => {
    const where = base(locale, result.slug);
    if (result.later) redirect(`${where}/save`);
    // A group row added or removed: the same step again. The address changes with the number of rows so
    // the client router fetches the page again (the same address, or only an #anchor, would not).
    if (result.stay) redirect(`${where}/${result.stepId}?${result.returnToCheck ? "return=check&" : ""}rows=${result.group}-${result.rows}`);
    if (result.returnToCheck) redirect(`${where}/check`);
    redirect(`${where}/${result.next ? result.next.id : "check"}`);
  },
});

/** "Accept and send" on the check page: sends, forgets the draft's cookie, opens the follow-up page. */
export const submitRequestAction = defineAction({
  name: "requests.submit",
  input: z.object({ slug: ZSlug, contactName: z.string().max(400).optional(), contactEmail: z.string().max(400).optional() }),
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale }) => {
    const { form } = await formOf(tenant, input.slug);
    const draft = await draftOf(tenant, form.id);
    try {
      const citizen = await getCitizen();
      const sent = await submitRequest({ tenant, draft, contact: { name: input.contactName, email: input.contactEmail }, locale, citizen: citizen ? { id: citizen.id, locale: citizen.citizen.locale } : null });
      return { requestId: sent.request.id, reference: sent.reference, followSecret: sent.followSecret, formId: form.id };
    } catch (error) {
      // An answer no longer right (a date now too close, a file removed…): back to its step.
      if (error instanceof StepIncompleteError) redirect(`${base(locale, form.slug)}/${error.stepId}?return=check&fix=1`);
      throw error;
    }
  },
  audit: (_input, result) => ({ action: "requests.submit", targetType: "form-request", targetId: result.requestId, summary: { reference: result.reference, formId: result.formId } }),
  after: async (result, { locale }) => {
    await forgetDraft(result.formId);
    redirect(`/${locale}/requests/follow/${result.followSecret}?sent=1`);
  },
});
