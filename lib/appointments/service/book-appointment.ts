// Booking: holding a place while the citizen types, confirming the hold, and booking in one step (API).
// Every rule is checked here, at booking time, whatever the page showed: the slot must be offered
// (opening rules, closures, holidays, notice, horizon), the citizen within their limits. Capacity is
// decided by PostgreSQL (claimPlaces): a full slot makes the transaction roll back.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { issueKey } from "@/lib/core/zod-issues";
import { inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError } from "@/lib/core/errors";
import {
  citizenBookings,
  claimPlaces,
  convertHeldPlaces,
  createHold,
  endOtherHolds,
  ensureSlot,
  findAppointmentByIdempotencyKey,
  findHoldByTokenHash,
  insertAppointment,
  lockCitizen,
  lockHold,
  releaseHeldPlaces,
  updateHold,
  type TAppointmentRow,
  type THoldRow,
  type TServiceRow,
} from "@/lib/appointments/repo";
import { detailsSchema, type TCitizenDetails } from "@/lib/appointments/schemas";
import { offeredSlot } from "@/lib/appointments/service/availability";
import { queueAppointmentMail } from "@/lib/appointments/service/notify";
import { scheduleReminders } from "@/lib/appointments/service/reminders";
import { offerTaken } from "@/lib/appointments/service/waiting-list";
import type { TTenant } from "@/lib/tenancy/registry";

const DAY = 86_400_000;
const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A reference people can read out on the phone: XXX-XXX-XXX, without 0/O or 1/I. */
export function newReference(): string {
  const bytes = randomBytes(9);
  const chars = [...bytes].map((b) => REFERENCE_ALPHABET[b % 32]);
  return `${chars.slice(0, 3).join("")}-${chars.slice(3, 6).join("")}-${chars.slice(6).join("")}`;
}

export class SlotUnavailableError extends ActionError {
  constructor(public readonly reason: "slotTaken" | "slotNotOffered") {
    super(reason, {}, "start");
    this.name = "SlotUnavailableError";
  }
}

/**
 * Per-citizen rules: at most N active bookings over a period, at least D days between two bookings.
 * The caller holds the citizen's lock (lockCitizen), so one citizen's parallel attempts queue here.
 */
export async function checkCitizenLimits(tenantId: string, service: TServiceRow, email: string, start: Date, exceptId?: string): Promise<void> {
  const existing = await citizenBookings(tenantId, service.id, email, exceptId);
  const now = Date.now();
  if (service.maxActivePerCitizen > 0) {
    const period = service.limitPeriodDays * DAY;
    const active = existing.filter((b) => b.startsAt.getTime() > now && Math.abs(b.startsAt.getTime() - start.getTime()) < period);
    if (active.length >= service.maxActivePerCitizen) throw new ActionError("tooManyBookings", { max: service.maxActivePerCitizen, days: service.limitPeriodDays });
  }
  if (service.minDaysBetween > 0 && existing.some((b) => Math.abs(b.startsAt.getTime() - start.getTime()) < service.minDaysBetween * DAY)) {
    throw new ActionError("tooSoonAfterBooking", { days: service.minDaysBetween });
  }
}

function checkPeople(service: TServiceRow, people: number): void {
  if (people < 1 || people > service.maxPeople) throw new ActionError("tooManyPeople", { max: service.maxPeople }, "people");
}

export type THoldResult = { token: string; hold: THoldRow; expiresAt: Date };

/**
 * Holds `people` places of a slot for the service's hold duration. With a draft (a booking in progress
 * of this browser), its answers are kept and its previous places released in the same transaction.
 */
/** Who holds: the SHA-256 of the citizen's e-mail address (one active hold per citizen and service). */
export function holderKeyOf(email: string): string {
  return createHash("sha256").update(`email:${email.trim().toLowerCase()}`).digest("hex");
}

