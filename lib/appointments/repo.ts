// The only code of the appointments module that uses Prisma. Every function takes the town's id and
// puts it in every WHERE. The booking statements are SQL: each one is a single conditional write whose
// outcome PostgreSQL decides (docs/decisions/009-appointment-capacity.md).
import { randomUUID } from "node:crypto";
import { db } from "@/lib/core/db";
import { publishSlotChanges, type TSlotRef } from "@/lib/core/invalidation";
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

/** Capacity of each materialised slot of a service in [from, to) (slot rows only: no places read). */
export function slotCapacities(tenantId: string, serviceId: string, from: Date, to: Date): Promise<{ siteId: string; startsAt: Date; capacity: number }[]> {
  return db().appointmentSlot.findMany({
    where: { tenantId, serviceId, startsAt: { gte: from, lt: to } },
    select: { siteId: true, startsAt: true, capacity: true },
  });
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
  const set =
    "holdId" in input
      ? Prisma.sql`"holdId" = ${input.holdId}::uuid, "heldUntil" = now() + make_interval(secs => ${input.holdSeconds})`
      : Prisma.sql`"appointmentId" = ${input.appointmentId}::uuid, "holdId" = NULL, "heldUntil" = NULL`;
  const rows = await db().$queryRaw<TPlaceChange[]>`
    UPDATE appointment_place p SET ${set}
      FROM appointment_slot s
     WHERE p.id IN (${free}) AND s.id = p."slotId"
    RETURNING s."serviceId", s."startsAt"`;
  await placesChanged(input.tenantId, rows);
  return rows.length;
}

type TPlaceChange = { serviceId: string; startsAt: Date };

/** Tells the cached slot lists (lib/server/page-cache.ts) which slots' free places changed. */
function placesChanged(tenantId: string, rows: readonly TPlaceChange[]): Promise<void> {
  if (rows.length === 0) return Promise.resolve();
  const slots = new Map<string, TSlotRef>();
  for (const row of rows) {
    const startsAt = row.startsAt.toISOString();
    slots.set(`${row.serviceId}|${startsAt}`, { serviceId: row.serviceId, startsAt });
  }
  return publishSlotChanges(tenantId, [...slots.values()]);
}

/** Turns a hold's unexpired places into the appointment's. Returns how many were converted. */
export function convertHeldPlaces(tenantId: string, holdId: string, appointmentId: string): Promise<number> {
  return db().$executeRaw`
    UPDATE appointment_place SET "appointmentId" = ${appointmentId}::uuid, "holdId" = NULL, "heldUntil" = NULL
     WHERE "holdId" = ${holdId}::uuid AND "tenantId" = ${tenantId}::uuid AND "appointmentId" IS NULL AND "heldUntil" > now()`;
}

export async function releaseHeldPlaces(tenantId: string, holdId: string): Promise<number> {
  const rows = await db().$queryRaw<TPlaceChange[]>`
    UPDATE appointment_place p SET "holdId" = NULL, "heldUntil" = NULL
      FROM appointment_slot s
     WHERE p."holdId" = ${holdId}::uuid AND p."tenantId" = ${tenantId}::uuid AND p."appointmentId" IS NULL AND s.id = p."slotId"
    RETURNING s."serviceId", s."startsAt"`;
  await placesChanged(tenantId, rows);
  return rows.length;
}

/**
 * Frees the places of the other bookings in progress of one citizen (`holderKey`) for a service, and
 * ends them (they can no longer be confirmed): one active hold per citizen and service. Returns how
 * many holds were ended.
 */
export async function endOtherHolds(tenantId: string, serviceId: string, holderKey: string, keepHoldId: string): Promise<number> {
  const freed = await db().$queryRaw<TPlaceChange[]>`
    UPDATE appointment_place p SET "holdId" = NULL, "heldUntil" = NULL
      FROM appointment_hold h, appointment_slot s
     WHERE p."holdId" = h.id AND p."tenantId" = ${tenantId}::uuid AND p."appointmentId" IS NULL
       AND h."tenantId" = ${tenantId}::uuid AND h."serviceId" = ${serviceId}::uuid AND h."holderKey" = ${holderKey}
       AND h.id <> ${keepHoldId}::uuid AND h."appointmentId" IS NULL AND s.id = p."slotId"
    RETURNING s."serviceId", s."startsAt"`;
  await placesChanged(tenantId, freed);
  return db().$executeRaw`
    UPDATE appointment_hold SET "expiresAt" = now(), "updatedAt" = now()
     WHERE "tenantId" = ${tenantId}::uuid AND "serviceId" = ${serviceId}::uuid AND "holderKey" = ${holderKey}
       AND id <> ${keepHoldId}::uuid AND "appointmentId" IS NULL AND ("expiresAt" IS NULL OR "expiresAt" > now())`;
}

