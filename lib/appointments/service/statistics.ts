// Statistics of the bookings for agents, over a period of local dates (default: the last 30 days up to
// today) and the services the agent may work on. The counts are aggregated by PostgreSQL (grouped per
// service, and per local day in the town's zone); the places offered come from the opening rules,
// closures and public holidays through computeSlots, as for citizens but over past dates too and
// without the booking window.
//
// Definitions (shown on the page):
//   bookings       appointments starting in the period, not cancelled
//   people         people of those bookings (a booking may be for several)
//   cancellations  appointments starting in the period, cancelled
//   arrived / no-shows  bookings whose attendance an agent recorded as such
//   no-show rate   no-shows ÷ bookings already past (started before now); a past booking whose
//                  attendance was not recorded counts as attended
//   places offered places of the slots the rules opened in the period (closures and holidays removed);
//                  a slot already booked keeps the capacity it had then
//   fill rate      places taken by bookings (overbooked ones hold no place) ÷ places offered
import { z } from "zod";
import { publicHolidayDates } from "@/lib/core/holidays";
import { pickLocalized } from "@/lib/i18n/localized";
import type { TAgentActor } from "@/lib/auth/session";
import type { TTenant } from "@/lib/tenancy/registry";
import { appointmentCountsByService, appointmentsPerDay, slotCapacities, type TServiceCounts, type TServiceRow } from "@/lib/appointments/repo";
import { serviceIdsFor } from "@/lib/appointments/service/agent-scope";
import { ruleInputs } from "@/lib/appointments/service/availability";
import { allTownServices, townClosures } from "@/lib/appointments/service/definitions";
import { addDays, computeSlots, isIsoDate, localDate, localInstant } from "@/lib/appointments/slots";

/** The longest period shown at once (a year and a day: a leap year fits). */
export const MAX_PERIOD_DAYS = 366;
export const DEFAULT_PERIOD_DAYS = 30;

const optionalDate = z.preprocess((v) => (v === "" ? undefined : v), z.string().refine(isIsoDate).optional()).catch(undefined);
const ZStatsParams = z.object({
  from: optionalDate,
  to: optionalDate,
  service: z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()).catch(undefined),
});

export type TStatsFilters = {
  /** Local dates, inclusive */
  from: string;
  to: string;
  serviceId: string | null;
  /** The dates asked for were changed: swapped, or the period shortened to MAX_PERIOD_DAYS */
  adjusted: boolean;
};

/** The page's filters from the address; anything malformed falls back to the defaults (never an error page). */
export function parseStatsFilters(params: Record<string, string | string[] | undefined>, timeZone: string, now = new Date()): TStatsFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = ZStatsParams.parse(flat);
  const today = localDate(now, timeZone);
  let to = parsed.to ?? today;
  let from = parsed.from ?? addDays(to, 1 - DEFAULT_PERIOD_DAYS);
  let adjusted = false;
  if (from > to) {
    [from, to] = [to, from];
    adjusted = true;
  }
  if (addDays(from, MAX_PERIOD_DAYS - 1) < to) {
    from = addDays(to, 1 - MAX_PERIOD_DAYS);
    adjusted = true;
  }
  return { from, to, serviceId: parsed.service ?? null, adjusted };
}

export type TServiceStats = TServiceCounts & {
  name: string;
  lang: string | undefined;
  placesOffered: number;
  /** null when nothing is past */
  noShowRate: number | null;
  /** null when no place was offered */
  fillRate: number | null;
};

export type TStatistics = {
  from: string;
  to: string;
  /** The services the agent may choose from (in scope) */
  choices: { id: string; name: string; lang: string | undefined }[];
  services: TServiceStats[];
  totals: Omit<TServiceStats, "serviceId" | "name" | "lang">;
  /** Every day of the period, in order, with its bookings (0 included) */
  days: { date: string; bookings: number }[];
};

