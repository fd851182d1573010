import { describe, expect, it } from "vitest";
import { parseClosuresIcs } from "@/lib/appointments/ics-closures";

// Offsets: Europe/Paris is UTC+1 (CET) in winter and UTC+2 (CEST) in summer, switching on 2026-03-29 and
// 2026-10-25; Indian/Reunion is UTC+4 all year.

const calendar = (...body: string[]) => ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Civitas//Tests//FR", ...body, "END:VCALENDAR"].join("\r\n");
const year2026 = { from: new Date("2026-01-01T00:00:00Z"), until: new Date("2027-01-01T00:00:00Z") };
const paris = { timeZone: "Europe/Paris", ...year2026 };
const iso = (closures: { startsAt: Date; endsAt: Date }[]) => closures.map((c) => [c.startsAt.toISOString(), c.endsAt.toISOString()]);

const VTIMEZONE_PARIS = [
  "BEGIN:VTIMEZONE",
  "TZID:Europe/Paris",
  "X-LIC-LOCATION:Europe/Paris",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0100",
  "TZOFFSETTO:+0200",
  "TZNAME:CEST",
  "DTSTART:19700329T020000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0100",
  "TZNAME:CET",
  "DTSTART:19701025T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE",
];

const allDay = (uid: string, summary: string, start: string, end?: string, ...extra: string[]) => [
  "BEGIN:VEVENT",
  `UID:${uid}`,
  "DTSTAMP:20251201T000000Z",
  `DTSTART;VALUE=DATE:${start}`,
  ...(end ? [`DTEND;VALUE=DATE:${end}`] : []),
  `SUMMARY:${summary}`,
  ...extra,
  "END:VEVENT",
];

describe("all-day events (a public-holiday calendar)", () => {
  const holidays = calendar(
    "X-WR-CALNAME:Jours fériés en France",
    ...allDay("2026-01-01@jours-feries.fr", "Jour de l'an", "20260101", "20260102"),
    ...allDay("2026-07-14@jours-feries.fr", "Fête nationale", "20260714", "20260715"),
    ...allDay("2026-08-15@jours-feries.fr", "Assomption", "20260815"), // no DTEND: one day
    ...allDay("2026-12-25@jours-feries.fr", "Noël", "20261225", "20261226"),
    ...allDay("2026-toussaint-bridge@mairie", "Pont de la Toussaint", "20261024", "20261027"), // three days across the fall-back night
    ...allDay("2025-12-25@jours-feries.fr", "Noël", "20251225", "20251226"), // before the window
  );

  it("closes from local midnight to local midnight of the day after, DTEND exclusive", () => {
    const { closures, problems } = parseClosuresIcs(holidays, paris);
    expect(problems).toEqual([]);
    expect(closures.map((c) => [c.uid, c.summary, c.startsAt.toISOString(), c.endsAt.toISOString()])).toEqual([
      ["2026-01-01@jours-feries.fr", "Jour de l'an", "2025-12-31T23:00:00.000Z", "2026-01-01T23:00:00.000Z"],
      ["2026-07-14@jours-feries.fr", "Fête nationale", "2026-07-13T22:00:00.000Z", "2026-07-14T22:00:00.000Z"],
      ["2026-08-15@jours-feries.fr", "Assomption", "2026-08-14T22:00:00.000Z", "2026-08-15T22:00:00.000Z"],
      // 24 October 00:00 CEST → 27 October 00:00 CET: 73 hours.
      ["2026-toussaint-bridge@mairie", "Pont de la Toussaint", "2026-10-23T22:00:00.000Z", "2026-10-26T23:00:00.000Z"],
      ["2026-12-25@jours-feries.fr", "Noël", "2026-12-24T23:00:00.000Z", "2026-12-25T23:00:00.000Z"],
    ]);
  });

  it("reads the dates in the town's zone", () => {
    const { closures } = parseClosuresIcs(holidays, { timeZone: "Indian/Reunion", ...year2026 });
    const bastille = closures.find((c) => c.uid === "2026-07-14@jours-feries.fr");
    expect(bastille && iso([bastille])).toEqual([["2026-07-13T20:00:00.000Z", "2026-07-14T20:00:00.000Z"]]);
  });

  it("keeps only the events overlapping the window", () => {
    const { closures } = parseClosuresIcs(holidays, { timeZone: "Europe/Paris", from: new Date("2026-06-01T00:00:00Z"), until: new Date("2026-09-01T00:00:00Z") });
    expect(closures.map((c) => c.uid)).toEqual(["2026-07-14@jours-feries.fr", "2026-08-15@jours-feries.fr"]);
    // A closure still running when the window opens is kept.
    const partial = parseClosuresIcs(holidays, { timeZone: "Europe/Paris", from: new Date("2026-10-25T12:00:00Z"), until: new Date("2026-11-01T00:00:00Z") });
    expect(partial.closures.map((c) => c.uid)).toEqual(["2026-toussaint-bridge@mairie"]);
  });

  it("expands a yearly all-day event", () => {
    const ics = calendar(...allDay("bastille@mairie", "Fête nationale", "20200714", "20200715", "RRULE:FREQ=YEARLY"));
    const { closures, problems } = parseClosuresIcs(ics, { timeZone: "Europe/Paris", from: new Date("2026-01-01T00:00:00Z"), until: new Date("2028-01-01T00:00:00Z") });
    expect(problems).toEqual([]);
    expect(closures.map((c) => [c.uid, c.startsAt.toISOString(), c.endsAt.toISOString()])).toEqual([
      ["bastille@mairie#2026-07-13T22:00:00.000Z", "2026-07-13T22:00:00.000Z", "2026-07-14T22:00:00.000Z"],
      ["bastille@mairie#2027-07-13T22:00:00.000Z", "2027-07-13T22:00:00.000Z", "2027-07-14T22:00:00.000Z"],
    ]);
  });
});

