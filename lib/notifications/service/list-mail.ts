// Reads for the mail pages: a town's outbox (admin), the platform's capture mailbox (operator).
import { countOutboxAllTowns, countOutboxByStatus, getCaptured, listCaptured, listOutbox } from "@/lib/notifications/repo";
import type { OutboxStatus } from "@/lib/generated/prisma/client";

export const OUTBOX_STATUSES = ["pending", "sent", "failed"] as const;

export function outboxPage(tenantId: string | null, status: string | undefined, before: string | undefined) {
  const s = (OUTBOX_STATUSES as readonly string[]).includes(status ?? "") ? (status as OutboxStatus) : undefined;
  const cursor = before && /^[0-9a-f-]{36}$/.test(before) ? before : undefined;
  return listOutbox(tenantId, { status: s }, { before: cursor, size: 50 });
}

export const outboxCounts = (tenantId: string | null) => countOutboxByStatus(tenantId);
export const outboxCountsAllTowns = () => countOutboxAllTowns();

export function capturedPage(before: string | undefined) {
  const cursor = before && /^[0-9a-f-]{36}$/.test(before) ? before : undefined;
  return listCaptured({ before: cursor, size: 50 });
}

export function capturedMessage(id: string) {
  return /^[0-9a-f-]{36}$/.test(id) ? getCaptured(id) : Promise.resolve(null);
}
