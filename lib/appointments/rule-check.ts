// Checks of an opening rule before it is saved, as translatable problems (key of the "Errors"
// namespace + parameters), so the editor can explain what is wrong:
//   - each day's time ranges: well-formed, ending after they start, not overlapping, long enough
//     for one appointment;
//   - the slot length: at least the appointment's duration (otherwise one desk would hold two
//     overlapping appointments);
//   - the period against the other timetables of the same site: a timetable either covers a period
//     no other covers, or sits entirely inside another one (a holiday timetable that overrides the
//     year's for its weeks). Two timetables that start the same day, or that overlap partly, are
//     contradictory and refused.
import { isIsoDate, isTimeOfDay, type TTimeRange, type TWeekly } from "@/lib/appointments/slots";

export type TRuleProblem = { field: string; key: string; params?: Record<string, string | number> };

export type TRuleCandidate = { id?: string | null; siteId: string; validFrom: string; validUntil: string | null; weekly: TWeekly; slotMinutes: number; capacity: number };
export type TExistingRule = { id: string; siteId: string; validFrom: string; validUntil: string | null };

export const WEEKDAYS = ["1", "2", "3", "4", "5", "6", "7"] as const;

const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** "09:00-12:00, 13:30-17:00" → ranges; null when the text cannot be read. Empty text: closed. */
export function parseRanges(text: string): TTimeRange[] | null {
  const parts = text.split(/[,;،]/).map((p) => p.trim()).filter(Boolean);
  const ranges: TTimeRange[] = [];
  for (const part of parts) {
    const match = part.match(/^(\d{1,2})[:h.](\d{2})\s*[-–—àa]+\s*(\d{1,2})[:h.](\d{2})$/i);
    if (!match) return null;
    const [from, to] = [`${match[1]!.padStart(2, "0")}:${match[2]}`, `${match[3]!.padStart(2, "0")}:${match[4]}`];
    ranges.push([from, to]);
  }
  return ranges;
}

export function formatRanges(ranges: readonly TTimeRange[] | undefined): string {
  return (ranges ?? []).map(([from, to]) => `${from}-${to}`).join(", ");
}

const end = (validUntil: string | null) => validUntil ?? "9999-12-31";

export function ruleProblems(candidate: TRuleCandidate, others: readonly TExistingRule[], durationMinutes: number): TRuleProblem[] {
  const problems: TRuleProblem[] = [];
  if (!isIsoDate(candidate.validFrom)) problems.push({ field: "validFrom", key: "date" });
  if (candidate.validUntil !== null && !isIsoDate(candidate.validUntil)) problems.push({ field: "validUntil", key: "date" });
  else if (candidate.validUntil !== null && candidate.validUntil < candidate.validFrom) problems.push({ field: "validUntil", key: "ruleEndsBeforeStart" });
  if (!Number.isInteger(candidate.slotMinutes) || candidate.slotMinutes < 5 || candidate.slotMinutes > 480) problems.push({ field: "slotMinutes", key: "ruleSlotMinutes" });
  else if (candidate.slotMinutes < durationMinutes) problems.push({ field: "slotMinutes", key: "ruleSlotShorterThanDuration", params: { duration: durationMinutes } });
  if (!Number.isInteger(candidate.capacity) || candidate.capacity < 1 || candidate.capacity > 100) problems.push({ field: "capacity", key: "ruleCapacity" });
  let open = 0;
  for (const day of WEEKDAYS) {
    const ranges = [...(candidate.weekly[day] ?? [])].sort((a, b) => a[0].localeCompare(b[0]));
    const field = `day${day}`;
    for (const [i, [from, to]] of ranges.entries()) {
      if (!isTimeOfDay(from) || !isTimeOfDay(to) || from === "24:00") {
        problems.push({ field, key: "ruleBadRange", params: { range: `${from}-${to}` } });
        open++;
        continue;
      }
      if (to <= from) problems.push({ field, key: "ruleRangeBackwards", params: { range: `${from}-${to}` } });
      else if (minutes(to === "24:00" ? "24:00" : to) - minutes(from) < durationMinutes) problems.push({ field, key: "ruleRangeTooShort", params: { range: `${from}-${to}`, duration: durationMinutes } });
      const next = ranges[i + 1];
      if (next && next[0] < to) problems.push({ field, key: "ruleRangesOverlap", params: { first: `${from}-${to}`, second: `${next[0]}-${next[1]}` } });
      open++;
    }
  }
  if (open === 0) problems.push({ field: "day1", key: "ruleNoOpening" });
  if (problems.some((p) => p.field === "validFrom" || p.field === "validUntil")) return problems;
  for (const other of others) {
    if (other.id === candidate.id || other.siteId !== candidate.siteId) continue;
    const [aFrom, aTo, bFrom, bTo] = [candidate.validFrom, end(candidate.validUntil), other.validFrom, end(other.validUntil)];
    const period = other.validUntil ? `${other.validFrom} – ${other.validUntil}` : `${other.validFrom} –`;
    if (aFrom === bFrom) {
      problems.push({ field: "validFrom", key: "ruleSameStart", params: { period } });
      continue;
    }
    const overlap = aFrom <= bTo && bFrom <= aTo;
    const nested = (aFrom >= bFrom && aTo <= bTo) || (bFrom >= aFrom && bTo <= aTo);
    if (overlap && !nested) problems.push({ field: "validFrom", key: "rulePartialOverlap", params: { period } });
  }
  return problems;
}
