"use server";
// Server actions of the citizen's follow-up part of the forms module: "save and come back later" and
// the answer to a request for correction. Public (no sign-in): the town comes from the Host, the draft
// from this browser's cookie, the request from the secret of the correction link.
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { ZEmail } from "@/lib/core/form-schemas";
import { findFormBySlug } from "@/lib/forms/repo";
import { answerCorrection } from "@/lib/forms/service/answer-correction";
import { draftFromCookie, rememberDraft } from "@/lib/forms/service/draft-access";
import { sendResumeLink } from "@/lib/forms/service/save-for-later";
import type { TTenant } from "@/lib/tenancy/registry";

function requireForms(tenant: TTenant): void {
  if (!tenant.modules.includes("forms")) throw new NotFoundError();
}

/** "Save and come back later": mails a resume link with a new secret, which this browser keeps too. */
export const saveForLaterAction = defineAction({
  name: "requests.save-for-later",
  input: z.object({ slug: z.string().min(1).max(64), email: ZEmail }),
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale, request }) => {
    requireForms(tenant);
    const form = await findFormBySlug(tenant.id, input.slug);
    const draft = form ? await draftFromCookie(tenant.id, form.id) : null;
    if (!draft) throw new ActionError("followNoDraft");
    const sent = await sendResumeLink({ tenant, draft, email: input.email, locale, ip: request.ip });
    return { ...sent, requestId: draft.id };
  },
  audit: (_input, result) => ({ action: "requests.save-for-later", targetType: "form-request", targetId: result.requestId }),
  after: async (result, { locale }, input) => {
    await rememberDraft(result.formId, result.secret);
    redirect(`/${locale}/requests/${input.slug}/save?sent=1`);
  },
});

/** The citizen's answer to a request for correction: only the fields asked for. */
export const answerCorrectionAction = defineAction({
  name: "requests.correction-answer",
  input: z.looseObject({ secret: z.string().min(20).max(100) }),
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale }) => {
    requireForms(tenant);
    const values: Record<string, string | string[]> = {};
    for (const [key, value] of Object.entries(input)) {
      if (key === "secret") continue;
      if (typeof value === "string") values[key] = value.slice(0, 10_000);
      else if (Array.isArray(value)) values[key] = value.filter((v): v is string => typeof v === "string").map((v) => v.slice(0, 10_000));
    }
    return answerCorrection({ tenant, secret: input.secret, values, locale });
  },
  audit: (_input, result) => ({ action: "requests.correction-answer", targetType: "form-request", targetId: result.requestId, summary: { fields: result.fields, state: result.state } }),
  after: (result, { locale }) => redirect(`/${locale}/requests/correct/done?reference=${encodeURIComponent(result.reference)}`),
});
