// What agents do with bookings: look one up, book for a citizen on the phone (with the citizen's rules,
// and beyond the places for agents allowed to overbook), move or cancel with a reason told to the
// citizen, record arrivals and no-shows, and keep internal comments. Every function checks that the
// booking's service is in the agent's scope; another town's or another service's booking is not found.
import { randomUUID } from "node:crypto";
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import type { TAgentActor } from "@/lib/auth/session";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { inTransaction } from "@/lib/core/db";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import {
  claimPlaces,
  desksOf,
  ensureSlot,
  findAppointment,
  insertAppointment,
  insertComment,
  listComments,
  lockAppointment,
  lockCitizen,
  releaseAppointmentPlaces,
  updateAppointment,
  type TAppointmentRow,
  type TServiceRow,
} from "@/lib/appointments/repo";
import type { TCitizenDetails } from "@/lib/appointments/schemas";
import { mayWorkOn, requireServiceAccess } from "@/lib/appointments/service/agent-scope";
import { offeredSlot } from "@/lib/appointments/service/availability";
import { checkCitizenLimits, newReference, SlotUnavailableError } from "@/lib/appointments/service/book-appointment";
import { anyTownService, siteOfService } from "@/lib/appointments/service/definitions";
import { cancelAppointment, rescheduleAppointment } from "@/lib/appointments/service/manage-appointment";
import { queueAppointmentMail } from "@/lib/appointments/service/notify";
import { scheduleReminders } from "@/lib/appointments/service/reminders";
import { localDate } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";

type TAgent = Pick<TAgentActor, "grants" | "id" | "email" | "name">;

/** A booking the agent may work on, with its service (archived ones too), or "not found". */
export async function agentBooking(tenant: TTenant, actor: Pick<TAgentActor, "grants">, appointmentId: string): Promise<{ appointment: TAppointmentRow; service: TServiceRow }> {
  const appointment = await findAppointment(tenant.id, appointmentId);
  if (!appointment) throw new NotFoundError();
  requireServiceAccess(actor, "appointments:manage", appointment.serviceId);
  const service = await anyTownService(tenant.id, appointment.serviceId);
  if (!service) throw new NotFoundError();
  return { appointment, service };
}

/** Everything the booking page shows. */
export async function bookingDetail(tenant: TTenant, actor: Pick<TAgentActor, "grants">, appointmentId: string) {
  const { appointment, service } = await agentBooking(tenant, actor, appointmentId);
  const [site, comments, desks] = await Promise.all([siteOfService(tenant.id, service, appointment.siteId), listComments(tenant.id, appointment.id), desksOf(tenant.id, [appointment.id])]);
  return { appointment, service, site, comments, desks: desks.get(appointment.id) ?? [] };
}

export type TOnBehalf = {
  tenant: TTenant;
  actor: TAgent;
  service: TServiceRow;
  siteId: string;
  start: Date;
  people: number;
  details: TCitizenDetails;
  locale: string;
  /** Book even if the slot is full (needs appointments:overbook for the service) */
  overbook: boolean;
  audit: TAuditContext;
};

/**
 * Books for a citizen. The slot must be one the service offers (opening hours, closures, notice,
 * horizon) and the citizen within their limits, as on the citizen's path. When the slot is full, an
 * agent allowed to overbook gets an appointment flagged "overbooked" that holds no place (the places
 * stay what PostgreSQL guarantees); anyone else gets "slot taken". The citizen receives the usual
 * confirmation with their own manage link.
 */
