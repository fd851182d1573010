// What a citizen made with their proved e-mail address before having an account (or while signed out)
// joins the account at sign-in: appointments, waiting-list entries and sent requests of this town that
// belong to nobody yet (and drafts saved for later with that address). They take the account's
// language, so later messages follow it.
import { attachAppointmentsToCitizen } from "@/lib/appointments/service/citizen-items";
import { attachRequestsToCitizen } from "@/lib/forms/service/citizen-requests";

export async function attachByEmail(tenantId: string, citizenId: string, email: string, locale: string): Promise<Record<string, number>> {
  const { appointments, waitingList } = await attachAppointmentsToCitizen(tenantId, citizenId, email, locale);
  const requests = await attachRequestsToCitizen(tenantId, citizenId, email, locale);
  return { appointments, waitingList, requests };
}
