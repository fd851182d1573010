// Rush readiness on a real PostgreSQL (issue 9): announced releases and their waiting room (random
// order before the release, first come first served after, at the configured rate; forged, foreign
// and spent tokens refused), the booking challenge (solved like a browser, replay and forgery
// refused), the rate limits counted in PostgreSQL across servers, and the slot-change events that
// keep cached slot lists exact.
import { solveChallenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { bookingChallenge, checkBookingChallenge } from "@/lib/appointments/challenge";
import { citizenKey, overLimit, resetBookingLimiters } from "@/lib/appointments/limits";
import { availableSlots } from "@/lib/appointments/service/availability";
import { holdSlot } from "@/lib/appointments/service/book-appointment";
import { townReleases } from "@/lib/appointments/service/definitions";
import { admission, createRelease, entryOfToken, HOLDS_PER_ADMISSION, joinQueue, queueCookieName, queueStatus, removeRelease, signToken, useAdmission } from "@/lib/appointments/service/waiting-room";
import { addDays, localDate, localInstant } from "@/lib/appointments/slots";
import { closeRateLimiters } from "@/lib/auth/rate-limit";
import { db, disconnectDb } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import { slotChangesSent, stopInvalidationListener, subscribeInvalidation, type TInvalidation } from "@/lib/core/invalidation";
import { applyMigrations } from "@/lib/core/migrate";
import { stopBoss } from "@/lib/notifications/boss";
import type { TTenant } from "@/lib/tenancy/registry";
import { createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createDatabase } from "@/tests/fixtures/databases";
import { createVisibleTown } from "@/tests/fixtures/towns";

/** Spearman's rank correlation of two orderings of the same items (ranks 0..n-1). */
function spearman(a: number[], b: number[]): number {
  const n = a.length;
  const d2 = a.reduce((sum, x, i) => sum + (x - b[i]!) ** 2, 0);
  return 1 - (6 * d2) / (n * (n * n - 1));
}

describe("rush readiness", () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let a: TTenant;
  let b: TTenant;

  beforeAll(async () => {
    database = await createDatabase(inject("adminDatabaseUrl"), "rush");
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    process.env.ROOT_DOMAIN = "civitas.test";
    process.env.AUTH_SECRET ??= "rush-test-secret-".padEnd(48, "x");
    process.env.HOLD_RATE_LIMIT = "5";
    resetEnv();
    a = await createVisibleTown("rush-a");
    b = await createVisibleTown("rush-b");
  });

  afterAll(async () => {
    await slotChangesSent();
    await stopBoss();
    await closeRateLimiters();
    await stopInvalidationListener();
    await disconnectDb();
    await database.drop();
  });

  async function release(tenant: TTenant, serviceId: string, opensInMs: number, extra: { admitPerMinute?: number; slotsFrom?: string; slotsUntil?: string } = {}) {
    const today = localDate(new Date(), tenant.timeZone);
    return createRelease(tenant.id, {
      serviceId,
      opensAt: new Date(Date.now() + opensInMs),
      slotsFrom: extra.slotsFrom ?? addDays(today, 2),
      slotsUntil: extra.slotsUntil ?? addDays(today, 3),
      admitPerMinute: extra.admitPerMinute ?? 60,
      queueBeforeMinutes: 60,
      queueAfterMinutes: 120,
      createdBy: "test",
    });
  }

  describe("waiting room", () => {
    it("admits those who came before the release in random order, then later ones in order, at the set rate", async () => {
      const { service } = await createBookableService(a);
      const r = await release(a, service.id, 60_000, { admitPerMinute: 600 }); // one every 100 ms
      const early = [];
      for (let i = 0; i < 60; i++) early.push(await joinQueue(r, new Date(r.opensAt.getTime() - 60_000 + i * 100)));
      // Before the release: nobody is admitted, everyone sees how many wait.
      const before = await queueStatus(r, early[0]!, new Date(r.opensAt.getTime() - 1000));
      expect(before).toEqual({ state: "before", opensAt: r.opensAt, waiting: 60 });

      // At the release: each early visitor's turn comes from the draw, not from arrival.
      const admitTimes = [];
      for (const entry of early) {
        const status = await queueStatus(r, entry, r.opensAt);
        admitTimes.push(status.state === "admitted" ? r.opensAt.getTime() : (status as { admitAt: Date }).admitAt.getTime());
      }
      const turns = admitTimes.map((t) => Math.round((t - r.opensAt.getTime()) / 100));
      expect([...turns].sort((x, y) => x - y)).toEqual(Array.from({ length: 60 }, (_, i) => i)); // a permutation: one per interval
      const arrival = early.map((_, i) => i);
      const rho = spearman(arrival, turns);
      expect(Math.abs(rho)).toBeLessThan(0.6); // 60 random ranks: |rho| < 0.6 except with probability < 1e-6
      expect(turns).not.toEqual(arrival);

      // After the release: first come, first served, behind every early visitor, one interval apart.
      const late1 = await joinQueue(r, new Date(r.opensAt.getTime() + 10));
      const late2 = await joinQueue(r, new Date(r.opensAt.getTime() + 20));
      expect(late1.admitAt!.getTime()).toBe(r.opensAt.getTime() + 60 * 100);
      expect(late2.admitAt!.getTime()).toBe(r.opensAt.getTime() + 61 * 100);
      // Long after the queue emptied, a newcomer goes straight in.
      const later = await joinQueue(r, new Date(r.opensAt.getTime() + 3_600_000));
      expect((await queueStatus(r, later, new Date(r.opensAt.getTime() + 3_600_000))).state).toBe("admitted");
    });

    it("hides the released days until the release, and needs an admission only while the room is open", async () => {
      const { service } = await createBookableService(a);
      const today = localDate(new Date(), a.timeZone);
      const day = addDays(today, 2);
      const shown = async (now: Date) => (await availableSlots(a, service, { from: day, to: day, now })).length;
      expect(await shown(new Date())).toBeGreaterThan(0);
      const r = await release(a, service.id, 30 * 60_000, { slotsFrom: day, slotsUntil: day });
      expect(await townReleases(a.id, service.id)).toHaveLength(1);
      expect(await shown(new Date())).toBe(0);
      expect(await shown(new Date(r.opensAt.getTime() + 1))).toBeGreaterThan(0);
      // The day before is not part of the release.
      expect((await availableSlots(a, service, { from: addDays(today, 1), to: addDays(today, 1) })).length).toBeGreaterThan(0);

      const noCookie = await admission(a.id, service.id, () => undefined);
      expect(noCookie.kind).toBe("queue");
      expect(await admission(a.id, service.id, () => undefined, new Date(r.opensAt.getTime() + 121 * 60_000))).toEqual({ kind: "open" });
      await removeRelease(a.id, service.id, r.id);
      expect(await shown(new Date())).toBeGreaterThan(0);
      expect((await admission(a.id, service.id, () => undefined)).kind).toBe("open");
    });

    it("refuses a forged token, another release's or another town's, and a spent one", async () => {
      const { service } = await createBookableService(a);
      const r = await release(a, service.id, -1000); // opened a second ago: admitted at once
      const entry = await joinQueue(r);
      const token = signToken(r, entry);
      const cookie = (value: string | undefined) => (name: string) => (name === queueCookieName(r) ? value : undefined);
      const gate = await admission(a.id, service.id, cookie(token));
      expect(gate.kind).toBe("admitted");

      expect(await entryOfToken(r, `${entry.id}.${"A".repeat(43)}`)).toBeNull(); // forged signature
      expect(await entryOfToken(r, `${crypto.randomUUID()}.${token.split(".")[1]}`)).toBeNull(); // another entry, same signature
      expect((await admission(a.id, service.id, cookie(`${entry.id}.forged`))).kind).toBe("queue");
      const other = await createBookableService(a);
      const r2 = await release(a, other.service.id, -1000);
      expect(await entryOfToken(r2, token)).toBeNull(); // signed for another release
      const { service: serviceB } = await createBookableService(b);
      const rB = await release(b, serviceB.id, -1000);
      expect(await entryOfToken(rB, token)).toBeNull(); // another town

      // A replayed token: its few holds, then spent.
      if (gate.kind !== "admitted") throw new Error("admitted expected");
      for (let i = 0; i < HOLDS_PER_ADMISSION; i++) expect(await useAdmission(gate.entry)).toBe(true);
      expect(await useAdmission(gate.entry)).toBe(false);
      expect(await admission(a.id, service.id, cookie(token))).toMatchObject({ kind: "queue", spent: true });
    });
  });

  describe("booking challenge", () => {
    it("accepts a solution like the widget's once, for its own booking only", async () => {
      const holdId = crypto.randomUUID();
      const challenge = await bookingChallenge(holdId);
      const started = performance.now();
      const solution = await solveChallenge({ challenge, deriveKey });
      const solveMs = performance.now() - started;
      expect(solution).not.toBeNull();
      const payload = Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString("base64");
      expect(await checkBookingChallenge(crypto.randomUUID(), payload)).toBe("refused"); // another booking
      const verifyStarted = performance.now();
      expect(await checkBookingChallenge(holdId, payload)).toBe("solved");
      const verifyMs = performance.now() - verifyStarted;
      expect(await checkBookingChallenge(holdId, payload)).toBe("refused"); // replayed
      expect(await checkBookingChallenge(holdId, undefined)).toBe("missing");
      expect(await checkBookingChallenge(holdId, "not base64 json")).toBe("refused");
      // A forged challenge (changed data, same signature) or a wrong solution.
      const forged = { ...challenge, parameters: { ...challenge.parameters, data: { hold: holdId }, cost: 1 } };
      const other = await bookingChallenge(holdId);
      expect(await checkBookingChallenge(holdId, Buffer.from(JSON.stringify({ challenge: forged, solution })).toString("base64"))).toBe("refused");
      expect(await checkBookingChallenge(holdId, Buffer.from(JSON.stringify({ challenge: other, solution })).toString("base64"))).toBe("refused");
      // The asymmetry the challenge is for (figures, not thresholds: machines are shared).
      console.log(`challenge: solved in ${solveMs.toFixed(0)} ms (Node, one thread), verified in ${verifyMs.toFixed(1)} ms`);
    });
  });

  describe("rate limits in PostgreSQL", () => {
    it("count across servers: a fresh process still sees the address's earlier requests", async () => {
      const ip = `203.0.113.${Math.floor(Math.random() * 200)}`;
      for (let i = 0; i < 5; i++) expect(await overLimit("hold", ip)).toBe(0);
      resetBookingLimiters(); // as if the next request reached another server
      expect(await overLimit("hold", ip)).toBeGreaterThan(0);
      const [row] = await db().$queryRaw<{ points: number }[]>`SELECT points FROM rate_limit WHERE key = ${`booking-hold:${ip}`}`;
      expect(row?.points).toBeGreaterThanOrEqual(6);
      expect(await overLimit("hold", "198.51.100.7")).toBe(0); // another address is not affected
    });

    it("names a citizen by account, else by a hash of the address (any case)", () => {
      expect(citizenKey({ accountId: "acc", email: "x@example.org" })).toBe("account:acc");
      expect(citizenKey({ email: "Marie@Example.org " })).toBe(citizenKey({ email: "marie@example.org" }));
      expect(citizenKey({ email: "marie@example.org" })).not.toContain("marie");
      expect(citizenKey({})).toBeNull();
    });
  });

  describe("slot changes for the page cache", () => {
    it("a hold tells every process which service and slot changed, after its commit", async () => {
      const { service, sites } = await createBookableService(a);
      const events: TInvalidation[] = [];
      const stop = await subscribeInvalidation(database.url, (event) => {
        if (event.scope === "slots") events.push(event);
      });
      const start = tomorrowAt(a, "10:00");
      await holdSlot({ tenant: a, service, siteId: sites[0]!.id, start, people: 1, locale: "fr" });
      stop();
      expect(events).toContainEqual({ scope: "slots", tenantId: a.id, slots: [{ serviceId: service.id, startsAt: start.toISOString() }] });
      expect(localInstant(localDate(start, a.timeZone), "10:00", a.timeZone).getTime()).toBe(start.getTime());
    });
  });
});
