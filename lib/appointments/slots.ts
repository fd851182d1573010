// Slot computation: pure functions, no I/O. Opening rules are weekly templates of local wall-clock
// times in the town's IANA time zone; a range is turned into instants on each day (so 09:00 is 09:00
// in winter and in summer), then cut into slots by stepping real minutes from the range's start. On
// the night clocks go forward a range through the missing hour is that much shorter; on the night
// they go back it is longer. A local time that does not exist (02:30 on the spring-forward night)
// resolves to the first instant after the gap.
import { TZDate } from "@date-fns/tz";

export type TTimeRange = [string, string];
/** ISO weekday ("1" = Monday … "7" = Sunday) → time ranges "HH:MM". */
export type TWeekly = Partial<Record<"1" | "2" | "3" | "4" | "5" | "6" | "7", TTimeRange[]>>;

export type TRuleInput = {
  siteId: string;
  /** YYYY-MM-DD, inclusive */
  validFrom: string;
  /** YYYY-MM-DD, inclusive; null: open-ended */
  validUntil: string | null;
  weekly: TWeekly;
  slotMinutes: number;
  capacity: number;
};

export type TClosureInput = { siteId: string | null; startsAt: Date; endsAt: Date };

export type TSlot = { siteId: string; start: Date; end: Date; capacity: number };

export type TSlotQuery = {
  rules: readonly TRuleInput[];
  closures: readonly TClosureInput[];
  /** Local dates (YYYY-MM-DD) closed all day: public holidays when the service closes on them. */
  closedDates: ReadonlySet<string>;
  timeZone: string;
  /** First and last local dates, YYYY-MM-DD, inclusive. */
  from: string;
  to: string;
  /** How long an appointment lasts: a slot must fit in its opening range. */
  durationMinutes: number;
  siteId?: string;
};

const MINUTE = 60_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export function isTimeOfDay(value: string): boolean {
  return HH_MM.test(value);
}

/** The calendar date `days` after `isoDate` (calendar arithmetic, no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** ISO weekday of a calendar date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(isoDate: string): number {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return ((new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week of `isoDate`. */
export function mondayOf(isoDate: string): string {
  return addDays(isoDate, 1 - isoWeekday(isoDate));
}

// Building an Intl.DateTimeFormat costs far more than using one (bench/agents: most of a CSV export's
// time went there): one per time zone, kept.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(timeZone: string): Intl.DateTimeFormat {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(timeZone, format);
  }
  return format;
}

/** The local calendar date of an instant in `timeZone`. */
export function localDate(instant: Date, timeZone: string): string {
  const parts = dateFormat(timeZone).formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** The local wall clock of an instant in `timeZone`, as if it were a UTC time (milliseconds). */
function wallClock(instant: number, timeZone: string): number {
  const t = new TZDate(instant, timeZone);
  return Date.UTC(t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes(), t.getSeconds(), t.getMilliseconds());
}

/**
 * The instant of a local wall-clock time on a local date. A time in a DST gap (02:30 on the
 * spring-forward night) resolves to the first instant after the gap (03:00); a time that occurs
 * twice (02:30 on the fall-back night) resolves to the second occurrence, as TZDate does.
 */
export function localInstant(isoDate: string, time: string, timeZone: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const [hh, mm] = time.split(":").map(Number) as [number, number];
  const instant = new TZDate(y, m - 1, d, hh, mm, 0, timeZone).getTime();
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  const shown = wallClock(instant, timeZone);
  if (shown <= wanted) return new Date(instant);
  // In a gap TZDate reads the time with the offset before the gap, landing as far past the gap's end
  // as the time is past its start (02:30 → 03:30). The gap ends at the first instant whose wall clock
  // reaches `wanted`: wall(lo) < wanted ≤ wall(hi), bisected to the millisecond.
  let lo = instant - (shown - wanted);
  let hi = instant;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallClock(mid, timeZone) < wanted) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}

