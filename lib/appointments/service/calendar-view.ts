// The agents' calendar: every place of every slot of a site's schedule on a day (booked, held, free
// or closed), and a week's counts. Slots come from the opening rules like availableSlots, but for
// agents: no booking window (today's and past hours show), closures and public holidays shown as
// closed instead of left out, and slots materialised outside today's rules (a rule changed after a
// booking) kept, since their bookings still happen. Only the services in the agent's scope count.
import { z } from "zod";
import type { TAgentActor } from "@/lib/auth/session";
import { publicHolidayDates } from "@/lib/core/holidays";
import { calendarPlaces, overbookedAppointments, type TServiceRow, type TSiteRow } from "@/lib/appointments/repo";
import { servicesFor } from "@/lib/appointments/service/agent-scope";
import { activeSiteIds, ruleInputs } from "@/lib/appointments/service/availability";
import { townClosures } from "@/lib/appointments/service/definitions";
import { addDays, computeSlots, isIsoDate, localDate, localInstant, mondayOf, type TClosureInput } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";

export const CALENDAR_VIEWS = ["day", "week"] as const;
/** Desks offered in the filter at most (a rule's capacity may be larger; the address still works). */
const MAX_DESK_OPTIONS = 50;

const blank = (v: unknown) => (v === "" ? undefined : v);
const ZCalendarFilters = z.object({
  site: z.preprocess(blank, z.uuid().optional()).catch(undefined),
  service: z.preprocess(blank, z.uuid().optional()).catch(undefined),
  desk: z.preprocess(blank, z.coerce.number().int().min(1).max(999).optional()).catch(undefined),
  date: z.preprocess(blank, z.string().refine(isIsoDate).optional()).catch(undefined),
  view: z.enum(CALENDAR_VIEWS).catch("day"),
  print: z.preprocess((v) => v === "1", z.boolean()).catch(false),
});
export type TCalendarFilters = z.infer<typeof ZCalendarFilters>;

/** Filters as typed in the address; anything malformed is ignored (never an error page). */
export function parseCalendarFilters(params: Record<string, string | string[] | undefined>): TCalendarFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return ZCalendarFilters.parse(flat);
}

export type TPlaceStatus = "booked" | "held" | "free" | "closed" | "overbooked";

export type TCalendarRow = {
  /** Local date of the slot */
  date: string;
  start: Date;
  end: Date;
  serviceId: string;
  /** Seat number; null for an overbooked appointment (it holds no place) */
  desk: number | null;
  status: TPlaceStatus;
  heldUntil: Date | null;
  booking: { id: string; reference: string; firstName: string; lastName: string; people: number; attendance: "arrived" | "no_show" | null } | null;
};

export type TCounts = { booked: number; held: number; free: number; closed: number };

type TSlotEntry = { date: string; start: Date; end: Date; serviceId: string; capacity: number; closed: boolean; rows: TCalendarRow[] };

function yearsOf(from: string, to: string): number[] {
  const years: number[] = [];
  for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) years.push(y);
  return years;
}

function closedBy(closures: readonly TClosureInput[], siteId: string, start: Date, end: Date): boolean {
  return closures.some((c) => (c.siteId === null || c.siteId === siteId) && c.startsAt < end && c.endsAt > start);
}

/**
 * Every place of the schedule of `services` at `siteId` between two local dates (inclusive), in time
 * order: one row per place (seat), plus one row per overbooked appointment.
 */
