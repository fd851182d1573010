// The appointments module's part of the citizen space (lib/citizens): a citizen's appointments and
// waiting-list entries, attaching what was made with their proved address, their language, and what
// happens to them when the account is deleted. Every function takes the town and the citizen's id.
import {
  anonymiseCitizenAppointments,
  attachAppointmentsToCitizen,
  deleteCitizenWaiters,
  findCitizenAppointment,
  findCitizenWaiter,
  listCitizenAppointments,
  listCitizenWaiters,
  serviceAndSiteNames,
  setAppointmentCitizen,
  setCitizenAppointmentsLocale,
  type TAppointmentRow,
  type TWaiterRow,
} from "@/lib/appointments/repo";
import { cancelAppointment, isChangeable } from "@/lib/appointments/service/manage-appointment";
import { leaveWaiter } from "@/lib/appointments/service/waiting-list";
import { NotFoundError } from "@/lib/core/errors";
import { pickLocalized, type TPicked } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";

export { attachAppointmentsToCitizen, setCitizenAppointmentsLocale, setAppointmentCitizen };

export type TCitizenAppointment = TAppointmentRow & { serviceName: TPicked | null; siteName: TPicked | null; siteAddress: TPicked | null; changeable: boolean };
export type TCitizenWaiter = TWaiterRow & { serviceName: TPicked | null; siteName: TPicked | null };

async function names(tenant: TTenant, serviceIds: string[], siteIds: string[], locale: string) {
  const { services, sites } = await serviceAndSiteNames(tenant.id, [...new Set(serviceIds)], [...new Set(siteIds)]);
  const fallbacks = [tenant.defaultLocale, ...tenant.enabledLocales];
  return {
    service: (id: string) => pickLocalized(services.find((s) => s.id === id)?.names, locale, fallbacks),
    site: (id: string | null) => (id ? pickLocalized(sites.find((s) => s.id === id)?.names, locale, fallbacks) : null),
    address: (id: string) => pickLocalized(sites.find((s) => s.id === id)?.address, locale, fallbacks),
  };
}

export async function citizenAppointments(tenant: TTenant, citizenId: string, locale: string, now = new Date()): Promise<TCitizenAppointment[]> {
  const rows = await listCitizenAppointments(tenant.id, citizenId);
  const n = await names(tenant, rows.map((r) => r.serviceId), rows.map((r) => r.siteId), locale);
  return rows.map((r) => ({ ...r, serviceName: n.service(r.serviceId), siteName: n.site(r.siteId), siteAddress: n.address(r.siteId), changeable: isChangeable(r, now) }));
}

export async function citizenAppointment(tenant: TTenant, citizenId: string, appointmentId: string, locale: string): Promise<TCitizenAppointment | null> {
  const row = await findCitizenAppointment(tenant.id, citizenId, appointmentId);
  if (!row) return null;
  const n = await names(tenant, [row.serviceId], [row.siteId], locale);
  return { ...row, serviceName: n.service(row.serviceId), siteName: n.site(row.siteId), siteAddress: n.address(row.siteId), changeable: isChangeable(row) };
}

export async function citizenWaiters(tenant: TTenant, citizenId: string, locale: string): Promise<TCitizenWaiter[]> {
  const rows = await listCitizenWaiters(tenant.id, citizenId);
  const n = await names(tenant, rows.map((r) => r.serviceId), rows.flatMap((r) => (r.siteId ? [r.siteId] : [])), locale);
  return rows.map((r) => ({ ...r, serviceName: n.service(r.serviceId), siteName: n.site(r.siteId) }));
}

/** The citizen cancels one of their appointments from their space (the cancellation e-mail confirms it). */
export async function cancelCitizenAppointment(tenant: TTenant, citizenId: string, appointmentId: string) {
  const row = await findCitizenAppointment(tenant.id, citizenId, appointmentId);
  if (!row) throw new NotFoundError();
  return cancelAppointment(tenant, row.id, null);
}

/** The citizen leaves a waiting list from their space. */
export async function leaveCitizenWaitingList(tenant: TTenant, citizenId: string, waiterId: string) {
  const row = await findCitizenWaiter(tenant.id, citizenId, waiterId);
  if (!row) throw new NotFoundError();
  return leaveWaiter(tenant, row);
}

/**
 * Account deleted: upcoming appointments are cancelled (their places freed, without an e-mail), every
 * appointment of the account loses its personal data (the town keeps what statistics need), and the
 * waiting-list entries are left (an open offer released) and deleted.
 */
export async function eraseCitizenAppointments(tenant: TTenant, citizenId: string, now = new Date()): Promise<{ cancelled: number; anonymised: number; waitingList: number }> {
  let cancelled = 0;
  for (const row of await listCitizenAppointments(tenant.id, citizenId)) {
    if (isChangeable(row, now)) {
      await cancelAppointment(tenant, row.id, null, { notify: false });
      cancelled++;
    }
  }
  for (const waiter of await listCitizenWaiters(tenant.id, citizenId)) {
    if (waiter.status === "waiting" || waiter.status === "offered") await leaveWaiter(tenant, waiter);
  }
  const waitingList = await deleteCitizenWaiters(tenant.id, citizenId);
  const anonymised = await anonymiseCitizenAppointments(tenant.id, citizenId, now);
  return { cancelled, anonymised, waitingList };
}
