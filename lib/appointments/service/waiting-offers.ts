// Offering freed places to the waiting list, and taking back the offers that ran out. Plain functions
// taking `now`, run by pg-boss jobs (lib/appointments/reminder-jobs.ts) and driven by tests' clocks.
//
// An offer is an ordinary booking in progress (appointment_hold) whose place is claimed like any hold
// (ensureSlot + claimPlaces: PostgreSQL decides), held for the service's offerMinutes, with the
// waiter's e-mail already filled in. The waiter finishes booking through the usual steps; confirming
// marks them booked (offerTaken). One offer at a time per waiter, in joining order.
import { randomUUID } from "node:crypto";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { inTransaction } from "@/lib/core/db";
import { ActionError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { pickLocalized } from "@/lib/i18n/localized";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { claimPlaces, ensureSlot, expiredOffers, insertOfferHold, lockWaiter, lockWaitingList, updateWaiter, waitingInOrder, type TServiceRow, type TWaiterRow } from "@/lib/appointments/repo";
import { availableSlots, bookableDates, type TAvailableSlot } from "@/lib/appointments/service/availability";
import { checkCitizenLimits } from "@/lib/appointments/service/book-appointment";
import { townService } from "@/lib/appointments/service/definitions";
import { joinUrl, lockOffer, releaseOffer, waiterLocale, type TWaitingExpiredMailParams, type TWaitingOfferMailParams } from "@/lib/appointments/service/waiting-list";
import { isoWeekday, localDate } from "@/lib/appointments/slots";
import { listTenants, tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

/** Waiters looked at per run (the rest wait for the next freed place). */
const WAITERS_PER_RUN = 500;
/** Slots tried per waiter when their per-citizen limits refuse the first ones. */
const SLOTS_PER_WAITER = 20;

function matches(tenant: TTenant, waiter: TWaiterRow, slot: TAvailableSlot): boolean {
  if (slot.remaining <= 0) return false;
  if (waiter.siteId && slot.siteId !== waiter.siteId) return false;
  return waiter.weekdays.length === 0 || waiter.weekdays.includes(isoWeekday(localDate(slot.start, tenant.timeZone)));
}

/** Holds one place of `slot` for the waiter and e-mails them the link; false if the place went meanwhile. */
async function offerSlot(tenant: TTenant, service: TServiceRow, waiter: TWaiterRow, slot: TAvailableSlot, now: Date): Promise<boolean> {
  const row = await ensureSlot({ tenantId: tenant.id, serviceId: service.id, siteId: slot.siteId, start: slot.start, end: slot.end, capacity: slot.capacity });
  const holdId = randomUUID();
  const claimed = await claimPlaces({ tenantId: tenant.id, slotId: row.id, count: 1, holdId, holdSeconds: service.offerMinutes * 60 });
  if (claimed < 1) return false;
  const token = newSecret();
  const until = new Date(now.getTime() + service.offerMinutes * 60_000);
  await insertOfferHold({ id: holdId, tenantId: tenant.id, tokenHash: hashSecret(token), serviceId: service.id, siteId: slot.siteId, locale: waiter.locale, details: { email: waiter.email }, startsAt: slot.start, expiresAt: until, waiterId: waiter.id });
  await updateWaiter(tenant.id, waiter.id, { status: "offered", offerHoldId: holdId, offerExpiresAt: until });
  const locale = waiterLocale(tenant, waiter);
  const text = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale])?.text ?? "";
  const site = service.sites.find((s) => s.siteId === slot.siteId)?.site;
  const params: TWaitingOfferMailParams = {
    service: text(service.names),
    site: text(site?.names),
    address: text(site?.address),
    start: slot.start.toISOString(),
    until: until.toISOString(),
    timeZone: tenant.timeZone,
    whatToBring: text(service.whatToBring),
  };
  await queueMail({ tenantId: tenant.id, to: waiter.email, template: "waiting-list-offer", locale, params, secret: { link: `${tenantOrigin(tenant)}/${locale}/appointments/booking/${token}/details` } });
  return true;
}