/** Frees an appointment's places (all, or those not in `keepSlotId`): bookable again at once. */
export async function releaseAppointmentPlaces(tenantId: string, appointmentId: string, keepSlotId?: string): Promise<number> {
  const keep = keepSlotId ? Prisma.sql`AND p."slotId" <> ${keepSlotId}::uuid` : Prisma.empty;
  const rows = await db().$queryRaw<TPlaceChange[]>`
    UPDATE appointment_place p SET "appointmentId" = NULL
      FROM appointment_slot s
     WHERE p."appointmentId" = ${appointmentId}::uuid AND p."tenantId" = ${tenantId}::uuid ${keep} AND s.id = p."slotId"
    RETURNING s."serviceId", s."startsAt"`;
  await placesChanged(tenantId, rows);
  return rows.length;
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
      DELETE FROM appointment_hold WHERE "tenantId" = ${tenantId}::uuid AND "appointmentId" IS NULL AND "updatedAt" < ${cutoff}
         -- a place offered from the waiting list may be held for days: not abandoned before it runs out
         AND ("waiterId" IS NULL OR "expiresAt" IS NULL OR "expiresAt" < ${cutoff})
       RETURNING id
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
  if (q && /^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$/i.test(q)) {
    // A whole reference: the unique index answers.
    where.reference = q.toUpperCase();
  } else if (q) {
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

// Agents' work on one booking

export function listComments(tenantId: string, appointmentId: string) {
  return db().appointmentComment.findMany({ where: { tenantId, appointmentId }, orderBy: { createdAt: "asc" } });
}

export function insertComment(data: { tenantId: string; appointmentId: string; authorId: string | null; authorName: string; body: string }) {
  return db().appointmentComment.create({ data: { ...data, id: randomUUID() } });
}

// Agents' calendar and calendar feeds (calendar-view.ts, feeds.ts)

export type TCalendarPlaceRow = {
  serviceId: string;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  seat: number;
  /** Set only while the hold runs and no appointment has the place */
  heldUntil: Date | null;
  appointmentId: string | null;
  reference: string | null;
  firstName: string | null;
  lastName: string | null;
  people: number | null;
  attendance: "arrived" | "no_show" | null;
};

/** Every place of the materialised slots of these services at a site in [from, to), with its booking. */
export async function calendarPlaces(tenantId: string, siteId: string, serviceIds: string[], from: Date, to: Date): Promise<TCalendarPlaceRow[]> {
  if (serviceIds.length === 0) return [];
  return db().$queryRaw<TCalendarPlaceRow[]>`
    SELECT s."serviceId", s."startsAt", s."endsAt", s.capacity, p.seat,
           CASE WHEN a.id IS NULL AND p."heldUntil" > now() THEN p."heldUntil" END AS "heldUntil",
           a.id AS "appointmentId", a.reference, a."firstName", a."lastName", a.people, a.attendance::text AS attendance
      FROM appointment_slot s
      JOIN appointment_place p ON p."slotId" = s.id AND p."tenantId" = ${tenantId}::uuid
      LEFT JOIN appointment a ON a.id = p."appointmentId" AND a."tenantId" = ${tenantId}::uuid AND a.status = 'booked'
     WHERE s."tenantId" = ${tenantId}::uuid AND s."siteId" = ${siteId}::uuid
       AND s."serviceId" IN (${Prisma.join(serviceIds.map((id) => Prisma.sql`${id}::uuid`))})
       AND s."startsAt" >= ${from} AND s."startsAt" < ${to}
     ORDER BY s."startsAt", s."serviceId", p.seat`;
}

/** Booked appointments beyond the places (they hold none) of these services at a site in [from, to). */
export function overbookedAppointments(tenantId: string, siteId: string, serviceIds: string[], from: Date, to: Date) {
  return db().appointment.findMany({
    where: { tenantId, siteId, serviceId: { in: serviceIds }, overbooked: true, status: "booked", startsAt: { gte: from, lt: to } },
    select: { id: true, serviceId: true, startsAt: true, endsAt: true, reference: true, firstName: true, lastName: true, people: true, attendance: true },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
  });
}

/** Booked appointments for a feed: of these services, at a site (if given), at a desk (if given). */
export function feedAppointments(tenantId: string, query: { serviceIds: string[]; siteId: string | null; desk: number | null; from: Date; to: Date }) {
  return db().appointment.findMany({
    where: {
      tenantId,
      serviceId: { in: query.serviceIds },
      status: "booked",
      startsAt: { gte: query.from, lt: query.to },
      ...(query.siteId ? { siteId: query.siteId } : {}),
      ...(query.desk ? { places: { some: { tenantId, seat: query.desk } } } : {}),
    },
    select: { id: true, serviceId: true, siteId: true, startsAt: true, endsAt: true, reference: true, firstName: true, lastName: true, people: true, overbooked: true, updatedAt: true },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    take: 5000,
  });
}

export function insertFeed(data: { tenantId: string; agentId: string; name: string; siteId: string | null; serviceId: string | null; desk: number | null; prefix: string; tokenHash: string }) {
  return db().appointmentFeed.create({ data: { ...data, id: randomUUID() } });
}

export function listFeedsOfAgent(tenantId: string, agentId: string) {
  return db().appointmentFeed.findMany({ where: { tenantId, agentId }, orderBy: { createdAt: "desc" }, omit: { tokenHash: true } });
}

/** A feed of this town by its token's hash, unless revoked. */
export function findFeedByHash(tenantId: string, tokenHash: string) {
  return db().appointmentFeed.findFirst({ where: { tenantId, tokenHash, revokedAt: null } });
}

export function revokeFeed(tenantId: string, agentId: string, id: string) {
  return db().appointmentFeed.updateMany({ where: { id, tenantId, agentId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Records a feed's use, at most once a minute (calendar applications poll). */
export function touchFeed(tenantId: string, id: string) {
  const minuteAgo = new Date(Date.now() - 60_000);
  return db().appointmentFeed.updateMany({ where: { id, tenantId, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: minuteAgo } }] }, data: { lastUsedAt: new Date() } });
}

// Reminders and waiting list (reminders.ts, waiting-list.ts, waiting-offers.ts)

export type TClaimedReminder = { id: string; appointmentId: string; offsetMinutes: number };

/**
 * Claims up to `limit` due, unsent reminders of the town's booked, not anonymised appointments that
 * have not started, marking them sent, in one statement: reminders another server is claiming at the
 * same moment are skipped, so no reminder is ever sent twice.
 */
export function claimDueReminders(tenantId: string, now: Date, limit: number): Promise<TClaimedReminder[]> {
  return db().$queryRaw<TClaimedReminder[]>`
    UPDATE appointment_reminder SET "sentAt" = ${now}
     WHERE "tenantId" = ${tenantId}::uuid AND id IN (
       SELECT r.id FROM appointment_reminder r
         JOIN appointment a ON a.id = r."appointmentId" AND a."tenantId" = ${tenantId}::uuid
        WHERE r."tenantId" = ${tenantId}::uuid AND r."sentAt" IS NULL AND r."dueAt" <= ${now}
          AND a.status = 'booked' AND a."anonymisedAt" IS NULL AND a."startsAt" > ${now}
        ORDER BY r."dueAt"
        LIMIT ${limit}
        FOR UPDATE OF r SKIP LOCKED)
    RETURNING id, "appointmentId", "offsetMinutes"`;
}

/** Deletes due reminders that can no longer be sent (appointment started, cancelled or anonymised). */
export function dropStaleReminders(tenantId: string, now: Date): Promise<number> {
  return db().$executeRaw`
    DELETE FROM appointment_reminder r USING appointment a
     WHERE r."tenantId" = ${tenantId}::uuid AND a."tenantId" = ${tenantId}::uuid AND a.id = r."appointmentId"
       AND r."sentAt" IS NULL AND r."dueAt" <= ${now}
       AND (a.status <> 'booked' OR a."anonymisedAt" IS NOT NULL OR a."startsAt" <= ${now})`;
}

export type TWaiterRow = Prisma.AppointmentWaiterGetPayload<object>;

/** Serialises the work on one service's waiting list (offers), or on one citizen's place in it (joining). */
export async function lockWaitingList(tenantId: string, serviceId: string, email?: string): Promise<void> {
  await db().$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`waiting:${tenantId}:${serviceId}:${email ?? ""}`}, 0))::text`;
}

export function insertWaiter(data: { tenantId: string; serviceId: string; siteId: string | null; email: string; locale: string; weekdays: number[]; tokenHash: string }): Promise<TWaiterRow> {
  return db().appointmentWaiter.create({ data: { ...data, id: randomUUID() } });
}

export function updateWaiter(tenantId: string, id: string, data: Prisma.AppointmentWaiterUncheckedUpdateManyInput) {
  return db().appointmentWaiter.updateMany({ where: { id, tenantId }, data });
}

export function findWaiterByTokenHash(tenantId: string, tokenHash: string): Promise<TWaiterRow | null> {
  return db().appointmentWaiter.findFirst({ where: { tenantId, tokenHash } });
}

/** The citizen's place on a service's waiting list, while they are on it (waiting or offered). */
export function findActiveWaiter(tenantId: string, serviceId: string, email: string): Promise<TWaiterRow | null> {
  return db().appointmentWaiter.findFirst({ where: { tenantId, serviceId, email, status: { in: ["waiting", "offered"] } }, orderBy: { createdAt: "asc" } });
}

export async function lockWaiter(tenantId: string, id: string): Promise<TWaiterRow | null> {
  const [row] = await db().$queryRaw<{ id: string }[]>`SELECT id FROM appointment_waiter WHERE id = ${id}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  return row ? db().appointmentWaiter.findFirst({ where: { id, tenantId } }) : null;
}

