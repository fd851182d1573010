// Background work of the appointments module, scheduled with pg-boss (one run per schedule across all
// servers): every hour, bookings in progress abandoned for more than a day are deleted with what the
// citizen had typed in them.
import { recordAudit } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { getLogger } from "@/lib/core/logger";
import { getBoss } from "@/lib/notifications/boss";
import { deleteAbandonedHolds } from "@/lib/appointments/repo";
import { listTenants } from "@/lib/tenancy/registry";

export const PURGE_HOLDS_QUEUE = "appointments-purge-holds";
export const ABANDONED_AFTER_MS = 24 * 3_600_000;

/** Deletes abandoned bookings in progress in every town; returns how many per town (only towns with some). */
export async function purgeAbandonedHolds(now = new Date()): Promise<Record<string, number>> {
  const cutoff = new Date(now.getTime() - ABANDONED_AFTER_MS);
  const purged: Record<string, number> = {};
  for (const tenant of await listTenants()) {
    const count = await inTransaction(async () => {
      const n = await deleteAbandonedHolds(tenant.id, cutoff);
      if (n > 0) await recordAudit({ tenantId: tenant.id, actor: { type: "system", label: "appointments job" } }, { action: "appointments.purge-holds", summary: { deleted: n } });
      return n;
    });
    if (count > 0) purged[tenant.slug] = count;
  }
  return purged;
}

export async function startAppointmentJobs(): Promise<void> {
  const boss = await getBoss();
  await boss.createQueue(PURGE_HOLDS_QUEUE, { name: PURGE_HOLDS_QUEUE, retryLimit: 2, expireInSeconds: 600 });
  await boss.schedule(PURGE_HOLDS_QUEUE, "17 * * * *");
  await boss.work(PURGE_HOLDS_QUEUE, async () => {
    const purged = await purgeAbandonedHolds();
    getLogger().info({ purged }, "abandoned bookings in progress deleted");
  });
}
