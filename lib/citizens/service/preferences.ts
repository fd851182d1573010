// The optional notifications a citizen with an account turned off (other modules ask before sending
// a reminder or news of a request; confirmations, cancellations and requests for correction are
// always sent). No account: everything is sent.
import { notificationPreferences } from "@/lib/citizens/repo";

export type TNotificationPreferences = { reminderEmail: boolean; reminderSms: boolean; requestUpdates: boolean };

export async function citizenPreferences(tenantId: string, citizenId: string | null): Promise<TNotificationPreferences> {
  const row = await notificationPreferences(tenantId, citizenId);
  return { reminderEmail: row?.notifyReminderEmail ?? true, reminderSms: row?.notifyReminderSms ?? true, requestUpdates: row?.notifyRequestUpdates ?? true };
}
