// The only code of the appointments module that uses Prisma. Every function takes the town's id and
// puts it in every WHERE. The booking statements are SQL: each one is a single conditional write whose
// outcome PostgreSQL decides (docs/decisions/009-appointment-capacity.md).
import { randomUUID } from "node:crypto";
import { db } from "@/lib/core/db";
import { Prisma } from "@/lib/generated/prisma/client";

const serviceInclude = {
  sites: { include: { site: true } },
  rules: { orderBy: [{ validFrom: "asc" }, { createdAt: "asc" }] },
} as const satisfies Prisma.AppointmentServiceInclude;

export type TServiceRow = Prisma.AppointmentServiceGetPayload<{ include: typeof serviceInclude }>;
export type TSiteRow = Prisma.AppointmentSiteGetPayload<object>;
export type TAppointmentRow = Prisma.AppointmentGetPayload<object>;
export type THoldRow = Prisma.AppointmentHoldGetPayload<object>;

/** Every service of the town, archived ones too (their bookings stay manageable). */
export function listServices(tenantId: string): Promise<TServiceRow[]> {
  return db().appointmentService.findMany({
    where: { tenantId },
    include: serviceInclude,
    orderBy: [{ position: "asc" }, { createdAt: "asc" }],
  });
}

export function findService(tenantId: string, serviceId: string): Promise<TServiceRow | null> {
  return db().appointmentService.findFirst({ where: { id: serviceId, tenantId, archivedAt: null }, include: serviceInclude });
}

export function listClosures(tenantId: string, serviceId: string, from: Date, to: Date) {
  return db().appointmentClosure.findMany({
    where: { tenantId, OR: [{ serviceId }, { serviceId: null }], startsAt: { lt: to }, endsAt: { gt: from } },
    select: { siteId: true, startsAt: true, endsAt: true },
  });
}

/** Closures of a town ending after `from` (all services), for the in-memory copy. */
export function listComingClosures(tenantId: string, from: Date) {
  return db().appointmentClosure.findMany({ where: { tenantId, endsAt: { gt: from } }, select: { serviceId: true, siteId: true, startsAt: true, endsAt: true } });
}

/** Places taken (booked, or held and not expired) per materialised slot of a service in [from, to). */
export async function takenPlaces(tenantId: string, serviceId: string, from: Date, to: Date): Promise<{ siteId: string; startsAt: Date; capacity: number; taken: number }[]> {
  const rows = await db().$queryRaw<{ siteId: string; startsAt: Date; capacity: number; taken: bigint }[]>`
    SELECT s."siteId", s."startsAt", s.capacity,
           count(p.id) FILTER (WHERE p."appointmentId" IS NOT NULL OR p."heldUntil" > now()) AS taken
      FROM appointment_slot s JOIN appointment_place p ON p."slotId" = s.id
     WHERE s."tenantId" = ${tenantId}::uuid AND s."serviceId" = ${serviceId}::uuid
       AND s."startsAt" >= ${from} AND s."startsAt" < ${to}
     GROUP BY s.id`;
  return rows.map((r) => ({ ...r, taken: Number(r.taken) }));
}

/**
 * The slot's row and its places, created on first use. One autocommitted statement: concurrent callers
 * wait for the first insert and then see it (ON CONFLICT DO NOTHING), so a slot has one set of places.
 */
export async function ensureSlot(slot: { tenantId: string; serviceId: string; siteId: string; start: Date; end: Date; capacity: number }): Promise<{ id: string; capacity: number }> {
  const existing = await db().$queryRaw<{ id: string; capacity: number }[]>`
    SELECT id, capacity FROM appointment_slot WHERE "serviceId" = ${slot.serviceId}::uuid AND "siteId" = ${slot.siteId}::uuid AND "startsAt" = ${slot.start} AND "tenantId" = ${slot.tenantId}::uuid`;
  if (existing[0]) return existing[0];
  await db().$executeRaw`
    WITH s AS (
      INSERT INTO appointment_slot (id, "tenantId", "serviceId", "siteId", "startsAt", "endsAt", capacity)
      VALUES (${randomUUID()}::uuid, ${slot.tenantId}::uuid, ${slot.serviceId}::uuid, ${slot.siteId}::uuid, ${slot.start}, ${slot.end}, ${slot.capacity})
      ON CONFLICT ("serviceId", "siteId", "startsAt") DO NOTHING
      RETURNING id, "tenantId", capacity)
    INSERT INTO appointment_place (id, "tenantId", "slotId", seat, capacity)
    SELECT gen_random_uuid(), s."tenantId", s.id, g, s.capacity FROM s, generate_series(1, s.capacity) AS g`;
  const [row] = await db().$queryRaw<{ id: string; capacity: number }[]>`
    SELECT id, capacity FROM appointment_slot WHERE "serviceId" = ${slot.serviceId}::uuid AND "siteId" = ${slot.siteId}::uuid AND "startsAt" = ${slot.start} AND "tenantId" = ${slot.tenantId}::uuid`;
  if (!row) throw new Error("slot row missing after insert");
  return row;
}

