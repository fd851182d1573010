// The agents' calendar and calendar feeds on a real PostgreSQL: the day view's places match the
// bookings, holds and free places (overbooked and cancelled ones, closures, past days), the week's
// counts, the agent's service scope, and the feeds (right bookings only, no e-mail, revoked,
// deactivated or out-of-scope agent, another town's token).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { deactivateAgent, updateAgentAccess } from "@/lib/agents/service/manage-agent";
import { builtinRoleId } from "@/lib/agents/service/setup-town";
import { bookDirect, holdSlot, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { calendarView, type TCalendarRow } from "@/lib/appointments/service/calendar-view";
import { addClosure, addOpeningRule, createService } from "@/lib/appointments/service/configure";
import { townClosures, townServices } from "@/lib/appointments/service/definitions";
import { createFeed, feedCalendar, feedsPage, revokeOwnFeed } from "@/lib/appointments/service/feeds";
import { cancelAppointment } from "@/lib/appointments/service/manage-appointment";
import { addDays, localDate, localInstant } from "@/lib/appointments/slots";
import { hashSecret } from "@/lib/auth/tokens";
import { db } from "@/lib/core/db";
import { FieldsError, NotFoundError } from "@/lib/core/errors";
import { setTenantModules } from "@/lib/tenancy/repo";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";

const PASSWORD = "correct horse battery";
const ALL_DAY = Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [["00:00", "24:00"]] as [string, string][]]));

type TActor = NonNullable<Awaited<ReturnType<typeof getAgentForSession>>>;

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met in time");
}

/** A town with the module on (this process sees it). */
async function appointmentsTown(name: string): Promise<TTenant> {
  const town = await createVisibleTown(name);
  await setTenantModules(town.id, ["appointments"]);
  return eventually(async () => (await getTenantBySlug(town.slug))!, (t) => t.modules.includes("appointments"));
}

async function agent(tenant: TTenant, local: string, roles: ("administrator" | "agent")[], scope: string[] = []): Promise<TActor> {
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: local, password: PASSWORD, roles, scope });
  return (await getAgentForSession(tenant.id, id))!;
}

function booking(tenant: TTenant, service: TDirectBooking["service"], start: Date, who: string): TDirectBooking {
  return { tenant, service, siteId: null, start, people: 1, details: citizen(who), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: tenant.id, actor: { type: "system", label: "test" } } };
}

const at = (rows: TCalendarRow[], start: Date, serviceId: string) => rows.filter((r) => r.start.getTime() === start.getTime() && r.serviceId === serviceId);
const tokenOf = (url: string) => url.split("/api/feeds/")[1]!;
/** The feed's text with folded lines (RFC 5545 §3.1) unfolded. */
async function feedText(tenant: TTenant, url: string, now?: Date): Promise<string | null> {
  const feed = await feedCalendar(tenant, tokenOf(url), now);
  return feed ? feed.body.replace(/\r\n[ \t]/g, "") : null;
}

