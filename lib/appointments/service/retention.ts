// Data protection: a daily job anonymises, in every town, the appointments whose service's retention
// period (days after the appointment, 365 by default) has passed. Statistics keep working (times,
// service, site, people, status, attendance stay); the citizen's manage link stops working (its hash
// is replaced). The copies of their personal data go in the same transaction: the e-mails and text
// messages about them are deleted, and so are the waiting-list entries that ended longer ago than the
// period, with their e-mails (see the repo functions for how each copy is found). Each run writes one
// audit entry per service with what it anonymised and deleted.
import { recordAudit } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { anonymiseExpiredAppointments, purgeEndedWaiters, retentionPending } from "@/lib/appointments/repo";
import type { TServiceRow } from "@/lib/appointments/repo";
import { listTenants } from "@/lib/tenancy/registry";

type TServiceCounts = { anonymised: number; mails: number; texts: number; waiters: number; waiterMails: number };

/** One batch of a town. Returns the number of appointments anonymised per service (services with none left out). */
export async function anonymiseTown(tenantId: string, now: Date): Promise<Record<string, number>> {
  return inTransaction(async () => {
    const counts = new Map<string, TServiceCounts>();
    const of = (serviceId: string) => counts.get(serviceId) ?? counts.set(serviceId, { anonymised: 0, mails: 0, texts: 0, waiters: 0, waiterMails: 0 }).get(serviceId)!;
    for (const r of await anonymiseExpiredAppointments(tenantId, now)) {
      const c = of(r.serviceId);
      c.anonymised++;
      c.mails += r.mails;
      c.texts += r.texts;
    }
    for (const w of await purgeEndedWaiters(tenantId, now)) {
      const c = of(w.serviceId);
      c.waiters++;
      c.waiterMails += w.mails;
    }
    for (const [serviceId, summary] of counts) {
      await recordAudit(
        { tenantId, actor: { type: "system", label: "retention job" } },
        { action: "appointments.anonymise", targetType: "appointment-service", targetId: serviceId, summary: { ...summary, at: now.toISOString() } },
      );
    }
    return Object.fromEntries([...counts].filter(([, c]) => c.anonymised > 0).map(([serviceId, c]) => [serviceId, c.anonymised]));
  });
}

/** Every town; returns the counts per town slug (towns with none left out). */
export async function anonymiseExpired(now = new Date()): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  for (const tenant of await listTenants()) {
    let total = 0;
    // Batches of 5,000 until none is left.
    for (;;) {
      const counts = await anonymiseTown(tenant.id, now);
      const n = Object.values(counts).reduce((a, b) => a + b, 0);
      total += n;
      if (n < 5000) break;
    }
    if (total > 0) done[tenant.slug] = total;
  }
  return done;
}

/** For the admin: when each service's next personal data will be anonymised, and how many bookings still hold some. */
export async function retentionOverview(tenantId: string, services: TServiceRow[]) {
  const pending = await retentionPending(tenantId);
  return new Map(
    services.map((s) => {
      const p = pending.get(s.id);
      return [s.id, { retentionDays: s.retentionDays, pending: p?.pending ?? 0, nextAt: p ? new Date(p.oldestEnd.getTime() + s.retentionDays * 86_400_000) : null }] as const;
    }),
  );
}
