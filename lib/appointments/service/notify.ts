// The citizen's e-mails about an appointment, queued in the booking's transaction and rendered at send
// time in the citizen's language. Texts written by the town are resolved now, in that language.
import { getEnv } from "@/lib/core/env";
import { pickLocalized } from "@/lib/i18n/localized";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import type { TAppointmentRow, TServiceRow } from "@/lib/appointments/repo";
import { siteOfService } from "@/lib/appointments/service/definitions";
import { tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

export type TAppointmentMailParams = {
  name: string;
  reference: string;
  start: string;
  end: string;
  timeZone: string;
  people: number;
  service: string;
  site: string;
  address: string;
  whatToBring: string;
  text: string;
  uid: string;
  sequence: number;
  /** Why the town cancelled or moved it (written by the agent) */
  reason?: string;
};

export type TAppointmentMail = "appointment-confirmation" | "appointment-rescheduled" | "appointment-cancelled";

export function manageUrl(tenant: TTenant, locale: string, token: string): string {
  return `${tenantOrigin(tenant)}/${locale}/appointments/manage/${token}`;
}

/** The citizen's language for an appointment's messages: theirs if the town still offers it. */
export function appointmentLocale(tenant: TTenant, appointment: Pick<TAppointmentRow, "locale">): string {
  return tenant.enabledLocales.includes(appointment.locale) ? appointment.locale : tenant.defaultLocale;
}

/** What an appointment's e-mails say (town texts resolved in `locale`), for every appointment template. */
export async function appointmentMailParams(tenant: TTenant, service: TServiceRow, appointment: TAppointmentRow, locale: string, template: TAppointmentMail | "appointment-reminder", reason?: string | null): Promise<TAppointmentMailParams> {
  const text = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale])?.text ?? "";
  const site = await siteOfService(tenant.id, service, appointment.siteId);
  const cancelled = template === "appointment-cancelled";
  return {
    name: `${appointment.firstName} ${appointment.lastName}`,
    reference: appointment.reference,
    start: appointment.startsAt.toISOString(),
    end: appointment.endsAt.toISOString(),
    timeZone: tenant.timeZone,
    people: appointment.people,
    service: text(service.names),
    site: text(site?.names),
    address: text(site?.address),
    whatToBring: cancelled ? "" : text(service.whatToBring),
    text: template === "appointment-reminder" ? "" : text(cancelled ? service.cancellationTexts : service.confirmationTexts),
    uid: `${appointment.id}@${getEnv().ROOT_DOMAIN}`,
    sequence: Math.floor(appointment.updatedAt.getTime() / 1000) - Math.floor(appointment.createdAt.getTime() / 1000),
    ...(reason ? { reason } : {}),
  };
}

export async function queueAppointmentMail(template: TAppointmentMail, tenant: TTenant, service: TServiceRow, appointment: TAppointmentRow, manageToken: string | null, reason?: string | null): Promise<void> {
  // No address (booked by phone without one): nothing to send.
  if (!appointment.email) return;
  const locale = appointmentLocale(tenant, appointment);
  const params = await appointmentMailParams(tenant, service, appointment, locale, template, reason);
  await queueMail({
    tenantId: tenant.id,
    to: appointment.email,
    template,
    locale,
    params,
    secret: { link: manageToken ? manageUrl(tenant, locale, manageToken) : "" },
  });
}