describe("timed events", () => {
  const timed = (uid: string, start: string, end: string, ...extra: string[]) => ["BEGIN:VEVENT", `UID:${uid}`, "DTSTAMP:20251201T000000Z", start, end, "SUMMARY:Travaux", ...extra, "END:VEVENT"];

  it("reads TZID times with the file's VTIMEZONE, in summer and in winter", () => {
    const ics = calendar(
      ...VTIMEZONE_PARIS,
      ...timed("works-june@mairie", "DTSTART;TZID=Europe/Paris:20260612T140000", "DTEND;TZID=Europe/Paris:20260612T173000"),
      ...timed("works-nov@mairie", "DTSTART;TZID=Europe/Paris:20261127T090000", "DTEND;TZID=Europe/Paris:20261127T120000"),
    );
    const { closures, problems } = parseClosuresIcs(ics, { ...paris, timeZone: "Indian/Reunion" });
    expect(problems).toEqual([]);
    expect(closures.map((c) => [c.uid, c.summary, c.startsAt.toISOString(), c.endsAt.toISOString()])).toEqual([
      ["works-june@mairie", "Travaux", "2026-06-12T12:00:00.000Z", "2026-06-12T15:30:00.000Z"], // 14:00–17:30 CEST
      ["works-nov@mairie", "Travaux", "2026-11-27T08:00:00.000Z", "2026-11-27T11:00:00.000Z"], // 09:00–12:00 CET
    ]);
  });

  it("uses the file's definition of a zone whatever its name", () => {
    // An Outlook-style zone name, and a made-up fixed zone at +03:00 that no IANA database knows.
    const romance = VTIMEZONE_PARIS.map((line) => line.replace("Europe/Paris", "Romance Standard Time"));
    const fixed = ["BEGIN:VTIMEZONE", "TZID:Site horaire +3", "BEGIN:STANDARD", "TZOFFSETFROM:+0300", "TZOFFSETTO:+0300", "DTSTART:19700101T000000", "END:STANDARD", "END:VTIMEZONE"];
    const ics = calendar(
      ...romance,
      ...fixed,
      ...timed("outlook@mairie", "DTSTART;TZID=Romance Standard Time:20260612T140000", "DTEND;TZID=Romance Standard Time:20260612T150000"),
      ...timed("fixed@mairie", "DTSTART;TZID=Site horaire +3:20260612T140000", "DTEND;TZID=Site horaire +3:20260612T150000"),
    );
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(problems).toEqual([]);
    expect(closures.map((c) => [c.uid, c.startsAt.toISOString()])).toEqual([
      ["fixed@mairie", "2026-06-12T11:00:00.000Z"],
      ["outlook@mairie", "2026-06-12T12:00:00.000Z"],
    ]);
  });

  it("reads an IANA TZID without VTIMEZONE in that zone", () => {
    // 10:00 EDT (UTC−4) = 14:00Z.
    const ics = calendar(...timed("ny@mairie", "DTSTART;TZID=America/New_York:20260612T100000", "DTEND;TZID=America/New_York:20260612T110000"));
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(problems).toEqual([]);
    expect(iso(closures)).toEqual([["2026-06-12T14:00:00.000Z", "2026-06-12T15:00:00.000Z"]]);
  });

  it("falls back to the town's zone for an unknown TZID, and says so", () => {
    const ics = calendar(...timed("odd@mairie", "DTSTART;TZID=Heure de la mairie:20260612T100000", "DTEND;TZID=Heure de la mairie:20260612T110000"));
    const { closures, problems } = parseClosuresIcs(ics, { ...paris, timeZone: "Indian/Reunion" });
    expect(iso(closures)).toEqual([["2026-06-12T06:00:00.000Z", "2026-06-12T07:00:00.000Z"]]);
    expect(problems).toEqual(['unknown time zone "Heure de la mairie": its times are read in Indian/Reunion']);
  });

  it("reads floating times in the town's zone", () => {
    const ics = calendar(...timed("floating@mairie", "DTSTART:20260612T100000", "DTEND:20260612T120000"));
    expect(iso(parseClosuresIcs(ics, { ...paris, timeZone: "Indian/Reunion" }).closures)).toEqual([["2026-06-12T06:00:00.000Z", "2026-06-12T08:00:00.000Z"]]);
    expect(iso(parseClosuresIcs(ics, paris).closures)).toEqual([["2026-06-12T08:00:00.000Z", "2026-06-12T10:00:00.000Z"]]);
  });

  it("reads UTC times as they are, with DTEND or DURATION", () => {
    const ics = calendar(
      ...timed("utc@mairie", "DTSTART:20260612T080000Z", "DTEND:20260612T100000Z"),
      ...timed("duration@mairie", "DTSTART:20261030T230000Z", "DURATION:PT1H30M"),
    );
    for (const timeZone of ["Europe/Paris", "Indian/Reunion"]) {
      const { closures, problems } = parseClosuresIcs(ics, { ...year2026, timeZone });
      expect(problems).toEqual([]);
      expect(closures.map((c) => [c.uid, c.startsAt.toISOString(), c.endsAt.toISOString()])).toEqual([
        ["utc@mairie", "2026-06-12T08:00:00.000Z", "2026-06-12T10:00:00.000Z"],
        ["duration@mairie", "2026-10-30T23:00:00.000Z", "2026-10-31T00:30:00.000Z"],
      ]);
    }
  });

  it("skips cancelled events, keeps busy and free ones (holiday feeds mark holidays free)", () => {
    const ics = calendar(
      ...timed("cancelled@mairie", "DTSTART:20260612T080000Z", "DTEND:20260612T100000Z", "STATUS:CANCELLED"),
      ...timed("free@mairie", "DTSTART:20260613T080000Z", "DTEND:20260613T100000Z", "TRANSP:TRANSPARENT"),
      ...timed("busy@mairie", "DTSTART:20260614T080000Z", "DTEND:20260614T100000Z", "TRANSP:OPAQUE", "STATUS:CONFIRMED"),
      ...allDay("free-holiday@mairie", "Pentecôte", "20260525", "20260526", "TRANSP:TRANSPARENT"),
    );
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(problems).toEqual([]);
    expect(closures.map((c) => c.uid)).toEqual(["free-holiday@mairie", "free@mairie", "busy@mairie"]);
  });

  it("gives events without UID a stable uid from their summary and start", () => {
    const noUid = (summary: string, start: string) => ["BEGIN:VEVENT", `DTSTART:${start}`, "DURATION:PT1H", `SUMMARY:${summary}`, "END:VEVENT"];
    const ics = calendar(...noUid("Inventaire", "20260612T080000Z"), ...noUid("Inventaire", "20260613T080000Z"), ...noUid("Formation", "20260612T080000Z"));
    const first = parseClosuresIcs(ics, paris);
    const again = parseClosuresIcs(ics, paris);
    expect(first.problems).toEqual([]);
    expect(first.closures).toHaveLength(3);
    expect(new Set(first.closures.map((c) => c.uid)).size).toBe(3);
    expect(again.closures.map((c) => c.uid)).toEqual(first.closures.map((c) => c.uid));
    for (const c of first.closures) expect(c.uid).toMatch(/^ics-[0-9a-f]{8}$/);
  });

  it("imports a repeated UID once and reports it", () => {
    const ics = calendar(...timed("twice@mairie", "DTSTART:20260612T080000Z", "DTEND:20260612T100000Z"), ...timed("twice@mairie", "DTSTART:20260613T080000Z", "DTEND:20260613T100000Z"));
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(iso(closures)).toEqual([["2026-06-12T08:00:00.000Z", "2026-06-12T10:00:00.000Z"]]);
    expect(problems).toEqual(["UID twice@mairie appears more than once: only its first occurrence is imported"]);
  });

  it("reports events that end before they start", () => {
    const ics = calendar(...timed("backwards@mairie", "DTSTART:20260612T100000Z", "DTEND:20260612T080000Z"), ...timed("ok@mairie", "DTSTART:20260612T080000Z", "DTEND:20260612T100000Z"));
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(closures.map((c) => c.uid)).toEqual(["ok@mairie"]);
    expect(problems).toEqual(["event backwards@mairie: ends when or before it starts"]);
  });
});

