import { describe, expect, it } from "vitest";
import {
  addDays,
  bookingWindow,
  computeSlots,
  inWindow,
  isIsoDate,
  isoWeekday,
  isTimeOfDay,
  localDate,
  localInstant,
  mondayOf,
  ruleFor,
  weeklyProblems,
  type TClosureInput,
  type TRuleInput,
  type TSlotQuery,
  type TWeekly,
} from "@/lib/appointments/slots";
import { publicHolidayDates } from "@/lib/core/holidays";

// Offsets used below: Europe/Paris and Europe/Budapest are UTC+1 in winter (CET) and UTC+2 in summer
// (CEST); in 2026 clocks go forward on Sunday 29 March at 01:00Z (02:00 CET → 03:00 CEST) and back on
// Sunday 25 October at 01:00Z (03:00 CEST → 02:00 CET). Indian/Reunion is UTC+4 all year.

const EVERY_DAY = ["1", "2", "3", "4", "5", "6", "7"] as const;

function everyDay(ranges: [string, string][]): TWeekly {
  return Object.fromEntries(EVERY_DAY.map((day) => [day, ranges])) as TWeekly;
}

function rule(overrides: Partial<TRuleInput> = {}): TRuleInput {
  return { siteId: "town-hall", validFrom: "2026-01-01", validUntil: null, weekly: everyDay([["09:00", "12:00"]]), slotMinutes: 20, capacity: 1, ...overrides };
}

function query(overrides: Partial<TSlotQuery> & Pick<TSlotQuery, "from" | "to">): TSlotQuery {
  return { rules: [rule()], closures: [], closedDates: new Set(), timeZone: "Europe/Paris", durationMinutes: 20, ...overrides };
}

const starts = (q: TSlotQuery) => computeSlots(q).map((s) => s.start.toISOString());

/** The 9 starts of a 09:00–12:00 range cut in 20-minute slots, when 09:00 local is `firstUtc` (HH:MM, Z). */
function nineSlotsFrom(date: string, firstUtc: string): string[] {
  const first = new Date(`${date}T${firstUtc}:00.000Z`).getTime();
  return Array.from({ length: 9 }, (_, i) => new Date(first + i * 20 * 60_000).toISOString());
}

