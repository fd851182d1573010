// Reminders, text messages and the waiting list on a real PostgreSQL, with a controlled clock: the
// reminders due at a given time are sent once (even by two servers at once), never for a cancelled
// booking, at the new times for a moved one; the HTTP SMS provider against a real local HTTP server
// (bearer token, JSON body, a non-2xx answer retried, the last one failed); the waiting list offers a
// freed place to the first waiter, then (after the offer runs out) to the next whose days match,
// leaving, no duplicate, and town isolation.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purgeAbandonedHolds } from "@/lib/appointments/jobs";
import { findService } from "@/lib/appointments/repo";
import { availableSlots, bookableDates } from "@/lib/appointments/service/availability";
import { bookDirect, confirmHold, findHold, saveHoldDetails, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { addClosure, type TServiceInput } from "@/lib/appointments/service/configure";
import { townService } from "@/lib/appointments/service/definitions";
import { cancelAppointment, rescheduleAppointment } from "@/lib/appointments/service/manage-appointment";
import { sendDueReminders } from "@/lib/appointments/service/reminders";
import { findWaiterByToken, joinWaitingList, leaveWaitingList, waitingListOf, waitingListSuggested, WAITING_OFFER_QUEUE } from "@/lib/appointments/service/waiting-list";
import { expireOffers, offerFreedPlaces } from "@/lib/appointments/service/waiting-offers";
import { addDays, isoWeekday, localDate } from "@/lib/appointments/slots";
import { db, inTransaction } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import { NotFoundError } from "@/lib/core/errors";
import { mailBrand } from "@/lib/notifications/brand";
import { deliverSms, queueSms, startSmsWorker } from "@/lib/notifications/sms";
import { renderMail } from "@/lib/notifications/templates";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";
import { setTenantModules } from "@/lib/tenancy/repo";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";

const MINUTE = 60_000;
const audit = (tenant: TTenant) => ({ tenantId: tenant.id, actor: { type: "system" as const, label: "test" } });

function booking(tenant: TTenant, service: TDirectBooking["service"], start: Date, who: number | string, extra: Partial<TDirectBooking> = {}): TDirectBooking {
  return { tenant, service, siteId: null, start, people: 1, details: citizen(who), locale: "en", idempotencyKey: null, apiKeyId: null, source: "api", audit: audit(tenant), ...extra };
}

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A town with the appointments module on, as this process's tenant table sees it. */
async function appointmentsTown(name: string): Promise<TTenant> {
  const town = await createVisibleTown(name);
  await setTenantModules(town.id, ["appointments"]);
  return waitFor(async () => {
    const t = await getTenantBySlug(town.slug);
    return t?.modules.includes("appointments") ? t : null;
  });
}

/** A bookable service with fields the test fixture does not name (reminders, waiting list). */
async function bookable(tenant: TTenant, options: Parameters<typeof createBookableService>[1] = {}, fields: Record<string, unknown> = {}) {
  const { service: created, sites } = await createBookableService(tenant, { ...options, service: { ...options.service, ...(fields as Partial<TServiceInput>) } });
  // The town's in-memory copy of its services learns of the rules through NOTIFY.
  await waitFor(async () => ((await townService(tenant.id, created.id))?.rules.length ?? 0) > 0);
  return { service: (await findService(tenant.id, created.id))!, sites };
}

async function outbox(tenantId: string, to: string, template: string) {
  return db().outboxMessage.findMany({ where: { tenantId, toAddress: to, template }, orderBy: { createdAt: "asc" } });
}

async function render(row: { template: string; params: unknown; secret: unknown; locale: string }, tenantId: string) {
  return renderMail({ template: row.template, locale: row.locale, params: row.params as Record<string, unknown>, secret: (row.secret ?? null) as Record<string, unknown> | null, brand: await mailBrand(tenantId, row.locale) });
}

const tokenOf = (link: string) => /\/(?:booking|waiting-list)\/([\w-]+)/.exec(link)![1]!;

describe("reminders, text messages and the waiting list", () => {
  let database: TAppDatabase;
  let a: TTenant;
  let b: TTenant;

  beforeAll(async () => {
    database = await openAppDatabase("reminders", { SMS_PROVIDER: undefined });
    a = await appointmentsTown("alpha");
    b = await appointmentsTown("beta");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  describe("text messages", () => {
    type TReceived = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };
    let server: http.Server;
    let url: string;
    const received: TReceived[] = [];
    const answers: number[] = [];

    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
        req.on("end", () => {
          received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
          const status = answers.shift() ?? 200;
          res.writeHead(status, { "content-type": "application/json" });
          res.end(status < 300 ? '{"id":"gw-1"}' : '{"error":"gateway down"}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
      process.env.SMS_PROVIDER = "http";
      process.env.SMS_HTTP_URL = url;
      process.env.SMS_HTTP_TOKEN = "test-token-123";
      process.env.SMS_SENDER = "Alpha";
      resetEnv();
    });

    afterAll(async () => {
      delete process.env.SMS_PROVIDER;
      delete process.env.SMS_HTTP_URL;
      delete process.env.SMS_HTTP_TOKEN;
      delete process.env.SMS_SENDER;
      resetEnv();
      await new Promise((resolve) => server.close(resolve));
    });

    it("the http provider posts JSON with the bearer token; a non-2xx answer is a failure, retried, and the last one marks it failed", async () => {
      const { id } = await queueSms({ tenantId: a.id, to: "+33612345678", text: "Rappel : rendez-vous demain" });
      answers.push(500);
      await expect(deliverSms({ smsId: id, tenantId: a.id }, { retryCount: 0, retryLimit: 6 })).rejects.toThrow(/500/);
      expect(await db().smsMessage.findUnique({ where: { id } })).toMatchObject({ status: "pending", attempts: 1, provider: "http" });
      expect((await db().smsMessage.findUnique({ where: { id } }))?.lastError).toContain("gateway down");
      await expect(deliverSms({ smsId: id, tenantId: a.id }, { retryCount: 1, retryLimit: 6 })).resolves.toBe("sent");
      expect(await db().smsMessage.findUnique({ where: { id } })).toMatchObject({ status: "sent", attempts: 2, lastError: null });
      expect(received).toHaveLength(2);
      const request = received[1]!;
      expect(request).toMatchObject({ method: "POST", url: "/send" });
      expect(request.headers.authorization).toBe("Bearer test-token-123");
      expect(request.headers["content-type"]).toContain("application/json");
      expect(JSON.parse(request.body)).toEqual({ to: "+33612345678", text: "Rappel : rendez-vous demain", sender: "Alpha" });
      // Sent: a retried job does not send it again.
      await expect(deliverSms({ smsId: id, tenantId: a.id }, { retryCount: 2, retryLimit: 6 })).resolves.toBe("skipped");
      expect(received).toHaveLength(2);
      // Another town's id for the message finds nothing.
      await expect(deliverSms({ smsId: id, tenantId: b.id }, { retryCount: 0, retryLimit: 6 })).resolves.toBe("skipped");

      const failing = await queueSms({ tenantId: a.id, to: "+33600000000", text: "x" });
      answers.push(503);
      await expect(deliverSms({ smsId: failing.id, tenantId: a.id }, { retryCount: 6, retryLimit: 6 })).rejects.toThrow(/503/);
      expect(await db().smsMessage.findUnique({ where: { id: failing.id } })).toMatchObject({ status: "failed", attempts: 1 });
    });

    it("the pg-boss job sends a committed message; a rolled-back one is never written", async () => {
      await expect(
        inTransaction(async () => {
          await queueSms({ tenantId: a.id, to: "+33611111111", text: "ghost" });
          throw new Error("the change failed");
        }),
      ).rejects.toThrow("the change failed");
      expect(await db().smsMessage.count({ where: { toNumber: "+33611111111" } })).toBe(0);
      await startSmsWorker({ pollingIntervalSeconds: 0.5 });
      const { id } = await queueSms({ tenantId: a.id, to: "+33622222222", text: "by the worker" });
      await waitFor(() => db().smsMessage.findFirst({ where: { id, status: "sent" } }));
      expect(received.some((r) => JSON.parse(r.body).text === "by the worker")).toBe(true);
    });
  });

  describe("reminders", () => {
    const OFFSETS = { reminderOffsets: [2 * 24 * 60, 120], reminderSms: true };

    it("at each due time exactly the due reminder goes, once, in the citizen's language, with a text message", async () => {
      const { service } = await bookable(a, { capacity: 2, service: { phoneField: "optional" } }, OFFSETS);
      const start = tomorrowAt(a, "10:00", 4);
      const { appointment } = await bookDirect(booking(a, service, start, "rem1", { details: { ...citizen("rem1"), phone: "06 12 34 56 78" } }));
      expect(await db().appointmentReminder.count({ where: { appointmentId: appointment.id } })).toBe(2);
      const only = { tenantId: a.id };

      expect(await sendDueReminders(new Date(), only)).toBe(0);
      expect(await sendDueReminders(new Date(start.getTime() - 2 * 24 * 60 * MINUTE - MINUTE), only)).toBe(0);
      const firstDue = new Date(start.getTime() - 2 * 24 * 60 * MINUTE + MINUTE);
      expect(await sendDueReminders(firstDue, only)).toBe(1);
      expect(await sendDueReminders(firstDue, only)).toBe(0);
      expect(await outbox(a.id, appointment.email, "appointment-reminder")).toHaveLength(1);
      const secondDue = new Date(start.getTime() - 119 * MINUTE);
      // Two servers at the same minute: one sends it.
      const [x, y] = await Promise.all([sendDueReminders(secondDue, only), sendDueReminders(secondDue, only)]);
      expect(x + y).toBe(1);
      expect(await sendDueReminders(new Date(start.getTime() + MINUTE), only)).toBe(0);
      const mails = await outbox(a.id, appointment.email, "appointment-reminder");
      expect(mails).toHaveLength(2);
      expect(mails[0]!.locale).toBe("en");

      const rendered = await render(mails[0]!, a.id);
      expect(rendered.subject).toMatch(/^Reminder: Passeport test, /);
      expect(rendered.text).toContain(appointment.reference);
      expect(rendered.text).toContain("use the link in your confirmation e-mail");
      expect(rendered.text).toContain("Une photo"); // what to bring
      expect(rendered.text).not.toContain("/appointments/manage/");

      const sms = await db().smsMessage.findMany({ where: { tenantId: a.id, toNumber: "0612345678" } });
      expect(sms).toHaveLength(2);
      expect(sms[0]!.body).toContain("alpha");
      expect(sms[0]!.body).toContain(appointment.reference);
      expect(sms[0]!.provider).toBe("log");
    });

    it("the town's default language when the citizen's is not offered; no text message without a number or with SMS off", async () => {
      const { service } = await bookable(a, { capacity: 2 }, { reminderOffsets: [60] });
      const start = tomorrowAt(a, "11:00", 3);
      const { appointment } = await bookDirect(booking(a, service, start, "rem2", { locale: "de", details: { ...citizen("rem2"), phone: "+33 6 00 00 00 01" } }));
      expect(await sendDueReminders(new Date(start.getTime() - 59 * MINUTE), { tenantId: a.id })).toBe(1);
      const [mail] = await outbox(a.id, appointment.email, "appointment-reminder");
      expect(mail?.locale).toBe("fr");
      expect(await db().smsMessage.count({ where: { tenantId: a.id, toNumber: "+33600000001" } })).toBe(0);
    });

    it("a cancelled booking gets none; an anonymised one neither", async () => {
      const { service } = await bookable(a, { capacity: 2 }, OFFSETS);
      const start = tomorrowAt(a, "12:00", 4);
      const { appointment } = await bookDirect(booking(a, service, start, "rem3"));
      await cancelAppointment(a, appointment.id, null, { notify: false });
      expect(await db().appointmentReminder.count({ where: { appointmentId: appointment.id } })).toBe(0);
      const other = await bookDirect(booking(a, service, start, "rem4"));
      await db().appointment.update({ where: { id: other.appointment.id }, data: { anonymisedAt: new Date() } });
      expect(await sendDueReminders(new Date(start.getTime() - 60 * MINUTE), { tenantId: a.id })).toBe(0);
      expect(await outbox(a.id, appointment.email, "appointment-reminder")).toHaveLength(0);
      expect(await outbox(a.id, other.appointment.email, "appointment-reminder")).toHaveLength(0);
    });

    it("a moved booking gets its reminders at the new times only", async () => {
      const { service, sites } = await bookable(a, { capacity: 2 }, OFFSETS);
      const before = tomorrowAt(a, "13:00", 4);
      const after = tomorrowAt(a, "13:00", 7);
      const { appointment } = await bookDirect(booking(a, service, before, "rem5"));
      await rescheduleAppointment(a, appointment.id, { siteId: sites[0]!.id, start: after }, null, { notify: false });
      const only = { tenantId: a.id };
      // The old times pass: nothing.
      expect(await sendDueReminders(new Date(before.getTime() - 2 * 24 * 60 * MINUTE + MINUTE), only)).toBe(0);
      expect(await sendDueReminders(new Date(before.getTime() - 119 * MINUTE), only)).toBe(0);
      // The new ones: both.
      expect(await sendDueReminders(new Date(after.getTime() - 2 * 24 * 60 * MINUTE + MINUTE), only)).toBe(1);
      expect(await sendDueReminders(new Date(after.getTime() - 119 * MINUTE), only)).toBe(1);
      const mails = await outbox(a.id, appointment.email, "appointment-reminder");
      expect(mails.map((m) => (m.params as { start: string }).start)).toEqual([after.toISOString(), after.toISOString()]);
    });
  });

  describe("waiting list", () => {
    /** A service with one place a day at 10:00 for a week, every place booked. */
    async function fullService(tenant: TTenant, fields: Record<string, unknown> = {}) {
      const { service, sites } = await bookable(tenant, { capacity: 1, slotMinutes: 20, weekly: Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [["10:00", "10:20"]]])), service: { horizonWeeks: 1 } }, fields);
      const now = new Date();
      const window = bookableDates(tenant, service, now);
      const slots = await availableSlots(tenant, service, { from: window.first, to: window.last, now });
      const booked = [];
      for (const [i, slot] of slots.entries()) booked.push((await bookDirect(booking(tenant, service, slot.start, `full${i}-${service.id.slice(-4)}`))).appointment);
      // Nothing beyond the last of these either (the window moves with the test's clock).
      const last = slots[slots.length - 1]!;
      await addClosure(tenant.id, { serviceId: service.id, startsAt: last.end, endsAt: new Date(last.end.getTime() + 60 * 24 * 60 * MINUTE) });
      const tomorrow = new Date(now.getTime() + 24 * 60 * MINUTE);
      await waitFor(async () => (await availableSlots(tenant, (await townService(tenant.id, service.id))!, { from: window.first, to: addDays(window.last, 14), now: tomorrow })).length === 0);
      return { service, site: sites[0]!, booked, slots };
    }

    it("offers a freed place to the first waiter, then after the offer runs out to the next whose days match; they book through the link", async () => {
      const { service, site, booked } = await fullService(a);
      expect(await waitingListSuggested(a, service, site.id)).toBe(true);
      const freed = booked[booked.length - 1]!;
      const freedDay = isoWeekday(localDate(freed.startsAt, a.timeZone));
      const otherDay = (freedDay % 7) + 1;

      const first = await joinWaitingList(a, service, { email: "first@example.net", weekdays: [], locale: "en" });
      const picky = await joinWaitingList(a, service, { email: "picky@example.net", weekdays: [otherDay], locale: "en" });
      const third = await joinWaitingList(a, service, { email: "third@example.net", weekdays: [freedDay, otherDay], locale: "fr" });
      expect([first.created, picky.created, third.created]).toEqual([true, true, true]);
      expect(await offerFreedPlaces(a, service.id)).toBe(0); // nothing free yet

      // The joining e-mail: the leave link.
      const [joined] = await outbox(a.id, "first@example.net", "waiting-list-joined");
      const joinedMail = await render(joined!, a.id);
      expect(joinedMail.subject).toBe("You are on the waiting list: Passeport test");
      expect(joinedMail.text).toContain(`https://${a.slug}.civitas.test/en/appointments/waiting-list/${first.token}`);

      // A cancellation queues the offer job (after its commit).
      await cancelAppointment(a, freed.id, null, { notify: false });
      const jobs = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${WAITING_OFFER_QUEUE} AND data->>'serviceId' = ${service.id}`;
      expect(Number(jobs[0]!.n)).toBeGreaterThanOrEqual(1);

      const now = new Date();
      expect(await offerFreedPlaces(a, service.id, now)).toBe(1);
      const offered = await findWaiterByToken(a.id, first.token);
      expect(offered).toMatchObject({ status: "offered" });
      expect(Math.abs(offered!.offerExpiresAt!.getTime() - (now.getTime() + 720 * MINUTE))).toBeLessThan(1000);
      const [offerMail] = await outbox(a.id, "first@example.net", "waiting-list-offer");
      const link = (offerMail!.secret as { link: string }).link;
      expect(link).toMatch(new RegExp(`^https://${a.slug}\\.civitas\\.test/en/appointments/booking/[\\w-]+/details$`));
      const hold = await findHold(a.id, tokenOf(link));
      expect(hold).toMatchObject({ waiterId: offered!.id, startsAt: freed.startsAt, details: { email: "first@example.net" } });
      expect((await render(offerMail!, a.id)).text).toContain("Book this place");
      // The place is taken while offered: a second run offers nothing, nobody else can hold it.
      expect(await offerFreedPlaces(a, service.id, now)).toBe(0);
      expect(await waitingListSuggested(a, service, site.id)).toBe(true);

      // The offer runs out: the first waiter is told, the place goes to the next whose days match.
      const later = new Date(now.getTime() + 721 * MINUTE);
      expect(await expireOffers(new Date(now.getTime() + 719 * MINUTE), { tenantId: a.id })).toBe(0);
      expect(await expireOffers(later, { tenantId: a.id })).toBe(1);
      expect(await findWaiterByToken(a.id, first.token)).toMatchObject({ status: "expired" });
      const [expiredMail] = await outbox(a.id, "first@example.net", "waiting-list-expired");
      const expiredText = await render(expiredMail!, a.id);
      expect(expiredText.text).toContain(`/en/appointments/${service.id}/waiting-list`);
      expect(await findWaiterByToken(a.id, picky.token)).toMatchObject({ status: "waiting" }); // not their day
      expect(await findWaiterByToken(a.id, third.token)).toMatchObject({ status: "offered" });
      // The first link's hold has run out.
      expect((await findHold(a.id, tokenOf(link)))!.expiresAt!.getTime()).toBeLessThanOrEqual(Date.now());

      // The third waiter books through their link, like anyone.
      const [thirdOffer] = await outbox(a.id, "third@example.net", "waiting-list-offer");
      expect(thirdOffer!.locale).toBe("fr");
      const thirdToken = tokenOf((thirdOffer!.secret as { link: string }).link);
      const thirdHold = (await findHold(a.id, thirdToken))!;
      await saveHoldDetails(a.id, thirdHold, { firstName: "Tess", lastName: "Third", email: "third@example.net" });
      const { appointment } = await confirmHold({ tenant: a, service: (await townService(a.id, service.id))!, hold: (await findHold(a.id, thirdToken))!, token: thirdToken });
      expect(appointment.startsAt).toEqual(freed.startsAt);
      expect(await findWaiterByToken(a.id, third.token)).toMatchObject({ status: "booked" });
      // The first waiter's old link no longer books.
      const firstHold = (await findHold(a.id, tokenOf(link)))!;
      await saveHoldDetails(a.id, firstHold, { firstName: "Fay", lastName: "First", email: "first@example.net" });
      await expect(confirmHold({ tenant: a, service, hold: (await findHold(a.id, tokenOf(link)))!, token: tokenOf(link) })).rejects.toMatchObject({ key: "holdExpired" });

      const list = await waitingListOf(a.id, service.id);
      expect(list.counts).toEqual({ waiting: 1, offered: 0, booked: 1, left: 0, expired: 1 });
      expect(list.waiters.map((w) => w.email)).toEqual(["first@example.net", "picky@example.net", "third@example.net"]);
    });

    it("joining twice keeps one place and sends a new link; the leave link works once, and leaving an offer passes the place on", async () => {
      const { service, booked } = await fullService(a);
      const one = await joinWaitingList(a, service, { email: "Twice@Example.net", weekdays: [], locale: "en" });
      const again = await joinWaitingList(a, service, { email: "twice@example.net", weekdays: [1], locale: "en" });
      expect(again.created).toBe(false);
      expect(again.waiter.id).toBe(one.waiter.id);
      expect(await db().appointmentWaiter.count({ where: { tenantId: a.id, serviceId: service.id, email: "twice@example.net" } })).toBe(1);
      expect(await findWaiterByToken(a.id, one.token)).toBeNull(); // only the latest e-mail's link works
      expect(await findWaiterByToken(a.id, again.token)).toMatchObject({ weekdays: [], status: "waiting" }); // choices kept
      const next = await joinWaitingList(a, service, { email: "next@example.net", weekdays: [], locale: "en" });

      await cancelAppointment(a, booked[0]!.id, null, { notify: false });
      expect(await offerFreedPlaces(a, service.id)).toBe(1);
      expect(await findWaiterByToken(a.id, again.token)).toMatchObject({ status: "offered" });
      const jobsBefore = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${WAITING_OFFER_QUEUE} AND data->>'serviceId' = ${service.id} AND state = 'created'`;

      // Leaving while offered: the place is free again and the offer job is queued for the next.
      const left = await leaveWaitingList(a, again.token);
      expect(left).toMatchObject({ changed: true, waiter: { status: "left" } });
      expect(await db().appointmentPlace.count({ where: { tenantId: a.id, holdId: { not: null }, heldUntil: { gt: new Date() } } })).toBe(0);
      const jobsAfter = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${WAITING_OFFER_QUEUE} AND data->>'serviceId' = ${service.id}`;
      expect(Number(jobsAfter[0]!.n)).toBeGreaterThanOrEqual(Math.max(1, Number(jobsBefore[0]!.n)));
      expect(await leaveWaitingList(a, again.token)).toMatchObject({ changed: false });
      expect(await offerFreedPlaces(a, service.id)).toBe(1);
      expect(await findWaiterByToken(a.id, next.token)).toMatchObject({ status: "offered" });

      // A waiter who left may join again (at the end of the list).
      const back = await joinWaitingList(a, service, { email: "twice@example.net", weekdays: [], locale: "en" });
      expect(back.created).toBe(true);
    });

    it("a place offered for longer than a day is not purged as an abandoned booking before its offer runs out", async () => {
      const { service, booked } = await fullService(a, { offerMinutes: 3 * 24 * 60 });
      const waiter = await joinWaitingList(a, service, { email: "slow@example.net", weekdays: [], locale: "en" });
      await cancelAppointment(a, booked[booked.length - 1]!.id, null, { notify: false });
      expect(await offerFreedPlaces(a, service.id)).toBe(1);
      const { offerHoldId } = (await findWaiterByToken(a.id, waiter.token))!;
      await purgeAbandonedHolds(new Date(Date.now() + 2 * 24 * 60 * MINUTE));
      expect(await db().appointmentHold.count({ where: { id: offerHoldId! } })).toBe(1);
      await purgeAbandonedHolds(new Date(Date.now() + 5 * 24 * 60 * MINUTE));
      expect(await db().appointmentHold.count({ where: { id: offerHoldId! } })).toBe(0);
    });

    it("a service without a waiting list refuses to take one; the days page does not offer it while places are free", async () => {
      const { service, sites } = await bookable(a, { capacity: 1 }, { waitingList: false });
      await expect(joinWaitingList(a, service, { email: "no@example.net", weekdays: [], locale: "en" })).rejects.toBeInstanceOf(NotFoundError);
      expect(await waitingListSuggested(a, service, sites[0]!.id)).toBe(false);
      const open = await bookable(a, { capacity: 1 });
      expect(await waitingListSuggested(a, open.service, open.sites[0]!.id)).toBe(false);
    });

    it("town isolation: town B cannot see, leave or offer town A's waiting list", async () => {
      const { service } = await fullService(a);
      const joined = await joinWaitingList(a, service, { email: "iso@example.net", weekdays: [], locale: "en" });
      expect(await findWaiterByToken(b.id, joined.token)).toBeNull();
      await expect(leaveWaitingList(b, joined.token)).rejects.toBeInstanceOf(NotFoundError);
      expect(await offerFreedPlaces(b, service.id)).toBe(0);
      expect((await waitingListOf(b.id, service.id)).waiters).toEqual([]);
      expect(await expireOffers(new Date(Date.now() + 10_000 * MINUTE), { tenantId: b.id })).toBe(0);
      expect(await findWaiterByToken(a.id, joined.token)).toMatchObject({ status: "waiting" });
    });
  });
});
