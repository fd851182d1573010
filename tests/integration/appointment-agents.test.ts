// The agents' side of appointments on a real PostgreSQL: the editor's rules (contradictory timetables
// refused, capacity changes reaching slots already in use), booking for a citizen and overbooking
// (only with the permission, flagged, holding no place), move / cancel / attendance / comments in the
// agent's scope only, closures that hit bookings, the retention job, and isolation between towns.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { findService } from "@/lib/appointments/repo";
import { addBookingComment, agentBooking, agentCancel, agentMove, bookOnBehalf, setAttendance } from "@/lib/appointments/service/agent-bookings";
import { offeredSlot } from "@/lib/appointments/service/availability";
import { bookDirect, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { listBookings, parseBookingFilters } from "@/lib/appointments/service/booking-list";
import { addClosure, bookingsInClosures, saveRule } from "@/lib/appointments/service/configure";
import { findByManageToken } from "@/lib/appointments/service/manage-appointment";
import { anonymiseExpired, anonymiseTown } from "@/lib/appointments/service/retention";
import { db } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";

const audit = (tenant: TTenant) => ({ tenantId: tenant.id, actor: { type: "system" as const, label: "test" } });
const booking = (tenant: TTenant, service: TDirectBooking["service"], start: Date, who: number | string): TDirectBooking => ({
  tenant, service, siteId: null, start, people: 1, details: citizen(who), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: audit(tenant),
});

async function agent(tenant: TTenant, local: string, roles: ("agent" | "service-manager" | "administrator")[], scope: string[] = []) {
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: local, password: "a long enough passphrase", roles, scope });
  const actor = await getAgentForSession(tenant.id, id);
  if (!actor) throw new Error("agent");
  return { ...actor, kind: "agent" as const, sessionId: "test" };
}

