// What the operator sees of the platform's health: database, migrations, towns, mail, job queue.
import { databaseUrl } from "@/lib/core/db";
import { migrationStatus } from "@/lib/core/migrate";
import { getBoss, MAIL_QUEUE } from "@/lib/notifications/boss";
import { captureMailboxActive } from "@/lib/notifications/mailer";
import { outboxCountsAllTowns } from "@/lib/notifications/service/list-mail";
import { listTenants } from "@/lib/tenancy/registry";

export type TPlatformHealth = {
  database: { ok: boolean; latencyMs: number | null };
  migrations: { applied: number; pending: string[]; failed: string[] } | null;
  towns: { active: number; suspended: number };
  mail: { mode: "smtp" | "capture"; sent: number; pending: number; failed: number; queued: number | null };
  process: { uptimeSeconds: number; node: string; rssMb: number };
};

export async function platformHealth(): Promise<TPlatformHealth> {
  const started = performance.now();
  let migrations: TPlatformHealth["migrations"] = null;
  let dbOk = true;
  try {
    const status = await migrationStatus(databaseUrl());
    migrations = { applied: status.applied.length, pending: status.pending, failed: status.failed };
  } catch {
    dbOk = false;
  }
  const latencyMs = dbOk ? Math.round(performance.now() - started) : null;
  const towns = await listTenants();
  const counts = dbOk ? await outboxCountsAllTowns() : {};
  let queued: number | null = null;
  try {
    queued = await (await getBoss()).getQueueSize(MAIL_QUEUE);
  } catch {
    queued = null;
  }
  return {
    database: { ok: dbOk, latencyMs },
    migrations,
    towns: { active: towns.filter((t) => t.status === "active").length, suspended: towns.filter((t) => t.status === "suspended").length },
    mail: { mode: captureMailboxActive() ? "capture" : "smtp", sent: counts.sent ?? 0, pending: counts.pending ?? 0, failed: counts.failed ?? 0, queued },
    process: { uptimeSeconds: Math.round(process.uptime()), node: process.version, rssMb: Math.round(process.memoryUsage().rss / 1048576) },
  };
}
