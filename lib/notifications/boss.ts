// pg-boss on the application's own PostgreSQL (schema "pgboss"): one instance per process, shared
// through globalThis by the custom server and the Next.js bundle. Web requests only send jobs;
// `npm start` also runs the workers (lib/notifications/worker.ts).
import PgBoss from "pg-boss";
import { databaseUrl, type TDb } from "@/lib/core/db";
import { getLogger } from "@/lib/core/logger";

export const MAIL_QUEUE = "mail-send";

/** Retries of a failed send: 6 more attempts, 15 s then doubling (≈ 16 minutes in all). */
export const MAIL_RETRY = { retryLimit: 6, retryDelay: 15, retryBackoff: true, expireInSeconds: 120 } as const;

const store = globalThis as typeof globalThis & { __civitasBoss?: Promise<PgBoss> };

export function getBoss(): Promise<PgBoss> {
  store.__civitasBoss ??= (async () => {
    const boss = new PgBoss({ connectionString: databaseUrl(), max: 4, application_name: "civitas-jobs", schema: "pgboss" });
    boss.on("error", (error) => getLogger().error({ err: error }, "job queue error"));
    await boss.start();
    await boss.createQueue(MAIL_QUEUE, { name: MAIL_QUEUE, ...MAIL_RETRY });
    return boss;
  })().catch((error) => {
    store.__civitasBoss = undefined;
    throw error;
  });
  return store.__civitasBoss;
}

export async function stopBoss(): Promise<void> {
  const pending = store.__civitasBoss;
  store.__civitasBoss = undefined;
  if (!pending) return;
  const boss = await pending.catch(() => null);
  await boss?.stop({ graceful: true, timeout: 10_000, wait: true });
}

/** pg-boss's executor over the current Prisma transaction: a job is sent atomically with the change. */
export function transactionExecutor(tx: TDb): PgBoss.Db {
  return {
    executeSql: async (text: string, values: unknown[] = []) => ({ rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values) }),
  };
}
