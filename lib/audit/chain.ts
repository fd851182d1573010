// The audit hash chain (pure functions). Each entry's hash covers its own fields and the previous
// entry's hash; the first entry of a chain links to GENESIS. Summaries are stored as jsonb, which
// reorders object keys, so they are hashed in a canonical form (keys sorted at every level).
import { createHash } from "node:crypto";

export const GENESIS = "0".repeat(64);

export type TChainedFields = {
  chain: string;
  seq: bigint;
  at: Date;
  actorType: string;
  actorId: string | null;
  actorLabel: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  summary: unknown;
  requestId: string | null;
  ip: string | null;
};

/** JSON with object keys sorted at every level (arrays keep their order). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** An entry's own fields, in the order they are hashed. */
function ownFields(entry: Omit<TChainedFields, "seq">): unknown[] {
  return [entry.chain, entry.at.toISOString(), entry.actorType, entry.actorId, entry.actorLabel, entry.action, entry.targetType, entry.targetId, entry.summary ?? {}, entry.requestId, entry.ip];
}

/**
 * The hash of an entry's own fields (everything but its place in the chain). Computed by the
 * application; the chain link below is computed by PostgreSQL when the entry is appended, so the
 * chain's head stays locked for a single statement.
 */
export function contentHash(entry: Omit<TChainedFields, "seq">): string {
  return createHash("sha256").update(canonicalJson(ownFields(entry))).digest("hex");
}

/** The link: SHA-256 of "<previous hash>:<seq>:<content hash>" (what lib/audit/repo.ts computes in SQL). */
export function entryHash(prevHash: string, entry: TChainedFields): string {
  return createHash("sha256").update(`${prevHash}:${entry.seq.toString()}:${contentHash(entry)}`).digest("hex");
}

/** The first format (entries written before 2026-11-23): one hash over chain, seq, the fields and prevHash. */
export function entryHashV1(prevHash: string, entry: TChainedFields): string {
  const [chain, ...rest] = ownFields(entry);
  return createHash("sha256").update(canonicalJson([chain, entry.seq.toString(), ...rest, prevHash])).digest("hex");
}

export type TChainBreak = { seq: bigint; reason: "gap" | "link" | "hash" };

/**
 * Checks entries one at a time, in seq order, and reports the first broken link: a missing seq (a row
 * removed), a prevHash that is not the previous entry's hash, or a hash that does not match the row
 * (a row altered). Streaming, so a chain of millions of entries is checked in constant memory.
 */
export function chainChecker(start = { seq: 0n, hash: GENESIS }) {
  let expectedSeq = start.seq + 1n;
  let previousHash = start.hash;
  return {
    push(entry: TChainedFields & { prevHash: string; hash: string }): TChainBreak | null {
      if (entry.seq !== expectedSeq) return { seq: expectedSeq, reason: "gap" };
      if (entry.prevHash !== previousHash) return { seq: entry.seq, reason: "link" };
      if (entryHash(entry.prevHash, entry) !== entry.hash && entryHashV1(entry.prevHash, entry) !== entry.hash) return { seq: entry.seq, reason: "hash" };
      previousHash = entry.hash;
      expectedSeq++;
      return null;
    },
    get last() {
      return { seq: expectedSeq - 1n, hash: previousHash };
    },
  };
}

export function findBreak(entries: Iterable<TChainedFields & { prevHash: string; hash: string }>): TChainBreak | null {
  const checker = chainChecker();
  for (const entry of entries) {
    const broken = checker.push(entry);
    if (broken) return broken;
  }
  return null;
}

const SECRET_KEY = /pass(word)?|secret|token|hash|otp|code_?verifier|authorization|cookie/i;

/** Drops secrets from an audit summary, at any depth: they never reach the trail. */
export function scrubSummary(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(scrubSummary);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === undefined) continue;
    out[key] = SECRET_KEY.test(key) ? "[redacted]" : scrubSummary(v);
  }
  return out;
}