describe("appointments: the agents' side", () => {
  let database: TAppDatabase;
  let a: TTenant;
  let b: TTenant;

  beforeAll(async () => {
    database = await openAppDatabase("appointment_agents");
    a = await createVisibleTown("agents-a");
    b = await createVisibleTown("agents-b");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("refuses contradictory timetables with the reason, accepts a holiday timetable inside the year's", async () => {
    const { service, sites } = await createBookableService(a);
    const site = sites[0]!.id;
    const week = { "1": [["09:00", "12:00"]] as [string, string][] };
    // The fixture's rule runs from 2020-01-01 with no end: a timetable starting the same day is refused.
    await expect(saveRule(a, service.id, { siteId: site, validFrom: "2020-01-01", validUntil: null, weekly: week, slotMinutes: 20, capacity: 1 })).rejects.toMatchObject({ fields: { validFrom: { key: "ruleSameStart" } } });
    await expect(saveRule(a, service.id, { siteId: site, validFrom: "2030-01-01", validUntil: null, weekly: { "1": [["09:00", "12:00"], ["11:00", "13:00"]] }, slotMinutes: 20, capacity: 1 })).rejects.toBeInstanceOf(FieldsError);
    const summer = await saveRule(a, service.id, { siteId: site, validFrom: "2030-07-01", validUntil: "2030-08-31", weekly: week, slotMinutes: 20, capacity: 1 });
    // A period overlapping the summer one partly is contradictory.
    await expect(saveRule(a, service.id, { siteId: site, validFrom: "2030-08-15", validUntil: "2030-09-30", weekly: week, slotMinutes: 20, capacity: 1 })).rejects.toMatchObject({ fields: { validFrom: { key: "rulePartialOverlap" } } });
    // Another town cannot touch this service.
    await expect(saveRule(b, service.id, { siteId: site, validFrom: "2031-01-01", validUntil: null, weekly: week, slotMinutes: 20, capacity: 1 })).rejects.toBeInstanceOf(NotFoundError);
    expect(summer.id).toBeTruthy();
  });

  it("more desks reach slots already in use; fewer desks never remove a booked place", async () => {
    const { service, sites } = await createBookableService(a, { capacity: 2 });
    const start = tomorrowAt(a, "10:00");
    await bookDirect(booking(a, service, start, "desk1"));
    await bookDirect(booking(a, service, start, "desk2"));
    const full = await findService(a.id, service.id);
    expect((await offeredSlot(a, full!, sites[0]!.id, start))?.remaining).toBe(0);
    const rule = service.rules[0]!;
    const weekly = rule.weekly as Record<string, [string, string][]>;
    await saveRule(a, service.id, { id: rule.id, siteId: rule.siteId, validFrom: "2020-01-01", validUntil: null, weekly, slotMinutes: 20, capacity: 4 });
    const grown = await findService(a.id, service.id);
    expect((await offeredSlot(a, grown!, sites[0]!.id, start))?.remaining).toBe(2);
    const result = await saveRule(a, service.id, { id: rule.id, siteId: rule.siteId, validFrom: "2020-01-01", validUntil: null, weekly, slotMinutes: 20, capacity: 1 });
    // Two places are booked: the slot keeps 2 (reported), the free ones are gone.
    expect(result.keptLarger).toBe(1);
    const shrunk = await findService(a.id, service.id);
    expect(await offeredSlot(a, shrunk!, sites[0]!.id, start)).toMatchObject({ capacity: 2, remaining: 0 });
    expect(await db().appointment.count({ where: { serviceId: service.id, status: "booked" } })).toBe(2);
  });

  it("books on behalf with the citizen's rules; overbooking only with the permission, flagged, holding no place", async () => {
    const { service, sites } = await createBookableService(a, { capacity: 1 });
    const site = sites[0]!.id;
    const start = tomorrowAt(a, "14:00");
    const clerk = await agent(a, "clerk", ["agent"]);
    const manager = await agent(a, "manager", ["service-manager"]);
    const first = await bookOnBehalf({ tenant: a, actor: clerk, service, siteId: site, start, people: 1, details: { ...citizen("phone1"), email: "", phone: "+33 1 23 45 67 89" }, locale: "en", overbook: false, audit: audit(a) });
    expect(first).toMatchObject({ source: "agent", bookedBy: clerk.email, overbooked: false, email: "" });
    // Full now: the clerk cannot book, and may not overbook.
    await expect(bookOnBehalf({ tenant: a, actor: clerk, service, siteId: site, start, people: 1, details: citizen("phone2"), locale: "fr", overbook: false, audit: audit(a) })).rejects.toMatchObject({ key: "slotTaken" });
    await expect(bookOnBehalf({ tenant: a, actor: clerk, service, siteId: site, start, people: 1, details: citizen("phone2"), locale: "fr", overbook: true, audit: audit(a) })).rejects.toMatchObject({ key: "forbidden" });
    const extra = await bookOnBehalf({ tenant: a, actor: manager, service, siteId: site, start, people: 1, details: citizen("phone3"), locale: "fr", overbook: true, audit: audit(a) });
    expect(extra.overbooked).toBe(true);
    expect(await db().appointmentPlace.count({ where: { appointmentId: extra.id } })).toBe(0);
    const entry = await db().auditEntry.findFirst({ where: { tenantId: a.id, action: "appointments.overbook", targetId: extra.id } });
    expect(entry).toBeTruthy();
    // Outside opening hours stays refused, even for an agent allowed to overbook.
    await expect(bookOnBehalf({ tenant: a, actor: manager, service, siteId: site, start: new Date(start.getTime() + 7 * 60_000), people: 1, details: citizen("odd"), locale: "fr", overbook: true, audit: audit(a) })).rejects.toMatchObject({ key: "slotNotOffered" });
  });

  it("an agent scoped to one service neither sees nor changes another service's bookings; another town's ids are not found", async () => {
    const one = await createBookableService(a);
    const two = await createBookableService(a);
    const mine = await bookDirect(booking(a, one.service, tomorrowAt(a, "09:00"), "mine"));
    const theirs = await bookDirect(booking(a, two.service, tomorrowAt(a, "09:00"), "theirs"));
    const scoped = await agent(a, "scoped", ["agent"], [`service:${one.service.id}`]);
    const list = await listBookings(a, scoped, parseBookingFilters({}));
    expect(list.rows.map((r) => r.id)).toContain(mine.appointment.id);
    expect(list.rows.map((r) => r.id)).not.toContain(theirs.appointment.id);
    // Even asking for the other service by filter gives nothing.
    expect((await listBookings(a, scoped, parseBookingFilters({ service: two.service.id }))).rows).toEqual([]);
    await expect(agentBooking(a, scoped, theirs.appointment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(agentCancel(a, scoped, theirs.appointment.id, "no")).rejects.toBeInstanceOf(NotFoundError);
    await expect(addBookingComment(a, scoped, theirs.appointment.id, "peek")).rejects.toBeInstanceOf(NotFoundError);
    await expect(setAttendance(a, scoped, theirs.appointment.id, "arrived")).rejects.toBeInstanceOf(NotFoundError);
    // Town B's administrator with town A's ids.
    const other = await agent(b, "admin", ["administrator"]);
    await expect(agentBooking(b, other, mine.appointment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(agentMove(b, other, mine.appointment.id, { siteId: one.sites[0]!.id, start: tomorrowAt(a, "10:00") }, "x")).rejects.toBeInstanceOf(NotFoundError);
    expect((await listBookings(b, other, parseBookingFilters({ q: mine.appointment.reference }))).rows).toEqual([]);
    expect(await db().appointment.findUnique({ where: { id: theirs.appointment.id } })).toMatchObject({ status: "booked" });
  });

  it("move and cancel by an agent carry the reason; attendance from the day on; comments stay internal", async () => {
    const { service, sites } = await createBookableService(a);
    const clerk = await agent(a, "desk", ["agent"]);
    const { appointment } = await bookDirect(booking(a, service, tomorrowAt(a, "15:00"), "moved"));
    const moved = await agentMove(a, clerk, appointment.id, { siteId: sites[0]!.id, start: tomorrowAt(a, "16:00") }, "The desk is closed at 15:00");
    expect(moved.appointment).toMatchObject({ reason: "The desk is closed at 15:00" });
    await expect(setAttendance(a, clerk, appointment.id, "arrived", new Date())).rejects.toMatchObject({ key: "attendanceTooEarly" });
    const marked = await setAttendance(a, clerk, appointment.id, "no_show", new Date(tomorrowAt(a, "17:00").getTime()));
    expect(marked.attendance).toBe("no_show");
    await addBookingComment(a, clerk, appointment.id, "Called twice, no answer");
    expect(await db().appointmentComment.count({ where: { appointmentId: appointment.id } })).toBe(1);
    const other = await bookDirect(booking(a, service, tomorrowAt(a, "15:20"), "cancelled"));
    const cancelled = await agentCancel(a, clerk, other.appointment.id, "Staff strike");
    expect(cancelled.appointment).toMatchObject({ status: "cancelled", reason: "Staff strike" });
    const mails = await db().outboxMessage.findMany({ where: { tenantId: a.id, toAddress: citizen("cancelled").email, template: "appointment-cancelled" } });
    expect(mails.map((m) => (m.params as { reason?: string }).reason)).toEqual(["Staff strike"]);
  });

  it("finds the booked appointments inside a closure (to tell those citizens)", async () => {
    const { service } = await createBookableService(a);
    const hit = await bookDirect(booking(a, service, tomorrowAt(a, "11:00"), "closed"));
    await bookDirect(booking(a, service, tomorrowAt(a, "13:00"), "open"));
    const closure = await addClosure(a.id, { serviceId: service.id, startsAt: tomorrowAt(a, "10:30"), endsAt: tomorrowAt(a, "12:00") });
    const affected = await bookingsInClosures(a.id, [closure.id]);
    expect(affected.map((x) => x.id)).toEqual([hit.appointment.id]);
    // Town B sees nothing with town A's closure id.
    expect(await bookingsInClosures(b.id, [closure.id])).toEqual([]);
  });

  it("the retention job anonymises exactly the bookings past their period, keeps statistics, kills the manage link, and audits", async () => {
    const { service } = await createBookableService(a, { service: { retentionDays: 30 } });
    const { service: longer } = await createBookableService(a, { service: { retentionDays: 400 } });
    const kept = await bookDirect(booking(a, service, tomorrowAt(a, "09:00"), "recent"));
    const old = await bookDirect(booking(a, service, tomorrowAt(a, "09:20"), "old"));
    const otherService = await bookDirect(booking(a, longer, tomorrowAt(a, "09:00"), "long"));
    const townB = await createBookableService(b, { service: { retentionDays: 30 } });
    const inB = await bookDirect(booking(b, townB.service, tomorrowAt(b, "09:00"), "b"));
    // The clock: 31 days after the "old" appointment ended, which is 30 days and some after "recent" ended too —
    // so move "recent" later by hand to stay within its period.
    const now = new Date(old.appointment.endsAt.getTime() + 31 * 86_400_000);
    await db().appointment.update({ where: { id: kept.appointment.id }, data: { startsAt: new Date(now.getTime() - 10 * 86_400_000), endsAt: new Date(now.getTime() - 10 * 86_400_000 + 20 * 60_000) } });
    await db().appointmentComment.create({ data: { id: crypto.randomUUID(), tenantId: a.id, appointmentId: old.appointment.id, authorName: "x", body: "personal remark" } });
    const done = await anonymiseTown(a.id, now);
    expect(done).toEqual({ [service.id]: 1 });
    const row = await db().appointment.findUnique({ where: { id: old.appointment.id } });
    expect(row).toMatchObject({ firstName: "", lastName: "", email: "", phone: null, antsNumber: null, fields: {}, status: "booked", people: 1, serviceId: service.id });
    expect(row?.anonymisedAt?.getTime()).toBe(now.getTime());
    expect(await db().appointmentComment.count({ where: { appointmentId: old.appointment.id } })).toBe(0);
    expect(await findByManageToken(a.id, old.manageToken!)).toBeNull();
    for (const id of [kept.appointment.id, otherService.appointment.id]) expect((await db().appointment.findUnique({ where: { id } }))?.anonymisedAt).toBeNull();
    expect((await db().appointment.findUnique({ where: { id: inB.appointment.id } }))?.anonymisedAt).toBeNull();
    const entry = await db().auditEntry.findFirst({ where: { tenantId: a.id, action: "appointments.anonymise", targetId: service.id } });
    expect(entry?.summary).toMatchObject({ anonymised: 1 });
    // Running again changes nothing; the every-town run reaches town B at its own time.
    expect(await anonymiseTown(a.id, now)).toEqual({});
    const all = await anonymiseExpired(new Date(inB.appointment.endsAt.getTime() + 31 * 86_400_000));
    expect(all[b.slug]).toBe(1);
  });

  it("refuses attendance on a cancelled booking and a comment on another town's booking", async () => {
    const { service } = await createBookableService(a);
    const clerk = await agent(a, "late", ["agent"]);
    const { appointment } = await bookDirect(booking(a, service, tomorrowAt(a, "12:00"), "gone"));
    await agentCancel(a, clerk, appointment.id, "Sorry");
    await expect(setAttendance(a, clerk, appointment.id, "arrived", new Date(tomorrowAt(a, "13:00")))).rejects.toBeInstanceOf(ActionError);
    const otherClerk = await agent(b, "clerk", ["agent"]);
    await expect(addBookingComment(b, otherClerk, appointment.id, "x")).rejects.toBeInstanceOf(NotFoundError);
  });
});
