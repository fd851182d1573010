// "Download my data": everything the town holds about the signed-in citizen, and nobody else — the
// account, its identities at providers, recent sign-ins, appointments with their answers, waiting-list
// entries, drafts and requests with answers, public history and documents (names and fingerprints;
// the files themselves are downloaded from the follow-up pages). As JSON, and as the same content in a
// readable page.
import { listCitizenSessions } from "@/lib/auth/service/citizen-sessions";
import { citizenAppointments, citizenWaiters } from "@/lib/appointments/service/citizen-items";
import { listIdentities, type TCitizenRow } from "@/lib/citizens/repo";
import { citizenRequestsData } from "@/lib/forms/service/citizen-requests";
import { tenantName, type TTenant } from "@/lib/tenancy/registry";

export async function myData(tenant: TTenant, citizen: TCitizenRow, locale: string) {
  const [identities, sessions, appointments, waiters, requests] = await Promise.all([
    listIdentities(tenant.id, citizen.id),
    listCitizenSessions(tenant.id, citizen.id),
    citizenAppointments(tenant, citizen.id, locale),
    citizenWaiters(tenant, citizen.id, locale),
    citizenRequestsData(tenant, citizen.id),
  ]);
  return {
    exportedAt: new Date().toISOString(),
    controller: { town: tenantName(tenant, locale), contactEmail: tenant.contactEmail },
    account: {
      email: citizen.email,
      emailVerifiedAt: citizen.emailVerifiedAt,
      name: citizen.name,
      phone: citizen.phone,
      language: citizen.locale,
      notifications: { reminderEmail: citizen.notifyReminderEmail, reminderSms: citizen.notifyReminderSms, requestUpdates: citizen.notifyRequestUpdates },
      createdAt: citizen.createdAt,
      lastSignInAt: citizen.lastSignInAt,
    },
    identityProviders: identities.map((i) => ({ provider: i.provider.issuer, subject: i.subject, linkedAt: i.createdAt, lastUsedAt: i.lastUsedAt })),
    sessions: sessions.map((s) => ({ openedAt: s.createdAt, lastSeenAt: s.lastSeenAt, endedAt: s.revokedAt, expiresAt: s.expiresAt, ip: s.ip, browser: s.userAgent })),
    appointments: appointments.map((a) => ({
      reference: a.reference,
      service: a.serviceName?.text ?? null,
      place: a.siteName?.text ?? null,
      startsAt: a.startsAt,
      endsAt: a.endsAt,
      people: a.people,
      status: a.status,
      attendance: a.attendance,
      firstName: a.firstName,
      lastName: a.lastName,
      email: a.email,
      phone: a.phone,
      antsNumber: a.antsNumber,
      answers: a.fields,
      language: a.locale,
      bookedAt: a.createdAt,
      cancelledAt: a.cancelledAt,
      reason: a.reason,
      anonymisedAt: a.anonymisedAt,
    })),
    waitingList: waiters.map((w) => ({ service: w.serviceName?.text ?? null, place: w.siteName?.text ?? null, email: w.email, weekdays: w.weekdays, status: w.status, joinedAt: w.createdAt })),
    requests,
  };
}

export type TMyData = Awaited<ReturnType<typeof myData>>;