export async function calendarRows(tenant: TTenant, services: readonly TServiceRow[], siteId: string, from: string, to: string): Promise<TCalendarRow[]> {
  if (services.length === 0 || from > to) return [];
  const tz = tenant.timeZone;
  const fromInstant = localInstant(from, "00:00", tz);
  const toInstant = localInstant(addDays(to, 1), "00:00", tz);
  const serviceIds = services.map((s) => s.id);
  const [places, overbooked, closures] = await Promise.all([
    calendarPlaces(tenant.id, siteId, serviceIds, fromInstant, toInstant),
    overbookedAppointments(tenant.id, siteId, serviceIds, fromInstant, toInstant),
    Promise.all(services.map((s) => townClosures(tenant.id, s.id, fromInstant, toInstant))),
  ]);
  const holidays = publicHolidayDates(tenant.holidayRegion, yearsOf(from, to));
  const slots = new Map<string, TSlotEntry>();
  const keyOf = (serviceId: string, start: Date) => `${serviceId}|${start.getTime()}`;
  const isClosed = (service: TServiceRow, serviceClosures: readonly TClosureInput[], start: Date, end: Date) =>
    (service.closedOnHolidays && holidays.has(localDate(start, tz))) || closedBy(serviceClosures, siteId, start, end);

  services.forEach((service, i) => {
    if (!activeSiteIds(service).includes(siteId)) return;
    const computed = computeSlots({
      rules: ruleInputs(service).filter((r) => r.siteId === siteId),
      closures: [],
      closedDates: new Set(),
      timeZone: tz,
      from,
      to,
      durationMinutes: service.durationMinutes,
    });
    for (const slot of computed) {
      slots.set(keyOf(service.id, slot.start), {
        date: localDate(slot.start, tz),
        start: slot.start,
        end: slot.end,
        serviceId: service.id,
        capacity: slot.capacity,
        closed: isClosed(service, closures[i] ?? [], slot.start, slot.end),
        rows: [],
      });
    }
  });

  const serviceById = new Map(services.map((s, i) => [s.id, { service: s, closures: closures[i] ?? [] }]));
  // Materialised slots: their places (a slot keeps the capacity it was created with).
  for (const place of places) {
    const key = keyOf(place.serviceId, place.startsAt);
    let entry = slots.get(key);
    if (!entry) {
      const known = serviceById.get(place.serviceId);
      entry = {
        date: localDate(place.startsAt, tz),
        start: place.startsAt,
        end: place.endsAt,
        serviceId: place.serviceId,
        capacity: place.capacity,
        closed: known ? isClosed(known.service, known.closures, place.startsAt, place.endsAt) : false,
        rows: [],
      };
      slots.set(key, entry);
    }
    entry.capacity = place.capacity;
    const base = { date: entry.date, start: entry.start, end: entry.end, serviceId: entry.serviceId, desk: place.seat };
    if (place.appointmentId) {
      entry.rows.push({
        ...base,
        status: "booked",
        heldUntil: null,
        booking: { id: place.appointmentId, reference: place.reference ?? "", firstName: place.firstName ?? "", lastName: place.lastName ?? "", people: place.people ?? 1, attendance: place.attendance },
      });
    } else if (place.heldUntil) {
      entry.rows.push({ ...base, status: "held", heldUntil: place.heldUntil, booking: null });
    } else {
      entry.rows.push({ ...base, status: entry.closed ? "closed" : "free", heldUntil: null, booking: null });
    }
  }

  // Places of slots nobody asked for yet: free (or closed), seats 1..capacity.
  for (const entry of slots.values()) {
    const seats = new Set(entry.rows.map((r) => r.desk));
    for (let seat = 1; seat <= entry.capacity; seat++) {
      if (!seats.has(seat)) entry.rows.push({ date: entry.date, start: entry.start, end: entry.end, serviceId: entry.serviceId, desk: seat, status: entry.closed ? "closed" : "free", heldUntil: null, booking: null });
    }
  }

  const rows = [...slots.values()].flatMap((e) => e.rows);
  for (const a of overbooked) {
    rows.push({
      date: localDate(a.startsAt, tz),
      start: a.startsAt,
      end: a.endsAt,
      serviceId: a.serviceId,
      desk: null,
      status: "overbooked",
      heldUntil: null,
      booking: { id: a.id, reference: a.reference, firstName: a.firstName, lastName: a.lastName, people: a.people, attendance: a.attendance },
    });
  }
  const position = new Map(services.map((s, i) => [s.id, i]));
  return rows.sort(
    (a, b) =>
      a.start.getTime() - b.start.getTime() ||
      (position.get(a.serviceId) ?? 0) - (position.get(b.serviceId) ?? 0) ||
      (a.desk ?? Number.MAX_SAFE_INTEGER) - (b.desk ?? Number.MAX_SAFE_INTEGER),
  );
}

/** Booked, held, free and closed places of rows (an overbooked appointment counts its people as booked). */
export function countRows(rows: readonly TCalendarRow[]): TCounts {
  const counts: TCounts = { booked: 0, held: 0, free: 0, closed: 0 };
  for (const row of rows) {
    if (row.status === "overbooked") counts.booked += row.booking?.people ?? 1;
    else counts[row.status] += 1;
  }
  return counts;
}