describe("slots at the right instants", () => {
  it.each([
    ["Europe/Paris", "2026-03-28", "08:00"], // Saturday, still CET
    ["Europe/Paris", "2026-03-29", "07:00"], // spring-forward Sunday: 09:00 is already CEST
    ["Europe/Paris", "2026-03-30", "07:00"],
    ["Europe/Paris", "2026-07-14", "07:00"],
    ["Europe/Paris", "2026-10-24", "07:00"], // Saturday, still CEST
    ["Europe/Paris", "2026-10-25", "08:00"], // fall-back Sunday: 09:00 is already CET
    ["Europe/Paris", "2026-10-26", "08:00"],
    ["Europe/Paris", "2026-01-15", "08:00"],
    ["Europe/Budapest", "2026-03-28", "08:00"],
    ["Europe/Budapest", "2026-03-29", "07:00"],
    ["Europe/Budapest", "2026-10-24", "07:00"],
    ["Europe/Budapest", "2026-10-25", "08:00"],
    ["Indian/Reunion", "2026-01-15", "05:00"],
    ["Indian/Reunion", "2026-03-29", "05:00"],
    ["Indian/Reunion", "2026-07-14", "05:00"],
    ["Indian/Reunion", "2026-10-25", "05:00"],
  ])("%s on %s: 09:00–12:00 in 20-minute slots starts at %sZ", (timeZone, date, firstUtc) => {
    const slots = computeSlots(query({ timeZone, from: date, to: date }));
    expect(slots.map((s) => s.start.toISOString())).toEqual(nineSlotsFrom(date, firstUtc));
    for (const slot of slots) {
      expect(slot.end.getTime() - slot.start.getTime()).toBe(20 * 60_000);
      expect(slot.siteId).toBe("town-hall");
      expect(slot.capacity).toBe(1);
    }
  });

  it("keeps local opening hours over a week spanning each transition", () => {
    const week = (from: string, to: string, timeZone = "Europe/Paris") => computeSlots(query({ timeZone, from, to }));
    const spring = week("2026-03-26", "2026-04-01");
    expect(spring).toHaveLength(7 * 9);
    // The first slot of each day: 08:00Z while CET (Thu–Sat), 07:00Z from the Sunday on.
    expect(spring.filter((_, i) => i % 9 === 0).map((s) => s.start.toISOString())).toEqual([
      "2026-03-26T08:00:00.000Z",
      "2026-03-27T08:00:00.000Z",
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
      "2026-03-31T07:00:00.000Z",
      "2026-04-01T07:00:00.000Z",
    ]);
    const autumn = week("2026-10-23", "2026-10-27", "Europe/Budapest");
    expect(autumn.filter((_, i) => i % 9 === 0).map((s) => s.start.toISOString())).toEqual([
      "2026-10-23T07:00:00.000Z",
      "2026-10-24T07:00:00.000Z",
      "2026-10-25T08:00:00.000Z",
      "2026-10-26T08:00:00.000Z",
      "2026-10-27T08:00:00.000Z",
    ]);
  });

  it.each(["Europe/Paris", "Europe/Budapest"])("%s: a range through the spring-forward gap is an hour shorter", (timeZone) => {
    // 01:00 CET = 00:00Z; 04:00 CEST = 02:00Z. Two real hours: 01:00+01:00 (00:00Z) and 03:00+02:00 (01:00Z);
    // the local hour 02:00–03:00 does not exist.
    const rules = [rule({ weekly: everyDay([["01:00", "04:00"]]), slotMinutes: 60 })];
    expect(starts(query({ timeZone, rules, durationMinutes: 60, from: "2026-03-29", to: "2026-03-29" }))).toEqual([
      "2026-03-29T00:00:00.000Z",
      "2026-03-29T01:00:00.000Z",
    ]);
  });

  it.each(["Europe/Paris", "Europe/Budapest"])("%s: a range through the fall-back night is an hour longer", (timeZone) => {
    // 01:00 CEST = 23:00Z the day before; 04:00 CET = 03:00Z. Four real hours: 01:00+02:00 (23:00Z),
    // 02:00+02:00 (00:00Z), 02:00+01:00 (01:00Z, the repeated hour) and 03:00+01:00 (02:00Z).
    const rules = [rule({ weekly: everyDay([["01:00", "04:00"]]), slotMinutes: 60 })];
    const slots = computeSlots(query({ timeZone, rules, durationMinutes: 60, from: "2026-10-25", to: "2026-10-25" }));
    expect(slots.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ["2026-10-24T23:00:00.000Z", "2026-10-25T00:00:00.000Z"],
      ["2026-10-25T00:00:00.000Z", "2026-10-25T01:00:00.000Z"],
      ["2026-10-25T01:00:00.000Z", "2026-10-25T02:00:00.000Z"],
      ["2026-10-25T02:00:00.000Z", "2026-10-25T03:00:00.000Z"],
    ]);
  });

  it("starts a range that opens inside the gap at the end of the gap", () => {
    // 02:30 does not exist on 2026-03-29 in Paris: the wall clock jumps from 02:00 CET to 03:00 CEST (01:00Z).
    // The range 02:30–04:00 therefore opens at 03:00 CEST = 01:00Z and closes at 04:00 CEST = 02:00Z.
    const rules = [rule({ weekly: everyDay([["02:30", "04:00"]]) })];
    expect(starts(query({ rules, from: "2026-03-29", to: "2026-03-29" }))).toEqual([
      "2026-03-29T01:00:00.000Z",
      "2026-03-29T01:20:00.000Z",
      "2026-03-29T01:40:00.000Z",
    ]);
    // The same range on an ordinary day opens at 02:30 local.
    expect(starts(query({ rules, from: "2026-03-30", to: "2026-03-30" }))[0]).toBe("2026-03-30T00:30:00.000Z");
  });

  it("opens nothing for a range lying wholly inside the gap", () => {
    const rules = [rule({ weekly: everyDay([["02:00", "02:45"]]), slotMinutes: 15 })];
    expect(starts(query({ rules, durationMinutes: 15, from: "2026-03-29", to: "2026-03-29" }))).toEqual([]);
    expect(starts(query({ rules, durationMinutes: 15, from: "2026-03-30", to: "2026-03-30" }))).toHaveLength(3);
  });

  it("closes a range at 24:00 at the next local midnight", () => {
    // Saturday 2026-10-24 22:00 CEST = 20:00Z; the next midnight (Sunday 00:00 CEST) = 22:00Z.
    const rules = [rule({ weekly: { "6": [["22:00", "24:00"]] }, slotMinutes: 60 })];
    expect(starts(query({ rules, durationMinutes: 60, from: "2026-10-24", to: "2026-10-24" }))).toEqual([
      "2026-10-24T20:00:00.000Z",
      "2026-10-24T21:00:00.000Z",
    ]);
  });
});

