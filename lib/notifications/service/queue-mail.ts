// Queues an e-mail: an outbox row and its pg-boss job, in the current transaction. If the change that
// causes the mail rolls back, no mail is sent; if it commits, the mail will be sent (with retries).
import { db, inTransaction } from "@/lib/core/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getBoss, MAIL_QUEUE, transactionExecutor } from "@/lib/notifications/boss";
import { insertOutbox } from "@/lib/notifications/repo";
import type { TMailTemplateId, TMailTemplates } from "@/lib/notifications/templates";

export type TMailJob = { outboxId: string; tenantId: string | null };

export async function queueMail<T extends TMailTemplateId>(mail: {
  tenantId: string | null;
  to: string;
  template: T;
  locale: string;
  params: TMailTemplates[T]["params"];
  secret?: TMailTemplates[T]["secret"];
}): Promise<{ id: string }> {
  const boss = await getBoss();
  return inTransaction(async () => {
    const row = await insertOutbox({
      tenantId: mail.tenantId,
      toAddress: mail.to,
      template: mail.template,
      locale: mail.locale,
      params: mail.params as Prisma.InputJsonValue,
      secret: (mail.secret ?? null) as Prisma.InputJsonValue | null,
    });
    const job: TMailJob = { outboxId: row.id, tenantId: mail.tenantId };
    await boss.send(MAIL_QUEUE, job, { db: transactionExecutor(db()) });
    return row;
  });
}
