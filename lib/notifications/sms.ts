// Text messages (SMS), queued like e-mails: a row of sms_message and its pg-boss job are written in the
// caller's transaction, so a change that rolls back sends nothing; a job sends the message through the
// provider SMS_PROVIDER names, retried with backoff like mail.
//   log   development default: nothing leaves the machine; the message is recorded as sent and shown
//         to the town's administrators on the Sent e-mails page.
//   http  POST JSON {to, text, sender} to SMS_HTTP_URL with "Authorization: Bearer SMS_HTTP_TOKEN";
//         an answer other than 2xx is a failure (retried; after the last retry the message is failed).
import type PgBoss from "pg-boss";
import { databaseUrl, db, inTransaction } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { getLogger } from "@/lib/core/logger";
import { getBoss, MAIL_RETRY, transactionExecutor } from "@/lib/notifications/boss";
import { getSms, insertSms, listSms, markSmsAttemptFailed, markSmsSent } from "@/lib/notifications/repo";

export const SMS_QUEUE = "sms-send";
/** The same retries as mail: 6 more attempts, 15 s then doubling. */
export const SMS_RETRY = MAIL_RETRY;

export type TSmsJob = { smsId: string; tenantId: string | null };
export type TSmsMessage = { to: string; text: string; sender: string };

/** Where text messages go. A provider throws when the message was not accepted. */
export type TSmsProvider = { readonly name: "log" | "http"; send(message: TSmsMessage): Promise<void> };

const mask = (number: string) => `${number.slice(0, 3)}…${number.slice(-2)}`;

/** Records only (the row is the record): for development, demos and tests. */
export const logProvider: TSmsProvider = {
  name: "log",
  async send(message) {
    getLogger().info({ to: mask(message.to), sender: message.sender, length: message.text.length }, "text message recorded, not sent (SMS_PROVIDER=log)");
  },
};

/** A gateway reached over HTTP(S): POST JSON, bearer token, 2xx means accepted. */
export function httpProvider(url: string, token: string | undefined, timeoutMs = 10_000): TSmsProvider {
  return {
    name: "http",
    async send(message) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ to: message.to, text: message.text, sender: message.sender }),
        redirect: "error",
        signal: AbortSignal.timeout(timeoutMs),
      });
      const detail = (await response.text().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 200);
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}${detail ? `: ${detail}` : ""}`);
    },
  };
}

export function smsProvider(): TSmsProvider {
  const env = getEnv();
  return env.SMS_PROVIDER === "http" && env.SMS_HTTP_URL ? httpProvider(env.SMS_HTTP_URL, env.SMS_HTTP_TOKEN) : logProvider;
}

/**
 * A phone number as typed (spaces, dots, dashes, brackets, 00 for +) reduced to what gateways take:
 * an optional + and digits. Null when it is not a plausible number.
 */
export function normalizePhone(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let number = raw.replace(/[\s.\-()/]/g, "");
  if (number.startsWith("00")) number = `+${number.slice(2)}`;
  return /^\+?[0-9]{6,20}$/.test(number) ? number : null;
}

const store = globalThis as typeof globalThis & { __civitasSmsQueue?: { url: string; ready: Promise<void> } };

/** The queue exists once per database (a job sent to a missing queue would be dropped). */
async function ensureSmsQueue(): Promise<PgBoss> {
  const boss = await getBoss();
  const url = databaseUrl();
  if (store.__civitasSmsQueue?.url !== url) {
    const ready = boss.createQueue(SMS_QUEUE, { name: SMS_QUEUE, ...SMS_RETRY });
    store.__civitasSmsQueue = { url, ready };
    ready.catch(() => (store.__civitasSmsQueue = undefined));
  }
  await store.__civitasSmsQueue!.ready;
  return boss;
}

/** Queues a text message in the current transaction (or its own). */
export async function queueSms(sms: { tenantId: string | null; to: string; text: string }): Promise<{ id: string }> {
  const boss = await ensureSmsQueue();
  return inTransaction(async () => {
    const row = await insertSms({ tenantId: sms.tenantId, toNumber: sms.to.slice(0, 32), body: sms.text.slice(0, 1600), provider: getEnv().SMS_PROVIDER });
    const job: TSmsJob = { smsId: row.id, tenantId: sms.tenantId };
    await boss.send(SMS_QUEUE, job, { db: transactionExecutor(db()) });
    return row;
  });
}

/** Sends one queued message (the job's work). Idempotent: a message no longer pending is skipped. */
export async function deliverSms(job: TSmsJob, attempt: { retryCount: number; retryLimit: number }, provider: TSmsProvider = smsProvider()): Promise<"sent" | "skipped"> {
  const message = await getSms(job.smsId, job.tenantId);
  if (!message || message.status !== "pending") return "skipped";
  try {
    await provider.send({ to: message.toNumber, text: message.body, sender: getEnv().SMS_SENDER });
    await markSmsSent(message.id, message.tenantId);
    return "sent";
  } catch (error) {
    const final = attempt.retryCount >= attempt.retryLimit;
    await markSmsAttemptFailed(message.id, message.tenantId, error instanceof Error ? error.message : String(error), final);
    throw error;
  }
}

/** The SMS worker (next to the mail worker in every server process). */
export async function startSmsWorker(options: { pollingIntervalSeconds?: number; provider?: TSmsProvider } = {}): Promise<void> {
  const boss = await ensureSmsQueue();
  await boss.work<TSmsJob>(SMS_QUEUE, { includeMetadata: true, batchSize: 10, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 }, async (jobs: PgBoss.JobWithMetadata<TSmsJob>[]) => {
    const log = getLogger();
    // As for mail: send each, then rethrow the first failure so the failed ones are retried.
    let failure: unknown = null;
    for (const job of jobs) {
      try {
        const result = await deliverSms(job.data, { retryCount: job.retryCount, retryLimit: job.retryLimit }, options.provider);
        log.info({ smsId: job.data.smsId, tenantId: job.data.tenantId, result }, "sms job done");
      } catch (error) {
        log.warn({ err: error, smsId: job.data.smsId, attempt: job.retryCount + 1 }, "sms send failed; pg-boss will retry");
        failure ??= error;
      }
    }
    if (failure) throw failure;
  });
}

/** A town's text messages for the admin mail page, newest first. */
export function smsPage(tenantId: string | null, before: string | undefined) {
  const cursor = before && /^[0-9a-f-]{36}$/.test(before) ? before : undefined;
  return listSms(tenantId, { before: cursor, size: 50 });
}
