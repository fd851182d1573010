// Data protection: a daily job anonymises, in every town, the appointments whose service's retention
// period (days after the appointment, 365 by default) has passed. Statistics keep working (times,
// service, site, people, status, attendance stay); the citizen's manage link stops working (its hash
// is replaced). Each run writes one audit entry per service with the number of bookings anonymised.
import { recordAudit } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { anonymiseExpiredAppointments, retentionPending } from "@/lib/appointments/repo";
import type { TServiceRow } from "@/lib/appointments/repo";
import { listTenants } from "@/lib/tenancy/registry";

export async function anonymiseTown(tenantId: string, now: Date): Promise<Record<string, number>> {
  return inTransaction(async () => {
    const rows = await anonymiseExpiredAppointments(tenantId, now);
    const perService: Record<string, number> = {};
    for (const r of rows) perService[r.serviceId] = (perService[r.serviceId] ?? 0) + 1;
    for (const [serviceId, count] of Object.entries(perService)) {
      await recordAudit(
        { tenantId, actor: { type: "system", label: "retention job" } },
        { action: "appointments.anonymise", targetType: "appointment-service", targetId: serviceId, summary: { anonymised: count, at: now.toISOString() } },
      );
    }
    return perService;
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