export async function holdSlot(input: { tenant: TTenant; service: TServiceRow; siteId: string; start: Date; people: number; locale: string; draftToken?: string; signedIn?: boolean; /** The signed-in citizen's e-mail address */ holderEmail?: string }): Promise<THoldResult> {
  const { tenant, service } = input;
  if (service.loginRequired && !input.signedIn) throw new ActionError("loginRequired");
  checkPeople(service, input.people);
  const offered = await offeredSlot(tenant, service, input.siteId, input.start);
  if (!offered) throw new SlotUnavailableError("slotNotOffered");
  // Fewer places left than people (and not because of this citizen's own draft): say so plainly.
  if (offered.remaining > 0 && offered.remaining < input.people && !input.draftToken) throw new ActionError("notEnoughPlaces", { count: offered.remaining }, "people");
  return inTransaction(async () => {
    let token = newSecret();
    let hold: THoldRow | null = null;
    if (input.draftToken) {
      const draft = await findHoldByTokenHash(tenant.id, hashSecret(input.draftToken));
      if (draft && draft.serviceId === service.id && !draft.appointmentId) {
        hold = await lockHold(tenant.id, draft.id);
        if (hold) {
          token = input.draftToken;
          await releaseHeldPlaces(tenant.id, hold.id);
        }
      }
    }
    hold ??= await createHold({ tenantId: tenant.id, tokenHash: hashSecret(token), serviceId: service.id, siteId: input.siteId, locale: input.locale });
    // A signed-in citizen holds one time per service: the places of their other bookings in progress are freed first.
    const holderKey = input.holderEmail ? holderKeyOf(input.holderEmail) : hold.holderKey;
    if (holderKey) await endOtherHolds(tenant.id, service.id, holderKey, hold.id);
    const slot = await ensureSlot({ tenantId: tenant.id, serviceId: service.id, siteId: input.siteId, start: offered.start, end: offered.end, capacity: offered.capacity });
    const claimed = await claimPlaces({ tenantId: tenant.id, slotId: slot.id, count: input.people, holdId: hold.id, holdSeconds: service.holdMinutes * 60 });
    if (claimed < input.people) throw new SlotUnavailableError("slotTaken");
    const expiresAt = new Date(Date.now() + service.holdMinutes * 60_000);
    await updateHold(tenant.id, hold.id, { siteId: input.siteId, startsAt: offered.start, people: input.people, expiresAt, locale: input.locale, holderKey });
    return { token, hold: { ...hold, siteId: input.siteId, startsAt: offered.start, people: input.people, expiresAt, holderKey }, expiresAt };
  });
}

/** The booking in progress behind a token, if it belongs to this town. */
export function findHold(tenantId: string, token: string): Promise<THoldRow | null> {
  return findHoldByTokenHash(tenantId, hashSecret(token));
}

/**
 * Keeps what the citizen typed with the hold (shown again on the check page, kept if the hold expires).
 * With an e-mail address, the hold becomes that citizen's one active hold for the service: their other
 * bookings in progress for it end and free their places (a bot cannot hoard times under one identity).
 */
export async function saveHoldDetails(tenantId: string, hold: THoldRow, typed: Record<string, string>): Promise<void> {
  const email = typeof typed.email === "string" && typed.email.includes("@") ? typed.email : null;
  if (!email) {
    await updateHold(tenantId, hold.id, { details: typed });
    return;
  }
  const holderKey = holderKeyOf(email);
  await inTransaction(async () => {
    await endOtherHolds(tenantId, hold.serviceId, holderKey, hold.id);
    await updateHold(tenantId, hold.id, { details: typed, holderKey });
  });
}

export function parseDetails(service: TServiceRow, typed: Record<string, unknown>): { ok: true; details: TCitizenDetails } | { ok: false; fields: Record<string, { key: string; params?: Record<string, number> }> } {
  const parsed = detailsSchema(service).safeParse(typed);
  if (parsed.success) return { ok: true, details: parsed.data };
  const fields: Record<string, { key: string; params?: Record<string, number> }> = {};
  for (const issue of parsed.error.issues) fields[issue.path.join(".") || "_form"] ??= issueKey(issue);
  return { ok: false, fields };
}

/**
 * Confirms a hold: the appointment takes the held places if the hold has not expired. Confirming
 * twice (double click, retried request) returns the same appointment.
 */
