// What the citizen pages read: a service's texts in the page's language, its sites, a booking in
// progress or an appointment found by its secret token. Ids from the URL are checked before any query.
import { notFound } from "next/navigation";
import { ZId } from "@/lib/core/form-schemas";
import { formatInstant } from "@/lib/core/dates";
import { pickLocalized, type TPicked } from "@/lib/i18n/localized";
import type { TServiceRow } from "@/lib/appointments/repo";
import { anyTownService, siteOfService, townService, townServices } from "@/lib/appointments/service/definitions";
import { activeSiteIds } from "@/lib/appointments/service/availability";
import { findHold } from "@/lib/appointments/service/book-appointment";
import { findByManageToken } from "@/lib/appointments/service/manage-appointment";
import { customFieldsOf } from "@/lib/appointments/schemas";
import type { TTenant } from "@/lib/tenancy/registry";

export type TText = TPicked | null;

export function textIn(tenant: TTenant, value: unknown, locale: string): TText {
  return pickLocalized(value, locale, [tenant.defaultLocale]);
}

export function siteView(tenant: TTenant, site: { id: string; names: unknown; address: unknown; access: unknown; accessibility: unknown; phone: string | null; latitude: number | null; longitude: number | null }, locale: string) {
  return {
    id: site.id,
    name: textIn(tenant, site.names, locale),
    address: textIn(tenant, site.address, locale),
    access: textIn(tenant, site.access, locale),
    accessibility: textIn(tenant, site.accessibility, locale),
    phone: site.phone,
    latitude: site.latitude,
    longitude: site.longitude,
  };
}
export type TSiteView = ReturnType<typeof siteView>;

export function serviceView(tenant: TTenant, service: TServiceRow, locale: string) {
  const active = new Set(activeSiteIds(service));
  return {
    id: service.id,
    name: textIn(tenant, service.names, locale),
    description: textIn(tenant, service.descriptions, locale),
    whatToBring: textIn(tenant, service.whatToBring, locale),
    confirmation: textIn(tenant, service.confirmationTexts, locale),
    cancellation: textIn(tenant, service.cancellationTexts, locale),
    durationMinutes: service.durationMinutes,
    maxPeople: service.maxPeople,
    loginRequired: service.loginRequired,
    sites: service.sites.filter((s) => active.has(s.siteId)).map((s) => siteView(tenant, s.site, locale)),
    fields: customFieldsOf(service.customFields).map((f) => ({
      ...f,
      label: textIn(tenant, f.labels, locale),
      hint: f.hints ? textIn(tenant, f.hints, locale) : null,
      options: (f.options ?? []).map((o) => ({ value: o.value, label: textIn(tenant, o.labels, locale) })),
    })),
  };
}
export type TServiceView = ReturnType<typeof serviceView>;

export async function listServiceViews(tenant: TTenant, locale: string): Promise<TServiceView[]> {
  return (await townServices(tenant.id)).map((s) => serviceView(tenant, s, locale)).filter((s) => s.sites.length > 0);
}

/** The service of a citizen page, or the page's 404 (an id of another town is simply not found). */
export async function requireService(tenant: TTenant, serviceId: string): Promise<TServiceRow> {
  const service = ZId.safeParse(serviceId).success ? await townService(tenant.id, serviceId) : null;
  if (!service || activeSiteIds(service).length === 0) notFound();
  return service;
}

export async function requireHold(tenant: TTenant, token: string) {
  const hold = token.length >= 20 && token.length <= 100 ? await findHold(tenant.id, token) : null;
  if (!hold) notFound();
  const service = await requireService(tenant, hold.serviceId);
  return { hold, service };
}

export async function requireAppointment(tenant: TTenant, token: string) {
  const appointment = token.length >= 20 && token.length <= 100 ? await findByManageToken(tenant.id, token) : null;
  if (!appointment) notFound();
  const service = await anyTownService(tenant.id, appointment.serviceId);
  const site = service ? await siteOfService(tenant.id, service, appointment.siteId) : null;
  if (!service || !site) notFound();
  return { appointment, service, site };
}

/** "Tuesday 24 November 2026 at 09:20" in the town's zone. */
export function formatWhen(instant: Date, locale: string, tenant: TTenant): string {
  return formatInstant(instant, locale, tenant.timeZone, { dateStyle: "full", timeStyle: "short" });
}

export function formatDay(isoDate: string, locale: string, options: Intl.DateTimeFormatOptions = { weekday: "long", day: "numeric", month: "long" }): string {
  return new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).format(new Date(`${isoDate}T12:00:00Z`));
}

export function formatTime(instant: Date, locale: string, tenant: TTenant): string {
  return formatInstant(instant, locale, tenant.timeZone, { timeStyle: "short" });
}
