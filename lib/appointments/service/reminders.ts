// Reminders before an appointment: per service, up to 3 offsets (minutes before it starts). They are
// rows written in the booking's transaction, replaced when it moves and deleted when it is cancelled,
// so a cancelled or moved booking can never get a stale reminder; a pg-boss job sends the due ones.
import { deleteUnsentReminders, replaceReminders, type TAppointmentRow, type TServiceRow } from "@/lib/appointments/repo";

/** The reminders an appointment should get, as of `now`: those already due are skipped. */
export function reminderTimes(service: Pick<TServiceRow, "reminderOffsets">, startsAt: Date, now = new Date()): { offsetMinutes: number; dueAt: Date }[] {
  return [...new Set(service.reminderOffsets)]
    .filter((m) => m > 0)
    .map((offsetMinutes) => ({ offsetMinutes, dueAt: new Date(startsAt.getTime() - offsetMinutes * 60_000) }))
    .filter((r) => r.dueAt > now);
}

/** After booking or moving (in the same transaction). */
export async function scheduleReminders(tenantId: string, service: Pick<TServiceRow, "reminderOffsets">, appointment: Pick<TAppointmentRow, "id" | "startsAt">): Promise<void> {
  const times = reminderTimes(service, appointment.startsAt);
  if (times.length === 0 && service.reminderOffsets.length === 0) return; // nothing to replace either (the booking path stays short)
  await replaceReminders(tenantId, appointment.id, times);
}

/** After cancelling (in the same transaction). */
export async function cancelReminders(tenantId: string, appointmentId: string): Promise<void> {
  await deleteUnsentReminders(tenantId, appointmentId);
}
