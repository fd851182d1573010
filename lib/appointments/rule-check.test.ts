import { describe, expect, it } from "vitest";
import { parseRanges, ruleProblems, type TRuleCandidate } from "@/lib/appointments/rule-check";

const base: TRuleCandidate = { siteId: "s1", validFrom: "2026-01-01", validUntil: null, weekly: { "1": [["09:00", "12:00"]] }, slotMinutes: 20, capacity: 2 };
const keys = (c: Partial<TRuleCandidate>, others: Parameters<typeof ruleProblems>[1] = [], duration = 20) => ruleProblems({ ...base, ...c }, others, duration).map((p) => p.key);

describe("parseRanges", () => {
  it("reads the ways people write opening hours", () => {
    expect(parseRanges("09:00-12:00, 13:30-17:00")).toEqual([["09:00", "12:00"], ["13:30", "17:00"]]);
    expect(parseRanges("9h00 – 12h00; 14.00-16.30")).toEqual([["09:00", "12:00"], ["14:00", "16:30"]]);
    expect(parseRanges("")).toEqual([]);
    expect(parseRanges("morning")).toBeNull();
  });
});

describe("ruleProblems", () => {
  it("accepts a plain weekly timetable", () => expect(keys({})).toEqual([]));
  it("refuses overlapping ranges in a day, naming both", () => {
    const problems = ruleProblems({ ...base, weekly: { "2": [["09:00", "12:00"], ["11:00", "13:00"]] } }, [], 20);
    expect(problems).toEqual([{ field: "day2", key: "ruleRangesOverlap", params: { first: "09:00-12:00", second: "11:00-13:00" } }]);
  });
  it("refuses backwards, malformed and too short ranges", () => {
    expect(keys({ weekly: { "1": [["12:00", "09:00"]] } })).toEqual(["ruleRangeBackwards"]);
    expect(keys({ weekly: { "1": [["25:00", "26:00"]] } })).toEqual(["ruleBadRange"]);
    expect(keys({ weekly: { "1": [["09:00", "09:10"]] } })).toEqual(["ruleRangeTooShort"]);
  });
  it("refuses a timetable without any opening", () => expect(keys({ weekly: {} })).toEqual(["ruleNoOpening"]));
  it("refuses slots shorter than the appointment", () => expect(keys({ slotMinutes: 15 }, [], 30)).toEqual(["ruleSlotShorterThanDuration"]));
  it("refuses an end before the start", () => expect(keys({ validUntil: "2025-12-31" })).toEqual(["ruleEndsBeforeStart"]));
  it("accepts a holiday timetable inside the year's, and a following period", () => {
    const year = { id: "r1", siteId: "s1", validFrom: "2026-01-01", validUntil: "2026-12-31" };
    expect(keys({ validFrom: "2026-07-14", validUntil: "2026-08-31" }, [year])).toEqual([]);
    expect(keys({ validFrom: "2027-01-01", validUntil: null }, [year])).toEqual([]);
    // The year's inside an open-ended one is nested too.
    expect(keys({ validFrom: "2025-01-01", validUntil: null }, [year])).toEqual([]);
  });
  it("refuses partial overlaps and same start dates at the same site, not at another site", () => {
    const year = { id: "r1", siteId: "s1", validFrom: "2026-01-01", validUntil: "2026-12-31" };
    expect(keys({ validFrom: "2026-12-01", validUntil: "2027-01-31" }, [year])).toEqual(["rulePartialOverlap"]);
    expect(keys({ validFrom: "2026-01-01", validUntil: "2026-03-31" }, [year])).toEqual(["ruleSameStart"]);
    expect(keys({ siteId: "s2", validFrom: "2026-12-01", validUntil: "2027-01-31" }, [year])).toEqual([]);
    // Editing a rule does not conflict with itself.
    expect(keys({ id: "r1", validFrom: "2026-01-01", validUntil: "2027-06-30" }, [year])).toEqual([]);
  });
});
