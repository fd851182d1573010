// Background work of the auth module, scheduled with pg-boss (one run per schedule across all servers):
// every night, used or expired one-time links and identity-provider logins go, and sessions that
// ended more than SESSION_HISTORY_DAYS ago.
import type PgBoss from "pg-boss";
import { purgeAuthRows } from "@/lib/auth/repo";
import { getLogger } from "@/lib/core/logger";
import { getBoss } from "@/lib/notifications/boss";

export const AUTH_PURGE_QUEUE = "auth-purge";
export const SESSION_HISTORY_DAYS = 90;

/** Every town and the platform; `only` limits it to one town (tests). */
export function purgeAuth(now = new Date(), only: { tenantId?: string } = {}) {
  return purgeAuthRows(now, SESSION_HISTORY_DAYS, only);
}

export async function startAuthJobs(boss?: PgBoss): Promise<void> {
  const b = boss ?? (await getBoss());
  await b.createQueue(AUTH_PURGE_QUEUE, { name: AUTH_PURGE_QUEUE, retryLimit: 2, expireInSeconds: 600 });
  await b.schedule(AUTH_PURGE_QUEUE, "17 3 * * *");
  await b.work(AUTH_PURGE_QUEUE, async () => {
    const purged = await purgeAuth();
    getLogger().info({ purged }, "used or expired links and old sessions deleted");
  });
}
