// The appointments service behind the bulky-waste form's pickup field: the town's "Bulky-waste pickup"
// service if it has one, else one created through the appointments module's services (a depot site,
// 60-minute slots on Tuesday and Thursday, 4 pickups per slot, at least 2 days' notice, 8 weeks ahead).
// The administrator changes its hours, capacity and site in the appointments admin like any service.
import { addOpeningRule, createService, createSite } from "@/lib/appointments/service/configure";
import { townServices } from "@/lib/appointments/service/definitions";
import { localDate, type TWeekly } from "@/lib/appointments/slots";
import type { TTx } from "@/lib/forms/templates/texts";
import type { TTenant } from "@/lib/tenancy/registry";

export const PICKUP_WEEKLY: TWeekly = {
  "2": [["08:00", "12:00"], ["13:00", "16:00"]],
  "4": [["08:00", "12:00"], ["13:00", "16:00"]],
};
export const PICKUP_SLOT_MINUTES = 60;
export const PICKUP_CAPACITY = 4;

export async function pickupService(tenant: TTenant, tx: TTx, now = new Date()): Promise<{ id: string; created: boolean }> {
  const names = tx("bulkyWaste.service.name");
  const wanted = names[tenant.defaultLocale];
  const existing = (await townServices(tenant.id)).find((s) => (s.names as Record<string, string>)[tenant.defaultLocale] === wanted);
  if (existing) return { id: existing.id, created: false };
  const site = await createSite(tenant.id, { names: tx("bulkyWaste.service.siteName"), address: tenant.contactAddress });
  const service = await createService(tenant.id, {
    names,
    descriptions: tx("bulkyWaste.service.description"),
    durationMinutes: PICKUP_SLOT_MINUTES,
    maxPeople: 1,
    phoneField: "off",
    minNoticeHours: 48,
    horizonWeeks: 8,
    position: 100,
    siteIds: [site.id],
  });
  await addOpeningRule(tenant.id, { serviceId: service.id, siteId: site.id, validFrom: localDate(now, tenant.timeZone), weekly: PICKUP_WEEKLY, slotMinutes: PICKUP_SLOT_MINUTES, capacity: PICKUP_CAPACITY });
  return { id: service.id, created: true };
}