/**
 * Offers a service's free places to its waiting list, in joining order: each waiter still waiting gets
 * the earliest free slot within the booking window that matches their site and days, held for them.
 * Stops when no free slot is left. One run per service at a time (an advisory lock). Returns how many
 * places were offered.
 */
export async function offerFreedPlaces(tenant: TTenant, serviceId: string, now = new Date()): Promise<number> {
  const service = await townService(tenant.id, serviceId);
  if (!service || !service.waitingList || !tenant.modules.includes("appointments")) return 0;
  return inTransaction(async () => {
    await lockWaitingList(tenant.id, service.id);
    const waiters = await waitingInOrder(tenant.id, service.id, WAITERS_PER_RUN);
    if (waiters.length === 0) return 0;
    const window = bookableDates(tenant, service, now);
    const free = window.first <= window.last ? await availableSlots(tenant, service, { from: window.first, to: window.last, now }) : [];
    let offered = 0;
    for (const candidate of waiters) {
      if (!free.some((s) => s.remaining > 0)) break;
      if (!free.some((s) => matches(tenant, candidate, s))) continue;
      // Locked and read again: they may have left since the list was read.
      const waiter = await lockWaiter(tenant.id, candidate.id);
      if (!waiter || waiter.status !== "waiting") continue;
      for (const slot of free.filter((s) => matches(tenant, waiter, s)).slice(0, SLOTS_PER_WAITER)) {
        try {
          await checkCitizenLimits(tenant.id, service, waiter.email, slot.start);
        } catch (error) {
          if (error instanceof ActionError) continue; // they could not book this one: the next may do
          throw error;
        }
        const done = await offerSlot(tenant, service, waiter, slot, now);
        if (!done) {
          slot.remaining = 0; // taken meanwhile by a booking
          continue;
        }
        slot.remaining -= 1;
        offered++;
        break;
      }
    }
    return offered;
  });
}

/**
 * Takes back the offers that ran out at `now`: the waiter leaves the list (status expired, an e-mail
 * says so and that they may join again), the held place is released, and offered to the next waiter.
 * `tenantId` limits the run to one town (tests on a shared database). Returns how many expired.
 */
export async function expireOffers(now: Date, options: { tenantId?: string } = {}): Promise<number> {
  let count = 0;
  for (const tenant of await listTenants()) {
    if (options.tenantId && tenant.id !== options.tenantId) continue;
    try {
      const services = new Set<string>();
      for (const offer of await expiredOffers(tenant.id, now, 500)) {
        const expired = await inTransaction(async () => {
          const { hold, waiter } = await lockOffer(tenant.id, offer);
          if (!waiter || waiter.status !== "offered" || !waiter.offerExpiresAt || waiter.offerExpiresAt > now) return false;
          if (hold?.appointmentId) {
            await updateWaiter(tenant.id, waiter.id, { status: "booked" });
            return false;
          }
          if (hold) await releaseOffer(tenant.id, hold.id, now);
          await updateWaiter(tenant.id, waiter.id, { status: "expired" });
          const service = await townService(tenant.id, waiter.serviceId);
          const locale = waiterLocale(tenant, waiter);
          const params: TWaitingExpiredMailParams = {
            service: pickLocalized(service?.names, locale, [tenant.defaultLocale])?.text ?? "",
            joinLink: service?.waitingList ? joinUrl(tenant, locale, waiter.serviceId) : "",
          };
          await queueMail({ tenantId: tenant.id, to: waiter.email, template: "waiting-list-expired", locale, params, secret: {} });
          return true;
        });
        if (expired) {
          count++;
          services.add(offer.serviceId);
        }
      }
      for (const serviceId of services) await offerFreedPlaces(tenant, serviceId, now);
    } catch (error) {
      getLogger().error({ err: error, tenant: tenant.slug }, "waiting list: expiring offers failed; tried again at the next run");
    }
  }
  return count;
}
