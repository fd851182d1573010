// Appointments on a real PostgreSQL: capacity under concurrency (200 bookings racing for 20 places),
// holds and their expiry, concurrent reschedules and cancellations, idempotent retries, per-citizen
// limits, every rule checked at booking time, the constraints that make overbooking impossible even
// for wrong code, the confirmation e-mail with its calendar file, and town isolation.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ABANDONED_AFTER_MS, purgeAbandonedHolds } from "@/lib/appointments/jobs";
import { findService } from "@/lib/appointments/repo";
import { authenticateApiKey, createApiKey, revokeKey } from "@/lib/appointments/service/api-keys";
import { availableSlots, offeredSlot } from "@/lib/appointments/service/availability";
import { bookDirect, confirmHold, findHold, holdSlot, saveHoldDetails, SlotUnavailableError, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { addClosure, importClosures } from "@/lib/appointments/service/configure";
import { cancelAppointment, findByManageToken, findByReference, rescheduleAppointment } from "@/lib/appointments/service/manage-appointment";
import { localDate } from "@/lib/appointments/slots";
import { verifyChain } from "@/lib/audit/service/verify-audit";
import { closeRateLimiters } from "@/lib/auth/rate-limit";
import { db, disconnectDb } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { applyMigrations } from "@/lib/core/migrate";
import { stopBoss } from "@/lib/notifications/boss";
import { mailBrand } from "@/lib/notifications/brand";
import { renderMail } from "@/lib/notifications/templates";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createDatabase } from "@/tests/fixtures/databases";
import { createVisibleTown } from "@/tests/fixtures/towns";

const town = createVisibleTown;

const audit = (tenant: TTenant) => ({ tenantId: tenant.id, actor: { type: "system" as const, label: "test" } });

function booking(tenant: TTenant, service: TDirectBooking["service"], start: Date, who: number | string, extra: Partial<TDirectBooking> = {}): TDirectBooking {
  return { tenant, service, siteId: null, start, people: 1, details: citizen(who), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: audit(tenant), ...extra };
}

/** The oracle: per slot, booked places against capacity, from the tables themselves. */
async function ledger(serviceId: string) {
  return db().$queryRaw<{ startsAt: Date; capacity: number; booked: bigint; appointments: bigint }[]>`
    SELECT s."startsAt", s.capacity,
           count(p.id) FILTER (WHERE p."appointmentId" IS NOT NULL) AS booked,
           (SELECT coalesce(sum(a.people), 0) FROM appointment a WHERE a."serviceId" = s."serviceId" AND a."startsAt" = s."startsAt" AND a."siteId" = s."siteId" AND a.status = 'booked') AS appointments
      FROM appointment_slot s JOIN appointment_place p ON p."slotId" = s.id
     WHERE s."serviceId" = ${serviceId}::uuid GROUP BY s.id ORDER BY s."startsAt"`;
}

async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.filter((r): r is PromiseFulfilledResult<Awaited<T>> => r.status === "fulfilled").map((r) => r.value),
    errors: results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as unknown),
  };
}

