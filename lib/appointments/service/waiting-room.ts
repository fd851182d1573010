// The waiting room of an announced release (docs/decisions/014-rush-readiness.md).
//
// From `queueBeforeMinutes` before a release until `queueAfterMinutes` after it, choosing a time of the
// service needs an admission. A visitor joins once and gets a signed token (a cookie naming their
// entry). Admissions follow a fixed rate, `admitPerMinute`, from the release time:
//   - everyone who arrived before the release is admitted first, in the order of a random key drawn
//     when they arrived: coming early, or with many browsers, gives no better place;
//   - later arrivals are admitted after them, first come first served: each one's admission time is
//     the previous one's plus one interval (never before their own arrival), set once, in order,
//     under a lock of the release row.
// An admission allows a few holds (changes of mind), then the token is spent. A token whose signature
// does not match, of another release or town, or spent, admits nobody.
import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";
import { inTransaction } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { deleteRelease, earlyRank, findQueueEntry, insertQueueEntry, insertRelease, lockRelease, spendAdmission, updateReleaseQueue, type TQueueEntryRow, type TReleaseRow } from "@/lib/appointments/repo";
import { announceChange, townReleases } from "@/lib/appointments/service/definitions";

/** Holds one admission allows (a citizen changing their mind), then the token is spent. */
export const HOLDS_PER_ADMISSION = 3;

export const queueCookieName = (release: Pick<TReleaseRow, "id">) => `civitas-queue-${release.id}`;

function key(): Buffer {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", secret, "civitas", "waiting-room", 32));
}

function signature(releaseId: string, entryId: string): string {
  return createHmac("sha256", key()).update(`${releaseId}.${entryId}`).digest("base64url");
}

export function signToken(release: Pick<TReleaseRow, "id">, entry: Pick<TQueueEntryRow, "id">): string {
  return `${entry.id}.${signature(release.id, entry.id)}`;
}

/** The entry a token names, if its signature holds for this release (else null: forged or foreign). */
export async function entryOfToken(release: TReleaseRow, token: string | undefined): Promise<TQueueEntryRow | null> {
  if (!token) return null;
  const [entryId, sig] = token.split(".");
  if (!entryId || !sig || !/^[0-9a-f-]{36}$/.test(entryId)) return null;
  const expected = Buffer.from(signature(release.id, entryId));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return findQueueEntry(release.tenantId, release.id, entryId);
}

const intervalMs = (release: TReleaseRow) => 60_000 / Math.max(1, release.admitPerMinute);

/** Whether `now` is inside the release's waiting room. */
export function queueOpen(release: TReleaseRow, now: Date): boolean {
  const t = now.getTime();
  return t >= release.opensAt.getTime() - release.queueBeforeMinutes * 60_000 && t < release.opensAt.getTime() + release.queueAfterMinutes * 60_000;
}

/** The service's release whose waiting room is open now, if any. */
export async function openRelease(tenantId: string, serviceId: string, now = new Date()): Promise<TReleaseRow | null> {
  return (await townReleases(tenantId, serviceId, now)).find((r) => queueOpen(r, now)) ?? null;
}

/** A random non-negative 63-bit key: the draw among those who arrived before the release. */
function drawKey(): bigint {
  return randomBytes(8).readBigUInt64BE() >> 1n;
}

/** Puts a visitor in the waiting room: drawn at random before the release, in order after it. */
export async function joinQueue(release: TReleaseRow, now = new Date()): Promise<TQueueEntryRow> {
  if (now < release.opensAt) {
    return insertQueueEntry({ tenantId: release.tenantId, releaseId: release.id, arrivedAt: now, early: true, drawKey: drawKey(), admitAt: null });
  }
  return inTransaction(async () => {
    const locked = (await lockRelease(release.tenantId, release.id)) ?? release;
    const interval = intervalMs(locked);
    let earlyCount = locked.earlyCount;
    let last = locked.lastAdmitAt?.getTime() ?? null;
    if (earlyCount === null || last === null) {
      // The first arrival after the release closes the draw: the early ones take the first places.
      earlyCount = (await earlyRank(locked.id, null)).early;
      last = locked.opensAt.getTime() + (earlyCount - 1) * interval;
    }
    const admitAt = new Date(Math.max(now.getTime(), last + interval));
    await updateReleaseQueue(locked.tenantId, locked.id, { earlyCount, lastAdmitAt: admitAt });
    return insertQueueEntry({ tenantId: locked.tenantId, releaseId: locked.id, arrivedAt: now, early: false, drawKey: null, admitAt });
  });
}

