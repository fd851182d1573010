// Reminders before an appointment: per service, up to 3 offsets (minutes before it starts). They are
// rows written in the booking's transaction, replaced when it moves and deleted when it is cancelled,
// so a cancelled or moved booking can never get a stale reminder; a pg-boss job sends the due ones.
import { citizenPreferences } from "@/lib/citizens/service/preferences";
import { inTransaction } from "@/lib/core/db";
import { formatInstant } from "@/lib/core/dates";
import { getLogger } from "@/lib/core/logger";
import { pickLocalized } from "@/lib/i18n/localized";
import { translator } from "@/lib/i18n/translator";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { normalizePhone, queueSms } from "@/lib/notifications/sms";
import {
  claimDueReminders,
  deleteUnsentReminders,
  dropStaleReminders,
  findAppointment,
  replaceReminders,
  type TAppointmentRow,
  type TClaimedReminder,
  type TServiceRow,
} from "@/lib/appointments/repo";
import { anyTownService } from "@/lib/appointments/service/definitions";
import { appointmentLocale, appointmentMailParams } from "@/lib/appointments/service/notify";
import { listTenants, tenantName, type TTenant } from "@/lib/tenancy/registry";

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

// Sending the due reminders (the pg-boss schedule runs this every minute on one server)

const REMINDER_BATCH = 50;

/**
 * Sends the reminders due at `now`: those of booked, not anonymised appointments that have not started.
 * Each batch is claimed (marked sent) by one statement in the transaction that queues its e-mails and
 * text messages, so two servers never send the same reminder and a failure sends nothing. Returns how
 * many reminders were sent. `tenantId` limits the run to one town (tests on a shared database).
 */
export async function sendDueReminders(now: Date, options: { tenantId?: string } = {}): Promise<number> {
  let sent = 0;
  for (const tenant of await listTenants()) {
    if (options.tenantId && tenant.id !== options.tenantId) continue;
    try {
      await dropStaleReminders(tenant.id, now);
      for (;;) {
        const claimed = await inTransaction(async () => {
          const batch = await claimDueReminders(tenant.id, now, REMINDER_BATCH);
          // Several reminders of one appointment due at once (after a pause of the jobs): send one.
          const byAppointment = new Map<string, TClaimedReminder>();
          for (const r of batch) if (!byAppointment.has(r.appointmentId) || r.offsetMinutes < byAppointment.get(r.appointmentId)!.offsetMinutes) byAppointment.set(r.appointmentId, r);
          for (const r of byAppointment.values()) await queueReminder(tenant, r.appointmentId);
          return batch.length;
        });
        sent += claimed;
        if (claimed < REMINDER_BATCH) break;
      }
    } catch (error) {
      getLogger().error({ err: error, tenant: tenant.slug }, "appointment reminders failed; they are tried again at the next run");
    }
  }
  return sent;
}

async function queueReminder(tenant: TTenant, appointmentId: string): Promise<void> {
  const appointment = await findAppointment(tenant.id, appointmentId);
  const service = appointment ? await anyTownService(tenant.id, appointment.serviceId) : null;
  if (!appointment || !service) return;
  const locale = appointmentLocale(tenant, appointment);
  const wants = await citizenPreferences(tenant.id, appointment.citizenId);
  if (appointment.email && wants.reminderEmail) {
    const params = await appointmentMailParams(tenant, service, appointment, locale, "appointment-reminder");
    // The manage link's token is not kept (only its hash): the e-mail points to the confirmation's.
    await queueMail({ tenantId: tenant.id, to: appointment.email, template: "appointment-reminder", locale, params, secret: {} });
  }
  const phone = service.reminderSms && wants.reminderSms ? normalizePhone(appointment.phone) : null;
  if (phone) {
    const t = await translator(locale, "Sms");
    const when = formatInstant(appointment.startsAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" });
    await queueSms({ tenantId: tenant.id, to: phone, text: t("reminder", { town: tenantName(tenant, locale), service: pickLocalized(service.names, locale, [tenant.defaultLocale])?.text ?? "", when, reference: appointment.reference }) });
  }
}
