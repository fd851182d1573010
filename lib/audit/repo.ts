// The only code of the audit module that uses Prisma. Every read takes the town's id (or "platform").
import { db, inTransaction } from "@/lib/core/db";
import type { AuditActorType, Prisma } from "@/lib/generated/prisma/client";
import { contentHash, GENESIS, type TChainedFields } from "@/lib/audit/chain";

export type TAuditRow = TChainedFields & { id: bigint; tenantId: string | null; prevHash: string; hash: string };

export type TNewAuditEntry = {
  tenantId: string | null;
  actorType: AuditActorType;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: Prisma.InputJsonValue;
  requestId: string | null;
  ip: string | null;
};

export const chainOf = (tenantId: string | null) => tenantId ?? "platform";

/**
 * Appends an entry to its chain inside the current transaction (or a new one). The chain's head row
 * is locked until commit, so concurrent writers of one town are numbered one after the other.
 */
export async function appendAuditEntry(entry: TNewAuditEntry): Promise<void> {
  await inTransaction(async () => {
    const tx = db();
    const chain = chainOf(entry.tenantId);
    const at = new Date();
    const content = contentHash({ ...entry, chain, at, summary: entry.summary });
    // One statement locks the chain's head, appends the entry linked to it (the link hashed by
    // PostgreSQL: sha256 of "<previous hash>:<seq>:<content hash>", see lib/audit/chain.ts) and moves
    // the head. The head stays locked until commit, so a town's entries are numbered one after the
    // other across servers; holding it for one statement keeps that queue short under a rush.
    const append = () => tx.$executeRaw`
      WITH head AS (
        SELECT seq, hash FROM audit_chain WHERE chain = ${chain} FOR UPDATE
      ), entry AS (
        INSERT INTO audit_entry ("tenantId", chain, seq, at, "actorType", "actorId", "actorLabel", action, "targetType", "targetId", summary, "requestId", ip, "prevHash", hash)
        SELECT ${entry.tenantId}::uuid, ${chain}, head.seq + 1, ${at}, ${entry.actorType}::"AuditActorType", ${entry.actorId}, ${entry.actorLabel}, ${entry.action}, ${entry.targetType},
               ${entry.targetId}, ${JSON.stringify(entry.summary)}::jsonb, ${entry.requestId}, ${entry.ip}, head.hash,
               encode(sha256(convert_to(head.hash || ':' || (head.seq + 1)::text || ':' || ${content}, 'UTF8')), 'hex')
          FROM head
        RETURNING seq, hash)
      UPDATE audit_chain SET seq = entry.seq, hash = entry.hash, "updatedAt" = now() FROM entry WHERE audit_chain.chain = ${chain}`;
    if ((await append()) === 1) return;
    // The chain's first entry: create its head, then append.
    await tx.$executeRaw`INSERT INTO audit_chain (chain, seq, hash, "updatedAt") VALUES (${chain}, 0, ${GENESIS}, now()) ON CONFLICT (chain) DO NOTHING`;
    if ((await append()) !== 1) throw new Error(`audit chain ${chain} has no head`);
  });
}

export type TAuditFilter = {
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
};

function where(tenantId: string, filter: TAuditFilter): Prisma.AuditEntryWhereInput {
  return {
    chain: tenantId,
    ...(filter.actor ? { OR: [{ actorLabel: { contains: filter.actor, mode: "insensitive" } }, { actorId: filter.actor }] } : {}),
    ...(filter.action ? { action: { startsWith: filter.action } } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.from || filter.to ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } } : {}),
  };
}

/** A page of a town's entries, newest first; `before`/`after` are entry ids (keyset pagination). */
export async function listAuditEntries(
  tenantId: string,
  filter: TAuditFilter,
  page: { before?: bigint; after?: bigint; size: number },
): Promise<{ rows: TAuditRow[]; hasOlder: boolean; hasNewer: boolean }> {
  const base = where(tenantId, filter);
  if (page.after !== undefined) {
    const rows = await db().auditEntry.findMany({ where: { ...base, id: { gt: page.after } }, orderBy: { id: "asc" }, take: page.size + 1 });
    const hasNewer = rows.length > page.size;
    const slice = rows.slice(0, page.size).reverse();
    return { rows: slice, hasNewer, hasOlder: slice.length > 0 };
  }
  const rows = await db().auditEntry.findMany({
    where: { ...base, ...(page.before !== undefined ? { id: { lt: page.before } } : {}) },
    orderBy: { id: "desc" },
    take: page.size + 1,
  });
  return { rows: rows.slice(0, page.size), hasOlder: rows.length > page.size, hasNewer: page.before !== undefined };
}

/** All of a town's matching entries, oldest first, in batches (for exports). */
export async function* iterateAuditEntries(tenantId: string, filter: TAuditFilter, batch = 1000): AsyncGenerator<TAuditRow> {
  let after = -1n;
  for (;;) {
    const rows = await db().auditEntry.findMany({ where: { ...where(tenantId, filter), id: { gt: after } }, orderBy: { id: "asc" }, take: batch });
    for (const row of rows) yield row;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.id;
  }
}

/** Every entry of a chain in seq order, in batches (for verification). */
export async function* iterateChain(chain: string, batch = 2000): AsyncGenerator<TAuditRow> {
  let after = 0n;
  for (;;) {
    const rows = await db().auditEntry.findMany({ where: { chain, seq: { gt: after } }, orderBy: { seq: "asc" }, take: batch });
    for (const row of rows) yield row;
    if (rows.length < batch) return;
    after = rows[rows.length - 1]!.seq;
  }
}

export async function getChainHead(chain: string): Promise<{ seq: bigint; hash: string } | null> {
  return db().auditChain.findUnique({ where: { chain }, select: { seq: true, hash: true } });
}

export async function listChains(): Promise<string[]> {
  return (await db().auditChain.findMany({ select: { chain: true }, orderBy: { chain: "asc" } })).map((c) => c.chain);
}

export async function distinctActions(tenantId: string): Promise<string[]> {
  const rows = await db().auditEntry.findMany({ where: { chain: tenantId }, distinct: ["action"], select: { action: true }, orderBy: { action: "asc" } });
  return rows.map((r) => r.action);
}
