// The waiting list of a service. A citizen who finds no free place within the booking window leaves
// an e-mail address (and, if they wish, a place and days of the week). When places free up (a
// cancellation, a move, new opening hours), a job offers them in joining order (waiting-offers.ts):
// the earliest matching slot is held for the waiter for the service's `offerMinutes` and they get a
// link to the ordinary booking steps. An offer that runs out goes to the next waiter.
//
// This file holds what the booking paths call (placesFreed, offerTaken) and the citizen's side (join,
// leave); it must not import the booking service (which imports it).
import type PgBoss from "pg-boss";
import { z } from "zod";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { databaseUrl, db, inTransaction } from "@/lib/core/db";
import { FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZEmail, ZId, list } from "@/lib/core/form-schemas";
import { pickLocalized } from "@/lib/i18n/localized";
import { getBoss, transactionExecutor } from "@/lib/notifications/boss";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import {
  countWaiters,
  findActiveWaiter,
  findHoldById as findOfferHold,
  findWaiterByTokenHash,
  hasWaiting,
  insertWaiter,
  listWaiters,
  lockHold,
  lockWaiter,
  lockWaitingList,
  releaseHeldPlaces,
  updateHold,
  updateWaiter,
  type TServiceRow,
  type TWaiterRow,
} from "@/lib/appointments/repo";
import { activeSiteIds, availableSlots, bookableDates } from "@/lib/appointments/service/availability";
import { tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

export const WAITING_OFFER_QUEUE = "appointments-waiting-offer";
export type TWaitingOfferJob = { tenantId: string; serviceId: string };

export type TWaitingJoinedMailParams = { service: string; site: string; weekdays: number[]; offerMinutes: number };
export type TWaitingOfferMailParams = { service: string; site: string; address: string; start: string; until: string; timeZone: string; whatToBring: string };
export type TWaitingExpiredMailParams = { service: string; joinLink: string };

export const WAITER_STATUSES = ["waiting", "offered", "booked", "left", "expired"] as const;

const store = globalThis as typeof globalThis & { __civitasWaitingQueue?: { url: string; ready: Promise<void> } };

/** The offer queue exists once per database (a job sent to a missing queue would be dropped). */
export async function ensureWaitingQueue(): Promise<PgBoss> {
  const boss = await getBoss();
  const url = databaseUrl();
  if (store.__civitasWaitingQueue?.url !== url) {
    // "stately": at most one queued (and one running) offer job per service; more would find nothing.
    const ready = boss.createQueue(WAITING_OFFER_QUEUE, { name: WAITING_OFFER_QUEUE, policy: "stately", retryLimit: 3, retryDelay: 30, retryBackoff: true, expireInSeconds: 300 });
    store.__civitasWaitingQueue = { url, ready };
    ready.catch(() => (store.__civitasWaitingQueue = undefined));
  }
  await store.__civitasWaitingQueue!.ready;
  return boss;
}

/**
 * Places of a service may have become free (a cancellation, a move, new opening hours): offer them to
 * the waiting list. Called inside the transaction that frees them; the job is written in it, so it
 * runs once that transaction has committed (and not at all if it rolls back).
 */
export async function placesFreed(tenantId: string, serviceId: string): Promise<void> {
  if (!(await hasWaiting(tenantId, serviceId))) return;
  const boss = await ensureWaitingQueue();
  const job: TWaitingOfferJob = { tenantId, serviceId };
  await boss.send(WAITING_OFFER_QUEUE, job, { db: transactionExecutor(db()), singletonKey: `${tenantId}:${serviceId}` });
}

/** A waiter booked the place offered to them (in the booking's transaction). */
export async function offerTaken(tenantId: string, waiterId: string): Promise<void> {
  await updateWaiter(tenantId, waiterId, { status: "booked" });
}

/** The locale of a waiter's e-mails: theirs if the town still offers it. */
export function waiterLocale(tenant: TTenant, waiter: Pick<TWaiterRow, "locale">): string {
  return tenant.enabledLocales.includes(waiter.locale) ? waiter.locale : tenant.defaultLocale;
}

export function waitingListUrl(tenant: TTenant, locale: string, token: string): string {
  return `${tenantOrigin(tenant)}/${locale}/appointments/waiting-list/${token}`;
}

export function joinUrl(tenant: TTenant, locale: string, serviceId: string): string {
  return `${tenantOrigin(tenant)}/${locale}/appointments/${serviceId}/waiting-list`;
}

/**
 * Whether the days page offers the waiting list: the service has one, and no place is free at this
 * site anywhere in the booking window (every page of weeks).
 */
export async function waitingListSuggested(tenant: TTenant, service: TServiceRow, siteId: string, now = new Date()): Promise<boolean> {
  if (!service.waitingList || service.loginRequired) return false;
  const window = bookableDates(tenant, service, now);
  if (window.first > window.last) return false;
  const slots = await availableSlots(tenant, service, { from: window.first, to: window.last, siteId, now });
  return slots.length === 0;
}

/** The days of the week a service opens on (any site), for the choice of preferred days. */
export function openWeekdays(service: TServiceRow): number[] {
  const days = new Set<number>();
  for (const rule of service.rules) {
    for (const [day, ranges] of Object.entries((rule.weekly ?? {}) as Record<string, unknown[]>)) if (Array.isArray(ranges) && ranges.length > 0) days.add(Number(day));
  }
  return [...days].filter((d) => d >= 1 && d <= 7).sort();
}

export const ZWaitingListJoin = z.object({
  serviceId: ZId,
  email: ZEmail,
  /** "" or absent: any site */
  siteId: z.preprocess((value) => (value === "" ? undefined : value), ZId.optional()),
  weekdays: list(z.coerce.number().int().min(1).max(7)),
});

export const ZWaitingListToken = z.object({ token: z.string().min(20).max(100) });

/**
 * Puts a citizen on a service's waiting list and e-mails them the link to leave it. Joining again
 * with the same e-mail while on the list keeps their place (and choices) and sends a new link (the
 * old one stops working: only the latest e-mail's link is valid).
 */
export async function joinWaitingList(
  tenant: TTenant,
  service: TServiceRow,
  input: { email: string; siteId?: string | null; weekdays: number[]; locale: string },
): Promise<{ token: string; waiter: TWaiterRow; created: boolean }> {
  if (!service.waitingList || service.loginRequired) throw new NotFoundError();
  const sites = activeSiteIds(service);
  if (input.siteId && !sites.includes(input.siteId)) throw new FieldsError({ siteId: { key: "choose" } });
  const siteId = input.siteId && sites.length > 1 ? input.siteId : null;
  const weekdays = [...new Set(input.weekdays)].filter((d) => d >= 1 && d <= 7).sort();
  const email = input.email.trim().toLowerCase();
  return inTransaction(async () => {
    await lockWaitingList(tenant.id, service.id, email);
    const token = newSecret();
    const existing = await findActiveWaiter(tenant.id, service.id, email);
    let waiter: TWaiterRow;
    if (existing) {
      await updateWaiter(tenant.id, existing.id, { tokenHash: hashSecret(token) });
      waiter = { ...existing, tokenHash: hashSecret(token) };
    } else {
      waiter = await insertWaiter({ tenantId: tenant.id, serviceId: service.id, siteId, email, locale: input.locale, weekdays, tokenHash: hashSecret(token) });
    }
    const locale = waiterLocale(tenant, waiter);
    const text = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale])?.text ?? "";
    const site = waiter.siteId ? service.sites.find((s) => s.siteId === waiter.siteId)?.site : null;
    const params: TWaitingJoinedMailParams = { service: text(service.names), site: site ? text(site.names) : "", weekdays: waiter.weekdays, offerMinutes: service.offerMinutes };
    await queueMail({ tenantId: tenant.id, to: email, template: "waiting-list-joined", locale, params, secret: { link: waitingListUrl(tenant, locale, token) } });
    // A place may have freed up between the page and this moment: the offer job looks.
    if (!existing) await placesFreed(tenant.id, service.id);
    return { token, waiter, created: !existing };
  });
}

