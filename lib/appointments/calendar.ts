// An appointment as an iCalendar event (RFC 5545), for "add to calendar" and the e-mail attachment.
// Times are written in UTC: every calendar shows them in its own zone, so nothing depends on the
// reader's zone database.
import { createEvent } from "ics";

export type TCalendarEvent = {
  uid: string;
  start: Date;
  end: Date;
  title: string;
  location?: string | null;
  description?: string | null;
  url?: string | null;
  organizer?: { name: string; email?: string | null } | null;
  cancelled?: boolean;
  /** Increases with each change, so calendars replace the event they already have. */
  sequence?: number;
};

const parts = (d: Date): [number, number, number, number, number] => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];

export function appointmentIcs(event: TCalendarEvent): string {
  const { error, value } = createEvent({
    uid: event.uid,
    start: parts(event.start),
    startInputType: "utc",
    startOutputType: "utc",
    end: parts(event.end),
    endInputType: "utc",
    endOutputType: "utc",
    title: event.title,
    ...(event.location ? { location: event.location } : {}),
    ...(event.description ? { description: event.description } : {}),
    ...(event.url ? { url: event.url } : {}),
    ...(event.organizer ? { organizer: { name: event.organizer.name, ...(event.organizer.email ? { email: event.organizer.email } : {}) } } : {}),
    status: event.cancelled ? "CANCELLED" : "CONFIRMED",
    method: event.cancelled ? "CANCEL" : "PUBLISH",
    sequence: event.sequence ?? 0,
    productId: "civitas/appointments",
    calName: event.title,
  });
  if (error || !value) throw error ?? new Error("could not build the calendar event");
  return value;
}
