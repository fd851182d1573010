// The free times a slot field offers: the next days with free times of the field's appointments
// service (the town's own, bookable services only), grouped by day in the town's zone, with the site
// of each time. The same availability the appointments pages use; booking re-checks everything.
import { availableSlots, bookableDates } from "@/lib/appointments/service/availability";
import { formatDay, formatTime, textIn } from "@/lib/appointments/service/citizen-view";
import { townService } from "@/lib/appointments/service/definitions";
import { addDays, localDate } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";

export type TSlotChoice = { value: string; time: string; site: { text: string; lang: string } | null };
export type TSlotDay = { day: string; label: string; choices: TSlotChoice[] };

/** Radio value of a time: "<siteId>|<ISO start>" (read back by the fill's parseFieldValue). */
export const slotValue = (siteId: string, start: Date | string) => `${siteId}|${new Date(start).toISOString()}`;

/**
 * Days with free times, from today, at most `maxDays` days with times over at most `lookAheadDays`.
 * null: the service is not one of the town's bookable services.
 */
export async function slotChoices(
  tenant: TTenant,
  serviceId: string | undefined,
  locale: string,
  options: { now?: Date; maxDays?: number; lookAheadDays?: number } = {},
): Promise<{ days: TSlotDay[]; multipleSites: boolean } | null> {
  const service = serviceId ? await townService(tenant.id, serviceId) : null;
  if (!service) return null;
  const now = options.now ?? new Date();
  const window = bookableDates(tenant, service, now);
  const from = window.first > localDate(now, tenant.timeZone) ? window.first : localDate(now, tenant.timeZone);
  const last = addDays(from, options.lookAheadDays ?? 42);
  const to = window.last < last ? window.last : last;
  const slots = from <= to ? await availableSlots(tenant, service, { from, to, now }) : [];
  const siteNames = new Map(service.sites.map((s) => [s.siteId, textIn(tenant, s.site.names, locale)]));
  const days = new Map<string, TSlotDay>();
  for (const slot of slots) {
    const day = localDate(slot.start, tenant.timeZone);
    let entry = days.get(day);
    if (!entry) {
      if (days.size >= (options.maxDays ?? 8)) break;
      entry = { day, label: formatDay(day, locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" }), choices: [] };
      days.set(day, entry);
    }
    entry.choices.push({ value: slotValue(slot.siteId, slot.start), time: formatTime(slot.start, locale, tenant), site: siteNames.get(slot.siteId) ?? null });
  }
  return { days: [...days.values()], multipleSites: new Set(slots.map((s) => s.siteId)).size > 1 || service.sites.length > 1 };
}
