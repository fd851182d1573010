"use server";
// The citizen's booking steps, as server actions through the action wrapper. They are public (no
// sign-in): the town comes from the Host, the booking in progress from its secret token.
import { getCitizen } from "@/lib/auth/citizen-session";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { townService } from "@/lib/appointments/service/definitions";
import { ZApiKeyInput, ZApiKeyRevoke, ZConfirmBooking, ZHoldInput, ZHoldToken, ZRescheduleInput } from "@/lib/appointments/schemas";
import { checkBookingChallenge } from "@/lib/appointments/challenge";
import { admission, openRelease, useAdmission } from "@/lib/appointments/service/waiting-room";
import { formatInstant } from "@/lib/core/dates";
import { createApiKey, revokeKey } from "@/lib/appointments/service/api-keys";
import { confirmHold, findHold, holdSlot, parseDetails, saveHoldDetails, SlotUnavailableError } from "@/lib/appointments/service/book-appointment";
import { cancelAppointment, findByManageToken, rescheduleAppointment } from "@/lib/appointments/service/manage-appointment";
import { citizenKey, overLimit } from "@/lib/appointments/limits";
import type { TTenant } from "@/lib/tenancy/registry";

/** Booking (or moving) needs the module switched on: the pages check it, and so do the actions. */
function requireModule(tenant: TTenant): void {
  if (!tenant.modules.includes("appointments")) throw new NotFoundError();
}

async function serviceOf(tenant: TTenant, serviceId: string) {
  requireModule(tenant);
  const service = ZId.safeParse(serviceId).success ? await townService(tenant.id, serviceId) : null;
  if (!service) throw new NotFoundError();
  return service;
}

const base = (locale: string) => `/${locale}/appointments`;

/** Over a limit: the translated 429 page (lib/server/http-server.ts), saying why and how long to wait. */
function tooManyRequests(locale: string, seconds: number, reason: "address" | "citizen" | "unchallenged"): never {
  redirect(`/${locale}/too-many-requests?wait=${seconds}&reason=${reason}`);
}

/**
 * During an announced release's waiting room, choosing a time needs an admission, and each hold uses
 * one of its few holds. Not admitted (no token, a forged one, still waiting, or spent): to the queue.
 */
async function requireAdmission(locale: string, tenantId: string, serviceId: string, siteId: string): Promise<void> {
  const jar = await cookies();
  const gate = await admission(tenantId, serviceId, (name) => jar.get(name)?.value);
  if (gate.kind === "open") return;
  if (gate.kind === "admitted" && (await useAdmission(gate.entry))) return;
  redirect(`${base(locale)}/${serviceId}/queue?site=${siteId}`);
}

/** Counts a booking step of a citizen (account, else e-mail address); over the limit, the 429 page. */
async function limitCitizen(locale: string, identity: { accountId?: string | null; email?: string | null }): Promise<void> {
  const key = citizenKey(identity);
  const wait = key ? await overLimit("citizen", key) : 0;
  if (wait > 0) tooManyRequests(locale, wait, "citizen");
}

/** Step "time": holds the chosen slot, then goes on to the citizen's details. */
export const holdSlotAction = defineAction({
  name: "appointments.hold",
  input: ZHoldInput,
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale, request }) => {
    const wait = await overLimit("hold", request.ip ?? "unknown");
    if (wait > 0) tooManyRequests(locale, wait, "address");
    const service = await serviceOf(tenant, input.serviceId);
    const citizen = await getCitizen();
    if (citizen) await limitCitizen(locale, { accountId: citizen.id });
    await requireAdmission(locale, tenant.id, service.id, input.siteId);
    return holdSlot({ tenant, service, siteId: input.siteId, start: new Date(input.start), people: input.people, locale, draftToken: input.draft, signedIn: citizen !== null, holderEmail: citizen?.citizen.email });
  },
  audit: (input, result) => ({ action: "appointments.hold", targetType: "appointment-hold", targetId: result.hold.id, summary: { serviceId: input.serviceId, start: input.start, people: input.people } }),
  after: (result, { locale }) => redirect(`${base(locale)}/booking/${result.token}/details`),
});

/** Step "details": keeps what the citizen typed with the hold and checks it. */
export const saveDetailsAction = defineAction({
  name: "appointments.details",
  input: z.looseObject({ token: z.string().min(20).max(100) }),
  access: { realm: "town", public: true },
  run: async (input, { tenant }) => {
    const hold = await findHold(tenant.id, input.token);
    if (!hold) throw new NotFoundError();
    if (hold.appointmentId) throw new ActionError("alreadyBooked");
    const service = await serviceOf(tenant, hold.serviceId);
    const typed: Record<string, string> = {};
    for (const [key, value] of Object.entries(input)) if (key !== "token" && typeof value === "string") typed[key] = value.slice(0, 1000);
    const parsed = parseDetails(service, typed);
    if (!parsed.ok) throw new FieldsError(parsed.fields);
    await saveHoldDetails(tenant.id, hold, typed);
    return { token: input.token, holdId: hold.id };
  },
  audit: (_input, result) => ({ action: "appointments.details", targetType: "appointment-hold", targetId: result.holdId }),
  after: (result, { locale }) => redirect(`${base(locale)}/booking/${result.token}/check`),
});

