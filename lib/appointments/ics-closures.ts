// Closures from an iCalendar file (a town's public-holiday calendar, a site's works schedule): pure,
// no I/O, never throws. Each VEVENT occurrence overlapping the import window becomes a closure:
// - all-day events (DATE values) run from local midnight of their first day to local midnight of the
//   day after their last (DTEND is exclusive; one day when absent) in the town's zone;
// - timed events are read in UTC ("Z"), in their TZID (the file's VTIMEZONE when it has one, else the
//   IANA zone of that name), or in the town's zone when floating or when the TZID is unknown;
// - RRULE/RDATE/EXDATE are expanded with ical.js, RECURRENCE-ID overrides applied;
// - cancelled (STATUS:CANCELLED) events or occurrences are skipped. "Free" events (TRANSP:TRANSPARENT)
//   are kept: public-holiday feeds mark every holiday that way, and every event of a closures file closes.
// Each closure has a stable uid, so importing the same file again can update instead of duplicating:
// the event's UID, `${UID}#${occurrence start ISO}` for an occurrence of a recurring event (the start
// the rule gives it, i.e. its RECURRENCE-ID, so moving one occurrence keeps its uid), and a hash of
// summary and start for an event without UID.
import ICAL from "ical.js";
import { localInstant } from "@/lib/appointments/slots";

export type TIcsClosure = { uid: string; summary: string; startsAt: Date; endsAt: Date };
export type TIcsClosuresOptions = {
  /** The town's IANA zone: all-day events, floating times and unknown TZIDs are read in it. */
  timeZone: string;
  /** Occurrences overlapping [from, until) are returned. */
  from: Date;
  until: Date;
};

type TComponent = InstanceType<typeof ICAL.Component>;
type TTime = InstanceType<typeof ICAL.Time>;
type TEvent = InstanceType<typeof ICAL.Event>;

/** At most this many occurrences of one recurring event. */
const MAX_OCCURRENCES = 1000;
/** At most this many steps of one event's recurrence rule (occurrences before the window count). */
const MAX_STEPS = 100_000;

const pad = (n: number) => String(n).padStart(2, "0");
const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

const ianaZones = new Map<string, boolean>();
function isIanaZone(name: string): boolean {
  let known = ianaZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat("en", { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    ianaZones.set(name, known);
  }
  return known;
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable short id without node:crypto. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, "0");
}

function textValue(component: TComponent, name: string): string {
  const value = component.getFirstPropertyValue(name);
  return typeof value === "string" ? value.trim() : "";
}

function tzidOf(component: TComponent, property: "dtstart" | "dtend" | "recurrence-id"): string | null {
  const tzid = component.getFirstProperty(property)?.getParameter("tzid");
  return typeof tzid === "string" && tzid !== "" ? tzid : null;
}

function isSkipped(component: TComponent): boolean {
  return textValue(component, "status").toUpperCase() === "CANCELLED";
}

class Reader {
  readonly problems: string[] = [];
  private readonly reported = new Set<string>();

  constructor(private readonly timeZone: string) {}

  /** Records a problem once. */
  problem(text: string) {
    if (this.reported.has(text)) return;
    this.reported.add(text);
    this.problems.push(text);
  }

  /**
   * The instant of an ical.js time. `tzid` is the TZID parameter of the property the time comes from:
   * ical.js resolves it against the file's VTIMEZONEs; when it could not, the time is left floating.
   */
  instant(time: TTime, tzid: string | null): Date {
    const date = `${time.year}-${pad(time.month)}-${pad(time.day)}`;
    if (time.isDate) return localInstant(date, "00:00", this.timeZone);
    if (time.zone === ICAL.Timezone.utcTimezone) return new Date(time.toUnixTime() * 1000);
    if (time.zone && time.zone !== ICAL.Timezone.localTimezone) return new Date(time.toUnixTime() * 1000);
    let zone = this.timeZone;
    if (tzid) {
      if (isIanaZone(tzid)) zone = tzid;
      else this.problem(`unknown time zone "${tzid}": its times are read in ${this.timeZone}`);
    }
    return new Date(localInstant(date, `${pad(time.hour)}:${pad(time.minute)}`, zone).getTime() + time.second * 1000);
  }
}

type TEventContext = { reader: Reader; options: TIcsClosuresOptions; out: TIcsClosure[] };

function label(component: TComponent): string {
  const uid = textValue(component, "uid");
  const summary = textValue(component, "summary");
  return uid ? `event ${uid}` : summary ? `event "${summary}"` : "an event without UID";
}

/** Adds a closure when [startsAt, endsAt) is a real interval overlapping the window; false when it is empty. */
function push(ctx: TEventContext, closure: TIcsClosure): boolean {
  if (!(closure.endsAt > closure.startsAt)) return false;
  if (closure.startsAt < ctx.options.until && closure.endsAt > ctx.options.from) ctx.out.push(closure);
  return true;
}

