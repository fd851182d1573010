// The mail worker, run by `npm start` in every server process: pg-boss hands each job to one process.
import type PgBoss from "pg-boss";
import { getLogger } from "@/lib/core/logger";
import { getBoss, MAIL_QUEUE } from "@/lib/notifications/boss";
import { deliverMail } from "@/lib/notifications/service/deliver-mail";
import type { TMailJob } from "@/lib/notifications/service/queue-mail";

export async function startMailWorker(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getBoss();
  await boss.work<TMailJob>(
    MAIL_QUEUE,
    { includeMetadata: true, batchSize: 5, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
    async (jobs: PgBoss.JobWithMetadata<TMailJob>[]) => {
      const log = getLogger();
      // A batch fails as a whole in pg-boss: send each, then rethrow the first failure so the failed
      // ones are retried (the sent ones are skipped on retry: they are no longer pending).
      let failure: unknown = null;
      for (const job of jobs) {
        try {
          const result = await deliverMail(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit });
          log.info({ outboxId: job.data.outboxId, tenantId: job.data.tenantId, result }, "mail job done");
        } catch (error) {
          log.warn({ err: error, outboxId: job.data.outboxId, attempt: job.retryCount + 1 }, "mail send failed; pg-boss will retry");
          failure ??= error;
        }
      }
      if (failure) throw failure;
    },
  );
}