/** The rule that applies at `siteId` on `isoDate`: among those valid that day, the one starting latest. */
export function ruleFor(rules: readonly TRuleInput[], siteId: string, isoDate: string): TRuleInput | null {
  let chosen: TRuleInput | null = null;
  for (const rule of rules) {
    if (rule.siteId !== siteId || rule.validFrom > isoDate || (rule.validUntil !== null && rule.validUntil < isoDate)) continue;
    if (!chosen || rule.validFrom >= chosen.validFrom) chosen = rule;
  }
  return chosen;
}

function overlapsClosure(slot: { siteId: string; start: Date; end: Date }, closures: readonly TClosureInput[]): boolean {
  return closures.some((c) => (c.siteId === null || c.siteId === slot.siteId) && c.startsAt < slot.end && c.endsAt > slot.start);
}

/** Every slot the rules open between `from` and `to` (local dates, inclusive), minus closures, in order. */
export function computeSlots(query: TSlotQuery): TSlot[] {
  const siteIds = [...new Set(query.rules.map((r) => r.siteId))].filter((id) => !query.siteId || id === query.siteId);
  const duration = query.durationMinutes * MINUTE;
  const slots: TSlot[] = [];
  for (let date = query.from; date <= query.to; date = addDays(date, 1)) {
    if (query.closedDates.has(date)) continue;
    const weekday = String(isoWeekday(date)) as keyof TWeekly;
    for (const siteId of siteIds) {
      const rule = ruleFor(query.rules, siteId, date);
      if (!rule) continue;
      const step = rule.slotMinutes * MINUTE;
      for (const [from, to] of rule.weekly[weekday] ?? []) {
        const rangeStart = localInstant(date, from, query.timeZone).getTime();
        const rangeEnd = to === "24:00" ? localInstant(addDays(date, 1), "00:00", query.timeZone).getTime() : localInstant(date, to, query.timeZone).getTime();
        for (let start = rangeStart; start + duration <= rangeEnd; start += step) {
          const slot = { siteId, start: new Date(start), end: new Date(start + duration), capacity: rule.capacity };
          if (!overlapsClosure(slot, query.closures)) slots.push(slot);
        }
      }
    }
  }
  return slots.sort((a, b) => a.start.getTime() - b.start.getTime() || a.siteId.localeCompare(b.siteId));
}

export type TBookingWindow = { earliest: Date; latest: Date };

/**
 * When a slot may be booked: at least `minNoticeHours` ahead, and before the end of the horizon
 * (`horizonWeeks` weeks counted from today's local date, whole days).
 */
export function bookingWindow(now: Date, rules: { minNoticeHours: number; horizonWeeks: number }, timeZone: string): TBookingWindow {
  const today = localDate(now, timeZone);
  return {
    earliest: new Date(now.getTime() + rules.minNoticeHours * 60 * MINUTE),
    latest: localInstant(addDays(today, rules.horizonWeeks * 7 + 1), "00:00", timeZone),
  };
}

export function inWindow(start: Date, window: TBookingWindow): boolean {
  return start >= window.earliest && start < window.latest;
}

/** Validates a weekly template: well-formed times, each range non-empty, ranges of a day not overlapping. */
export function weeklyProblems(weekly: TWeekly): string[] {
  const problems: string[] = [];
  for (const [day, ranges] of Object.entries(weekly)) {
    if (!/^[1-7]$/.test(day)) problems.push(`weekday ${day}`);
    const sorted = [...(ranges ?? [])].sort((a, b) => a[0].localeCompare(b[0]));
    sorted.forEach(([from, to], i) => {
      if (!isTimeOfDay(from) || !isTimeOfDay(to) || from === "24:00") problems.push(`${day}: ${from}-${to} is not a time range`);
      else if (to <= from) problems.push(`${day}: ${from}-${to} ends before it starts`);
      const next = sorted[i + 1];
      if (next && next[0] < to) problems.push(`${day}: ${from}-${to} overlaps ${next[0]}-${next[1]}`);
    });
  }
  return problems;
}