/**
 * Claims `count` free places of a slot for a hold (until now + holdSeconds) or an appointment, in one
 * statement. Places other transactions are claiming are skipped, not waited for. Returns how many
 * were claimed: fewer than asked means the slot is full (the caller rolls back).
 */
export async function claimPlaces(input: { tenantId: string; slotId: string; count: number } & ({ holdId: string; holdSeconds: number } | { appointmentId: string })): Promise<number> {
  const free = Prisma.sql`
    SELECT id FROM appointment_place
     WHERE "slotId" = ${input.slotId}::uuid AND "tenantId" = ${input.tenantId}::uuid
       AND "appointmentId" IS NULL AND ("heldUntil" IS NULL OR "heldUntil" <= now())
     ORDER BY seat LIMIT ${input.count} FOR UPDATE SKIP LOCKED`;
  if ("holdId" in input) {
    return db().$executeRaw`
      UPDATE appointment_place SET "holdId" = ${input.holdId}::uuid, "heldUntil" = now() + make_interval(secs => ${input.holdSeconds})
       WHERE id IN (${free})`;
  }
  return db().$executeRaw`
    UPDATE appointment_place SET "appointmentId" = ${input.appointmentId}::uuid, "holdId" = NULL, "heldUntil" = NULL
     WHERE id IN (${free})`;
}

/** Turns a hold's unexpired places into the appointment's. Returns how many were converted. */
export function convertHeldPlaces(tenantId: string, holdId: string, appointmentId: string): Promise<number> {
  return db().$executeRaw`
    UPDATE appointment_place SET "appointmentId" = ${appointmentId}::uuid, "holdId" = NULL, "heldUntil" = NULL
     WHERE "holdId" = ${holdId}::uuid AND "tenantId" = ${tenantId}::uuid AND "appointmentId" IS NULL AND "heldUntil" > now()`;
}

export function releaseHeldPlaces(tenantId: string, holdId: string): Promise<number> {
  return db().$executeRaw`
    UPDATE appointment_place SET "holdId" = NULL, "heldUntil" = NULL
     WHERE "holdId" = ${holdId}::uuid AND "tenantId" = ${tenantId}::uuid AND "appointmentId" IS NULL`;
}

/** Frees an appointment's places (all, or those not in `keepSlotId`): bookable again at once. */
export function releaseAppointmentPlaces(tenantId: string, appointmentId: string, keepSlotId?: string): Promise<number> {
  return keepSlotId
    ? db().$executeRaw`UPDATE appointment_place SET "appointmentId" = NULL WHERE "appointmentId" = ${appointmentId}::uuid AND "tenantId" = ${tenantId}::uuid AND "slotId" <> ${keepSlotId}::uuid`
    : db().$executeRaw`UPDATE appointment_place SET "appointmentId" = NULL WHERE "appointmentId" = ${appointmentId}::uuid AND "tenantId" = ${tenantId}::uuid`;
}

/** Serialises the bookings of one citizen (e-mail) in one town until the transaction ends. */
export async function lockCitizen(tenantId: string, email: string): Promise<void> {
  await db().$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${tenantId}:${email}`}, 0))::text`;
}