export type TQueueStatus =
  /** Before the release: the draw has not happened; `waiting` visitors are in the room. */
  | { state: "before"; opensAt: Date; waiting: number }
  /** In line: `ahead` visitors before this one, admitted at about `admitAt`. */
  | { state: "waiting"; ahead: number; admitAt: Date }
  | { state: "admitted"; holdsLeft: number };

/** Where a visitor stands now. */
export async function queueStatus(release: TReleaseRow, entry: TQueueEntryRow, now = new Date()): Promise<TQueueStatus> {
  const interval = intervalMs(release);
  let admitAt: number;
  if (entry.early) {
    const rank = await earlyRank(release.id, entry.drawKey);
    if (now < release.opensAt) return { state: "before", opensAt: release.opensAt, waiting: rank.early };
    admitAt = release.opensAt.getTime() + rank.before * interval;
  } else {
    admitAt = entry.admitAt?.getTime() ?? now.getTime();
  }
  if (now.getTime() >= admitAt) return { state: "admitted", holdsLeft: Math.max(0, HOLDS_PER_ADMISSION - entry.holds) };
  return { state: "waiting", ahead: Math.max(1, Math.ceil((admitAt - now.getTime()) / interval)), admitAt: new Date(admitAt) };
}

export type TAdmission =
  /** No waiting room now: anyone may choose a time. */
  | { kind: "open" }
  /** A waiting room is open and this visitor is admitted (entry to count the hold on). */
  | { kind: "admitted"; release: TReleaseRow; entry: TQueueEntryRow }
  /** A waiting room is open and this visitor must (still) wait, or join it. */
  | { kind: "queue"; release: TReleaseRow; spent: boolean };

/**
 * Whether the visitor holding `cookies` may choose a time of the service now. `read` gives a cookie's
 * value by name (next/headers cookies() in pages and actions).
 */
export async function admission(tenantId: string, serviceId: string, read: (name: string) => string | undefined, now = new Date()): Promise<TAdmission> {
  const release = await openRelease(tenantId, serviceId, now);
  if (!release) return { kind: "open" };
  const entry = await entryOfToken(release, read(queueCookieName(release)));
  if (!entry) return { kind: "queue", release, spent: false };
  const status = await queueStatus(release, entry, now);
  if (status.state !== "admitted") return { kind: "queue", release, spent: false };
  if (status.holdsLeft <= 0) return { kind: "queue", release, spent: true };
  return { kind: "admitted", release, entry };
}

/** Counts a hold taken with an admission (in the hold's transaction); false if none is left. */
export function useAdmission(entry: TQueueEntryRow): Promise<boolean> {
  return spendAdmission(entry.tenantId, entry.id, HOLDS_PER_ADMISSION);
}

/** Announces a release of a service (admin). Checked by the caller: days in order, opening in the future. */
export async function createRelease(tenantId: string, input: { serviceId: string; opensAt: Date; slotsFrom: string; slotsUntil: string; admitPerMinute: number; queueBeforeMinutes: number; queueAfterMinutes: number; createdBy: string }): Promise<TReleaseRow> {
  return inTransaction(async () => {
    const release = await insertRelease({
      tenantId,
      serviceId: input.serviceId,
      opensAt: input.opensAt,
      slotsFrom: new Date(`${input.slotsFrom}T00:00:00Z`),
      slotsUntil: new Date(`${input.slotsUntil}T00:00:00Z`),
      admitPerMinute: input.admitPerMinute,
      queueBeforeMinutes: input.queueBeforeMinutes,
      queueAfterMinutes: input.queueAfterMinutes,
      createdBy: input.createdBy,
    });
    await announceChange(tenantId);
    return release;
  });
}

/** Withdraws a release (its days become bookable as usual, its waiting room closes). */
export async function removeRelease(tenantId: string, serviceId: string, id: string): Promise<boolean> {
  return inTransaction(async () => {
    const removed = await deleteRelease(tenantId, serviceId, id);
    if (removed) await announceChange(tenantId);
    return removed;
  });
}
