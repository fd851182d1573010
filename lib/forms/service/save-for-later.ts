// "Save and come back later": the citizen gives an e-mail address, the draft keeps it, and a mail
// carries a link that opens the draft again from any browser, with the date the draft will be deleted
// if nobody touches it (form.draftRetentionDays after its last change, which is now). The database
// keeps only the hash of a draft's secret, so the link carries a NEW secret that replaces the old one
// (the caller sets this browser's cookie to it). Limited per address (shared limiter in PostgreSQL)
// and per client address (each server's memory), so nobody can mail-bomb an address with it.
import { overLimit } from "@/lib/appointments/limits";
import { consume } from "@/lib/auth/rate-limit";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { findForm, saveDraftContact, type TRequestRow } from "@/lib/forms/repo";
import { newDraftSecret } from "@/lib/forms/service/draft-access";
import { draftDeletionDate } from "@/lib/forms/service/purge-drafts";
import { pickLocalized } from "@/lib/i18n/localized";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

export const resumeLink = (tenant: Pick<TTenant, "slug">, locale: string, secret: string) => `${tenantOrigin(tenant)}/${locale}/requests/resume/${secret}`;

export async function sendResumeLink(input: { tenant: TTenant; draft: TRequestRow; email: string; locale: string; ip: string | null; now?: Date }): Promise<{ secret: string; deleteOn: Date; formId: string }> {
  const { tenant, draft, locale } = input;
  const email = input.email.trim().toLowerCase();
  const now = input.now ?? new Date();
  const form = await findForm(tenant.id, draft.formId);
  if (!form || draft.status !== "draft") throw new NotFoundError();
  const waitIp = await overLimit("hold", `resume-mail:${input.ip ?? "unknown"}`);
  const waitEmail = waitIp > 0 ? 0 : await consume("reset", `draft-resume:${tenant.id}:${email}`);
  const wait = Math.max(waitIp, waitEmail);
  if (wait > 0) throw new ActionError("followTooManyLinks", { minutes: Math.max(1, Math.ceil(wait / 60)) }, "email");
  const { secret, hash } = newDraftSecret();
  if (!(await saveDraftContact(tenant.id, draft.id, { email, draftTokenHash: hash }))) throw new NotFoundError();
  const deleteOn = draftDeletionDate(now, form.draftRetentionDays);
  await queueMail({
    tenantId: tenant.id,
    to: email,
    template: "request-resume",
    locale,
    params: { form: pickLocalized(form.titles, locale, [tenant.defaultLocale])?.text ?? form.slug, deleteOn: deleteOn.toISOString(), timeZone: tenant.timeZone },
    secret: { link: resumeLink(tenant, locale, secret) },
  });
  return { secret, deleteOn, formId: form.id };
}