function yearsBetween(from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

/**
 * Places a service offered between two local dates (inclusive): its rules at the sites it is linked to
 * (archived sites too: they were open then), minus closures and, if it closes on them, public holidays.
 */
export async function placesOffered(tenant: TTenant, service: TServiceRow, from: string, to: string): Promise<number> {
  const siteIds = new Set(service.sites.map((s) => s.siteId));
  const rules = ruleInputs(service).filter((r) => siteIds.has(r.siteId));
  if (rules.length === 0) return 0;
  const fromInstant = localInstant(from, "00:00", tenant.timeZone);
  const toInstant = localInstant(addDays(to, 1), "00:00", tenant.timeZone);
  const [closures, materialised] = await Promise.all([townClosures(tenant.id, service.id, fromInstant, toInstant), slotCapacities(tenant.id, service.id, fromInstant, toInstant)]);
  const slots = computeSlots({
    rules,
    closures,
    closedDates: service.closedOnHolidays ? publicHolidayDates(tenant.holidayRegion, yearsBetween(from, to)) : new Set(),
    timeZone: tenant.timeZone,
    from,
    to,
    durationMinutes: service.durationMinutes,
  });
  // A slot already materialised keeps the capacity it was created with (its place rows).
  const capacities = new Map(materialised.map((m) => [`${m.siteId}|${m.startsAt.getTime()}`, m.capacity]));
  return slots.reduce((sum, slot) => sum + (capacities.get(`${slot.siteId}|${slot.start.getTime()}`) ?? slot.capacity), 0);
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

export async function bookingStatistics(tenant: TTenant, actor: Pick<TAgentActor, "grants">, locale: string, filters: TStatsFilters, now = new Date()): Promise<TStatistics> {
  const scope = serviceIdsFor(actor, "appointments:manage");
  const inScope = (await allTownServices(tenant.id)).filter((s) => scope === "all" || scope.includes(s.id));
  const named = (s: TServiceRow) => {
    const picked = pickLocalized(s.names, locale, [tenant.defaultLocale]);
    return { id: s.id, name: picked?.text ?? s.id, lang: picked?.lang === locale ? undefined : picked?.lang };
  };
  const chosen = filters.serviceId ? inScope.filter((s) => s.id === filters.serviceId) : inScope;
  // A service outside the agent's scope (or another town's id) is not a choice: every service in scope is shown.
  const services = chosen.length > 0 ? chosen : inScope;
  const ids = services.map((s) => s.id);
  const fromInstant = localInstant(filters.from, "00:00", tenant.timeZone);
  const toInstant = localInstant(addDays(filters.to, 1), "00:00", tenant.timeZone);
  const [counts, perDay, offered] = await Promise.all([
    appointmentCountsByService(tenant.id, ids, fromInstant, toInstant, now),
    appointmentsPerDay(tenant.id, ids, fromInstant, toInstant, tenant.timeZone),
    Promise.all(services.map((s) => placesOffered(tenant, s, filters.from, filters.to))),
  ]);
  const byService = new Map(counts.map((c) => [c.serviceId, c]));
  const empty = { bookings: 0, people: 0, cancellations: 0, arrived: 0, noShows: 0, past: 0, placesBooked: 0 };
  const rows: TServiceStats[] = services
    .map((s, i) => {
      const c = byService.get(s.id) ?? { serviceId: s.id, ...empty };
      const { name, lang } = named(s);
      return { ...c, name, lang, placesOffered: offered[i]!, noShowRate: ratio(c.noShows, c.past), fillRate: ratio(c.placesBooked, offered[i]!) };
    })
    // An archived service is listed only if it had bookings in the period.
    .filter((r, i) => !services[i]!.archivedAt || r.bookings + r.cancellations > 0);
  const sum = (key: keyof typeof empty | "placesOffered") => rows.reduce((total, r) => total + r[key], 0);
  const totals = {
    bookings: sum("bookings"),
    people: sum("people"),
    cancellations: sum("cancellations"),
    arrived: sum("arrived"),
    noShows: sum("noShows"),
    past: sum("past"),
    placesBooked: sum("placesBooked"),
    placesOffered: sum("placesOffered"),
    noShowRate: ratio(sum("noShows"), sum("past")),
    fillRate: ratio(sum("placesBooked"), sum("placesOffered")),
  };
  const perDayMap = new Map(perDay.map((d) => [d.day, d.bookings]));
  const days: TStatistics["days"] = [];
  for (let date = filters.from; date <= filters.to; date = addDays(date, 1)) days.push({ date, bookings: perDayMap.get(date) ?? 0 });
  return { from: filters.from, to: filters.to, choices: inScope.filter((s) => !s.archivedAt).map(named), services: rows, totals, days };
}