describe("agents' calendar and feeds", () => {
  let database: TAppDatabase;
  let a: TTenant;
  let b: TTenant;
  let siteId: string;
  let serviceA: Awaited<ReturnType<typeof createBookableService>>["service"];
  let serviceB: Awaited<ReturnType<typeof createBookableService>>["service"];
  let admin: TActor;
  let scoped: TActor;
  const day = () => localDate(tomorrowAt(a, "10:00"), a.timeZone);
  const refs: Record<string, { id: string; reference: string }> = {};

  beforeAll(async () => {
    database = await openAppDatabase("calendar");
    a = await appointmentsTown("alpha");
    b = await appointmentsTown("beta");
    const created = await createBookableService(a, { capacity: 2 });
    serviceA = created.service;
    siteId = created.sites[0]!.id;
    // Service B at the same site, one desk.
    const rowB = await createService(a.id, { names: { fr: "Carte d’identité", en: "Identity card" }, durationMinutes: 20, minNoticeHours: 0, closedOnHolidays: false, maxActivePerCitizen: 0, siteIds: [siteId] });
    await addOpeningRule(a.id, { serviceId: rowB.id, siteId, validFrom: "2020-01-01", weekly: ALL_DAY, slotMinutes: 20, capacity: 1 });
    const services = await eventually(() => townServices(a.id), (list) => list.some((s) => s.id === rowB.id && s.rules.length === 1));
    serviceB = services.find((s) => s.id === rowB.id)!;
    admin = await agent(a, "admin", ["administrator"]);
    scoped = await agent(a, "scoped", ["agent"], [`service:${serviceA.id}`]);

    for (const [key, time] of [["ten1", "10:00"], ["ten2", "10:00"], ["twenty", "10:20"]] as const) {
      const { appointment } = await bookDirect(booking(a, serviceA, tomorrowAt(a, time), key));
      refs[key] = appointment;
    }
    const { appointment: inB } = await bookDirect(booking(a, serviceB, tomorrowAt(a, "10:00"), "serviceB"));
    refs.b = inB;
    await holdSlot({ tenant: a, service: serviceA, siteId, start: tomorrowAt(a, "10:40"), people: 1, locale: "fr" });
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  describe("day view", () => {
    it("shows every place of the schedule: bookings, holds and free places, in the town's time", async () => {
      const view = await calendarView(a, admin, { site: siteId, date: day() });
      expect(view.view).toBe("day");
      expect(view.site?.id).toBe(siteId);
      const ten = at(view.rows, tomorrowAt(a, "10:00"), serviceA.id);
      expect(ten.map((r) => [r.desk, r.status])).toEqual([
        [1, "booked"],
        [2, "booked"],
      ]);
      expect(new Set(ten.map((r) => r.booking?.reference))).toEqual(new Set([refs.ten1!.reference, refs.ten2!.reference]));
      expect(ten[0]!.booking).toMatchObject({ firstName: expect.stringMatching(/^Prénom/), people: 1, attendance: null });
      expect(at(view.rows, tomorrowAt(a, "10:20"), serviceA.id).map((r) => [r.desk, r.status, r.booking?.reference ?? null])).toEqual([
        [1, "booked", refs.twenty!.reference],
        [2, "free", null],
      ]);
      const held = at(view.rows, tomorrowAt(a, "10:40"), serviceA.id);
      expect(held.map((r) => [r.desk, r.status])).toEqual([
        [1, "held"],
        [2, "free"],
      ]);
      expect(held[0]!.heldUntil!.getTime()).toBeGreaterThan(Date.now());
      // Slots nobody asked for: all their places free, per the rule's capacity.
      expect(at(view.rows, tomorrowAt(a, "15:00"), serviceA.id).map((r) => r.status)).toEqual(["free", "free"]);
      // Service B at the same site, its one desk.
      expect(at(view.rows, tomorrowAt(a, "10:00"), serviceB.id).map((r) => [r.desk, r.booking?.reference])).toEqual([[1, refs.b!.reference]]);
      // The whole day: 72 slots of 20 minutes, 2 + 1 places each.
      expect(view.rows).toHaveLength(72 * 3);
      expect(view.rows.every((r) => localDate(r.start, a.timeZone) === day())).toBe(true);
    });

    it("narrows to a desk and to a service", async () => {
      const desk2 = await calendarView(a, admin, { site: siteId, date: day(), desk: "2" });
      expect(desk2.rows.every((r) => r.desk === 2 && r.serviceId === serviceA.id)).toBe(true);
      expect(at(desk2.rows, tomorrowAt(a, "10:00"), serviceA.id).map((r) => r.status)).toEqual(["booked"]);
      const onlyB = await calendarView(a, admin, { site: siteId, date: day(), service: serviceB.id });
      expect(onlyB.rows.every((r) => r.serviceId === serviceB.id)).toBe(true);
      expect(onlyB.rows).toHaveLength(72);
    });

    it("shows today's and past hours (no booking window) and ignores malformed filters", async () => {
      const yesterday = addDays(localDate(new Date(), a.timeZone), -1);
      const past = await calendarView(a, admin, { site: siteId, date: yesterday });
      expect(past.rows.length).toBeGreaterThan(0);
      const odd = await calendarView(a, admin, { site: "nope", date: "2025-02-31", desk: "-3", view: "month" });
      expect(odd).toMatchObject({ view: "day", desk: null, date: localDate(new Date(), a.timeZone) });
      expect(odd.site?.id).toBe(siteId);
    });

    it("shows overbooked appointments as extra rows, not cancelled ones, and closures as closed", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 1 });
      const start = tomorrowAt(a, "09:00");
      const first = await bookDirect(booking(a, service, start, "first"));
      const cancelled = await bookDirect(booking(a, service, tomorrowAt(a, "09:20"), "cancelled"));
      await cancelAppointment(a, cancelled.appointment.id, null);
      const overbooked = await db().appointment.create({
        data: {
          id: randomUUID(),
          tenantId: a.id,
          reference: "OVR-BKD-001",
          serviceId: service.id,
          siteId: sites[0]!.id,
          startsAt: start,
          endsAt: new Date(start.getTime() + 20 * 60_000),
          firstName: "Over",
          lastName: "Booked",
          email: "over@example.net",
          locale: "fr",
          manageTokenHash: hashSecret(randomUUID()),
          source: "agent",
          overbooked: true,
          people: 2,
        },
      });
      await addClosure(a.id, { serviceId: service.id, startsAt: tomorrowAt(a, "12:00"), endsAt: tomorrowAt(a, "13:00") });
      await eventually(() => townClosures(a.id, service.id, tomorrowAt(a, "00:00"), tomorrowAt(a, "23:59")), (list) => list.length === 1);
      const view = await calendarView(a, admin, { site: sites[0]!.id, date: day() });
      expect(at(view.rows, start, service.id).map((r) => [r.desk, r.status, r.booking?.id])).toEqual([
        [1, "booked", first.appointment.id],
        [null, "overbooked", overbooked.id],
      ]);
      expect(at(view.rows, tomorrowAt(a, "09:20"), service.id).map((r) => [r.status, r.booking])).toEqual([["free", null]]);
      expect(view.rows.some((r) => r.booking?.id === cancelled.appointment.id)).toBe(false);
      expect(["12:00", "12:20", "12:40"].map((t) => at(view.rows, tomorrowAt(a, t), service.id)[0]?.status)).toEqual(["closed", "closed", "closed"]);
      expect(at(view.rows, tomorrowAt(a, "13:00"), service.id)[0]?.status).toBe("free");
      // A desk filter leaves the overbooked appointment out (it has no desk).
      const desk1 = await calendarView(a, admin, { site: sites[0]!.id, date: day(), desk: "1" });
      expect(desk1.rows.some((r) => r.status === "overbooked")).toBe(false);
      // The week counts it as booked (its people).
      const week = await calendarView(a, admin, { site: sites[0]!.id, date: day(), view: "week" });
      const counts = week.week.find((d) => d.date === day())!.groups.find((g) => g.serviceId === service.id)!.counts;
      expect(counts).toEqual({ booked: 3, held: 0, free: 72 - 1 - 3, closed: 3 });
    });
  });

  describe("week view", () => {
    it("counts booked, held and free places per day and service, and per desk for one service", async () => {
      const view = await calendarView(a, admin, { site: siteId, date: day(), view: "week" });
      expect(view.week).toHaveLength(7);
      const tomorrow = view.week.find((d) => d.date === day())!;
      expect(tomorrow.groups.find((g) => g.serviceId === serviceA.id)!.counts).toEqual({ booked: 3, held: 1, free: 144 - 4, closed: 0 });
      expect(tomorrow.groups.find((g) => g.serviceId === serviceB.id)!.counts).toEqual({ booked: 1, held: 0, free: 71, closed: 0 });
      const other = view.week.find((d) => d.date !== day())!;
      expect(other.groups.find((g) => g.serviceId === serviceA.id)!.counts).toEqual({ booked: 0, held: 0, free: 144, closed: 0 });
      const perDesk = await calendarView(a, admin, { site: siteId, date: day(), view: "week", service: serviceA.id });
      const desks = perDesk.week.find((d) => d.date === day())!.groups;
      expect(desks.map((g) => [g.desk, g.counts.booked, g.counts.held])).toEqual([
        [1, 2, 1],
        [2, 1, 0],
      ]);
    });
  });

  describe("scope", () => {
    it("an agent scoped to service A does not see service B's bookings, even when asking for it", async () => {
      const view = await calendarView(a, scoped, { site: siteId, date: day() });
      expect(view.services.map((s) => s.id)).toEqual([serviceA.id]);
      expect(view.rows.every((r) => r.serviceId === serviceA.id)).toBe(true);
      expect(view.rows.some((r) => r.booking?.id === refs.b!.id)).toBe(false);
      const asked = await calendarView(a, scoped, { site: siteId, date: day(), service: serviceB.id });
      expect(asked.service).toBeNull();
      expect(asked.rows.some((r) => r.serviceId === serviceB.id)).toBe(false);
      const week = await calendarView(a, scoped, { site: siteId, date: day(), view: "week" });
      expect(week.week.flatMap((d) => d.groups).every((g) => g.serviceId === serviceA.id)).toBe(true);
      // Town B's agent sees nothing of town A's site.
      const inB = await agent(b, "admin", ["administrator"]);
      const fromB = await calendarView(b, inB, { site: siteId, date: day() });
      expect(fromB.site).toBeNull();
      expect(fromB.rows).toEqual([]);
    });
  });

  describe("feeds", () => {
    it("a site feed lists the bookings in the agent's scope, without e-mail or phone", async () => {
      const { key } = await createFeed(a, scoped, { name: "Site", siteId });
      expect(key).toMatch(/\/api\/feeds\/[A-Za-z0-9_-]{43}\.ics$/);
      expect(key).toContain(a.slug);
      const body = (await feedText(a, key))!;
      expect(body).not.toBeNull();
      expect(body).toContain("BEGIN:VCALENDAR");
      for (const ref of [refs.ten1!, refs.ten2!, refs.twenty!]) expect(body).toContain(ref.reference);
      expect(body).not.toContain(refs.b!.reference);
      expect(body).not.toContain("@example.net");
      expect(body).toContain("Passeport test");
      expect(body).toMatch(/SUMMARY:Passeport test – Prénomten1 Nomten1 – /);
      // Admin's site feed sees both services.
      const all = await feedText(a, (await createFeed(a, admin, { name: "All", siteId })).key);
      expect(all).toContain(refs.b!.reference);
      // Its last use is recorded; the list shows it.
      const page = await feedsPage(a, scoped, "fr");
      expect(page.feeds).toHaveLength(1);
      expect(page.feeds[0]!.lastUsedAt).not.toBeNull();
      expect(page.feeds[0]).not.toHaveProperty("tokenHash");
    });

    it("a desk feed lists that desk's bookings only", async () => {
      const { key } = await createFeed(a, admin, { name: "Desk 2", serviceId: serviceA.id, siteId, desk: 2 });
      const body = (await feedText(a, key))!;
      const desk2 = await calendarView(a, admin, { site: siteId, date: day(), desk: "2", service: serviceA.id });
      const expected = desk2.rows.filter((r) => r.booking).map((r) => r.booking!.reference);
      expect(expected).toHaveLength(1);
      expect(body).toContain(expected[0]);
      expect([refs.ten1!, refs.ten2!, refs.twenty!].filter((r) => body.includes(r.reference))).toHaveLength(1);
      // Description: the people, then the desk (in the agent's or the town's language).
      expect(body).toMatch(/DESCRIPTION:1 [^\r\n]*\\n[^\r\n]*\b2\r\n/);
    });

    it("refuses a service outside the agent's scope, or nothing chosen", async () => {
      await expect(createFeed(a, scoped, { name: "B", serviceId: serviceB.id })).rejects.toBeInstanceOf(FieldsError);
      await expect(createFeed(a, scoped, { name: "None" })).rejects.toBeInstanceOf(FieldsError);
    });

    it("a revoked feed is not found; only its agent revokes it", async () => {
      const { id, key } = await createFeed(a, scoped, { name: "Revoked", serviceId: serviceA.id });
      expect(await feedCalendar(a, tokenOf(key))).not.toBeNull();
      await expect(revokeOwnFeed(a.id, admin.id, id)).rejects.toBeInstanceOf(NotFoundError);
      await revokeOwnFeed(a.id, scoped.id, id);
      expect(await feedCalendar(a, tokenOf(key))).toBeNull();
      await expect(revokeOwnFeed(a.id, scoped.id, id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it("another town's token is not found; a malformed token neither", async () => {
      const { service, sites } = await createBookableService(b, { capacity: 1 });
      await bookDirect(booking(b, service, tomorrowAt(b, "10:00"), "beta"));
      const adminB = await agent(b, "feeder", ["administrator"]);
      const { key } = await createFeed(b, adminB, { name: "B", siteId: sites[0]!.id });
      expect(await feedCalendar(b, tokenOf(key))).not.toBeNull();
      expect(await feedCalendar(a, tokenOf(key))).toBeNull();
      expect(await feedCalendar(a, "../../etc/passwd")).toBeNull();
      expect(await feedCalendar(a, "x".repeat(43))).toBeNull();
    });

    it("stops when its agent is deactivated or loses the service", async () => {
      const worker = await agent(a, "worker", ["agent"], [`service:${serviceA.id}`]);
      const { key } = await createFeed(a, worker, { name: "Mine", serviceId: serviceA.id });
      expect(await feedCalendar(a, tokenOf(key))).not.toBeNull();
      const agentRole = (await builtinRoleId(a.id, "agent"))!;
      await updateAgentAccess(a.id, worker.id, [agentRole], [`service:${serviceB.id}`]);
      expect(await feedCalendar(a, tokenOf(key))).toBeNull();
      await updateAgentAccess(a.id, worker.id, [agentRole], [`service:${serviceA.id}`]);
      expect(await feedCalendar(a, tokenOf(key))).not.toBeNull();
      await deactivateAgent(a.id, worker.id, admin.id);
      expect(await feedCalendar(a, tokenOf(key))).toBeNull();
    });

    it("stops when the town switches the module off", async () => {
      const { key } = await createFeed(a, admin, { name: "Module", siteId });
      expect(await feedCalendar({ ...a, modules: [] }, tokenOf(key))).toBeNull();
    });

    it("covers a week back and two months ahead only", async () => {
      const far = await bookDirect(booking(a, serviceA, localInstant(addDays(localDate(new Date(), a.timeZone), 14), "10:00", a.timeZone), "far"));
      const { key } = await createFeed(a, admin, { name: "Range", serviceId: serviceA.id });
      expect(await feedText(a, key)).toContain(far.appointment.reference);
      expect(await feedText(a, key, new Date(Date.now() - 70 * 86_400_000))).not.toContain(far.appointment.reference);
      expect(await feedText(a, key, new Date(Date.now() + 30 * 86_400_000))).not.toContain(far.appointment.reference);
    });
  });
});
