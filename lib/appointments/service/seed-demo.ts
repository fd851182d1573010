// Demo data of the appointments module for one town: sites, services, opening rules, a closure and a
// few bookings (first free slots). Runs only for a town without any service.
import { countServices, findService } from "@/lib/appointments/repo";
import { addClosure, addOpeningRule, createService, createSite } from "@/lib/appointments/service/configure";
import { availableSlots } from "@/lib/appointments/service/availability";
import { bookDirect } from "@/lib/appointments/service/book-appointment";
import { addDays, localDate, localInstant } from "@/lib/appointments/slots";
import type { TDemoAppointments } from "@/prisma/seed/demo-appointments";
import type { TTenant } from "@/lib/tenancy/registry";

export async function seedDemoAppointments(tenant: TTenant, demo: TDemoAppointments, citizens: { firstName: string; lastName: string; email: string }[], now = new Date()): Promise<boolean> {
  if ((await countServices(tenant.id)) > 0) return false;
  const sites: { id: string }[] = [];
  for (const site of demo.sites) sites.push(await createSite(tenant.id, site));
  const today = localDate(now, tenant.timeZone);
  const validFrom = `${today.slice(0, 4)}-01-01`;
  const created = [];
  for (const [position, { sites: siteIndexes, weekly, slotMinutes, capacity, ...service }] of demo.services.entries()) {
    const siteIds = siteIndexes.map((i) => sites[i]!.id);
    const row = await createService(tenant.id, { ...service, position, siteIds });
    for (const siteId of siteIds) await addOpeningRule(tenant.id, { serviceId: row.id, siteId, validFrom, weekly, slotMinutes, capacity });
    created.push(row);
  }
  // Staff training: the first site closes on the afternoon of the Friday two weeks from now.
  const friday = addDays(today, ((5 - new Date(`${today}T00:00:00Z`).getUTCDay() + 7) % 7) + 14);
  await addClosure(tenant.id, {
    siteId: sites[0]!.id,
    startsAt: localInstant(friday, "12:00", tenant.timeZone),
    endsAt: localInstant(friday, "23:59", tenant.timeZone),
    reason: Object.fromEntries(tenant.enabledLocales.map((l) => [l, l === "fr" ? "Formation du personnel" : l === "hu" ? "Munkatársi képzés" : l === "de" ? "Personalschulung" : l === "es" ? "Formación del personal" : l === "ar" ? "تدريب الموظفين" : "Staff training"])),
  });
  // A few bookings on the first free slots of each service.
  for (const row of created) {
    const service = await findService(tenant.id, row.id);
    if (!service) continue;
    const slots = await availableSlots(tenant, service, { from: today, to: addDays(today, 21), now });
    for (const [i, citizen] of citizens.entries()) {
      const slot = slots[i * 3];
      if (!slot) break;
      await bookDirect({
        tenant,
        service,
        siteId: slot.siteId,
        start: slot.start,
        people: 1,
        details: { ...citizen, phone: "+33 6 00 00 00 00", antsNumber: service.antsField === "off" ? null : "AB12CD34EF", fields: demoAnswers(service.customFields) },
        locale: tenant.defaultLocale,
        idempotencyKey: `demo:${service.id}:${i}`,
        apiKeyId: null,
        source: "web",
        audit: { tenantId: tenant.id, actor: { type: "system", label: "demo seed" } },
      });
    }
  }
  return true;
}

function demoAnswers(customFields: unknown): Record<string, string | number | boolean> {
  const answers: Record<string, string | number | boolean> = {};
  for (const field of Array.isArray(customFields) ? (customFields as { id: string; type: string; options?: { value: string }[] }[]) : []) {
    if (field.type === "date") answers[field.id] = "2027-06-12";
    else if (field.type === "number") answers[field.id] = 2;
    else if (field.type === "choice") answers[field.id] = field.options?.[0]?.value ?? "";
    else if (field.type === "checkbox") answers[field.id] = true;
    else answers[field.id] = "-";
  }
  return answers;
}
