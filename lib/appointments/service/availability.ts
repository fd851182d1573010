// What a citizen can book: the slots a service's rules open, minus closures and public holidays,
// within the booking window, with the places left. The same function decides what the pages show,
// what the API lists and (for one slot) whether a booking is accepted.
import { publicHolidayDates } from "@/lib/core/holidays";
import { takenPlaces, type TServiceRow } from "@/lib/appointments/repo";
import { townClosures, townReleases } from "@/lib/appointments/service/definitions";
import { addDays, bookingWindow, computeSlots, inWindow, localDate, localInstant, type TRuleInput, type TWeekly } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";

export type TAvailableSlot = { siteId: string; start: Date; end: Date; capacity: number; remaining: number };

const isoDate = (d: Date) => d.toISOString().slice(0, 10);

export function ruleInputs(service: TServiceRow): TRuleInput[] {
  return service.rules.map((r) => ({
    siteId: r.siteId,
    validFrom: isoDate(r.validFrom),
    validUntil: r.validUntil ? isoDate(r.validUntil) : null,
    weekly: r.weekly as TWeekly,
    slotMinutes: r.slotMinutes,
    capacity: r.capacity,
  }));
}

export function activeSiteIds(service: TServiceRow): string[] {
  return service.sites.filter((s) => !s.site.archivedAt).map((s) => s.siteId);
}

function yearsBetween(from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

/** The window of local dates a citizen may book in now: today's date to the end of the horizon. */
export function bookableDates(tenant: TTenant, service: TServiceRow, now: Date): { first: string; last: string } {
  const window = bookingWindow(now, service, tenant.timeZone);
  return { first: localDate(window.earliest, tenant.timeZone), last: addDays(localDate(window.latest, tenant.timeZone), -1) };
}

/**
 * Free slots of a service between two local dates (inclusive), in order. `includeFull` keeps the slots
 * without places left (remaining 0), for the API's listing.
 */
export async function availableSlots(
  tenant: TTenant,
  service: TServiceRow,
  query: { from: string; to: string; siteId?: string; now?: Date; includeFull?: boolean; counts?: boolean },
): Promise<TAvailableSlot[]> {
  const now = query.now ?? new Date();
  const window = bookingWindow(now, service, tenant.timeZone);
  const sites = activeSiteIds(service).filter((id) => !query.siteId || id === query.siteId);
  if (sites.length === 0 || query.from > query.to) return [];
  const fromInstant = localInstant(query.from, "00:00", tenant.timeZone);
  const toInstant = localInstant(addDays(query.to, 1), "00:00", tenant.timeZone);
  const [closures, taken, releases] = await Promise.all([
    townClosures(tenant.id, service.id, fromInstant, toInstant),
    query.counts === false ? [] : takenPlaces(tenant.id, service.id, fromInstant, toInstant),
    townReleases(tenant.id, service.id, now),
  ]);
  // Days of an announced release not yet open: nobody sees or books them before the announced time.
  const unreleased = releases.filter((r) => r.opensAt > now).map((r) => [isoDate(r.slotsFrom), isoDate(r.slotsUntil)] as const);
  const slots = computeSlots({
    rules: ruleInputs(service).filter((r) => sites.includes(r.siteId)),
    closures,
    closedDates: service.closedOnHolidays ? publicHolidayDates(tenant.holidayRegion, yearsBetween(query.from, query.to)) : new Set(),
    timeZone: tenant.timeZone,
    from: query.from,
    to: query.to,
    durationMinutes: service.durationMinutes,
  });
  const takenBySlot = new Map(taken.map((t) => [`${t.siteId}|${t.startsAt.getTime()}`, t]));
  const result: TAvailableSlot[] = [];
  for (const slot of slots) {
    if (!inWindow(slot.start, window)) continue;
    if (unreleased.length > 0) {
      const day = localDate(slot.start, tenant.timeZone);
      if (unreleased.some(([first, last]) => day >= first && day <= last)) continue;
    }
    const row = takenBySlot.get(`${slot.siteId}|${slot.start.getTime()}`);
    // A slot already materialised keeps the capacity it was created with (its place rows).
    const capacity = row?.capacity ?? slot.capacity;
    const remaining = Math.max(0, capacity - (row?.taken ?? 0));
    if (remaining > 0 || query.includeFull) result.push({ ...slot, capacity, remaining });
  }
  return result;
}

/**
 * The slot starting at `start` at `siteId` if the service offers it now (rules, closures, window), else
 * null. `counts: false` skips counting the places taken (booking: PostgreSQL decides when claiming).
 */
export async function offeredSlot(tenant: TTenant, service: TServiceRow, siteId: string, start: Date, options: { now?: Date; counts?: boolean } = {}): Promise<TAvailableSlot | null> {
  if (Number.isNaN(start.getTime())) return null;
  const day = localDate(start, tenant.timeZone);
  const slots = await availableSlots(tenant, service, { from: day, to: day, siteId, now: options.now ?? new Date(), includeFull: true, counts: options.counts });
  return slots.find((s) => s.start.getTime() === start.getTime()) ?? null;
}