export async function hasWaiting(tenantId: string, serviceId: string): Promise<boolean> {
  return (await db().appointmentWaiter.findFirst({ where: { tenantId, serviceId, status: "waiting" }, select: { id: true } })) !== null;
}

/** Waiters of a service still waiting, in the order they joined. */
export function waitingInOrder(tenantId: string, serviceId: string, limit: number): Promise<TWaiterRow[]> {
  return db().appointmentWaiter.findMany({ where: { tenantId, serviceId, status: "waiting" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], take: limit });
}

/** Offers of the town that ran out at `now`. */
export function expiredOffers(tenantId: string, now: Date, limit: number) {
  return db().appointmentWaiter.findMany({ where: { tenantId, status: "offered", offerExpiresAt: { lte: now } }, select: { id: true, serviceId: true, offerHoldId: true }, orderBy: { offerExpiresAt: "asc" }, take: limit });
}

export function listWaiters(tenantId: string, serviceId: string, limit: number) {
  return db().appointmentWaiter.findMany({
    where: { tenantId, serviceId },
    select: { id: true, email: true, siteId: true, weekdays: true, locale: true, status: true, offerExpiresAt: true, createdAt: true, updatedAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: limit,
  });
}

export async function countWaiters(tenantId: string, serviceId: string) {
  const rows = await db().appointmentWaiter.groupBy({ by: ["status"], where: { tenantId, serviceId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<Record<TWaiterRow["status"], number>>;
}

// Exports of the bookings list and statistics (export-bookings.ts, statistics.ts)

export type TExportRow = Prisma.AppointmentExportGetPayload<object>;

export function insertExport(data: { id: string; tenantId: string; agentId: string; format: string; query: Prisma.InputJsonValue }): Promise<TExportRow> {
  return db().appointmentExport.create({ data });
}

/** An export of the town (the job building it). */
export function findExport(tenantId: string, id: string): Promise<TExportRow | null> {
  return db().appointmentExport.findFirst({ where: { id, tenantId } });
}

/** An export of the town asked by this agent (never another agent's, never another town's). */
export function findAgentExport(tenantId: string, agentId: string, id: string): Promise<TExportRow | null> {
  return db().appointmentExport.findFirst({ where: { id, tenantId, agentId } });
}

export function listAgentExports(tenantId: string, agentId: string, limit: number): Promise<TExportRow[]> {
  return db().appointmentExport.findMany({ where: { tenantId, agentId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: limit });
}

export function updateExport(tenantId: string, id: string, data: Prisma.AppointmentExportUncheckedUpdateManyInput) {
  return db().appointmentExport.updateMany({ where: { id, tenantId }, data });
}

export function exportsCreatedBefore(tenantId: string, cutoff: Date) {
  return db().appointmentExport.findMany({ where: { tenantId, createdAt: { lt: cutoff } }, select: { id: true, fileName: true } });
}

export function deleteExports(tenantId: string, ids: string[]) {
  return db().appointmentExport.deleteMany({ where: { tenantId, id: { in: ids } } });
}

function serviceFilter(serviceIds: string[] | null): Prisma.Sql {
  if (serviceIds === null) return Prisma.empty;
  return Prisma.sql`AND "serviceId" IN (${Prisma.join(serviceIds.map((id) => Prisma.sql`${id}::uuid`))})`;
}

export type TServiceCounts = {
  serviceId: string;
  /** Appointments not cancelled */
  bookings: number;
  people: number;
  cancellations: number;
  arrived: number;
  noShows: number;
  /** Appointments not cancelled that started before `now` */
  past: number;
  /** People of the appointments not cancelled that hold places (not overbooked) */
  placesBooked: number;
};

/** Counts per service of the appointments starting in [from, to), in one grouped query. */
export async function appointmentCountsByService(tenantId: string, serviceIds: string[] | null, from: Date, to: Date, now: Date): Promise<TServiceCounts[]> {
  if (serviceIds?.length === 0) return [];
  const rows = await db().$queryRaw<{ serviceId: string; bookings: bigint; people: bigint; cancellations: bigint; arrived: bigint; noShows: bigint; past: bigint; placesBooked: bigint }[]>`
    SELECT "serviceId",
           count(*) FILTER (WHERE status = 'booked') AS bookings,
           coalesce(sum(people) FILTER (WHERE status = 'booked'), 0) AS people,
           count(*) FILTER (WHERE status = 'cancelled') AS cancellations,
           count(*) FILTER (WHERE status = 'booked' AND attendance = 'arrived') AS arrived,
           count(*) FILTER (WHERE status = 'booked' AND attendance = 'no_show') AS "noShows",
           count(*) FILTER (WHERE status = 'booked' AND "startsAt" < ${now}) AS past,
           coalesce(sum(people) FILTER (WHERE status = 'booked' AND NOT overbooked), 0) AS "placesBooked"
      FROM appointment
     WHERE "tenantId" = ${tenantId}::uuid AND "startsAt" >= ${from} AND "startsAt" < ${to} ${serviceFilter(serviceIds)}
     GROUP BY "serviceId"`;
  return rows.map((r) => ({
    serviceId: r.serviceId,
    bookings: Number(r.bookings),
    people: Number(r.people),
    cancellations: Number(r.cancellations),
    arrived: Number(r.arrived),
    noShows: Number(r.noShows),
    past: Number(r.past),
    placesBooked: Number(r.placesBooked),
  }));
}

/** Appointments not cancelled per local day (YYYY-MM-DD in `timeZone`) starting in [from, to); days without any are absent. */
export async function appointmentsPerDay(tenantId: string, serviceIds: string[] | null, from: Date, to: Date, timeZone: string): Promise<{ day: string; bookings: number }[]> {
  if (serviceIds?.length === 0) return [];
  const rows = await db().$queryRaw<{ day: string; bookings: bigint }[]>`
    SELECT to_char("startsAt" AT TIME ZONE ${timeZone}, 'YYYY-MM-DD') AS day, count(*) AS bookings
      FROM appointment
     WHERE "tenantId" = ${tenantId}::uuid AND "startsAt" >= ${from} AND "startsAt" < ${to} AND status = 'booked' ${serviceFilter(serviceIds)}
     GROUP BY 1 ORDER BY 1`;
  return rows.map((r) => ({ day: r.day, bookings: Number(r.bookings) }));
}

/** A place offered to a waiter: the hold is written after its place was claimed under this id. */
export function insertOfferHold(data: { id: string; tenantId: string; tokenHash: string; serviceId: string; siteId: string; locale: string; details: Prisma.InputJsonValue; startsAt: Date; expiresAt: Date; waiterId: string }): Promise<THoldRow> {
  return db().appointmentHold.create({ data: { ...data, people: 1 } });
}

// Configuration by agents (services, sites, opening rules, closures)

export function findServiceAny(tenantId: string, serviceId: string): Promise<TServiceRow | null> {
  return db().appointmentService.findFirst({ where: { id: serviceId, tenantId }, include: serviceInclude });
}

export function updateServiceRow(tenantId: string, id: string, data: Prisma.AppointmentServiceUncheckedUpdateManyInput) {
  return db().appointmentService.updateMany({ where: { id, tenantId }, data });
}

/** Links the service to exactly these sites (checked to be the town's by the caller). */
export async function replaceServiceSites(tenantId: string, serviceId: string, siteIds: string[]): Promise<void> {
  await db().appointmentServiceSite.deleteMany({ where: { tenantId, serviceId, siteId: { notIn: siteIds } } });
  await db().appointmentServiceSite.createMany({ data: siteIds.map((siteId) => ({ tenantId, serviceId, siteId })), skipDuplicates: true });
}

export function listSites(tenantId: string) {
  return db().appointmentSite.findMany({ where: { tenantId }, orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }] });
}

export function updateSiteRow(tenantId: string, id: string, data: Prisma.AppointmentSiteUncheckedUpdateManyInput) {
  return db().appointmentSite.updateMany({ where: { id, tenantId }, data });
}

export function findRule(tenantId: string, serviceId: string, id: string) {
  return db().appointmentRule.findFirst({ where: { id, tenantId, serviceId } });
}

export function updateRuleRow(tenantId: string, id: string, data: Prisma.AppointmentRuleUncheckedUpdateManyInput) {
  return db().appointmentRule.updateMany({ where: { id, tenantId }, data });
}

export function deleteRuleRow(tenantId: string, serviceId: string, id: string) {
  return db().appointmentRule.deleteMany({ where: { id, tenantId, serviceId } });
}

/** The closures that apply to a service: its own and the town's (every service). */
export function listServiceClosures(tenantId: string, serviceId: string, from: Date) {
  return db().appointmentClosure.findMany({ where: { tenantId, OR: [{ serviceId }, { serviceId: null }], endsAt: { gt: from } }, orderBy: { startsAt: "asc" } });
}

export function findClosures(tenantId: string, ids: string[]) {
  return db().appointmentClosure.findMany({ where: { tenantId, id: { in: ids } } });
}

export function deleteClosureRow(tenantId: string, id: string, serviceId: string) {
  // A service's page deletes its own closures and the town's (every service) ones.
  return db().appointmentClosure.deleteMany({ where: { id, tenantId, OR: [{ serviceId }, { serviceId: null }] } });
}

/** Booked appointments (of these services, at this site) overlapping any of the periods. */
export function bookingsDuring(tenantId: string, filter: { serviceIds: string[] | null; siteId: string | null }, periods: { startsAt: Date; endsAt: Date }[]): Promise<TAppointmentRow[]> {
  if (periods.length === 0) return Promise.resolve([]);
  return db().appointment.findMany({
    where: {
      tenantId,
      status: "booked",
      startsAt: { gt: new Date() },
      ...(filter.serviceIds ? { serviceId: { in: filter.serviceIds } } : {}),
      ...(filter.siteId ? { siteId: filter.siteId } : {}),
      OR: periods.map((p) => ({ startsAt: { lt: p.endsAt }, endsAt: { gt: p.startsAt } })),
    },
    orderBy: { startsAt: "asc" },
    take: 1000,
  });
}

/** Materialised slots of a service at a site starting after `from`, with the highest seat in use. */
export async function futureSlots(tenantId: string, serviceId: string, siteId: string, from: Date) {
  return db().$queryRaw<{ id: string; startsAt: Date; capacity: number; usedSeat: number | null }[]>`
    SELECT s.id, s."startsAt", s.capacity,
           max(p.seat) FILTER (WHERE p."appointmentId" IS NOT NULL OR p."heldUntil" > now()) AS "usedSeat"
      FROM appointment_slot s JOIN appointment_place p ON p."slotId" = s.id
     WHERE s."tenantId" = ${tenantId}::uuid AND s."serviceId" = ${serviceId}::uuid AND s."siteId" = ${siteId}::uuid AND s."startsAt" > ${from}
     GROUP BY s.id`;
}

/**
 * Gives a materialised slot `capacity` places: new free places when it grows; when it shrinks, the
 * free places above the new capacity go (a place in use is never removed: the slot then keeps
 * enough places for them, returned as the capacity reached). One transaction (the caller's).
 */
export async function resizeSlot(tenantId: string, slotId: string, capacity: number): Promise<number> {
  const [slot] = await db().$queryRaw<(TPlaceChange & { capacity: number })[]>`SELECT capacity, "serviceId", "startsAt" FROM appointment_slot WHERE id = ${slotId}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  if (!slot || slot.capacity === capacity) return slot?.capacity ?? capacity;
  await placesChanged(tenantId, [slot]);
  if (capacity > slot.capacity) {
    await db().$executeRaw`UPDATE appointment_slot SET capacity = ${capacity} WHERE id = ${slotId}::uuid AND "tenantId" = ${tenantId}::uuid`;
    await db().$executeRaw`
      INSERT INTO appointment_place (id, "tenantId", "slotId", seat, capacity)
      SELECT gen_random_uuid(), ${tenantId}::uuid, ${slotId}::uuid, g, ${capacity} FROM generate_series(${slot.capacity + 1}::int, ${capacity}::int) AS g`;
    return capacity;
  }
  await db().$executeRaw`
    DELETE FROM appointment_place
     WHERE "slotId" = ${slotId}::uuid AND "tenantId" = ${tenantId}::uuid AND seat > ${capacity}
       AND "appointmentId" IS NULL AND ("heldUntil" IS NULL OR "heldUntil" <= now())`;
  const [row] = await db().$queryRaw<{ top: number | null }[]>`SELECT max(seat) AS top FROM appointment_place WHERE "slotId" = ${slotId}::uuid AND "tenantId" = ${tenantId}::uuid`;
  const reached = Math.max(capacity, row?.top ?? 0);
  await db().$executeRaw`UPDATE appointment_slot SET capacity = ${reached} WHERE id = ${slotId}::uuid AND "tenantId" = ${tenantId}::uuid`;
  return reached;
}

export function findHoldById(tenantId: string, id: string): Promise<THoldRow | null> {
  return db().appointmentHold.findFirst({ where: { id, tenantId } });
}

// Retention: personal data of appointments anonymised after each service's period

/** Per service: how many appointments still hold personal data, and the earliest end among them. */
export async function retentionPending(tenantId: string): Promise<Map<string, { pending: number; oldestEnd: Date }>> {
  const rows = await db().$queryRaw<{ serviceId: string; pending: bigint; oldestEnd: Date }[]>`
    SELECT "serviceId", count(*) AS pending, min("endsAt") AS "oldestEnd"
      FROM appointment WHERE "tenantId" = ${tenantId}::uuid AND "anonymisedAt" IS NULL GROUP BY "serviceId"`;
  return new Map(rows.map((r) => [r.serviceId, { pending: Number(r.pending), oldestEnd: r.oldestEnd }]));
}

/**
 * Erases name, e-mail, phone, ANTS number, answers, the agents' comments and the manage link of the
 * town's appointments that ended more than their service's retention period before `now`; keeps
 * what statistics need (service, site, times, people, status, attendance). One statement per town;
 * returns the ids per service, with how many copies of their personal data were deleted elsewhere.
 *
 * The copies: the e-mails about them in the outbox (address, name, reference, reason), linked by the
 * town and `params.reference`, which every appointment e-mail and reminder carries (notify.ts); and
 * their text messages (number, reference, date), linked by the reference in the body, the only link
 * an SMS row has (a reference is XXX-XXX-XXX in its own alphabet, unique in the town). Those rows are
 * deleted, not blanked: nothing is left to send about an appointment past its period, and a message
 * without its address or text tells nothing (the mail worker skips a row that is gone). Both joins
 * are on equality (hashable), so each batch reads the town's outbox and SMS rows once.
 */
export async function anonymiseExpiredAppointments(tenantId: string, now: Date): Promise<{ id: string; serviceId: string; mails: number; texts: number }[]> {
  const rows = await db().$queryRaw<{ id: string; serviceId: string; mails: number; texts: number }[]>`
    WITH due AS (
      SELECT a.id, a.reference FROM appointment a JOIN appointment_service s ON s.id = a."serviceId"
       WHERE a."tenantId" = ${tenantId}::uuid AND a."anonymisedAt" IS NULL
         AND a."endsAt" + make_interval(days => s."retentionDays") < ${now}
       ORDER BY a."endsAt" LIMIT 5000 FOR UPDATE OF a SKIP LOCKED
    ), comments AS (
      DELETE FROM appointment_comment WHERE "tenantId" = ${tenantId}::uuid AND "appointmentId" IN (SELECT id FROM due)
    ), holds AS (
      UPDATE appointment_hold SET details = '{}'::jsonb WHERE "tenantId" = ${tenantId}::uuid AND "appointmentId" IN (SELECT id FROM due)
    ), mails AS (
      DELETE FROM outbox_message o USING due
       WHERE o."tenantId" = ${tenantId}::uuid AND o.template LIKE 'appointment-%' AND o.params->>'reference' = due.reference
      RETURNING due.id AS "appointmentId"
    ), texts AS (
      DELETE FROM sms_message m USING (
        SELECT x.id, due.id AS "appointmentId"
          FROM sms_message x CROSS JOIN LATERAL regexp_matches(x.body, '[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}', 'g') AS r(found)
          JOIN due ON due.reference = r.found[1]
         WHERE x."tenantId" = ${tenantId}::uuid
      ) hit
       WHERE m.id = hit.id
      RETURNING hit."appointmentId"
    ), done AS (
      UPDATE appointment SET "firstName" = '', "lastName" = '', email = '', phone = NULL, "antsNumber" = NULL, fields = '{}'::jsonb,
             reason = NULL, "manageTokenHash" = encode(sha256(gen_random_uuid()::text::bytea), 'hex'), "anonymisedAt" = ${now}, "updatedAt" = ${now}
       WHERE id IN (SELECT id FROM due)
      RETURNING id, "serviceId"
    )
    SELECT d.id, d."serviceId", COALESCE(m.n, 0)::int AS mails, COALESCE(t.n, 0)::int AS texts
      FROM done d
      LEFT JOIN (SELECT "appointmentId", count(*) AS n FROM mails GROUP BY 1) m ON m."appointmentId" = d.id
      LEFT JOIN (SELECT "appointmentId", count(*) AS n FROM texts GROUP BY 1) t ON t."appointmentId" = d.id`;
  return rows;
}

// ——— Citizen space: a citizen's appointments and waiting-list entries ———

/** Attaches the town's appointments and waiting-list entries made with `email` that belong to no account yet. */
export async function attachAppointmentsToCitizen(tenantId: string, citizenId: string, email: string, locale: string): Promise<{ appointments: number; waitingList: number }> {
  const appointments = await db().appointment.updateMany({ where: { tenantId, citizenId: null, email, anonymisedAt: null }, data: { citizenId, locale } });
  const waiters = await db().appointmentWaiter.updateMany({ where: { tenantId, citizenId: null, email }, data: { citizenId, locale } });
  return { appointments: appointments.count, waitingList: waiters.count };
}

export async function setCitizenAppointmentsLocale(tenantId: string, citizenId: string, locale: string): Promise<void> {
  await db().appointment.updateMany({ where: { tenantId, citizenId }, data: { locale } });
  await db().appointmentWaiter.updateMany({ where: { tenantId, citizenId }, data: { locale } });
}

export async function setAppointmentCitizen(tenantId: string, appointmentId: string, citizenId: string, locale: string): Promise<void> {
  await db().appointment.updateMany({ where: { tenantId, id: appointmentId }, data: { citizenId, locale } });
}

export function listCitizenAppointments(tenantId: string, citizenId: string) {
  return db().appointment.findMany({ where: { tenantId, citizenId }, orderBy: { startsAt: "desc" }, take: 500 });
}

export function findCitizenAppointment(tenantId: string, citizenId: string, appointmentId: string): Promise<TAppointmentRow | null> {
  return db().appointment.findFirst({ where: { tenantId, citizenId, id: appointmentId } });
}

export function listCitizenWaiters(tenantId: string, citizenId: string): Promise<TWaiterRow[]> {
  return db().appointmentWaiter.findMany({ where: { tenantId, citizenId }, orderBy: { createdAt: "desc" }, take: 200 });
}

export function findCitizenWaiter(tenantId: string, citizenId: string, waiterId: string): Promise<TWaiterRow | null> {
  return db().appointmentWaiter.findFirst({ where: { tenantId, citizenId, id: waiterId } });
}

/** Names of the town's services and sites, for listing a citizen's items. */
export async function serviceAndSiteNames(tenantId: string, serviceIds: string[], siteIds: string[]) {
  const [services, sites] = await Promise.all([
    db().appointmentService.findMany({ where: { tenantId, id: { in: serviceIds } }, select: { id: true, names: true } }),
    db().appointmentSite.findMany({ where: { tenantId, id: { in: siteIds } }, select: { id: true, names: true, address: true } }),
  ]);
  return { services, sites };
}

/** Account deleted: erases the personal data of its appointments (as the retention job does) and detaches them. */
export async function anonymiseCitizenAppointments(tenantId: string, citizenId: string, now: Date): Promise<number> {
  const rows = await db().$queryRaw<{ id: string }[]>`
    WITH mine AS (
      SELECT id FROM appointment WHERE "tenantId" = ${tenantId}::uuid AND "citizenId" = ${citizenId}::uuid FOR UPDATE
    ), comments AS (
      DELETE FROM appointment_comment WHERE "tenantId" = ${tenantId}::uuid AND "appointmentId" IN (SELECT id FROM mine)
    ), holds AS (
      UPDATE appointment_hold SET details = '{}'::jsonb WHERE "tenantId" = ${tenantId}::uuid AND "appointmentId" IN (SELECT id FROM mine)
    )
    UPDATE appointment SET "firstName" = '', "lastName" = '', email = '', phone = NULL, "antsNumber" = NULL, fields = '{}'::jsonb, reason = NULL,
           "citizenId" = NULL, "manageTokenHash" = encode(sha256(gen_random_uuid()::text::bytea), 'hex'),
           "anonymisedAt" = COALESCE("anonymisedAt", ${now}), "updatedAt" = ${now}
     WHERE "tenantId" = ${tenantId}::uuid AND id IN (SELECT id FROM mine)
    RETURNING id`;
  return rows.length;
}

/** Account deleted: its waiting-list entries go (an offer still open is released by the caller first). */
export async function deleteCitizenWaiters(tenantId: string, citizenId: string): Promise<number> {
  const { count } = await db().appointmentWaiter.deleteMany({ where: { tenantId, citizenId } });
  return count;
}

/**
 * Retention of the waiting list: deletes the entries no longer active (booked, left, expired) whose
 * service's retention period has passed since their last change (when they ended; a later change,
 * such as attaching them to an account, only keeps them longer), with the waiting-list e-mails sent to
 * their address. Those e-mails carry no id of the entry (only the service's name), so they go with
 * the town's last entry of that address: while another entry of the address is kept, so are they.
 * Returns one row per entry deleted: its service, and the e-mails deleted with it.
 */
export async function purgeEndedWaiters(tenantId: string, now: Date): Promise<{ serviceId: string; mails: number }[]> {
  return db().$queryRaw<{ serviceId: string; mails: number }[]>`
    WITH gone AS (
      DELETE FROM appointment_waiter w USING appointment_service s
       WHERE w."tenantId" = ${tenantId}::uuid AND s.id = w."serviceId" AND s."tenantId" = ${tenantId}::uuid
         AND w.status IN ('booked', 'left', 'expired')
         AND w."updatedAt" + make_interval(days => s."retentionDays") < ${now}
      RETURNING w.id, w."serviceId", w.email
    ), last AS (
      -- One entry per address, and only addresses with no entry kept (this statement still sees the rows it deletes).
      SELECT DISTINCT ON (g.email) g.id, g.email FROM gone g
       WHERE NOT EXISTS (SELECT 1 FROM appointment_waiter k WHERE k."tenantId" = ${tenantId}::uuid AND k.email = g.email AND k.id NOT IN (SELECT id FROM gone))
    ), mails AS (
      DELETE FROM outbox_message o USING last
       WHERE o."tenantId" = ${tenantId}::uuid AND o.template LIKE 'waiting-list-%' AND o."toAddress" = last.email
      RETURNING last.id AS "waiterId"
    )
    SELECT g."serviceId", COALESCE(m.n, 0)::int AS mails
      FROM gone g LEFT JOIN (SELECT "waiterId", count(*) AS n FROM mails GROUP BY 1) m ON m."waiterId" = g.id`;
}

// Announced releases and their waiting rooms (issue 9).

export type TReleaseRow = Prisma.AppointmentReleaseGetPayload<object>;
export type TQueueEntryRow = Prisma.AppointmentQueueEntryGetPayload<object>;

/** Releases of a town whose waiting room closes after `since` (the copy in memory keeps these). */
export function listComingReleases(tenantId: string, since: Date): Promise<TReleaseRow[]> {
  return db().$queryRaw<TReleaseRow[]>`
    SELECT * FROM appointment_release
     WHERE "tenantId" = ${tenantId}::uuid AND "opensAt" + make_interval(mins => "queueAfterMinutes") > ${since}
     ORDER BY "opensAt"`;
}

export function listServiceReleases(tenantId: string, serviceId: string): Promise<TReleaseRow[]> {
  return db().appointmentRelease.findMany({ where: { tenantId, serviceId }, orderBy: { opensAt: "desc" }, take: 50 });
}

export function insertRelease(data: Omit<Prisma.AppointmentReleaseUncheckedCreateInput, "id">): Promise<TReleaseRow> {
  return db().appointmentRelease.create({ data });
}

export async function deleteRelease(tenantId: string, serviceId: string, id: string): Promise<boolean> {
  return (await db().appointmentRelease.deleteMany({ where: { id, tenantId, serviceId } })).count > 0;
}

/** The release row, locked until the transaction ends (admissions of late arrivals are sequential). */
export async function lockRelease(tenantId: string, id: string): Promise<TReleaseRow | null> {
  const rows = await db().$queryRaw<TReleaseRow[]>`SELECT * FROM appointment_release WHERE id = ${id}::uuid AND "tenantId" = ${tenantId}::uuid FOR UPDATE`;
  return rows[0] ?? null;
}

export async function updateReleaseQueue(tenantId: string, id: string, data: { earlyCount: number; lastAdmitAt: Date }): Promise<void> {
  await db().appointmentRelease.updateMany({ where: { id, tenantId }, data });
}

export function insertQueueEntry(data: { tenantId: string; releaseId: string; arrivedAt: Date; early: boolean; drawKey: bigint | null; admitAt: Date | null }): Promise<TQueueEntryRow> {
  return db().appointmentQueueEntry.create({ data });
}

export function findQueueEntry(tenantId: string, releaseId: string, id: string): Promise<TQueueEntryRow | null> {
  return db().appointmentQueueEntry.findFirst({ where: { id, releaseId, tenantId } });
}

/** Visitors who arrived before the release, and how many of them drew a smaller key than `drawKey`. */
export async function earlyRank(releaseId: string, drawKey: bigint | null): Promise<{ early: number; before: number }> {
  const [row] = await db().$queryRaw<{ early: bigint; before: bigint }[]>`
    SELECT count(*) AS early, count(*) FILTER (WHERE "drawKey" < ${drawKey ?? 0n}) AS before
      FROM appointment_queue_entry WHERE "releaseId" = ${releaseId}::uuid AND early`;
  return { early: Number(row?.early ?? 0), before: Number(row?.before ?? 0) };
}

/** Counts one hold taken with an admission; false when it has no hold left (the token is spent). */
export async function spendAdmission(tenantId: string, entryId: string, maxHolds: number): Promise<boolean> {
  const count = await db().$executeRaw`
    UPDATE appointment_queue_entry SET holds = holds + 1
     WHERE id = ${entryId}::uuid AND "tenantId" = ${tenantId}::uuid AND holds < ${maxHolds}`;
  return count === 1;
}