describe("recurring events", () => {
  // Every Wednesday 14:00–18:00 Paris time from 18 March to 22 April 2026, except 1 April (EXDATE), with
  // the 8 April occurrence moved to 15:00–19:00 and the 15 April one cancelled. 14:00 is 13:00Z in CET
  // (until 29 March) and 12:00Z in CEST.
  const weekly = (withVtimezone: boolean, exdate: string) =>
    calendar(
      ...(withVtimezone ? VTIMEZONE_PARIS : []),
      "BEGIN:VEVENT",
      "UID:wednesday@mairie",
      "DTSTAMP:20260101T000000Z",
      "DTSTART;TZID=Europe/Paris:20260318T140000",
      "DTEND;TZID=Europe/Paris:20260318T180000",
      "RRULE:FREQ=WEEKLY;BYDAY=WE;UNTIL=20260422T220000Z",
      exdate,
      "SUMMARY:Fermeture du mercredi après-midi",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:wednesday@mairie",
      "DTSTAMP:20260101T000000Z",
      "RECURRENCE-ID;TZID=Europe/Paris:20260408T140000",
      "DTSTART;TZID=Europe/Paris:20260408T150000",
      "DTEND;TZID=Europe/Paris:20260408T190000",
      "SUMMARY:Fermeture décalée",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:wednesday@mairie",
      "DTSTAMP:20260101T000000Z",
      "RECURRENCE-ID;TZID=Europe/Paris:20260415T140000",
      "DTSTART;TZID=Europe/Paris:20260415T140000",
      "DTEND;TZID=Europe/Paris:20260415T180000",
      "STATUS:CANCELLED",
      "SUMMARY:Fermeture du mercredi après-midi",
      "END:VEVENT",
    );

  const expected = [
    ["wednesday@mairie#2026-03-18T13:00:00.000Z", "Fermeture du mercredi après-midi", "2026-03-18T13:00:00.000Z", "2026-03-18T17:00:00.000Z"],
    ["wednesday@mairie#2026-03-25T13:00:00.000Z", "Fermeture du mercredi après-midi", "2026-03-25T13:00:00.000Z", "2026-03-25T17:00:00.000Z"],
    // 1 April: EXDATE. 8 April: moved to 15:00–19:00 CEST; its uid stays the one of its original start.
    ["wednesday@mairie#2026-04-08T12:00:00.000Z", "Fermeture décalée", "2026-04-08T13:00:00.000Z", "2026-04-08T17:00:00.000Z"],
    // 15 April: cancelled.
    ["wednesday@mairie#2026-04-22T12:00:00.000Z", "Fermeture du mercredi après-midi", "2026-04-22T12:00:00.000Z", "2026-04-22T16:00:00.000Z"],
  ];
  const rows = (closures: { uid: string; summary: string; startsAt: Date; endsAt: Date }[]) => closures.map((c) => [c.uid, c.summary, c.startsAt.toISOString(), c.endsAt.toISOString()]);

  it("expands RRULE with EXDATE and overrides, across the spring-forward change (VTIMEZONE in the file)", () => {
    const { closures, problems } = parseClosuresIcs(weekly(true, "EXDATE;TZID=Europe/Paris:20260401T140000"), paris);
    expect(problems).toEqual([]);
    expect(rows(closures)).toEqual(expected);
  });

  it("matches an EXDATE given in UTC", () => {
    const { closures } = parseClosuresIcs(weekly(true, "EXDATE:20260401T120000Z"), paris);
    expect(rows(closures)).toEqual(expected);
  });

  it("expands the same series with an IANA TZID and no VTIMEZONE", () => {
    const { closures, problems } = parseClosuresIcs(weekly(false, "EXDATE;TZID=Europe/Paris:20260401T140000"), paris);
    expect(problems).toEqual([]);
    expect(rows(closures)).toEqual(expected);
  });

  it("gives an override whose series is missing the uid of its occurrence", () => {
    const ics = calendar(
      "BEGIN:VEVENT",
      "UID:wednesday@mairie",
      "RECURRENCE-ID;TZID=Europe/Paris:20260408T140000",
      "DTSTART;TZID=Europe/Paris:20260408T150000",
      "DTEND;TZID=Europe/Paris:20260408T190000",
      "SUMMARY:Fermeture décalée",
      "END:VEVENT",
    );
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(problems).toEqual([]);
    expect(rows(closures)).toEqual([expected[2]]);
  });

  it("returns only the occurrences overlapping the window", () => {
    const { closures } = parseClosuresIcs(weekly(true, "EXDATE;TZID=Europe/Paris:20260401T140000"), {
      timeZone: "Europe/Paris",
      from: new Date("2026-03-25T15:00:00Z"), // during the 25 March closure
      until: new Date("2026-04-08T13:00:00Z"), // when the moved 8 April closure starts
    });
    expect(closures.map((c) => c.uid)).toEqual(["wednesday@mairie#2026-03-25T13:00:00.000Z"]);
  });

  it("keeps the rule's phase when the window starts long after DTSTART", () => {
    // Every other day from 2000-01-01 (a Saturday), 12:00–13:00 UTC. 2026-06-01 is 9648 days later: an even day.
    const ics = calendar("BEGIN:VEVENT", "UID:alternate@mairie", "DTSTART:20000101T120000Z", "DTEND:20000101T130000Z", "RRULE:FREQ=DAILY;INTERVAL=2", "END:VEVENT");
    const { closures, problems } = parseClosuresIcs(ics, { timeZone: "Europe/Paris", from: new Date("2026-06-01T00:00:00Z"), until: new Date("2026-06-08T00:00:00Z") });
    expect(problems).toEqual([]);
    expect(closures.map((c) => c.startsAt.toISOString())).toEqual([
      "2026-06-01T12:00:00.000Z",
      "2026-06-03T12:00:00.000Z",
      "2026-06-05T12:00:00.000Z",
      "2026-06-07T12:00:00.000Z",
    ]);
  });

  it("stops at 1000 occurrences of an endless rule and says so", () => {
    const ics = calendar("BEGIN:VEVENT", "UID:hourly@mairie", "DTSTART:20260101T000000Z", "DURATION:PT30M", "RRULE:FREQ=HOURLY", "END:VEVENT");
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(closures).toHaveLength(1000);
    expect(closures.at(-1)?.startsAt.toISOString()).toBe("2026-02-11T15:00:00.000Z"); // 999 hours after 1 January 00:00Z
    expect(problems).toEqual(["event hourly@mairie: only the first 1000 occurrences are imported"]);
  });
});

