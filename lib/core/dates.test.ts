import { describe, expect, it } from "vitest";
import { calendarDateInZone, startOfDayInZone, startOfNextDayInZone } from "@/lib/core/dates";

describe("dates in a town's zone", () => {
  it("starts a day at the zone's midnight, across DST changes", () => {
    expect(startOfDayInZone("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(startOfNextDayInZone("2026-03-29", "Europe/Paris").toISOString()).toBe("2026-03-29T22:00:00.000Z");
    expect(startOfDayInZone("2026-10-25", "Europe/Budapest").toISOString()).toBe("2026-10-24T22:00:00.000Z");
    expect(startOfNextDayInZone("2026-10-25", "Europe/Budapest").toISOString()).toBe("2026-10-25T23:00:00.000Z");
    expect(startOfDayInZone("2026-07-01", "Indian/Reunion").toISOString()).toBe("2026-06-30T20:00:00.000Z");
  });

  it("finds the calendar day of an instant in a zone", () => {
    expect(calendarDateInZone(new Date("2026-06-30T21:00:00Z"), "Indian/Reunion").toISOString().slice(0, 10)).toBe("2026-07-01");
    expect(calendarDateInZone(new Date("2026-06-30T21:00:00Z"), "Europe/Paris").toISOString().slice(0, 10)).toBe("2026-06-30");
  });
});
