// Time is explicit: instants are stored in UTC and shown in the town's IANA time zone.
import { TZDate } from "@date-fns/tz";

/** The calendar day an instant falls on in `timeZone`, as a date-only value (midnight UTC). */
export function calendarDateInZone(instant: Date, timeZone: string): Date {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day")));
}

/** An instant formatted for people, in the town's time zone. */
export function formatInstant(instant: Date, locale: string, timeZone: string, options: Intl.DateTimeFormatOptions = { dateStyle: "long", timeStyle: "short" }): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(instant);
}

/** The instant a calendar day (YYYY-MM-DD) starts in `timeZone` (DST-safe: the zone's own midnight). */
export function startOfDayInZone(isoDate: string, timeZone: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d, 0, 0, 0, timeZone).getTime());
}

/** The instant the day after `isoDate` starts in `timeZone` (end of an inclusive date range). */
export function startOfNextDayInZone(isoDate: string, timeZone: string): Date {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(new TZDate(y, m - 1, d + 1, 0, 0, 0, timeZone).getTime());
}
