// Tags of cached public pages (lib/server/page-cache.ts) that depend on free places: a slot list names
// the days it shows, so a booking drops only the lists of its service and day.
import type { TSlotRef } from "@/lib/core/invalidation";

/** A day's list of a service (the times page, and the days page for each day it shows). */
export function slotDayTag(serviceId: string, day: string): string {
  return `s:${serviceId}:${day}`;
}

/** Anything free in a service at all (the days page when it offers the waiting list). */
export function serviceSlotsTag(serviceId: string): string {
  return `s:${serviceId}`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function localDay(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dayFormats.set(timeZone, format);
  }
  return format.format(instant); // en-CA: YYYY-MM-DD
}

/** The tags a change of places in these slots makes stale, the days taken in the town's zone. */
export function slotTags(slots: readonly TSlotRef[], timeZone: string): string[] {
  const tags = new Set<string>();
  for (const slot of slots) {
    tags.add(serviceSlotsTag(slot.serviceId));
    const start = new Date(slot.startsAt);
    if (!Number.isNaN(start.getTime())) tags.add(slotDayTag(slot.serviceId, localDay(start, timeZone)));
  }
  return [...tags];
}