describe("broken input", () => {
  it.each([
    ["empty", ""],
    ["not iCalendar", "this is not a calendar"],
    ["unterminated", "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n"],
    ["a vCard", "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mairie\r\nEND:VCARD"],
  ])("returns problems for %s input, never throws", (_, text) => {
    const result = parseClosuresIcs(text, paris);
    expect(result.closures).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(/^not an iCalendar file/);
  });

  it("reports a broken event and keeps the others", () => {
    const ics = calendar(
      "BEGIN:VEVENT",
      "UID:bad-date@mairie",
      "DTSTART:2026-06-12",
      "DTEND:20260612T100000Z",
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:no-start@mairie",
      "SUMMARY:Sans date",
      "END:VEVENT",
      ...allDay("ok@mairie", "Fête nationale", "20260714", "20260715"),
    );
    const { closures, problems } = parseClosuresIcs(ics, paris);
    expect(closures.map((c) => c.uid)).toEqual(["ok@mairie"]);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^event bad-date@mairie: /);
    expect(problems[1]).toBe("event no-start@mairie: no DTSTART");
  });

  it("ignores components other than VEVENT", () => {
    const ics = calendar(
      "BEGIN:VTODO",
      "UID:todo@mairie",
      "DTSTART:20260612T080000Z",
      "DUE:20260612T100000Z",
      "END:VTODO",
      "BEGIN:VJOURNAL",
      "UID:journal@mairie",
      "DTSTART:20260612T080000Z",
      "END:VJOURNAL",
    );
    expect(parseClosuresIcs(ics, paris)).toEqual({ closures: [], problems: [] });
  });
});
