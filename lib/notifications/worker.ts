// The mail worker, run by `npm start` in every server process: pg-boss hands each job to one process.
import type PgBoss from "pg-boss";
import { getLogger } from "@/lib/core/logger";
import { getBoss, MAIL_QUEUE } from "@/lib/notifications/boss";
import { deliverMail } from "@/lib/notifications/service/deliver-mail";
import type { TMailJob } from "@/lib/notifications/service/queue-mail";

const MAIL_CONCURRENCY = 4;

export async function startMailWorker(options: { pollingIntervalSeconds?: number } = {}): Promise<void> {
  const boss = await getBoss();
  await boss.work<TMailJob>(
    MAIL_QUEUE,
    // Up to 20 jobs per fetch, 4 sent at a time: a booking rush queues confirmations faster than one
    // at a time per second could send them (bench/rush measured 10 mails/s with batches of 5).
    { includeMetadata: true, batchSize: 20, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 1 },
    async (jobs: PgBoss.JobWithMetadata<TMailJob>[]) => {
      const log = getLogger();
      // A batch fails as a whole in pg-boss: send each, then rethrow the first failure so the failed
      // ones are retried (the sent ones are skipped on retry: they are no longer pending).
      let failure: unknown = null;
      const queue = [...jobs];
      const sendNext = async (): Promise<void> => {
        for (let job = queue.shift(); job; job = queue.shift()) {
          try {
            const result = await deliverMail(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit });
            log.info({ outboxId: job.data.outboxId, tenantId: job.data.tenantId, result }, "mail job done");
          } catch (error) {
            log.warn({ err: error, outboxId: job.data.outboxId, attempt: job.retryCount + 1 }, "mail send failed; pg-boss will retry");
            failure ??= error;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(MAIL_CONCURRENCY, jobs.length) }, sendNext));
      if (failure) throw failure;
    },
  );
}