export type TWeekGroup = { key: string; serviceId: string | null; desk: number | null; counts: TCounts };
export type TWeekDay = { date: string; groups: TWeekGroup[] };

/** Per day of the week, counts per service (or, with one service chosen, per desk). */
export function weekGroups(days: readonly string[], rows: readonly TCalendarRow[], by: "service" | "desk"): TWeekDay[] {
  return days.map((date) => {
    const groups = new Map<string, TCalendarRow[]>();
    for (const row of rows) {
      if (row.date !== date) continue;
      // Overbooked appointments have no desk: per desk, they are counted on their own line.
      const key = by === "service" ? row.serviceId : String(row.desk ?? "");
      groups.set(key, [...(groups.get(key) ?? []), row]);
    }
    const list = [...groups.entries()].map(([key, list]) => ({
      key,
      serviceId: by === "service" ? key : (list[0]?.serviceId ?? null),
      desk: by === "desk" ? (list[0]?.desk ?? null) : null,
      counts: countRows(list),
    }));
    if (by === "desk") list.sort((a, b) => (a.desk ?? Number.MAX_SAFE_INTEGER) - (b.desk ?? Number.MAX_SAFE_INTEGER));
    return { date, groups: list };
  });
}

export type TCalendarSite = Pick<TSiteRow, "id" | "names">;

export type TCalendar = {
  filters: TCalendarFilters;
  /** The services in the agent's scope (filter options) */
  services: TServiceRow[];
  /** The sites those services use (filter options) */
  sites: TCalendarSite[];
  site: TCalendarSite | null;
  /** The service chosen, if it is in scope */
  service: TServiceRow | null;
  /** The chosen service does not use the chosen site */
  serviceNotAtSite: boolean;
  desk: number | null;
  deskCount: number;
  date: string;
  today: string;
  view: "day" | "week";
  /** Day view: the day's places; week view: the seven days' counts */
  rows: TCalendarRow[];
  week: TWeekDay[];
  /** The day is a public holiday (services closed on holidays show closed) */
  holiday: boolean;
};

/** The sites the agent's services use (not archived), in the order the services list them. */
export function sitesOf(services: readonly TServiceRow[]): TCalendarSite[] {
  const sites = new Map<string, TCalendarSite>();
  for (const service of services) for (const link of service.sites) if (!link.site.archivedAt && !sites.has(link.siteId)) sites.set(link.siteId, link.site);
  return [...sites.values()];
}

/** Everything the calendar page shows, for the filters of its address. */
export async function calendarView(tenant: TTenant, actor: Pick<TAgentActor, "grants">, params: Record<string, string | string[] | undefined>, now = new Date()): Promise<TCalendar> {
  const filters = parseCalendarFilters(params);
  const services = await servicesFor(tenant.id, actor, "appointments:manage");
  const sites = sitesOf(services);
  const site = sites.find((s) => s.id === filters.site) ?? sites[0] ?? null;
  const service = services.find((s) => s.id === filters.service) ?? null;
  const today = localDate(now, tenant.timeZone);
  const date = filters.date ?? today;
  const view = filters.print ? "day" : filters.view;
  const shown = site ? (service ? [service] : services.filter((s) => s.sites.some((l) => l.siteId === site.id))) : [];
  const capacities = shown.flatMap((s) => s.rules.filter((r) => r.siteId === site?.id).map((r) => r.capacity));
  const deskCount = Math.min(MAX_DESK_OPTIONS, Math.max(1, ...capacities));
  const desk = filters.desk ?? null;
  const empty: TCalendar = { filters, services, sites, site, service, serviceNotAtSite: false, desk, deskCount, date, today, view, rows: [], week: [], holiday: false };
  if (!site) return empty;
  const serviceNotAtSite = service !== null && !service.sites.some((l) => l.siteId === site.id);
  const from = view === "week" ? mondayOf(date) : date;
  const to = view === "week" ? addDays(from, 6) : date;
  let rows = await calendarRows(tenant, shown, site.id, from, to);
  if (desk !== null) rows = rows.filter((r) => r.desk === desk);
  const holiday = publicHolidayDates(tenant.holidayRegion, yearsOf(date, date)).has(date);
  if (view === "day") return { ...empty, serviceNotAtSite, rows, holiday };
  const days = Array.from({ length: 7 }, (_, i) => addDays(from, i));
  return { ...empty, serviceNotAtSite, week: weekGroups(days, rows, service ? "desk" : "service"), holiday };
}
