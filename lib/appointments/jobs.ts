// Background work of the appointments module, scheduled with pg-boss (one run per schedule across all
// servers): every hour, bookings in progress abandoned for more than a day are deleted with what the
// citizen had typed in them; every night, appointments past their retention period are anonymised,
// and the copies of their personal data (e-mails, text messages, ended waiting-list entries) deleted.
import { recordAudit } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { getLogger } from "@/lib/core/logger";
import { getBoss } from "@/lib/notifications/boss";
import { deleteAbandonedHolds } from "@/lib/appointments/repo";
import { startReminderAndWaitingListJobs } from "@/lib/appointments/reminder-jobs";
import { anonymiseExpired } from "@/lib/appointments/service/retention";
import { listTenants } from "@/lib/tenancy/registry";
import { buildExport, EXPORT_QUEUE, EXPORT_QUEUE_OPTIONS, purgeOldExports, PURGE_EXPORTS_QUEUE } from "@/lib/appointments/service/export-bookings";

export const PURGE_HOLDS_QUEUE = "appointments-purge-holds";
export const RETENTION_QUEUE = "appointments-retention";
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
  // Data protection: personal data of appointments past their service's retention period, and its
  // copies in the outbox, the text messages and the ended waiting-list entries, every night.
  await boss.createQueue(RETENTION_QUEUE, { name: RETENTION_QUEUE, retryLimit: 2, expireInSeconds: 3600 });
  await boss.schedule(RETENTION_QUEUE, "23 2 * * *");
  await boss.work(RETENTION_QUEUE, async () => {
    const anonymised = await anonymiseExpired();
    getLogger().info({ anonymised }, "appointments past their retention period anonymised");
  });
  // Reminders (e-mail, SMS) and the waiting list's offers and expiries.
  await startReminderAndWaitingListJobs();
  // Exports of the bookings list: large ones are built here; files older than 7 days deleted every night.
  await boss.createQueue(EXPORT_QUEUE, EXPORT_QUEUE_OPTIONS);
  await boss.work<{ tenantId: string; exportId: string }>(EXPORT_QUEUE, async ([job]) => {
    if (job) await buildExport(job.data.tenantId, job.data.exportId);
  });
  await boss.createQueue(PURGE_EXPORTS_QUEUE, { name: PURGE_EXPORTS_QUEUE, retryLimit: 2, expireInSeconds: 600 });
  await boss.schedule(PURGE_EXPORTS_QUEUE, "43 3 * * *");
  await boss.work(PURGE_EXPORTS_QUEUE, async () => {
    const deleted = await purgeOldExports();
    getLogger().info({ deleted }, "old bookings exports deleted");
  });
}