export function citizenBookings(tenantId: string, serviceId: string, email: string, exceptId?: string) {
  return db().appointment.findMany({
    where: { tenantId, serviceId, email, status: "booked", ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { id: true, startsAt: true },
  });
}

export function insertAppointment(data: Omit<Prisma.AppointmentUncheckedCreateInput, "id"> & { id: string }): Promise<TAppointmentRow> {
  return db().appointment.create({ data });
}

export function updateAppointment(tenantId: string, id: string, data: Prisma.AppointmentUncheckedUpdateManyInput) {
  return db().appointment.updateMany({ where: { id, tenantId }, data });
}

export function findAppointment(tenantId: string, id: string): Promise<TAppointmentRow | null> {
  return db().appointment.findFirst({ where: { id, tenantId } });
}

export function findAppointmentByReference(tenantId: string, reference: string): Promise<TAppointmentRow | null> {
  return db().appointment.findUnique({ where: { tenantId_reference: { tenantId, reference } } });
}

export function findAppointmentByTokenHash(tenantId: string, manageTokenHash: string): Promise<TAppointmentRow | null> {
  return db().appointment.findFirst({ where: { tenantId, manageTokenHash } });
}

export function findAppointmentByIdempotencyKey(tenantId: string, idempotencyKey: string): Promise<TAppointmentRow | null> {
  return db().appointment.findUnique({ where: { tenantId_idempotencyKey: { tenantId, idempotencyKey } } });
}

/** Locks an appointment row until the transaction ends (concurrent cancel and reschedule queue up). */
export async function lockAppointment(tenantId: string, id: string): Promise<TAppointmentRow | null> {
  const [row] = await db().$queryRaw<{ id: string }[]>`SELECT id FROM appointment WHERE id = ${id}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  return row ? db().appointment.findFirst({ where: { id, tenantId } }) : null;
}

export function createHold(data: { tenantId: string; tokenHash: string; serviceId: string; siteId: string; locale: string; details?: Prisma.InputJsonValue }): Promise<THoldRow> {
  return db().appointmentHold.create({ data: { ...data, id: randomUUID() } });
}

export function findHoldByTokenHash(tenantId: string, tokenHash: string): Promise<THoldRow | null> {
  return db().appointmentHold.findFirst({ where: { tenantId, tokenHash } });
}

export async function lockHold(tenantId: string, id: string): Promise<THoldRow | null> {
  const [row] = await db().$queryRaw<{ id: string }[]>`SELECT id FROM appointment_hold WHERE id = ${id}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  return row ? db().appointmentHold.findFirst({ where: { id, tenantId } }) : null;
}

export function updateHold(tenantId: string, id: string, data: Prisma.AppointmentHoldUncheckedUpdateManyInput) {
  return db().appointmentHold.updateMany({ where: { id, tenantId }, data });
}

export function findSite(tenantId: string, siteId: string) {
  return db().appointmentSite.findFirst({ where: { id: siteId, tenantId } });
}

// API keys

export function insertApiKey(data: { tenantId: string; name: string; prefix: string; keyHash: string; createdBy: string | null }) {
  return db().apiKey.create({ data: { ...data, id: randomUUID() } });
}

export function findApiKeyByHash(keyHash: string) {
  return db().apiKey.findFirst({ where: { keyHash, revokedAt: null }, select: { id: true, tenantId: true, name: true, lastUsedAt: true } });
}

export function listApiKeys(tenantId: string) {
  return db().apiKey.findMany({ where: { tenantId }, orderBy: { createdAt: "desc" }, select: { id: true, name: true, prefix: true, createdBy: true, createdAt: true, lastUsedAt: true, revokedAt: true } });
}

export function revokeApiKey(tenantId: string, id: string) {
  return db().apiKey.updateMany({ where: { id, tenantId, revokedAt: null }, data: { revokedAt: new Date() } });
}

export function touchApiKey(tenantId: string, id: string) {
  return db().apiKey.updateMany({ where: { id, tenantId }, data: { lastUsedAt: new Date() } });
}

// Configuration (seed, tests; the agents' editor comes with issue 5)

export function insertSite(data: Omit<Prisma.AppointmentSiteUncheckedCreateInput, "id">) {
  return db().appointmentSite.create({ data: { ...data, id: randomUUID() } });
}

export function insertService(data: Omit<Prisma.AppointmentServiceUncheckedCreateInput, "id" | "sites">, siteIds: string[]) {
  return db().appointmentService.create({
    data: { ...data, id: randomUUID(), sites: { create: siteIds.map((siteId) => ({ siteId, tenantId: data.tenantId })) } },
  });
}

export function insertRule(data: Omit<Prisma.AppointmentRuleUncheckedCreateInput, "id">) {
  return db().appointmentRule.create({ data: { ...data, id: randomUUID() } });
}

export function insertClosure(data: Omit<Prisma.AppointmentClosureUncheckedCreateInput, "id">) {
  return db().appointmentClosure.create({ data: { ...data, id: randomUUID() } });
}

export function countServices(tenantId: string) {
  return db().appointmentService.count({ where: { tenantId } });
}

/** Imported closures of a service (or of every service) by their event UID. */
export function findImportedClosure(tenantId: string, serviceId: string | null, externalUid: string) {
  return db().appointmentClosure.findFirst({ where: { tenantId, serviceId, source: "ics", externalUid } });
}

export function updateClosure(tenantId: string, id: string, data: Prisma.AppointmentClosureUncheckedUpdateManyInput) {
  return db().appointmentClosure.updateMany({ where: { id, tenantId }, data });
}

export function siteBelongsToTenant(tenantId: string, siteIds: string[]) {
  return db().appointmentSite.count({ where: { tenantId, id: { in: siteIds } } });
}

/**
 * Deletes a town's bookings in progress abandoned before `cutoff` (never confirmed): they hold what a
 * citizen typed, which is not kept for nothing. Their places were free again since their hold ran out.
 */
export async function deleteAbandonedHolds(tenantId: string, cutoff: Date): Promise<number> {
  const [row] = await db().$queryRaw<{ count: bigint }[]>`
    WITH gone AS (
      DELETE FROM appointment_hold WHERE "tenantId" = ${tenantId}::uuid AND "appointmentId" IS NULL AND "updatedAt" < ${cutoff} RETURNING id
    ), freed AS (
      UPDATE appointment_place SET "holdId" = NULL, "heldUntil" = NULL
       WHERE "tenantId" = ${tenantId}::uuid AND "holdId" IN (SELECT id FROM gone) AND "appointmentId" IS NULL AND "heldUntil" <= now()
    )
    SELECT count(*) AS count FROM gone`;
  return Number(row?.count ?? 0);
}

// Agents' side (issue 5): lists, calendar, comments, reminders, waiting list, feeds, exports, retention.

export type TAppointmentQuery = {
  /** null: every service of the town; else only these (the agent's scope, maybe narrowed by a filter) */
  serviceIds: string[] | null;
  siteId?: string | null;
  from?: Date | null;
  to?: Date | null;
  status?: "booked" | "cancelled" | "arrived" | "no_show" | "overbooked" | null;
  /** Reference, name or e-mail (part of) */
  q?: string | null;
};

function appointmentWhere(tenantId: string, query: TAppointmentQuery): Prisma.AppointmentWhereInput {
  const where: Prisma.AppointmentWhereInput = { tenantId };
  if (query.serviceIds) where.serviceId = { in: query.serviceIds };
  if (query.siteId) where.siteId = query.siteId;
  if (query.from || query.to) where.startsAt = { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) };
  if (query.status === "booked" || query.status === "cancelled") where.status = query.status;
  else if (query.status === "arrived" || query.status === "no_show") where.attendance = query.status;
  else if (query.status === "overbooked") where.overbooked = true;
  const q = query.q?.trim();
  if (q) {
    const words = q.split(/\s+/).slice(0, 4);
    where.AND = words.map((word) => ({
      OR: [
        { reference: { contains: word.toUpperCase() } },
        { firstName: { contains: word, mode: "insensitive" as const } },
        { lastName: { contains: word, mode: "insensitive" as const } },
        { email: { contains: word.toLowerCase() } },
      ],
    }));
  }
  return where;
}

