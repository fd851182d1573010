// An opening rule as typed in the editor (one text per weekday: "09:00-12:00, 13:30-17:00").
import type { z } from "zod";
import { FieldsError } from "@/lib/core/errors";
import { parseRanges, WEEKDAYS, type TRuleCandidate } from "@/lib/appointments/rule-check";
import type { ZRuleInput } from "@/lib/appointments/schemas";
import type { TWeekly } from "@/lib/appointments/slots";

export function ruleCandidate(input: z.output<typeof ZRuleInput>): TRuleCandidate {
  const weekly: TWeekly = {};
  const unreadable: Record<string, { key: string; params?: Record<string, string> }> = {};
  for (const day of WEEKDAYS) {
    const text = input[`day${day}`];
    const ranges = parseRanges(text);
    if (ranges === null) unreadable[`day${day}`] = { key: "ruleUnreadable", params: { text } };
    else if (ranges.length) weekly[day] = ranges;
  }
  if (Object.keys(unreadable).length) throw new FieldsError(unreadable);
  return { id: input.ruleId ?? null, siteId: input.siteId, validFrom: input.validFrom, validUntil: input.validUntil ?? null, weekly, slotMinutes: input.slotMinutes, capacity: input.capacity };
}

