// Changing an appointment by its manage link (or with the town's API key): cancel, or move it to
// another slot. Moving takes the new places and frees the old ones in one transaction; a cancelled
// appointment's places are bookable again as soon as it commits.
import { hashSecret } from "@/lib/auth/tokens";
import { inTransaction } from "@/lib/core/db";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import {
  claimPlaces,
  ensureSlot,
  findAppointment,
  findAppointmentByReference,
  findAppointmentByTokenHash,
  lockAppointment,
  lockCitizen,
  releaseAppointmentPlaces,
  updateAppointment,
  type TAppointmentRow,
} from "@/lib/appointments/repo";
import { checkCitizenLimits, SlotUnavailableError } from "@/lib/appointments/service/book-appointment";
import { offeredSlot } from "@/lib/appointments/service/availability";
import { anyTownService, townService } from "@/lib/appointments/service/definitions";
import { queueAppointmentMail } from "@/lib/appointments/service/notify";
import { cancelReminders, scheduleReminders } from "@/lib/appointments/service/reminders";
import { placesFreed } from "@/lib/appointments/service/waiting-list";
import type { TTenant } from "@/lib/tenancy/registry";

export function findByManageToken(tenantId: string, token: string): Promise<TAppointmentRow | null> {
  return findAppointmentByTokenHash(tenantId, hashSecret(token));
}

export function findByReference(tenantId: string, reference: string): Promise<TAppointmentRow | null> {
  return findAppointmentByReference(tenantId, reference.trim().toUpperCase());
}

/** Whether the citizen may still change it: booked and not started. */
export function isChangeable(appointment: TAppointmentRow, now = new Date()): boolean {
  return appointment.status === "booked" && appointment.startsAt > now;
}

/** Who changes an appointment: the citizen (by their link or the API), or an agent with a reason for the citizen. */
export type TChangeOptions = { reason?: string | null; notify?: boolean };

/** Cancels; cancelling an already cancelled appointment changes nothing. */
export async function cancelAppointment(tenant: TTenant, appointmentId: string, manageToken: string | null, options: TChangeOptions = {}): Promise<{ appointment: TAppointmentRow; changed: boolean }> {
  return inTransaction(async () => {
    const appointment = await lockAppointment(tenant.id, appointmentId);
    if (!appointment) throw new NotFoundError();
    if (appointment.status === "cancelled") return { appointment, changed: false };
    if (appointment.startsAt <= new Date()) throw new ActionError("appointmentPast");
    await releaseAppointmentPlaces(tenant.id, appointment.id);
    const cancelledAt = new Date();
    const reason = options.reason?.trim() || null;
    await updateAppointment(tenant.id, appointment.id, { status: "cancelled", cancelledAt, reason });
    await cancelReminders(tenant.id, appointment.id);
    await placesFreed(tenant.id, appointment.serviceId);
    const updated = { ...appointment, status: "cancelled" as const, cancelledAt, reason, updatedAt: cancelledAt };
    const service = await anyTownService(tenant.id, appointment.serviceId);
    if (service && options.notify !== false) await queueAppointmentMail("appointment-cancelled", tenant, service, updated, manageToken, reason);
    return { appointment: updated, changed: true };
  });
}

/** Moves an appointment to another slot of its service (same rules as a new booking). */
export async function rescheduleAppointment(tenant: TTenant, appointmentId: string, target: { siteId: string; start: Date }, manageToken: string | null, options: TChangeOptions = {}): Promise<TAppointmentRow> {
  const current = await findAppointment(tenant.id, appointmentId);
  if (!current) throw new NotFoundError();
  const service = await townService(tenant.id, current.serviceId);
  if (!service) throw new NotFoundError();
  const offered = await offeredSlot(tenant, service, target.siteId, target.start, { counts: false });
  if (!offered) throw new SlotUnavailableError("slotNotOffered");
  return inTransaction(async () => {
    const appointment = await lockAppointment(tenant.id, appointmentId);
    if (!appointment) throw new NotFoundError();
    if (!isChangeable(appointment)) throw new ActionError(appointment.status === "cancelled" ? "appointmentCancelled" : "appointmentPast");
    if (appointment.siteId === offered.siteId && appointment.startsAt.getTime() === offered.start.getTime()) throw new ActionError("sameSlot", {}, "start");
    await lockCitizen(tenant.id, appointment.email);
    await checkCitizenLimits(tenant.id, service, appointment.email, offered.start, appointment.id);
    const slot = await ensureSlot({ tenantId: tenant.id, serviceId: service.id, siteId: offered.siteId, start: offered.start, end: offered.end, capacity: offered.capacity });
    const claimed = await claimPlaces({ tenantId: tenant.id, slotId: slot.id, count: appointment.people, appointmentId: appointment.id });
    if (claimed < appointment.people) throw new SlotUnavailableError("slotTaken");
    await releaseAppointmentPlaces(tenant.id, appointment.id, slot.id);
    const updatedAt = new Date();
    const reason = options.reason?.trim() || null;
    // A moved overbooked appointment now holds places like any other.
    await updateAppointment(tenant.id, appointment.id, { siteId: offered.siteId, startsAt: offered.start, endsAt: offered.end, overbooked: false, ...(reason ? { reason } : {}) });
    const updated = { ...appointment, siteId: offered.siteId, startsAt: offered.start, endsAt: offered.end, overbooked: false, reason: reason ?? appointment.reason, updatedAt };
    await cancelReminders(tenant.id, appointment.id);
    await scheduleReminders(tenant.id, service, updated);
    await placesFreed(tenant.id, service.id);
    if (options.notify !== false) await queueAppointmentMail("appointment-rescheduled", tenant, service, updated, manageToken, reason);
    return updated;
  });
}
