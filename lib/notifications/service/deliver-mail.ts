// Sends one outbox message (the pg-boss job's work). Idempotent: a message already sent or abandoned
// is skipped. On failure the attempt is recorded and the error rethrown so pg-boss retries with
// backoff; after the last retry the message is marked failed, visible in admin, its secret erased.
import { getEnv } from "@/lib/core/env";
import { mailBrand } from "@/lib/notifications/brand";
import { mailer } from "@/lib/notifications/mailer";
import { getOutbox, markAttemptFailed, markSent } from "@/lib/notifications/repo";
import { renderMail } from "@/lib/notifications/templates";
import type { TMailJob } from "@/lib/notifications/service/queue-mail";

export async function deliverMail(job: TMailJob, attempt: { retryCount: number; retryLimit: number }): Promise<"sent" | "skipped"> {
  const message = await getOutbox(job.outboxId, job.tenantId);
  if (!message || message.status !== "pending") return "skipped";
  try {
    const brand = await mailBrand(message.tenantId, message.locale);
    const rendered = await renderMail({
      template: message.template,
      locale: message.locale,
      params: (message.params ?? {}) as Record<string, unknown>,
      secret: (message.secret ?? null) as Record<string, unknown> | null,
      brand,
      // The town's own wording and the translations edited in the app, as on its pages.
      tenantId: message.tenantId,
    });
    await mailer().sendMail({
      // The configured address, under the town's name.
      from: { name: brand.name, address: /<([^>]+)>/.exec(getEnv().MAIL_FROM)?.[1] ?? getEnv().MAIL_FROM.trim() },
      to: message.toAddress,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments: rendered.attachments,
      headers: { "X-Civitas-Message": message.id, "Auto-Submitted": "auto-generated" },
    });
    await markSent(message.id, rendered.subject);
    return "sent";
  } catch (error) {
    const final = attempt.retryCount >= attempt.retryLimit;
    await markAttemptFailed(message.id, error instanceof Error ? error.message : String(error), final);
    throw error;
  }
}