/** Step "check your answers": books. An expired or taken hold goes back to the time choice, answers kept. */
export const confirmBookingAction = defineAction({
  name: "appointments.book",
  input: ZConfirmBooking,
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale, request }) => {
    const hold = await findHold(tenant.id, input.token);
    if (!hold) throw new NotFoundError();
    const service = await serviceOf(tenant, hold.serviceId);
    const citizen = await getCitizen();
    const typedEmail = (hold.details as Record<string, unknown> | null)?.email;
    await limitCitizen(locale, { accountId: citizen?.id, email: typeof typedEmail === "string" ? typedEmail : null });
    // The proof of work solved by the page's widget; without JavaScript, a stricter limit per address.
    const challenge = hold.appointmentId ? "solved" : await checkBookingChallenge(hold.id, input.altcha);
    if (challenge === "refused") throw new ActionError("challengeRefused");
    if (challenge === "missing") {
      // While a release's waiting room is open, every confirmation needs the proof of work: the
      // no-JavaScript allowance would otherwise be a way round it for bots (decision 014).
      const release = await openRelease(tenant.id, service.id);
      if (release) throw new ActionError("challengeRequired", { time: formatInstant(new Date(release.opensAt.getTime() + release.queueAfterMinutes * 60_000), locale, tenant.timeZone, { timeStyle: "short" }) });
      const wait = await overLimit("unchallenged", request.ip ?? "unknown");
      if (wait > 0) tooManyRequests(locale, wait, "unchallenged");
    }
    try {
      return await confirmHold({ tenant, service, hold, token: input.token, citizen: citizen ? { id: citizen.id, locale: citizen.citizen.locale } : null });
    } catch (error) {
      if (error instanceof SlotUnavailableError || (error instanceof ActionError && error.key === "holdExpired")) {
        // Nothing was written (the redirect rolls the transaction back); the answers stay with the hold.
        const day = hold.startsAt ? `&day=${hold.startsAt.toISOString().slice(0, 10)}` : "";
        redirect(`${base(locale)}/${service.id}/times?site=${hold.siteId}${day}&draft=${input.token}&expired=1`);
      }
      throw error;
    }
  },
  audit: (_input, result) =>
    result.created ? { action: "appointments.book", targetType: "appointment", targetId: result.appointment.id, summary: { reference: result.appointment.reference, start: result.appointment.startsAt.toISOString(), source: "web" } } : null,
  after: (_result, { locale }, input) => redirect(`${base(locale)}/manage/${input.token}?booked=1`),
});

/** From the manage page: moves the appointment to another time. */
export const rescheduleAction = defineAction({
  name: "appointments.reschedule",
  input: ZRescheduleInput,
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale }) => {
    requireModule(tenant);
    const appointment = await findByManageToken(tenant.id, input.token);
    if (!appointment) throw new NotFoundError();
    await requireAdmission(locale, tenant.id, appointment.serviceId, input.siteId);
    const before = appointment.startsAt;
    const moved = await rescheduleAppointment(tenant, appointment.id, { siteId: input.siteId, start: new Date(input.start) }, input.token);
    return { appointment: moved, before };
  },
  audit: (_input, result) => ({
    action: "appointments.reschedule",
    targetType: "appointment",
    targetId: result.appointment.id,
    summary: { reference: result.appointment.reference, from: result.before.toISOString(), to: result.appointment.startsAt.toISOString() },
  }),
  after: (_result, { locale }, input) => redirect(`${base(locale)}/manage/${input.token}?moved=1`),
});

/** From the manage page, after a confirmation step: cancels. */
export const cancelAction = defineAction({
  name: "appointments.cancel",
  input: ZHoldToken,
  access: { realm: "town", public: true },
  run: async (input, { tenant }) => {
    const appointment = await findByManageToken(tenant.id, input.token);
    if (!appointment) throw new NotFoundError();
    return cancelAppointment(tenant, appointment.id, input.token);
  },
  audit: (_input, result) => (result.changed ? { action: "appointments.cancel", targetType: "appointment", targetId: result.appointment.id, summary: { reference: result.appointment.reference } } : null),
  after: (_result, { locale }, input) => redirect(`${base(locale)}/manage/${input.token}?cancelled=1`),
});

/** Admin: a new API key, shown once. */
export const createApiKeyAction = defineAction({
  name: "api-keys.create",
  input: ZApiKeyInput,
  access: { realm: "town", permission: "api-keys:manage" },
  run: async (input, { tenant, actor }) => createApiKey(tenant.id, input.name, actor.email),
  audit: (input, result) => ({ action: "api-keys.create", targetType: "api-key", targetId: result.id, summary: { name: input.name, prefix: result.prefix } }),
  success: "apiKeyCreated",
});

export const revokeApiKeyAction = defineAction({
  name: "api-keys.revoke",
  input: ZApiKeyRevoke,
  access: { realm: "town", permission: "api-keys:manage" },
  run: async (input, { tenant }) => {
    if (!(await revokeKey(tenant.id, input.id))) throw new NotFoundError();
    return { id: input.id };
  },
  audit: (input) => ({ action: "api-keys.revoke", targetType: "api-key", targetId: input.id }),
  success: "apiKeyRevoked",
});
