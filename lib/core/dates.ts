// Time is explicit: instants are stored in UTC and shown in the town's IANA time zone.

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
