// What the .ics download of an appointment needs, found by its manage token in this town.
import { getEnv } from "@/lib/core/env";
import { anyTownService, siteOfService } from "@/lib/appointments/service/definitions";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { findByManageToken } from "@/lib/appointments/service/manage-appointment";
import type { TTenant } from "@/lib/tenancy/registry";

export async function findBookingForCalendar(tenant: TTenant, token: string, requestedLocale: string) {
  if (token.length < 20 || token.length > 100) return null;
  const appointment = await findByManageToken(tenant.id, token);
  if (!appointment) return null;
  const service = await anyTownService(tenant.id, appointment.serviceId);
  const site = service ? await siteOfService(tenant.id, service, appointment.siteId) : null;
  if (!service || !site) return null;
  const locale = tenant.enabledLocales.includes(requestedLocale) ? requestedLocale : tenant.defaultLocale;
  return {
    appointment,
    locale,
    uid: `${appointment.id}@${getEnv().ROOT_DOMAIN}`,
    service: textIn(tenant, service.names, locale)?.text ?? "",
    place: [textIn(tenant, site.names, locale)?.text, textIn(tenant, site.address, locale)?.text].filter(Boolean).join(", "),
    whatToBring: textIn(tenant, service.whatToBring, locale)?.text ?? "",
  };
}