/** A waiter by the secret of their link, in this town only. */
export function findWaiterByToken(tenantId: string, token: string): Promise<TWaiterRow | null> {
  if (token.length < 20 || token.length > 100) return Promise.resolve(null);
  return findWaiterByTokenHash(tenantId, hashSecret(token));
}

/**
 * Withdraws the place held for an offer: its places are free again, the booking link says it ran out.
 * The caller holds the hold's lock (taken before the waiter's, in the order confirmHold takes them).
 */
export async function releaseOffer(tenantId: string, holdId: string, now: Date): Promise<void> {
  await releaseHeldPlaces(tenantId, holdId);
  await updateHold(tenantId, holdId, { expiresAt: new Date(Math.min(now.getTime(), Date.now())) });
}

/**
 * Locks an offered waiter and their hold, hold first (confirmHold locks the hold, then updates the
 * waiter: the same order here means the two queue up instead of deadlocking).
 */
export async function lockOffer(tenantId: string, waiter: Pick<TWaiterRow, "id" | "offerHoldId">) {
  const hold = waiter.offerHoldId ? await lockHold(tenantId, waiter.offerHoldId) : null;
  const locked = await lockWaiter(tenantId, waiter.id);
  return { hold, waiter: locked };
}

/**
 * Takes a citizen off the list by their link. Leaving while a place is held for them releases it and
 * offers it to the next waiter. Leaving twice changes nothing.
 */