/** A page of appointments in time order, after the keyset (startsAt, id) of the previous page's last row. */
export function searchAppointments(tenantId: string, query: TAppointmentQuery, page: { limit: number; after?: { startsAt: Date; id: string } | null }): Promise<TAppointmentRow[]> {
  const where = appointmentWhere(tenantId, query);
  if (page.after) {
    where.OR = [{ startsAt: { gt: page.after.startsAt } }, { startsAt: page.after.startsAt, id: { gt: page.after.id } }];
  }
  return db().appointment.findMany({ where, orderBy: [{ startsAt: "asc" }, { id: "asc" }], take: page.limit });
}

export function countAppointments(tenantId: string, query: TAppointmentQuery): Promise<number> {
  return db().appointment.count({ where: appointmentWhere(tenantId, query) });
}

/** The desks (seat numbers) an appointment's places are at, per appointment. */
export async function desksOf(tenantId: string, appointmentIds: string[]): Promise<Map<string, number[]>> {
  if (appointmentIds.length === 0) return new Map();
  const rows = await db().appointmentPlace.findMany({ where: { tenantId, appointmentId: { in: appointmentIds } }, select: { appointmentId: true, seat: true }, orderBy: { seat: "asc" } });
  const map = new Map<string, number[]>();
  for (const r of rows) if (r.appointmentId) map.set(r.appointmentId, [...(map.get(r.appointmentId) ?? []), r.seat]);
  return map;
}

// Reminders

/** Replaces an appointment's unsent reminders by these (due times in the future only). */
export async function replaceReminders(tenantId: string, appointmentId: string, reminders: { offsetMinutes: number; dueAt: Date }[]): Promise<void> {
  await db().appointmentReminder.deleteMany({ where: { tenantId, appointmentId, sentAt: null } });
  if (reminders.length === 0) return;
  await db().appointmentReminder.createMany({
    data: reminders.map((r) => ({ id: randomUUID(), tenantId, appointmentId, offsetMinutes: r.offsetMinutes, dueAt: r.dueAt })),
    skipDuplicates: true,
  });
}

export function deleteUnsentReminders(tenantId: string, appointmentId: string) {
  return db().appointmentReminder.deleteMany({ where: { tenantId, appointmentId, sentAt: null } });
}