function readEvent(ctx: TEventContext, component: TComponent, exceptions: TComponent[]) {
  const { reader, options } = ctx;
  if (!component.hasProperty("dtstart")) {
    reader.problem(`${label(component)}: no DTSTART`);
    return;
  }
  if (isSkipped(component)) return;
  const event: TEvent = new ICAL.Event(component, { exceptions });
  const summary = textValue(component, "summary");
  const startTzid = tzidOf(component, "dtstart");
  const start = reader.instant(event.startDate, startTzid);
  const uid = textValue(component, "uid") || `ics-${hash(`${summary}\n${start.toISOString()}`)}`;

  if (!event.isRecurring()) {
    const end = component.hasProperty("dtend") ? reader.instant(event.endDate, tzidOf(component, "dtend")) : reader.instant(event.endDate, startTzid);
    // An override whose series is not in the file keeps the uid the series' expansion would give it.
    const id = event.isRecurrenceException() ? `${uid}#${reader.instant(event.recurrenceId, tzidOf(component, "recurrence-id")).toISOString()}` : uid;
    if (!push(ctx, { uid: id, summary, startsAt: start, endsAt: end })) reader.problem(`${label(component)}: ends when or before it starts`);
    return;
  }

  const iterator = event.iterator();
  let occurrences = 0;
  for (let steps = 0; ; steps++) {
    if (steps >= MAX_STEPS) {
      reader.problem(`${label(component)}: recurrence not expanded past ${MAX_STEPS} occurrences`);
      return;
    }
    const next = iterator.next();
    if (!next) return;
    const recurrenceId = reader.instant(next, startTzid);
    if (recurrenceId >= options.until) return;
    const details = event.getOccurrenceDetails(next);
    const item = details.item && details.item !== event ? details.item.component : null;
    if (item && isSkipped(item)) continue;
    const startsAt = item ? reader.instant(details.startDate, tzidOf(item, "dtstart")) : reader.instant(details.startDate, startTzid);
    const endsAt = item?.hasProperty("dtend") ? reader.instant(details.endDate, tzidOf(item, "dtend")) : item ? reader.instant(details.endDate, tzidOf(item, "dtstart")) : reader.instant(details.endDate, startTzid);
    const overlaps = startsAt < options.until && endsAt > options.from;
    if (overlaps && occurrences >= MAX_OCCURRENCES) {
      reader.problem(`${label(component)}: only the first ${MAX_OCCURRENCES} occurrences are imported`);
      return;
    }
    if (!push(ctx, { uid: `${uid}#${recurrenceId.toISOString()}`, summary: item ? textValue(item, "summary") || summary : summary, startsAt, endsAt })) {
      reader.problem(`${label(component)}: an occurrence ends when or before it starts`);
    } else if (overlaps) occurrences++;
  }
}

function readCalendar(ctx: TEventContext, calendar: TComponent) {
  const events = calendar.getAllSubcomponents("vevent");
  const masters = events.filter((e) => !e.hasProperty("recurrence-id"));
  const masterUids = new Set(masters.map((e) => textValue(e, "uid")).filter(Boolean));
  const exceptionsByUid = new Map<string, TComponent[]>();
  for (const e of events) {
    const uid = textValue(e, "uid");
    if (!e.hasProperty("recurrence-id") || !masterUids.has(uid)) continue;
    exceptionsByUid.set(uid, [...(exceptionsByUid.get(uid) ?? []), e]);
  }
  // An override whose series is not in the file stands on its own.
  const orphans = events.filter((e) => e.hasProperty("recurrence-id") && !masterUids.has(textValue(e, "uid")));
  for (const component of [...masters, ...orphans]) {
    try {
      const isOrphan = component.hasProperty("recurrence-id");
      readEvent(ctx, component, isOrphan ? [] : (exceptionsByUid.get(textValue(component, "uid")) ?? []));
    } catch (error) {
      ctx.reader.problem(`${label(component)}: ${message(error)}`);
    }
  }
}

export function parseClosuresIcs(text: string, options: TIcsClosuresOptions): { closures: TIcsClosure[]; problems: string[] } {
  const reader = new Reader(options.timeZone);
  const out: TIcsClosure[] = [];
  let calendars: TComponent[];
  try {
    const jcal: unknown = ICAL.parse(text);
    if (!Array.isArray(jcal) || jcal.length === 0) return { closures: [], problems: ["not an iCalendar file: it is empty"] };
    // One component parses to ["vcalendar", …]; several to [["vcalendar", …], …].
    const roots = (Array.isArray(jcal[0]) ? jcal : [jcal]) as unknown[][];
    calendars = roots.map((root) => new ICAL.Component(root));
  } catch (error) {
    return { closures: [], problems: [`not an iCalendar file: ${message(error)}`] };
  }
  const ctx: TEventContext = { reader, options, out };
  for (const calendar of calendars) {
    if (calendar.name !== "vcalendar") {
      reader.problem(`not an iCalendar file: found ${calendar.name.toUpperCase()} instead of VCALENDAR`);
      continue;
    }
    try {
      readCalendar(ctx, calendar);
    } catch (error) {
      reader.problem(message(error));
    }
  }
  const seen = new Set<string>();
  const closures: TIcsClosure[] = [];
  for (const closure of out.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.uid.localeCompare(b.uid))) {
    if (seen.has(closure.uid)) {
      reader.problem(`UID ${closure.uid} appears more than once: only its first occurrence is imported`);
      continue;
    }
    seen.add(closure.uid);
    closures.push(closure);
  }
  return { closures, problems: reader.problems };
}