export async function leaveWaitingList(tenant: TTenant, token: string): Promise<{ waiter: TWaiterRow; changed: boolean }> {
  const found = await findWaiterByToken(tenant.id, token);
  if (!found) throw new NotFoundError();
  return leaveWaiter(tenant, found);
}

/** Leaves the list (the waiter found by their link, or by their account): an open offer is released. */
export async function leaveWaiter(tenant: TTenant, found: TWaiterRow): Promise<{ waiter: TWaiterRow; changed: boolean }> {
  return inTransaction(async () => {
    const { hold, waiter } = await lockOffer(tenant.id, found);
    if (!waiter) throw new NotFoundError();
    if (waiter.status !== "waiting" && waiter.status !== "offered") return { waiter, changed: false };
    if (waiter.status === "offered" && hold?.appointmentId) {
      // Booked a moment ago (the booking took the hold's lock first).
      await updateWaiter(tenant.id, waiter.id, { status: "booked" });
      return { waiter: { ...waiter, status: "booked" as const }, changed: false };
    }
    await updateWaiter(tenant.id, waiter.id, { status: "left" });
    if (waiter.status === "offered" && hold) {
      await releaseOffer(tenant.id, hold.id, new Date());
      await placesFreed(tenant.id, waiter.serviceId);
    }
    return { waiter: { ...waiter, status: "left" as const }, changed: true };
  });
}

/** The booking in progress offered to a waiter (for the page of their link). */
export function findHoldById(tenantId: string, holdId: string) {
  return findOfferHold(tenantId, holdId);
}

/** A service's waiting list for its agents: how many per status, and everyone in joining order. */
export async function waitingListOf(tenantId: string, serviceId: string) {
  const [counts, waiters] = await Promise.all([countWaiters(tenantId, serviceId), listWaiters(tenantId, serviceId, 1000)]);
  return {
    counts: Object.fromEntries(WAITER_STATUSES.map((s) => [s, counts[s] ?? 0])) as Record<(typeof WAITER_STATUSES)[number], number>,
    waiters,
  };
}
