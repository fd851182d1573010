// The only code of the notifications module that uses Prisma: the outbox and the capture mailbox.
import { db } from "@/lib/core/db";
import { Prisma, type OutboxStatus } from "@/lib/generated/prisma/client";

export async function insertOutbox(data: {
  tenantId: string | null;
  toAddress: string;
  template: string;
  locale: string;
  params: Prisma.InputJsonValue;
  secret: Prisma.InputJsonValue | null;
}): Promise<{ id: string }> {
  return db().outboxMessage.create({ data: { ...data, secret: data.secret ?? undefined }, select: { id: true } });
}

/** A message of the outbox, looked up with the town it belongs to (null: the platform's). */
export async function getOutbox(id: string, tenantId: string | null) {
  return db().outboxMessage.findFirst({ where: { id, tenantId } });
}

export async function markSent(id: string, subject: string): Promise<void> {
  await db().outboxMessage.updateMany({
    where: { id, status: "pending" },
    data: { status: "sent", subject, sentAt: new Date(), attempts: { increment: 1 }, secret: Prisma.DbNull, lastError: null },
  });
}

export async function markAttemptFailed(id: string, error: string, final: boolean): Promise<void> {
  await db().outboxMessage.updateMany({
    where: { id, status: "pending" },
    data: {
      attempts: { increment: 1 },
      lastError: error.slice(0, 2000),
      ...(final ? { status: "failed" as const, secret: Prisma.DbNull } : {}),
    },
  });
}

export async function listOutbox(tenantId: string | null, filter: { status?: OutboxStatus }, page: { before?: string; size: number }) {
  const rows = await db().outboxMessage.findMany({
    where: { tenantId, ...(filter.status ? { status: filter.status } : {}), ...(page.before ? { id: { lt: page.before } } : {}) },
    select: { id: true, toAddress: true, template: true, locale: true, subject: true, status: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
    orderBy: { id: "desc" },
    take: page.size + 1,
  });
  return { rows: rows.slice(0, page.size), hasMore: rows.length > page.size };
}

export async function countOutboxByStatus(tenantId: string | null) {
  const rows = await db().outboxMessage.groupBy({ by: ["status"], where: { tenantId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<Record<OutboxStatus, number>>;
}

export async function countOutboxAllTowns() {
  const rows = await db().outboxMessage.groupBy({ by: ["status"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<Record<OutboxStatus, number>>;
}

export async function insertCaptured(data: Prisma.CapturedMailCreateInput): Promise<void> {
  await db().capturedMail.create({ data });
}

export async function listCaptured(page: { before?: string; size: number }) {
  const rows = await db().capturedMail.findMany({
    where: page.before ? { id: { lt: page.before } } : {},
    select: { id: true, receivedAt: true, envelopeTo: true, subject: true, fromHeader: true },
    orderBy: { id: "desc" },
    take: page.size + 1,
  });
  return { rows: rows.slice(0, page.size), hasMore: rows.length > page.size };
}

export async function getCaptured(id: string) {
  return db().capturedMail.findUnique({ where: { id } });
}

// Text messages (SMS): written in the transaction of the change that causes them, sent by a job.

export function insertSms(data: { tenantId: string | null; toNumber: string; body: string; provider: string }): Promise<{ id: string }> {
  return db().smsMessage.create({ data, select: { id: true } });
}

export function getSms(id: string, tenantId: string | null) {
  return db().smsMessage.findFirst({ where: { id, tenantId } });
}

export async function markSmsSent(id: string, tenantId: string | null): Promise<void> {
  await db().smsMessage.updateMany({ where: { id, tenantId, status: "pending" }, data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lastError: null } });
}

export async function markSmsAttemptFailed(id: string, tenantId: string | null, error: string, final: boolean): Promise<void> {
  await db().smsMessage.updateMany({
    where: { id, tenantId, status: "pending" },
    data: { attempts: { increment: 1 }, lastError: error.slice(0, 2000), ...(final ? { status: "failed" as const } : {}) },
  });
}

export async function listSms(tenantId: string | null, page: { before?: string; size: number }) {
  const rows = await db().smsMessage.findMany({
    where: { tenantId, ...(page.before ? { id: { lt: page.before } } : {}) },
    select: { id: true, toNumber: true, body: true, provider: true, status: true, attempts: true, lastError: true, createdAt: true, sentAt: true },
    orderBy: { id: "desc" },
    take: page.size + 1,
  });
  return { rows: rows.slice(0, page.size), hasMore: rows.length > page.size };
}