describe("localInstant", () => {
  it("reads ordinary local times in each zone", () => {
    expect(localInstant("2026-01-15", "09:00", "Europe/Paris").toISOString()).toBe("2026-01-15T08:00:00.000Z");
    expect(localInstant("2026-07-15", "09:00", "Europe/Budapest").toISOString()).toBe("2026-07-15T07:00:00.000Z");
    expect(localInstant("2026-07-15", "09:00", "Indian/Reunion").toISOString()).toBe("2026-07-15T05:00:00.000Z");
    expect(localInstant("2026-07-15", "24:00", "Indian/Reunion").toISOString()).toBe("2026-07-15T20:00:00.000Z");
  });

  it("moves a time in the spring-forward gap to the first instant after it", () => {
    for (const time of ["02:00", "02:01", "02:30", "02:59"]) {
      expect(localInstant("2026-03-29", time, "Europe/Paris").toISOString()).toBe("2026-03-29T01:00:00.000Z");
      expect(localInstant("2026-03-29", time, "Europe/Budapest").toISOString()).toBe("2026-03-29T01:00:00.000Z");
    }
    expect(localInstant("2026-03-29", "01:59", "Europe/Paris").toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(localInstant("2026-03-29", "03:00", "Europe/Paris").toISOString()).toBe("2026-03-29T01:00:00.000Z");
    // Chile springs forward at midnight (00:00 −04 → 01:00 −03): the day starts at 01:00 −03 = 04:00Z.
    expect(localInstant("2026-09-06", "00:00", "America/Santiago").toISOString()).toBe("2026-09-06T04:00:00.000Z");
    // New York (02:00 EST → 03:00 EDT) and Lord Howe Island (a half-hour change: 02:00 +10:30 → 02:30 +11:00).
    expect(localInstant("2026-03-08", "02:30", "America/New_York").toISOString()).toBe("2026-03-08T07:00:00.000Z");
    expect(localInstant("2026-10-04", "02:15", "Australia/Lord_Howe").toISOString()).toBe("2026-10-03T15:30:00.000Z");
  });

  it("takes the second occurrence of a time repeated on the fall-back night", () => {
    // 02:30 happens at 00:30Z (CEST) and again at 01:30Z (CET).
    expect(localInstant("2026-10-25", "02:30", "Europe/Paris").toISOString()).toBe("2026-10-25T01:30:00.000Z");
    expect(localInstant("2026-10-25", "01:59", "Europe/Paris").toISOString()).toBe("2026-10-24T23:59:00.000Z");
    expect(localInstant("2026-10-25", "03:00", "Europe/Paris").toISOString()).toBe("2026-10-25T02:00:00.000Z");
  });
});

describe("rule periods", () => {
  const mondays = (ranges: [string, string][]): TWeekly => ({ "1": ranges });
  const base = rule({ validFrom: "2026-01-01", weekly: { "1": [["09:00", "10:00"]], "2": [["09:00", "10:00"]] }, slotMinutes: 60 });
  const june = rule({ validFrom: "2026-06-01", validUntil: "2026-06-29", weekly: mondays([["14:00", "15:00"]]), slotMinutes: 60, capacity: 3 });

  it("uses the rule with the latest validFrom covering each date, validUntil inclusive", () => {
    const slots = computeSlots(query({ rules: [june, base], durationMinutes: 60, from: "2026-05-25", to: "2026-07-07" }));
    expect(slots.map((s) => [s.start.toISOString(), s.capacity])).toEqual([
      ["2026-05-25T07:00:00.000Z", 1], // Monday before June: base rule, 09:00 CEST
      ["2026-05-26T07:00:00.000Z", 1], // Tuesday
      ["2026-06-01T12:00:00.000Z", 3], // June Mondays: the June rule, 14:00 CEST
      ["2026-06-08T12:00:00.000Z", 3],
      ["2026-06-15T12:00:00.000Z", 3],
      ["2026-06-22T12:00:00.000Z", 3],
      ["2026-06-29T12:00:00.000Z", 3], // validUntil itself still uses the June rule
      ["2026-06-30T07:00:00.000Z", 1], // the next day (a Tuesday) is back on the base rule
      ["2026-07-06T07:00:00.000Z", 1], // back to the base rule
      ["2026-07-07T07:00:00.000Z", 1],
    ]);
    // The June rule replaces the base rule entirely: no Tuesday slots in June although the base rule has some.
  });

  it("does not depend on the order of the rules", () => {
    const a = computeSlots(query({ rules: [june, base], durationMinutes: 60, from: "2026-05-01", to: "2026-07-31" }));
    const b = computeSlots(query({ rules: [base, june], durationMinutes: 60, from: "2026-05-01", to: "2026-07-31" }));
    expect(b).toEqual(a);
    expect(ruleFor([base, june], "town-hall", "2026-06-15")).toBe(june);
    expect(ruleFor([june, base], "town-hall", "2026-06-30")).toBe(base);
  });

  it("opens no slots where no rule applies", () => {
    expect(starts(query({ rules: [base], durationMinutes: 60, from: "2025-12-01", to: "2025-12-31" }))).toEqual([]);
    expect(ruleFor([base], "town-hall", "2025-12-31")).toBeNull();
    expect(ruleFor([base], "library", "2026-06-01")).toBeNull();
    expect(starts(query({ rules: [], from: "2026-06-01", to: "2026-06-30" }))).toEqual([]);
    const ended = rule({ validFrom: "2026-01-01", validUntil: "2026-01-31" });
    expect(starts(query({ rules: [ended], from: "2026-02-01", to: "2026-02-28" }))).toEqual([]);
  });

  it("keeps sites apart and filters by site", () => {
    const library = rule({ siteId: "library", weekly: everyDay([["10:00", "11:00"]]), slotMinutes: 60 });
    const hall = rule({ siteId: "town-hall", weekly: everyDay([["10:00", "11:00"]]), slotMinutes: 60 });
    const both = computeSlots(query({ rules: [library, hall], durationMinutes: 60, from: "2026-06-03", to: "2026-06-03" }));
    expect(both.map((s) => `${s.siteId}@${s.start.toISOString()}`)).toEqual(["library@2026-06-03T08:00:00.000Z", "town-hall@2026-06-03T08:00:00.000Z"]);
    const one = computeSlots(query({ rules: [library, hall], siteId: "library", durationMinutes: 60, from: "2026-06-03", to: "2026-06-03" }));
    expect(one.map((s) => s.siteId)).toEqual(["library"]);
  });
});

describe("closures and closed dates", () => {
  // Wednesday 2026-06-03, CEST: 09:00, 10:00 and 11:00 local are 07:00Z, 08:00Z and 09:00Z.
  const hourly = (siteId: string) => rule({ siteId, slotMinutes: 60 });
  const base = { rules: [hourly("a"), hourly("b")], durationMinutes: 60, from: "2026-06-03", to: "2026-06-03" };
  const labels = (q: TSlotQuery) => computeSlots(q).map((s) => `${s.siteId}@${s.start.toISOString().slice(11, 16)}`);

  it("removes only the slots a site's closure overlaps", () => {
    // 10:30–11:00 local at site a: overlaps a's 10:00–11:00 slot; a's 11:00 slot starts when the closure ends.
    const closures: TClosureInput[] = [{ siteId: "a", startsAt: new Date("2026-06-03T08:30:00Z"), endsAt: new Date("2026-06-03T09:00:00Z") }];
    expect(labels(query({ ...base, closures }))).toEqual(["a@07:00", "b@07:00", "b@08:00", "a@09:00", "b@09:00"]);
  });

  it("applies a closure without a site to every site", () => {
    // 09:00–10:00 local everywhere: ends exactly when the 10:00 slots start.
    const closures: TClosureInput[] = [{ siteId: null, startsAt: new Date("2026-06-03T07:00:00Z"), endsAt: new Date("2026-06-03T08:00:00Z") }];
    expect(labels(query({ ...base, closures }))).toEqual(["a@08:00", "b@08:00", "a@09:00", "b@09:00"]);
  });

  it("removes every slot under a closure spanning days", () => {
    const closures: TClosureInput[] = [{ siteId: "b", startsAt: new Date("2026-06-02T22:00:00Z"), endsAt: new Date("2026-06-04T22:00:00Z") }];
    expect(labels(query({ ...base, closures, to: "2026-06-05" }))).toEqual([
      "a@07:00",
      "a@08:00",
      "a@09:00",
      "a@07:00",
      "a@08:00",
      "a@09:00",
      "a@07:00",
      "b@07:00",
      "a@08:00",
      "b@08:00",
      "a@09:00",
      "b@09:00",
    ]);
  });

  it("skips closed dates entirely, for every site", () => {
    const slots = computeSlots(query({ ...base, closedDates: new Set(["2026-06-04"]), from: "2026-06-03", to: "2026-06-05" }));
    expect([...new Set(slots.map((s) => localDate(s.start, "Europe/Paris")))]).toEqual(["2026-06-03", "2026-06-05"]);
    expect(slots).toHaveLength(2 * 2 * 3);
  });

  it("skips public holidays given as closed dates", () => {
    const closedDates = publicHolidayDates("FR", [2026]);
    const slots = computeSlots(query({ closedDates, from: "2026-07-13", to: "2026-07-15" }));
    expect([...new Set(slots.map((s) => localDate(s.start, "Europe/Paris")))]).toEqual(["2026-07-13", "2026-07-15"]);
  });

  it("fits appointments longer than a slot inside the range", () => {
    // 09:00–10:00 stepped every 15 minutes, 30-minute appointments: 09:00, 09:15, 09:30 (ends at 10:00), not 09:45.
    const rules = [rule({ weekly: everyDay([["09:00", "10:00"]]), slotMinutes: 15 })];
    const slots = computeSlots(query({ rules, durationMinutes: 30, from: "2026-01-15", to: "2026-01-15" }));
    expect(slots.map((s) => [s.start.toISOString().slice(11, 16), s.end.toISOString().slice(11, 16)])).toEqual([
      ["08:00", "08:30"],
      ["08:15", "08:45"],
      ["08:30", "09:00"],
    ]);
  });

  it("drops a long appointment's slot when the closure only overlaps its tail", () => {
    // 30-minute appointments stepped every 15: the 09:15 slot runs to 09:45 and meets a closure at 09:40.
    const rules = [rule({ weekly: everyDay([["09:00", "10:00"]]), slotMinutes: 15 })];
    const closures: TClosureInput[] = [{ siteId: null, startsAt: new Date("2026-01-15T08:40:00Z"), endsAt: new Date("2026-01-15T09:00:00Z") }];
    expect(starts(query({ rules, closures, durationMinutes: 30, from: "2026-01-15", to: "2026-01-15" }))).toEqual(["2026-01-15T08:00:00.000Z"]);
  });
});

describe("booking window", () => {
  it("requires the minimum notice and ends after whole local days (Paris)", () => {
    // Wednesday 2026-06-10 12:00 CEST. Two weeks: today and the 14 days after, until 2026-06-25 00:00 CEST = 06-24 22:00Z.
    const window = bookingWindow(new Date("2026-06-10T10:00:00Z"), { minNoticeHours: 24, horizonWeeks: 2 }, "Europe/Paris");
    expect(window.earliest.toISOString()).toBe("2026-06-11T10:00:00.000Z");
    expect(window.latest.toISOString()).toBe("2026-06-24T22:00:00.000Z");
  });

  it("counts days in the town's zone (Reunion and Paris at the same instant)", () => {
    // 2026-06-10 21:30Z is already 06-11 01:30 in Reunion but still 06-10 23:30 in Paris.
    const now = new Date("2026-06-10T21:30:00Z");
    const reunion = bookingWindow(now, { minNoticeHours: 2, horizonWeeks: 1 }, "Indian/Reunion");
    expect(reunion.earliest.toISOString()).toBe("2026-06-10T23:30:00.000Z");
    expect(reunion.latest.toISOString()).toBe("2026-06-18T20:00:00.000Z"); // 06-19 00:00 +04
    const paris = bookingWindow(now, { minNoticeHours: 2, horizonWeeks: 1 }, "Europe/Paris");
    expect(paris.latest.toISOString()).toBe("2026-06-17T22:00:00.000Z"); // 06-18 00:00 CEST
  });

  it("ends at local midnight even when the horizon crosses a DST change", () => {
    // 2026-03-20 (CET) + 15 days = 2026-04-04 00:00 CEST = 04-03 22:00Z, not 23:00Z.
    const window = bookingWindow(new Date("2026-03-20T12:00:00Z"), { minNoticeHours: 0, horizonWeeks: 2 }, "Europe/Paris");
    expect(window.latest.toISOString()).toBe("2026-04-03T22:00:00.000Z");
  });

  it("includes the earliest instant and excludes the latest", () => {
    const window = bookingWindow(new Date("2026-06-10T10:00:00Z"), { minNoticeHours: 24, horizonWeeks: 2 }, "Europe/Paris");
    expect(inWindow(new Date("2026-06-11T09:59:59Z"), window)).toBe(false);
    expect(inWindow(new Date("2026-06-11T10:00:00Z"), window)).toBe(true);
    expect(inWindow(new Date("2026-06-24T21:59:59Z"), window)).toBe(true);
    expect(inWindow(new Date("2026-06-24T22:00:00Z"), window)).toBe(false);
  });
});

describe("weeklyProblems", () => {
  it("accepts well-formed, non-overlapping ranges (touching is fine)", () => {
    expect(weeklyProblems({ "1": [["09:00", "12:00"], ["12:00", "17:00"]], "7": [["00:00", "24:00"]], "3": [] })).toEqual([]);
    expect(weeklyProblems({})).toEqual([]);
  });

  it("reports malformed times", () => {
    expect(weeklyProblems({ "1": [["9:00", "12:00"]] })).toEqual(["1: 9:00-12:00 is not a time range"]);
    expect(weeklyProblems({ "2": [["09:00", "25:00"]] })).toEqual(["2: 09:00-25:00 is not a time range"]);
    expect(weeklyProblems({ "3": [["09:60", "10:00"]] })).toEqual(["3: 09:60-10:00 is not a time range"]);
    expect(weeklyProblems({ "4": [["24:00", "24:00"]] })).toEqual(["4: 24:00-24:00 is not a time range"]);
    expect(weeklyProblems({ "8": [["09:00", "10:00"]] } as TWeekly)).toEqual(["weekday 8"]);
  });

  it("reports ranges ending before they start", () => {
    expect(weeklyProblems({ "5": [["12:00", "09:00"]] })).toEqual(["5: 12:00-09:00 ends before it starts"]);
    expect(weeklyProblems({ "5": [["09:00", "09:00"]] })).toEqual(["5: 09:00-09:00 ends before it starts"]);
  });

  it("reports overlapping ranges, whatever their order", () => {
    expect(weeklyProblems({ "6": [["14:00", "17:00"], ["09:00", "14:30"]] })).toEqual(["6: 09:00-14:30 overlaps 14:00-17:00"]);
  });

  it("recognises times of day", () => {
    expect(["00:00", "09:05", "23:59", "24:00"].every(isTimeOfDay)).toBe(true);
    expect(["24:01", "9:00", "12:5", "", "12:00:00"].some(isTimeOfDay)).toBe(false);
  });
});

describe("calendar dates", () => {
  it("validates ISO dates", () => {
    expect(isIsoDate("2026-03-29")).toBe(true);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-04-31")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
    expect(isIsoDate("2026-3-29")).toBe(false);
    expect(isIsoDate("2026-03-29T00:00")).toBe(false);
    expect(isIsoDate("")).toBe(false);
  });

  it("adds calendar days across month, year and DST boundaries", () => {
    expect(addDays("2026-03-28", 1)).toBe("2026-03-29");
    expect(addDays("2026-03-29", 1)).toBe("2026-03-30");
    expect(addDays("2026-10-25", 1)).toBe("2026-10-26");
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-01-01", -1)).toBe("2025-12-31");
    expect(addDays("2026-06-10", 0)).toBe("2026-06-10");
  });

  it("finds ISO weekdays and Mondays", () => {
    expect(isoWeekday("2026-03-29")).toBe(7);
    expect(isoWeekday("2026-10-25")).toBe(7);
    expect(isoWeekday("2026-06-01")).toBe(1);
    expect(isoWeekday("2026-06-03")).toBe(3);
    expect(mondayOf("2026-03-29")).toBe("2026-03-23");
    expect(mondayOf("2026-06-01")).toBe("2026-06-01");
    expect(mondayOf("2026-01-01")).toBe("2025-12-29");
  });

  it("finds the local date of an instant across DST nights", () => {
    const paris = (iso: string) => localDate(new Date(iso), "Europe/Paris");
    expect(paris("2026-03-28T22:59:00Z")).toBe("2026-03-28"); // 23:59 CET
    expect(paris("2026-03-28T23:00:00Z")).toBe("2026-03-29"); // 00:00 CET
    expect(paris("2026-03-29T21:59:00Z")).toBe("2026-03-29"); // 23:59 CEST
    expect(paris("2026-03-29T22:00:00Z")).toBe("2026-03-30"); // 00:00 CEST
    expect(paris("2026-10-24T21:59:00Z")).toBe("2026-10-24"); // 23:59 CEST
    expect(paris("2026-10-24T22:00:00Z")).toBe("2026-10-25"); // 00:00 CEST
    expect(paris("2026-10-25T22:59:00Z")).toBe("2026-10-25"); // 23:59 CET
    expect(paris("2026-10-25T23:00:00Z")).toBe("2026-10-26"); // 00:00 CET
    expect(localDate(new Date("2026-06-30T19:59:00Z"), "Indian/Reunion")).toBe("2026-06-30");
    expect(localDate(new Date("2026-06-30T20:00:00Z"), "Indian/Reunion")).toBe("2026-07-01");
    expect(localDate(new Date("2026-03-29T01:30:00Z"), "Europe/Budapest")).toBe("2026-03-29");
  });
});

describe("publicHolidayDates", () => {
  it("lists the public holidays of a country or a subdivision", () => {
    const fr = publicHolidayDates("FR", [2026]);
    expect(fr.has("2026-07-14")).toBe(true);
    expect(fr.has("2026-12-25")).toBe(true);
    expect(fr.has("2026-12-20")).toBe(false);
    expect(fr.has("2026-07-13")).toBe(false);
    const reunion = publicHolidayDates("FR-RE", [2026]);
    expect(reunion.has("2026-12-20")).toBe(true);
    expect(reunion.has("2026-07-14")).toBe(true);
    expect(publicHolidayDates("HU", [2026]).has("2026-10-23")).toBe(true);
  });

  it("covers every requested year", () => {
    const dates = publicHolidayDates("FR", [2026, 2027]);
    expect(dates.has("2026-01-01")).toBe(true);
    expect(dates.has("2027-01-01")).toBe(true);
    expect([...dates].every((d) => isIsoDate(d))).toBe(true);
  });
});