export async function bookOnBehalf(input: TOnBehalf): Promise<TAppointmentRow> {
  const { tenant, service, actor } = input;
  requireServiceAccess(actor, "appointments:manage", service.id);
  if (input.overbook && !mayWorkOn(actor, "appointments:overbook", service.id)) throw new ActionError("forbidden");
  if (input.people < 1 || input.people > service.maxPeople) throw new ActionError("tooManyPeople", { max: service.maxPeople }, "people");
  const offered = await offeredSlot(tenant, service, input.siteId, input.start, { counts: false });
  if (!offered) throw new SlotUnavailableError("slotNotOffered");
  const slot = await ensureSlot({ tenantId: tenant.id, serviceId: service.id, siteId: offered.siteId, start: offered.start, end: offered.end, capacity: offered.capacity });
  const manageToken = newSecret();
  return inTransaction(async () => {
    if (input.details.email) {
      await lockCitizen(tenant.id, input.details.email);
      await checkCitizenLimits(tenant.id, service, input.details.email, offered.start);
    }
    let row = await insertAppointment({
      id: randomUUID(),
      tenantId: tenant.id,
      reference: newReference(),
      serviceId: service.id,
      siteId: offered.siteId,
      startsAt: offered.start,
      endsAt: offered.end,
      people: input.people,
      ...input.details,
      locale: input.locale,
      manageTokenHash: hashSecret(manageToken),
      source: "agent",
      bookedBy: actor.email,
    });
    const claimed = await claimPlaces({ tenantId: tenant.id, slotId: slot.id, count: input.people, appointmentId: row.id });
    if (claimed < input.people) {
      if (!input.overbook) throw new SlotUnavailableError("slotTaken");
      // Beyond the places: the appointment holds none (the places it got go back to others).
      await releaseAppointmentPlaces(tenant.id, row.id);
      await updateAppointment(tenant.id, row.id, { overbooked: true });
      row = { ...row, overbooked: true };
    }
    await scheduleReminders(tenant.id, service, row);
    await queueAppointmentMail("appointment-confirmation", tenant, service, row, manageToken);
    await recordAudit(input.audit, {
      action: row.overbooked ? "appointments.overbook" : "appointments.book-on-behalf",
      targetType: "appointment",
      targetId: row.id,
      summary: { reference: row.reference, serviceId: service.id, start: row.startsAt.toISOString(), people: row.people, overbooked: row.overbooked },
    });
    return row;
  });
}

export async function agentCancel(tenant: TTenant, actor: TAgent, appointmentId: string, reason: string) {
  await agentBooking(tenant, actor, appointmentId);
  return cancelAppointment(tenant, appointmentId, null, { reason });
}

export async function agentMove(tenant: TTenant, actor: TAgent, appointmentId: string, target: { siteId: string; start: Date }, reason: string) {
  const { appointment } = await agentBooking(tenant, actor, appointmentId);
  const moved = await rescheduleAppointment(tenant, appointmentId, target, null, { reason });
  return { before: appointment, appointment: moved };
}

/** Arrived or no-show, from the appointment's day on; null clears it (a mistake). */
export async function setAttendance(tenant: TTenant, actor: TAgent, appointmentId: string, attendance: "arrived" | "no_show" | null, now = new Date()) {
  return inTransaction(async () => {
    const { appointment } = await agentBooking(tenant, actor, appointmentId);
    const locked = await lockAppointment(tenant.id, appointment.id);
    if (!locked) throw new NotFoundError();
    if (locked.status !== "booked") throw new ActionError("appointmentCancelled");
    if (localDate(locked.startsAt, tenant.timeZone) > localDate(now, tenant.timeZone)) throw new ActionError("attendanceTooEarly");
    if (attendance === "no_show" && locked.startsAt > now) throw new ActionError("noShowTooEarly");
    await updateAppointment(tenant.id, locked.id, { attendance, attendanceAt: attendance ? now : null });
    return { appointment: locked, attendance };
  });
}

export async function addBookingComment(tenant: TTenant, actor: TAgent, appointmentId: string, body: string) {
  const { appointment } = await agentBooking(tenant, actor, appointmentId);
  const comment = await insertComment({ tenantId: tenant.id, appointmentId: appointment.id, authorId: actor.id, authorName: actor.name || actor.email, body });
  return { appointment, comment };
}
