// An appointment as its manage page and calendar file show it.
import { answerRows } from "@/lib/appointments/service/answers-view";
import { formatWhen, serviceView, siteView } from "@/lib/appointments/service/citizen-view";
import { isChangeable } from "@/lib/appointments/service/manage-appointment";
import type { TAppointmentRow, TServiceRow, TSiteRow } from "@/lib/appointments/repo";
import type { TTenant } from "@/lib/tenancy/registry";

export function appointmentView(tenant: TTenant, appointment: TAppointmentRow, service: TServiceRow, site: TSiteRow, locale: string, yesNo: { yes: string; no: string }) {
  return {
    reference: appointment.reference,
    status: appointment.status,
    when: formatWhen(appointment.startsAt, locale, tenant),
    people: appointment.people,
    name: `${appointment.firstName} ${appointment.lastName}`,
    email: appointment.email,
    phone: appointment.phone,
    antsNumber: appointment.antsNumber,
    changeable: isChangeable(appointment),
    service: serviceView(tenant, service, locale),
    site: siteView(tenant, site, locale),
    answers: answerRows(tenant, service, locale, (appointment.fields ?? {}) as Record<string, unknown>, false, yesNo.yes, yesNo.no),
  };
}