export async function confirmHold(input: { tenant: TTenant; service: TServiceRow; hold: THoldRow; token: string; citizen?: { id: string; locale: string } | null }): Promise<{ appointment: TAppointmentRow; created: boolean }> {
  const { tenant, service } = input;
  // Booked while signed in (citizen space): the appointment is the account's, in the account's language.
  const citizen = input.citizen ?? null;
  if (service.loginRequired && !citizen) throw new ActionError("loginRequired");
  return inTransaction(async () => {
    const hold = await lockHold(tenant.id, input.hold.id);
    if (!hold || hold.serviceId !== service.id) throw new ActionError("holdExpired");
    if (hold.appointmentId) {
      const existing = await findAppointmentByIdempotencyKey(tenant.id, `hold:${hold.id}`);
      if (existing) return { appointment: existing, created: false };
    }
    if (!hold.startsAt) throw new ActionError("holdExpired");
    const parsed = parseDetails(service, hold.details as Record<string, unknown>);
    if (!parsed.ok) throw new FieldsError(parsed.fields);
    const offered = await offeredSlot(tenant, service, hold.siteId, hold.startsAt, { counts: false });
    if (!offered) throw new SlotUnavailableError("slotNotOffered");
    await lockCitizen(tenant.id, parsed.details.email);
    await checkCitizenLimits(tenant.id, service, parsed.details.email, offered.start);
    const appointment = await insertAppointment({
      id: randomUUID(),
      tenantId: tenant.id,
      reference: newReference(),
      serviceId: service.id,
      siteId: hold.siteId,
      startsAt: offered.start,
      endsAt: offered.end,
      people: hold.people,
      ...parsed.details,
      locale: citizen && tenant.enabledLocales.includes(citizen.locale) ? citizen.locale : hold.locale,
      citizenId: citizen?.id ?? null,
      manageTokenHash: hold.tokenHash,
      idempotencyKey: `hold:${hold.id}`,
      source: "web",
    });
    const converted = await convertHeldPlaces(tenant.id, hold.id, appointment.id);
    if (converted < hold.people) throw new ActionError("holdExpired");
    await updateHold(tenant.id, hold.id, { appointmentId: appointment.id });
    if (hold.waiterId) await offerTaken(tenant.id, hold.waiterId);
    await scheduleReminders(tenant.id, service, appointment);
    await queueAppointmentMail("appointment-confirmation", tenant, service, appointment, input.token);
    return { appointment, created: true };
  });
}

export type TDirectBooking = {
  tenant: TTenant;
  service: TServiceRow;
  siteId: string | null;
  start: Date;
  people: number;
  details: TCitizenDetails;
  locale: string;
  idempotencyKey: string | null;
  apiKeyId: string | null;
  source: "web" | "api";
  /** Written in the booking's transaction. */
  audit: TAuditContext;
};

/** Books in one step (the API). Returns the manage token only for a new appointment. */
export async function bookDirect(input: TDirectBooking): Promise<{ appointment: TAppointmentRow; manageToken: string | null }> {
  const { tenant, service } = input;
  if (service.loginRequired) throw new ActionError("loginRequired");
  checkPeople(service, input.people);
  if (input.idempotencyKey) {
    const existing = await findAppointmentByIdempotencyKey(tenant.id, input.idempotencyKey);
    if (existing) return { appointment: existing, manageToken: null };
  }
  const siteIds = input.siteId ? [input.siteId] : service.sites.map((s) => s.siteId);
  let offered = null;
  for (const siteId of siteIds) {
    offered = await offeredSlot(tenant, service, siteId, input.start, { counts: false });
    if (offered) break;
  }
  if (!offered) throw new SlotUnavailableError("slotNotOffered");
  const slot = await ensureSlot({ tenantId: tenant.id, serviceId: service.id, siteId: offered.siteId, start: offered.start, end: offered.end, capacity: offered.capacity });
  const manageToken = newSecret();
  try {
    const result = await inTransaction(async (): Promise<{ row: TAppointmentRow; replay: boolean }> => {
      await lockCitizen(tenant.id, input.details.email);
      // A copy of this request may have booked while we waited for the citizen's lock: answer with it.
      if (input.idempotencyKey) {
        const existing = await findAppointmentByIdempotencyKey(tenant.id, input.idempotencyKey);
        if (existing) return { row: existing, replay: true };
      }
      await checkCitizenLimits(tenant.id, service, input.details.email, offered.start);
      const row = await insertAppointment({
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
        idempotencyKey: input.idempotencyKey,
        source: input.source,
        apiKeyId: input.apiKeyId,
      });
      const claimed = await claimPlaces({ tenantId: tenant.id, slotId: slot.id, count: input.people, appointmentId: row.id });
      if (claimed < input.people) throw new SlotUnavailableError("slotTaken");
      await scheduleReminders(tenant.id, service, row);
      await queueAppointmentMail("appointment-confirmation", tenant, service, row, manageToken);
      await recordAudit(input.audit, { action: "appointments.book", targetType: "appointment", targetId: row.id, summary: { reference: row.reference, start: row.startsAt.toISOString(), source: input.source } });
      return { row, replay: false };
    });
    return { appointment: result.row, manageToken: result.replay ? null : manageToken };
  } catch (error) {
    // Two requests with one idempotency key at the same time: the second hits the unique key.
    if (input.idempotencyKey && isUniqueViolation(error)) {
      const existing = await findAppointmentByIdempotencyKey(tenant.id, input.idempotencyKey);
      if (existing) return { appointment: existing, manageToken: null };
    }
    throw error;
  }
}

export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { driverAdapterError?: { cause?: { originalCode?: string } } } } | null;
  return e?.code === "P2002" || e?.meta?.driverAdapterError?.cause?.originalCode === "23505" || String((error as Error)?.message ?? "").includes("23505");
}
