// The times an agent can choose on a day (booking for a citizen, moving a booking): the service's
// offered slots with their places left, full ones included (shown as full; only agents allowed to
// overbook may pick them).
import type { TServiceRow } from "@/lib/appointments/repo";
import { availableSlots } from "@/lib/appointments/service/availability";
import { formatTime } from "@/lib/appointments/service/citizen-view";
import type { TTenant } from "@/lib/tenancy/registry";

export type TSlotChoice = { day: string; durationMinutes: number; slots: { value: string; label: string; remaining: number; capacity: number }[] };

export async function agentSlotChoice(tenant: TTenant, service: TServiceRow, siteId: string, day: string, locale: string): Promise<TSlotChoice> {
  const slots = await availableSlots(tenant, service, { from: day, to: day, siteId, includeFull: true });
  return {
    day,
    durationMinutes: service.durationMinutes,
    slots: slots.map((s) => ({ value: s.start.toISOString(), label: formatTime(s.start, locale, tenant), remaining: s.remaining, capacity: s.capacity })),
  };
}