describe("appointments", () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let a: TTenant;
  let b: TTenant;

  beforeAll(async () => {
    database = await createDatabase(inject("adminDatabaseUrl"), "appointments");
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    process.env.ROOT_DOMAIN = "civitas.test";
    resetEnv();
    a = await town("alpha");
    b = await town("beta");
  });

  afterAll(async () => {
    await stopBoss();
    await closeRateLimiters();
    await stopInvalidationListener();
    await disconnectDb();
    await database.drop();
  });

  describe("capacity under concurrency", () => {
    it("200 concurrent bookings on 20 places: exactly 20 booked, the others told the slot is full", async () => {
      const { service } = await createBookableService(a, { capacity: 20 });
      const start = tomorrowAt(a, "10:00");
      const { ok, errors } = await settle(Array.from({ length: 200 }, (_, i) => bookDirect(booking(a, service, start, `rush${i}`))));
      expect(ok).toHaveLength(20);
      expect(errors).toHaveLength(180);
      for (const error of errors) expect(error).toBeInstanceOf(SlotUnavailableError);
      expect(errors.every((e) => (e as SlotUnavailableError).reason === "slotTaken")).toBe(true);
      const [slot] = await ledger(service.id);
      expect(slot).toMatchObject({ capacity: 20, booked: 20n, appointments: 20n });
      expect(await db().appointment.count({ where: { tenantId: a.id, serviceId: service.id, status: "booked" } })).toBe(20);
      // The place that was full is shown as such.
      expect((await offeredSlot(a, service, service.sites[0]!.siteId, start))?.remaining).toBe(0);
      // And the town's audit chain stayed whole under the rush.
      const report = await verifyChain(a.id);
      expect(report.broken).toBeNull();
      expect(report.entries).toBeGreaterThanOrEqual(20n);
    });

    it("bookings for several people take as many places, never more than the slot has", async () => {
      const { service } = await createBookableService(a, { capacity: 5, service: { maxPeople: 3 } });
      const start = tomorrowAt(a, "11:00");
      const { ok, errors } = await settle(Array.from({ length: 10 }, (_, i) => bookDirect(booking(a, service, start, `group${i}`, { people: 2 }))));
      expect(ok).toHaveLength(2);
      expect(errors).toHaveLength(8);
      const [slot] = await ledger(service.id);
      expect(slot).toMatchObject({ booked: 4n, appointments: 4n });
      // The last place still fits a single person.
      await expect(bookDirect(booking(a, service, start, "single"))).resolves.toBeTruthy();
      await expect(bookDirect(booking(a, service, start, "late", { people: 4 }))).rejects.toBeInstanceOf(ActionError);
      // On the pages, asking a hold for more people than places left says so plainly.
      const other = tomorrowAt(a, "11:20");
      await bookDirect(booking(a, service, other, "four", { people: 3 }));
      await bookDirect(booking(a, service, other, "five", { people: 1 }));
      await expect(holdSlot({ tenant: a, service, siteId: service.sites[0]!.siteId, start: other, people: 2, locale: "fr" })).rejects.toMatchObject({ key: "notEnoughPlaces", params: { count: 1 } });
    });

    it("a service that requires signing in cannot be booked without it, by page or API", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 2, service: { loginRequired: true } });
      const start = tomorrowAt(a, "11:40");
      await expect(bookDirect(booking(a, service, start, "anon"))).rejects.toMatchObject({ key: "loginRequired" });
      await expect(holdSlot({ tenant: a, service, siteId: sites[0]!.id, start, people: 1, locale: "fr" })).rejects.toMatchObject({ key: "loginRequired" });
    });

    it("holds count against capacity until they expire, with no job running", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 5 });
      const start = tomorrowAt(a, "12:00");
      const hold = (i: number) => holdSlot({ tenant: a, service, siteId: sites[0]!.id, start, people: 1, locale: "fr" }).then((r) => ({ ...r, i }));
      const first = await settle(Array.from({ length: 50 }, (_, i) => hold(i)));
      expect(first.ok).toHaveLength(5);
      expect(first.errors.every((e) => e instanceof SlotUnavailableError)).toBe(true);
      expect((await offeredSlot(a, service, sites[0]!.id, start))?.remaining).toBe(0);
      // Time passes: the holds run out. Nothing else happens, yet the places are free again.
      await db().$executeRaw`UPDATE appointment_place SET "heldUntil" = now() - interval '1 second' WHERE "holdId" IS NOT NULL AND "tenantId" = ${a.id}::uuid`;
      expect((await offeredSlot(a, service, sites[0]!.id, start))?.remaining).toBe(5);
      const second = await settle(Array.from({ length: 20 }, (_, i) => hold(100 + i)));
      expect(second.ok).toHaveLength(5);
      // The expired holders cannot confirm: their places went to others.
      const stale = first.ok[0]!;
      await saveHoldDetails(a.id, stale.hold, { firstName: "Ana", lastName: "Lopez", email: "ana@example.net" });
      const staleHold = (await findHold(a.id, stale.token))!;
      await expect(confirmHold({ tenant: a, service, hold: staleHold, token: stale.token })).rejects.toMatchObject({ key: "holdExpired" });
      const [slot] = await ledger(service.id);
      expect(slot?.appointments).toBe(0n);
    });

    it("keeps one active hold per citizen and service: a new one ends the others and frees their places", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 1 });
      const other = await createBookableService(a, { capacity: 1 });
      const [first, second] = [tomorrowAt(a, "09:00"), tomorrowAt(a, "11:00")];
      const siteId = sites[0]!.id;
      const details = (email: string) => ({ firstName: "Hoarder", lastName: "Bot", email });
      // Typed e-mail: the second hold of the same address (in any case) ends the first.
      const one = await holdSlot({ tenant: a, service, siteId, start: first, people: 1, locale: "fr" });
      await saveHoldDetails(a.id, one.hold, details("hoarder@example.net"));
      const elsewhere = await holdSlot({ tenant: a, service: other.service, siteId: other.sites[0]!.id, start: first, people: 1, locale: "fr" });
      await saveHoldDetails(a.id, elsewhere.hold, details("hoarder@example.net"));
      expect((await offeredSlot(a, service, siteId, first))?.remaining).toBe(0);
      const two = await holdSlot({ tenant: a, service, siteId, start: second, people: 1, locale: "fr" });
      await saveHoldDetails(a.id, two.hold, details("Hoarder@Example.net"));
      expect((await offeredSlot(a, service, siteId, first))?.remaining).toBe(1);
      await expect(confirmHold({ tenant: a, service, hold: (await findHold(a.id, one.token))!, token: one.token })).rejects.toMatchObject({ key: "holdExpired" });
      expect((await confirmHold({ tenant: a, service, hold: (await findHold(a.id, two.token))!, token: two.token })).created).toBe(true);
      // Another service's hold of the same citizen, and another citizen's hold, are untouched.
      expect((await offeredSlot(a, other.service, other.sites[0]!.id, first))?.remaining).toBe(0);
      const someoneElse = await holdSlot({ tenant: a, service, siteId, start: first, people: 1, locale: "fr" });
      await saveHoldDetails(a.id, someoneElse.hold, details("someone@example.net"));
      expect((await offeredSlot(a, service, siteId, first))?.remaining).toBe(0);
      // Signed in: the account's address applies from the time step, before any detail is typed.
      const { service: s3, sites: sites3 } = await createBookableService(a, { capacity: 1 });
      const mine = await holdSlot({ tenant: a, service: s3, siteId: sites3[0]!.id, start: first, people: 1, locale: "fr", signedIn: true, holderEmail: "citizen@example.net" });
      expect((await offeredSlot(a, s3, sites3[0]!.id, first))?.remaining).toBe(0);
      await holdSlot({ tenant: a, service: s3, siteId: sites3[0]!.id, start: second, people: 1, locale: "fr", signedIn: true, holderEmail: "citizen@example.net" });
      expect((await offeredSlot(a, s3, sites3[0]!.id, first))?.remaining).toBe(1);
      expect((await findHold(a.id, mine.token))?.expiresAt?.getTime()).toBeLessThanOrEqual(Date.now());
    });

    it("confirming a hold twice at once books once", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 2 });
      const start = tomorrowAt(a, "13:00");
      const held = await holdSlot({ tenant: a, service, siteId: sites[0]!.id, start, people: 1, locale: "fr" });
      await saveHoldDetails(a.id, held.hold, { firstName: "Ana", lastName: "Lopez", email: "ana.twice@example.net" });
      const hold = (await findHold(a.id, held.token))!;
      const results = await Promise.all(Array.from({ length: 5 }, () => confirmHold({ tenant: a, service, hold, token: held.token })));
      expect(new Set(results.map((r) => r.appointment.id)).size).toBe(1);
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect((await ledger(service.id))[0]).toMatchObject({ booked: 1n, appointments: 1n });
      // The hold's token is the appointment's manage token.
      expect((await findByManageToken(a.id, held.token))?.id).toBe(results[0]!.appointment.id);
    });

    it("retries with one idempotency key create one appointment, even at the same time", async () => {
      const { service } = await createBookableService(a, { capacity: 10 });
      const start = tomorrowAt(a, "14:00");
      const results = await Promise.all(Array.from({ length: 20 }, () => bookDirect(booking(a, service, start, "retry", { idempotencyKey: "key-123" }))));
      expect(new Set(results.map((r) => r.appointment.reference)).size).toBe(1);
      expect(results.filter((r) => r.manageToken !== null)).toHaveLength(1);
      expect(await db().appointment.count({ where: { tenantId: a.id, serviceId: service.id } })).toBe(1);
      // With a one-booking-per-citizen rule, copies waiting for the first still get its appointment
      // (not "you already have one").
      const strict = await createBookableService(a, { capacity: 10, service: { maxActivePerCitizen: 1 } });
      const copies = await Promise.all(Array.from({ length: 10 }, () => bookDirect(booking(a, strict.service, start, "strict-retry", { idempotencyKey: "key-456" }))));
      expect(new Set(copies.map((r) => r.appointment.reference)).size).toBe(1);
      // The same key in another town is another booking.
      const other = await createBookableService(b, { capacity: 10 });
      const inB = await bookDirect(booking(b, other.service, start, "retry", { idempotencyKey: "key-123" }));
      expect(inB.manageToken).not.toBeNull();
    });

    it("one citizen racing for several slots gets only what the per-citizen limit allows", async () => {
      const { service } = await createBookableService(a, { capacity: 3, service: { maxActivePerCitizen: 1, limitPeriodDays: 30 } });
      const starts = ["09:00", "09:20", "09:40", "10:00", "10:20", "10:40", "11:00", "11:20"].map((t) => tomorrowAt(a, t, 2));
      const { ok, errors } = await settle(starts.map((start) => bookDirect(booking(a, service, start, "greedy"))));
      expect(ok).toHaveLength(1);
      expect(errors.every((e) => e instanceof ActionError && e.key === "tooManyBookings")).toBe(true);
      // The same e-mail in other letter case is the same citizen.
      await expect(bookDirect(booking(a, service, starts[0]!, "x", { details: { ...citizen("x"), email: "CITIZENgreedy@example.net".toLowerCase() } }))).rejects.toMatchObject({ key: "tooManyBookings" });
    });

    it("concurrent reschedules and cancellations keep every count exact", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 10 });
      const from = tomorrowAt(a, "15:00");
      const to = tomorrowAt(a, "15:20");
      const booked = await Promise.all(Array.from({ length: 10 }, (_, i) => bookDirect(booking(a, service, from, `move${i}`))));
      // Fill the target slot but for 4 places.
      await Promise.all(Array.from({ length: 6 }, (_, i) => bookDirect(booking(a, service, to, `stay${i}`))));
      const site = sites[0]!.id;
      const work = booked.map(({ appointment }, i) =>
        i % 3 === 0 ? cancelAppointment(a, appointment.id, null) : rescheduleAppointment(a, appointment.id, { siteId: site, start: to }, null),
      );
      // Cancel some of them twice, and move some back and forth, at the same time.
      work.push(cancelAppointment(a, booked[0]!.appointment.id, null));
      const { ok, errors } = await settle<unknown>(work);
      // 4 cancellations (one twice), 6 moves to a slot with 4 places left: 4 moved, 2 told it is full.
      expect(ok).toHaveLength(9);
      expect(errors).toHaveLength(2);
      for (const e of errors) expect(e).toBeInstanceOf(SlotUnavailableError);
      const slots = await ledger(service.id);
      for (const slot of slots) {
        expect(slot.booked).toBe(slot.appointments);
        expect(Number(slot.booked)).toBeLessThanOrEqual(slot.capacity);
      }
      const target = slots.find((s) => s.startsAt.getTime() === to.getTime())!;
      expect(target.booked).toBe(10n); // 6 + the 4 places left, no more
      const cancelled = await db().appointment.count({ where: { tenantId: a.id, serviceId: service.id, status: "cancelled" } });
      expect(cancelled).toBe(4);
      // Cancelled and moved places are bookable again at once: 2 stayed of 10.
      expect((await offeredSlot(a, service, site, from))?.remaining).toBe(8);
    });
  });

  describe("rules are checked when booking, not only when showing", () => {
    it("refuses slots outside opening hours, in a closure, too soon or too far", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 2, weekly: { "1": [["09:00", "12:00"]], "2": [["09:00", "12:00"]], "3": [["09:00", "12:00"]], "4": [["09:00", "12:00"]], "5": [["09:00", "12:00"]], "6": [["09:00", "12:00"]], "7": [["09:00", "12:00"]] }, service: { minNoticeHours: 0, horizonWeeks: 1 } });
      const notOffered = async (start: Date) => expect(bookDirect(booking(a, service, start, `rule${start.getTime()}`))).rejects.toMatchObject({ reason: "slotNotOffered" });
      await notOffered(tomorrowAt(a, "13:00")); // closed in the afternoon
      await notOffered(tomorrowAt(a, "09:10")); // not a slot boundary
      await notOffered(tomorrowAt(a, "09:00", 9)); // beyond the horizon
      await notOffered(new Date(Date.now() - 3_600_000)); // in the past
      await addClosure(a.id, { serviceId: service.id, siteId: sites[0]!.id, startsAt: tomorrowAt(a, "10:00"), endsAt: tomorrowAt(a, "11:00") });
      await notOffered(tomorrowAt(a, "10:20"));
      await expect(bookDirect(booking(a, service, tomorrowAt(a, "11:00"), "after-closure"))).resolves.toBeTruthy();
      // Minimum notice.
      const soon = await createBookableService(a, { capacity: 1, service: { minNoticeHours: 48 } });
      await expect(bookDirect(booking(a, soon.service, tomorrowAt(a, "10:00"), "soon"))).rejects.toMatchObject({ reason: "slotNotOffered" });
      await expect(bookDirect(booking(a, soon.service, tomorrowAt(a, "10:00", 3), "later"))).resolves.toBeTruthy();
    });

    it("closes on the region's public holidays unless the service opts out", async () => {
      const closed = await createBookableService(a, { capacity: 1, service: { closedOnHolidays: true, horizonWeeks: 60 } });
      const open = await createBookableService(a, { capacity: 1, service: { closedOnHolidays: false, horizonWeeks: 60 } });
      const year = Number(localDate(new Date(), a.timeZone).slice(0, 4)) + 1;
      const day = `${year}-07-14`;
      const closedSlots = await availableSlots(a, closed.service, { from: day, to: day });
      const openSlots = await availableSlots(a, open.service, { from: day, to: day });
      expect(closedSlots).toHaveLength(0);
      expect(openSlots.length).toBeGreaterThan(0);
    });

    it("keeps a minimum number of days between two bookings of one citizen", async () => {
      const { service } = await createBookableService(a, { capacity: 2, service: { minDaysBetween: 7, maxActivePerCitizen: 0 } });
      await bookDirect(booking(a, service, tomorrowAt(a, "09:00"), "spaced"));
      await expect(bookDirect(booking(a, service, tomorrowAt(a, "09:00", 3), "spaced"))).rejects.toMatchObject({ key: "tooSoonAfterBooking" });
      await expect(bookDirect(booking(a, service, tomorrowAt(a, "09:00", 9), "spaced"))).resolves.toBeTruthy();
    });

    it("imports closures from an .ics file, once", async () => {
      const { service } = await createBookableService(a, { capacity: 1 });
      const day = localDate(tomorrowAt(a, "12:00", 2), a.timeZone).replaceAll("-", "");
      const ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:works-1@mairie", `DTSTART;VALUE=DATE:${day}`, "SUMMARY:Travaux", "END:VEVENT", "END:VCALENDAR"].join("\r\n");
      expect(await importClosures(a.id, a.timeZone, { ics, serviceId: service.id })).toMatchObject({ created: 1, updated: 0 });
      expect(await importClosures(a.id, a.timeZone, { ics, serviceId: service.id })).toMatchObject({ created: 0, updated: 1 });
      const date = localDate(tomorrowAt(a, "12:00", 2), a.timeZone);
      expect(await availableSlots(a, service, { from: date, to: date })).toHaveLength(0);
    });
  });

  describe("abandoned bookings in progress", () => {
    it("are deleted after a day with what was typed, confirmed ones are kept", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 2 });
      const start = tomorrowAt(a, "18:00");
      const abandoned = await holdSlot({ tenant: a, service, siteId: sites[0]!.id, start, people: 1, locale: "fr" });
      await saveHoldDetails(a.id, abandoned.hold, { firstName: "Old", lastName: "Draft", email: "old.draft@example.net" });
      const kept = await holdSlot({ tenant: a, service, siteId: sites[0]!.id, start, people: 1, locale: "fr" });
      await saveHoldDetails(a.id, kept.hold, { firstName: "Ana", lastName: "Kept", email: "ana.kept@example.net" });
      await confirmHold({ tenant: a, service, hold: (await findHold(a.id, kept.token))!, token: kept.token });
      const later = new Date(Date.now() + ABANDONED_AFTER_MS + 60_000);
      await db().$executeRaw`UPDATE appointment_place SET "heldUntil" = now() - interval '1 second' WHERE "holdId" = ${abandoned.hold.id}::uuid`;
      const purged = await purgeAbandonedHolds(later);
      expect(purged[a.slug]).toBeGreaterThanOrEqual(1);
      expect(await findHold(a.id, abandoned.token)).toBeNull();
      expect(await findHold(a.id, kept.token)).not.toBeNull();
      expect(await db().appointmentPlace.count({ where: { holdId: abandoned.hold.id } })).toBe(0);
      expect((await findByManageToken(a.id, kept.token))?.status).toBe("booked");
    });
  });

  describe("the constraints hold even if the code is wrong", () => {
    it("refuses a place beyond the slot's capacity and a capacity below its places", async () => {
      const { service } = await createBookableService(a, { capacity: 2 });
      await bookDirect(booking(a, service, tomorrowAt(a, "16:00"), "constraint"));
      const [slot] = await db().$queryRaw<{ id: string; tenantId: string }[]>`SELECT id, "tenantId" FROM appointment_slot WHERE "serviceId" = ${service.id}::uuid`;
      await expect(db().$executeRaw`INSERT INTO appointment_place (id, "tenantId", "slotId", seat, capacity) VALUES (gen_random_uuid(), ${slot!.tenantId}::uuid, ${slot!.id}::uuid, 3, 2)`).rejects.toThrow(/appointment_place_seat_check/);
      await expect(db().$executeRaw`INSERT INTO appointment_place (id, "tenantId", "slotId", seat, capacity) VALUES (gen_random_uuid(), ${slot!.tenantId}::uuid, ${slot!.id}::uuid, 3, 3)`).rejects.toThrow();
      await expect(db().$executeRaw`INSERT INTO appointment_place (id, "tenantId", "slotId", seat, capacity) VALUES (gen_random_uuid(), ${slot!.tenantId}::uuid, ${slot!.id}::uuid, 2, 2)`).rejects.toThrow();
      await expect(db().$executeRaw`UPDATE appointment_slot SET capacity = 1 WHERE id = ${slot!.id}::uuid`).rejects.toThrow(/appointment_place_seat_check/);
    });
  });

  describe("e-mails", () => {
    it("queues a confirmation in the citizen's language with the calendar file and the manage link", async () => {
      const { service } = await createBookableService(a, { capacity: 1 });
      const { appointment, manageToken } = await bookDirect(booking(a, service, tomorrowAt(a, "17:00"), "mail", { locale: "en" }));
      const outbox = await db().outboxMessage.findFirst({ where: { tenantId: a.id, toAddress: appointment.email }, orderBy: { createdAt: "desc" } });
      expect(outbox).toMatchObject({ template: "appointment-confirmation", locale: "en" });
      const link = (outbox!.secret as { link: string }).link;
      expect(link).toBe(`https://${a.slug}.civitas.test/en/appointments/manage/${manageToken}`);
      const mail = await renderMail({ template: outbox!.template, locale: "en", params: outbox!.params as Record<string, unknown>, secret: outbox!.secret as Record<string, unknown>, brand: await mailBrand(a.id, "en") });
      expect(mail.subject).toContain("Appointment confirmed");
      expect(mail.text).toContain(appointment.reference);
      expect(mail.text).toContain(link);
      expect(mail.attachments).toHaveLength(1);
      const ics = mail.attachments[0]!.content;
      expect(ics).toContain("BEGIN:VEVENT");
      const utc = appointment.startsAt.toISOString().replace(/[-:]/g, "").slice(0, 13);
      expect(ics).toContain(`DTSTART:${utc}`);
      // Cancelling sends a CANCEL for the same event.
      await cancelAppointment(a, appointment.id, manageToken);
      const cancel = await db().outboxMessage.findFirst({ where: { tenantId: a.id, toAddress: appointment.email, template: "appointment-cancelled" } });
      const rendered = await renderMail({ template: cancel!.template, locale: "en", params: cancel!.params as Record<string, unknown>, secret: cancel!.secret as Record<string, unknown>, brand: await mailBrand(a.id, "en") });
      expect(rendered.attachments[0]!.content).toContain("METHOD:CANCEL");
      expect(rendered.attachments[0]!.content).toContain(`UID:${appointment.id}@civitas.test`);
    });
  });

  describe("town isolation: town A using town B's ids gets nothing", () => {
    it("services, slots, holds, appointments, tokens and API keys", async () => {
      const inB = await createBookableService(b, { capacity: 2 });
      const start = tomorrowAt(b, "10:00");
      const { appointment, manageToken } = await bookDirect(booking(b, inB.service, start, "iso"));
      expect(await findService(a.id, inB.service.id)).toBeNull();
      expect(await findByReference(a.id, appointment.reference)).toBeNull();
      expect(await findByManageToken(a.id, manageToken!)).toBeNull();
      await expect(cancelAppointment(a, appointment.id, null)).rejects.toBeInstanceOf(NotFoundError);
      await expect(rescheduleAppointment(a, appointment.id, { siteId: inB.sites[0]!.id, start: tomorrowAt(b, "10:20") }, null)).rejects.toBeInstanceOf(NotFoundError);
      // A's service at B's site: not offered.
      const inA = await createBookableService(a, { capacity: 2 });
      await expect(holdSlot({ tenant: a, service: inA.service, siteId: inB.sites[0]!.id, start, people: 1, locale: "fr" })).rejects.toMatchObject({ reason: "slotNotOffered" });
      await expect(bookDirect(booking(a, inA.service, start, "iso2", { siteId: inB.sites[0]!.id }))).rejects.toMatchObject({ reason: "slotNotOffered" });
      // B's hold token is unknown in A.
      const held = await holdSlot({ tenant: b, service: inB.service, siteId: inB.sites[0]!.id, start: tomorrowAt(b, "11:00"), people: 1, locale: "fr" });
      expect(await findHold(a.id, held.token)).toBeNull();
      // A draft of town B cannot be continued in town A (a new hold is made instead).
      const fromA = await holdSlot({ tenant: a, service: inA.service, siteId: inA.sites[0]!.id, start: tomorrowAt(a, "11:00"), people: 1, locale: "fr", draftToken: held.token });
      expect(fromA.token).not.toBe(held.token);
      expect((await findHold(b.id, held.token))?.startsAt?.getTime()).toBe(tomorrowAt(b, "11:00").getTime());
      // API keys belong to their town; revoked keys stop working.
      const key = await createApiKey(b.id, "partner", null);
      expect(await authenticateApiKey(key.key)).toMatchObject({ tenantId: b.id });
      expect(await revokeKey(a.id, key.id)).toBe(false);
      expect(await revokeKey(b.id, key.id)).toBe(true);
      expect(await authenticateApiKey(key.key)).toBeNull();
      // B's appointment is untouched.
      expect((await findByReference(b.id, appointment.reference))?.status).toBe("booked");
    });
  });
});
