// The citizen space on a real PostgreSQL, through its services (no HTTP), each test with its own towns:
// the e-mail sign-in link (queued in the outbox in the right language, used once, expiring, replaced by
// a newer one, bound to its town, limited per address); what was made with the address before the
// account attached at sign-in (and nothing of another address or town); the profile's language applied
// to everything attached; optional notifications (reminders, news of a request) honoured; the timeline;
// "my data"; deleting the account (cancel, anonymise, delete, keep what the town must finish); and one
// citizen never reaching another's items, nor a town another town's citizen.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { bookDirect, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { cancelCitizenAppointment, leaveCitizenWaitingList } from "@/lib/appointments/service/citizen-items";
import { sendDueReminders } from "@/lib/appointments/service/reminders";
import { joinWaitingList } from "@/lib/appointments/service/waiting-list";
import { purgeAuth } from "@/lib/auth/jobs";
import { sealSecret } from "@/lib/auth/secret-box";
import { requestSignInLink, signInWithIdentity, signInWithLink, type TRequestMeta } from "@/lib/auth/service/citizen-sign-in";
import { PROVIDER_SECRET_PURPOSE } from "@/lib/auth/service/oidc";
import { findCitizen, insertCitizen, insertIdentity, insertProvider, updateCitizen, type TCitizenRow } from "@/lib/citizens/repo";
import { attachByEmail } from "@/lib/citizens/service/attach-items";
import { deleteAccount } from "@/lib/citizens/service/delete-account";
import { myData } from "@/lib/citizens/service/my-data";
import { citizenTimeline } from "@/lib/citizens/service/timeline";
import { updateProfile } from "@/lib/citizens/service/update-profile";
import { db, inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { createDraft } from "@/lib/forms/service/fill-draft";
import { runRequestAction } from "@/lib/forms/service/run-action";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createPublishedForm, createSubmittedRequest, testWorkflow } from "@/tests/fixtures/forms";
import { createVisibleTown, withModules } from "@/tests/fixtures/towns";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

let database: TAppDatabase;

/** A town with appointments and forms on (fr default, en enabled). */
const town = async (name: string) => withModules(await createVisibleTown(name), ["appointments", "forms"]);

/** A client address of its own per call: the per-client limit of sign-in links is not what a test measures. */
const meta = (): TRequestMeta => ({ ip: `198.51.${randomBytes(1)[0]}.${randomBytes(1)[0]}`, userAgent: "vitest", requestId: null });

const uniqueEmail = (label: string) => `${label}-${randomBytes(3).toString("hex")}@example.net`;

async function expectRefusal(promise: Promise<unknown>, key: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  expect((error as ActionError).key).toBe(key);
  return error as ActionError;
}

/** The sign-in mails queued for `email` in this town, oldest first. */
const linkMails = (tenant: TTenant, email: string) => db().outboxMessage.findMany({ where: { tenantId: tenant.id, toAddress: email, template: "citizen-sign-in" }, orderBy: { createdAt: "asc" } });

/** The secret of the latest sign-in link mailed to `email` (the link's last path segment). */
async function lastSecret(tenant: TTenant, email: string): Promise<string> {
  const mail = (await linkMails(tenant, email)).at(-1);
  const link = (mail?.secret as { link?: string } | null)?.link;
  if (!link) throw new Error(`no sign-in link for ${email}`);
  return link.split("/").at(-1)!;
}

/** Asks for a link and follows it: the citizen's account (created or found) and session. */
async function signIn(tenant: TTenant, email: string, locale = "fr") {
  await requestSignInLink({ tenant, email, locale, next: null, meta: meta() });
  const result = await signInWithLink({ tenant, secret: await lastSecret(tenant, email), meta: meta() });
  return { ...result, citizen: (await findCitizen(tenant.id, result.citizenId))! };
}

/** An account made directly (no link), with what was made with its address attached. */
async function account(tenant: TTenant, email: string, locale = "fr"): Promise<TCitizenRow> {
  const row = await insertCitizen({ tenantId: tenant.id, email, emailVerifiedAt: new Date(), name: "Camille Martin", locale });
  await attachByEmail(tenant.id, row.id, email, locale);
  return row;
}

const reload = async (tenant: TTenant, row: TCitizenRow) => (await findCitizen(tenant.id, row.id))!;

function booking(tenant: TTenant, service: TDirectBooking["service"], start: Date, email: string, extra: Partial<TDirectBooking> = {}): TDirectBooking {
  return {
    tenant,
    service,
    siteId: null,
    start,
    people: 1,
    details: { ...citizen(email.split("@")[0]!), email },
    locale: "fr",
    idempotencyKey: null,
    apiKeyId: null,
    source: "web",
    audit: { tenantId: tenant.id, actor: { type: "system", label: "test" } },
    ...extra,
  };
}

const book = async (tenant: TTenant, service: TDirectBooking["service"], start: Date, email: string, extra: Partial<TDirectBooking> = {}) => (await bookDirect(booking(tenant, service, start, email, extra))).appointment;

/** A service with a waiting list (and whatever else the test needs). */
const service = async (tenant: TTenant, options: Parameters<typeof createBookableService>[1] = {}) =>
  (await createBookableService(tenant, { ...options, service: { waitingList: true, ...options.service } })).service;

async function agent(tenant: TTenant) {
  const local = `agent-${randomBytes(3).toString("hex")}`;
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: local, password: "a long enough passphrase", roles: ["service-manager"] });
  const actor = await getAgentForSession(tenant.id, id);
  if (!actor) throw new Error("agent");
  return { ...actor, kind: "agent" as const, sessionId: "test" };
}

type TAgent = Awaited<ReturnType<typeof agent>>;
const act = (tenant: TTenant, actor: TAgent, requestId: string, actionId: string, input: Record<string, unknown> = {}) =>
  inTransaction(() => runRequestAction({ tenant, actor, requestId, actionId, input }));

const appointmentRow = (tenant: TTenant, id: string) => db().appointment.findFirst({ where: { tenantId: tenant.id, id } });
const requestRow = (tenant: TTenant, id: string) => db().formRequest.findFirst({ where: { tenantId: tenant.id, id } });
const waiterRow = (tenant: TTenant, id: string) => db().appointmentWaiter.findFirst({ where: { tenantId: tenant.id, id } });

describe("citizen space", () => {
  beforeAll(async () => {
    database = await openAppDatabase("citizen_space");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  describe("sign-in by e-mail link", () => {
    it("mails a link in the page's language; following it creates a verified account and opens a session of the town", async () => {
      const a = await town("link-a");
      const email = uniqueEmail("new");
      await requestSignInLink({ tenant: a, email: email.toUpperCase(), locale: "en", next: "/en/account", meta: meta() });
      const [mail, ...more] = await linkMails(a, email);
      expect(more).toEqual([]);
      expect(mail).toMatchObject({ template: "citizen-sign-in", locale: "en", toAddress: email, status: "pending" });
      expect((mail!.secret as { link: string }).link).toMatch(new RegExp(`^http.*${a.slug}.*/en/account/sign-in/link/[A-Za-z0-9_-]{20,}$`));
      // Only the secret's hash is stored.
      const secret = await lastSecret(a, email);
      expect(await db().authToken.count({ where: { tokenHash: secret } })).toBe(0);

      const result = await signInWithLink({ tenant: a, secret, meta: meta() });
      expect(result).toMatchObject({ next: "/en/account", locale: "en", attached: { appointments: 0, waitingList: 0, requests: 0 } });
      const row = await findCitizen(a.id, result.citizenId);
      expect(row).toMatchObject({ email, locale: "en" });
      expect(row!.emailVerifiedAt).not.toBeNull();
      expect(row!.lastSignInAt).not.toBeNull();
      const session = await db().authSession.findUnique({ where: { id: result.sessionId } });
      expect(session).toMatchObject({ tenantId: a.id, citizenId: result.citizenId, agentId: null, operatorId: null, revokedAt: null });

      // Used once.
      await expectRefusal(signInWithLink({ tenant: a, secret, meta: meta() }), "signInLinkInvalid");

      // The next link finds the same account and is written in the account's language, not the page's.
      await requestSignInLink({ tenant: a, email, locale: "fr", next: null, meta: meta() });
      expect((await linkMails(a, email)).at(-1)).toMatchObject({ locale: "en" });
      const again = await signInWithLink({ tenant: a, secret: await lastSecret(a, email), meta: meta() });
      expect(again.citizenId).toBe(result.citizenId);
      expect(await db().citizen.count({ where: { tenantId: a.id, email } })).toBe(1);
    });

    it("writes the mail in an existing account's language", async () => {
      const a = await town("link-locale");
      const email = uniqueEmail("known");
      await insertCitizen({ tenantId: a.id, email, emailVerifiedAt: null, name: null, locale: "en" });
      await requestSignInLink({ tenant: a, email, locale: "fr", next: null, meta: meta() });
      const [mail] = await linkMails(a, email);
      expect(mail).toMatchObject({ locale: "en" });
      // The link itself opens the page the citizen was on.
      expect((mail!.secret as { link: string }).link).toContain("/fr/account/sign-in/link/");
      // Following it proves the address of the unverified account.
      const result = await signInWithLink({ tenant: a, secret: await lastSecret(a, email), meta: meta() });
      expect((await findCitizen(a.id, result.citizenId))!.emailVerifiedAt).not.toBeNull();
    });

    it("refuses an expired link, a link replaced by a newer one, and a link of another town", async () => {
      const a = await town("link-exp-a");
      const b = await town("link-exp-b");

      const late = uniqueEmail("late");
      await requestSignInLink({ tenant: a, email: late, locale: "fr", next: null, meta: meta() });
      const expired = await lastSecret(a, late);
      await db().authToken.updateMany({ where: { tenantId: a.id, email: late, purpose: "citizen_sign_in" }, data: { expiresAt: new Date(Date.now() - MINUTE) } });
      await expectRefusal(signInWithLink({ tenant: a, secret: expired, meta: meta() }), "signInLinkInvalid");
      expect(await db().citizen.count({ where: { tenantId: a.id, email: late } })).toBe(0);

      const twice = uniqueEmail("twice");
      await requestSignInLink({ tenant: a, email: twice, locale: "fr", next: null, meta: meta() });
      const first = await lastSecret(a, twice);
      await requestSignInLink({ tenant: a, email: twice, locale: "fr", next: null, meta: meta() });
      const second = await lastSecret(a, twice);
      expect(second).not.toBe(first);
      await expectRefusal(signInWithLink({ tenant: a, secret: first, meta: meta() }), "signInLinkInvalid");
      await signInWithLink({ tenant: a, secret: second, meta: meta() });

      const crossing = uniqueEmail("crossing");
      await requestSignInLink({ tenant: a, email: crossing, locale: "fr", next: null, meta: meta() });
      const ofA = await lastSecret(a, crossing);
      await expectRefusal(signInWithLink({ tenant: b, secret: ofA, meta: meta() }), "signInLinkInvalid");
      expect(await db().citizen.count({ where: { tenantId: b.id, email: crossing } })).toBe(0);
      expect(await db().authSession.count({ where: { tenantId: b.id } })).toBe(0);
      // Refused in town B, it was not used up: it still works in its own town.
      const inA = await signInWithLink({ tenant: a, secret: ofA, meta: meta() });
      expect((await findCitizen(a.id, inA.citizenId))?.email).toBe(crossing);
    });

    it("limits the links asked for one address: five, then a refusal that names the wait", async () => {
      const a = await town("link-limit");
      const email = uniqueEmail("limited");
      for (let i = 0; i < 5; i++) await requestSignInLink({ tenant: a, email, locale: "fr", next: null, meta: meta() });
      expect(await linkMails(a, email)).toHaveLength(5);
      const refusal = await expectRefusal(requestSignInLink({ tenant: a, email: email.toUpperCase(), locale: "fr", next: null, meta: meta() }), "signInLinkLimited");
      expect(refusal.params.minutes).toBeGreaterThanOrEqual(1);
      expect(await linkMails(a, email)).toHaveLength(5);
      // Another address is not limited by it.
      await requestSignInLink({ tenant: a, email: uniqueEmail("free"), locale: "fr", next: null, meta: meta() });
    });
  });

  it("attaches at sign-in the appointments, waiting-list entries and requests made with the address, in the account's language; nothing of another address or town", async () => {
    const a = await town("attach-a");
    const b = await town("attach-b");
    const email = uniqueEmail("attach");
    const other = uniqueEmail("other");
    const svcA = await service(a, { capacity: 3 });
    const svcB = await service(b, { capacity: 3 });
    const mine = await book(a, svcA, tomorrowAt(a, "10:00"), email);
    const notMine = await book(a, svcA, tomorrowAt(a, "10:00"), other);
    const elsewhere = await book(b, svcB, tomorrowAt(b, "10:00"), email);
    const { waiter } = await joinWaitingList(a, svcA, { email, weekdays: [], locale: "fr" });
    const { waiter: waiterB } = await joinWaitingList(b, svcB, { email, weekdays: [], locale: "fr" });
    const formA = await createPublishedForm(a);
    const request = await createSubmittedRequest(a, formA, { what: "A bench" }, { email, locale: "fr" });
    const otherRequest = await createSubmittedRequest(a, formA, { what: "A lamp" }, { email: other, locale: "fr" });
    const requestB = await createSubmittedRequest(b, await createPublishedForm(b), { what: "A tree" }, { email, locale: "fr" });

    const result = await signIn(a, email, "en");
    expect(result.attached).toEqual({ appointments: 1, waitingList: 1, requests: 1 });
    expect(result.citizen.locale).toBe("en");
    expect(await appointmentRow(a, mine.id)).toMatchObject({ citizenId: result.citizenId, locale: "en" });
    expect(await waiterRow(a, waiter.id)).toMatchObject({ citizenId: result.citizenId, locale: "en" });
    expect(await requestRow(a, request.id)).toMatchObject({ citizenId: result.citizenId, locale: "en" });

    expect(await appointmentRow(a, notMine.id)).toMatchObject({ citizenId: null, locale: "fr" });
    expect(await requestRow(a, otherRequest.id)).toMatchObject({ citizenId: null, locale: "fr" });
    expect(await appointmentRow(b, elsewhere.id)).toMatchObject({ citizenId: null, locale: "fr" });
    expect(await waiterRow(b, waiterB.id)).toMatchObject({ citizenId: null, locale: "fr" });
    expect(await requestRow(b, requestB.id)).toMatchObject({ citizenId: null, locale: "fr" });

    // Signing in again attaches what was made meanwhile, and nothing twice.
    const later = await book(a, svcA, tomorrowAt(a, "11:00"), email);
    const again = await signIn(a, email, "fr");
    expect(again.citizenId).toBe(result.citizenId);
    expect(again.attached).toEqual({ appointments: 1, waitingList: 0, requests: 0 });
    expect(await appointmentRow(a, later.id)).toMatchObject({ citizenId: result.citizenId, locale: "en" });
  });

  it("profile: a new language applies to the citizen's appointments, waiting-list entries and requests; a language the town does not offer is refused", async () => {
    const a = await town("profile");
    const email = uniqueEmail("profile");
    const other = uniqueEmail("profile-other");
    const svc = await service(a);
    const appointment = await book(a, svc, tomorrowAt(a, "10:00"), email);
    const othersAppointment = await book(a, svc, tomorrowAt(a, "10:00"), other);
    const { waiter } = await joinWaitingList(a, svc, { email, weekdays: [], locale: "fr" });
    const request = await createSubmittedRequest(a, await createPublishedForm(a), { what: "A bench" }, { email, locale: "fr" });
    const me = await account(a, email, "fr");
    await account(a, other, "fr");

    const profile = { name: "Camille Martin", phone: "", locale: "en", notifyReminderEmail: true, notifyReminderSms: true, notifyRequestUpdates: true };
    const { changed } = await updateProfile(a, me, profile);
    expect(changed).toEqual(["locale"]);
    expect(await reload(a, me)).toMatchObject({ locale: "en", name: "Camille Martin", phone: null });
    expect(await appointmentRow(a, appointment.id)).toMatchObject({ locale: "en" });
    expect(await waiterRow(a, waiter.id)).toMatchObject({ locale: "en" });
    expect(await requestRow(a, request.id)).toMatchObject({ locale: "en" });
    expect(await appointmentRow(a, othersAppointment.id)).toMatchObject({ locale: "fr" });

    const error = await updateProfile(a, await reload(a, me), { ...profile, locale: "es" }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FieldsError);
    expect((error as FieldsError).fields).toHaveProperty("locale");
    expect(await reload(a, me)).toMatchObject({ locale: "en" });
    expect(await appointmentRow(a, appointment.id)).toMatchObject({ locale: "en" });
  });

  describe("optional notifications", () => {
    it("sends no reminder e-mail to a citizen who turned reminders off, and still to others", async () => {
      const a = await town("prefs-rem");
      const email = uniqueEmail("quiet");
      const other = uniqueEmail("loud");
      const svc = await service(a, { capacity: 2, service: { reminderOffsets: [120] } });
      const start = tomorrowAt(a, "10:00", 2);
      await book(a, svc, start, email);
      await book(a, svc, start, other);
      const me = await account(a, email);
      await account(a, other);
      await updateProfile(a, me, { name: "", phone: "", locale: "fr", notifyReminderEmail: false, notifyReminderSms: true, notifyRequestUpdates: true });
      expect(await reload(a, me)).toMatchObject({ notifyReminderEmail: false });

      expect(await sendDueReminders(new Date(start.getTime() - 119 * MINUTE), { tenantId: a.id })).toBe(2);
      const reminders = (to: string) => db().outboxMessage.count({ where: { tenantId: a.id, toAddress: to, template: "appointment-reminder" } });
      expect(await reminders(email)).toBe(0);
      expect(await reminders(other)).toBe(1);
    });

    it("sends no news of a request to a citizen who turned it off, and still to others", async () => {
      const a = await town("prefs-req");
      const workflow = testWorkflow(a.enabledLocales);
      workflow.actions.find((x) => x.id === "take")!.tasks.push({ type: "notify", subjects: { fr: "Dossier {reference}", en: "Request {reference}" }, bodies: { fr: "Votre demande est {state}.", en: "Your request is {state}." } });
      const form = await createPublishedForm(a, undefined, workflow);
      const email = uniqueEmail("quiet");
      const other = uniqueEmail("loud");
      const mine = await createSubmittedRequest(a, form, { what: "A bench" }, { email });
      const theirs = await createSubmittedRequest(a, form, { what: "A bench" }, { email: other });
      const me = await account(a, email);
      await updateCitizen(a.id, me.id, { notifyRequestUpdates: false });
      const manager = await agent(a);
      await act(a, manager, mine.id, "take");
      await act(a, manager, theirs.id, "take");
      const notes = (to: string) => db().outboxMessage.count({ where: { tenantId: a.id, toAddress: to, template: "request-notify" } });
      expect(await notes(email)).toBe(0);
      expect(await notes(other)).toBe(1);
      expect(await requestRow(a, mine.id)).toMatchObject({ state: "in-progress" });
    });
  });

  it("timeline: the citizen's upcoming appointment, requests with their state, draft, public message and waiting-list entry; nobody else's; filtered by kind", async () => {
    const a = await town("timeline");
    const email = uniqueEmail("timeline");
    const other = uniqueEmail("timeline-other");
    const svc = await service(a, { capacity: 2 });
    const appointment = await book(a, svc, tomorrowAt(a, "10:00"), email);
    const othersAppointment = await book(a, svc, tomorrowAt(a, "10:00"), other);
    const { waiter } = await joinWaitingList(a, svc, { email, weekdays: [], locale: "fr" });
    await joinWaitingList(a, svc, { email: other, weekdays: [], locale: "fr" });
    const form = await createPublishedForm(a, undefined, undefined, { title: "Bulky waste" });
    const open = await createSubmittedRequest(a, form, { what: "A bench" }, { email });
    const answered = await createSubmittedRequest(a, form, { what: "A sofa" }, { email });
    const othersRequest = await createSubmittedRequest(a, form, { what: "A lamp" }, { email: other });
    const me = await account(a, email);
    const them = await account(a, other);
    const { draft } = await createDraft({ tenant: a, form: form.form, locale: "fr", citizenId: me.id });
    const { draft: othersDraft } = await createDraft({ tenant: a, form: form.form, locale: "fr", citizenId: them.id });
    const manager = await agent(a);
    await act(a, manager, answered.id, "take");
    await act(a, manager, answered.id, "accept", { comment: "Pickup on Monday." });
    await act(a, manager, othersRequest.id, "take");
    await act(a, manager, othersRequest.id, "accept", { comment: "Not for you." });

    const timeline = await citizenTimeline(a, me.id, "en", null);
    expect(timeline.counts).toEqual({ appointment: 1, request: 2, draft: 1, message: 1, waiting: 1 });
    expect(timeline.upcoming).toHaveLength(1);
    expect(timeline.upcoming[0]).toMatchObject({ id: appointment.id, kind: "appointment", status: "booked", reference: appointment.reference, href: `/en/account/appointments/${appointment.id}` });
    expect(timeline.upcoming[0]!.title?.text).toBe("Passeport test");
    const byId = new Map(timeline.history.map((i) => [i.id, i]));
    expect(byId.get(open.id)).toMatchObject({ kind: "request", status: "open", reference: open.reference, statusLabel: { text: "Received" } });
    expect(byId.get(answered.id)).toMatchObject({ kind: "request", status: "final", statusLabel: { text: "Done" } });
    expect(byId.get(open.id)!.title?.text).toBe("Bulky waste");
    expect(byId.get(draft.id)).toMatchObject({ kind: "draft", status: "draft", href: `/en/requests/${form.form.slug}` });
    expect(byId.get(waiter.id)).toMatchObject({ kind: "waiting", status: "waiting", leavable: true });
    const message = timeline.history.find((i) => i.kind === "message");
    expect(message).toMatchObject({ body: "Pickup on Monday.", reference: answered.reference, status: "message" });
    // Newest first.
    const times = timeline.history.map((i) => i.at.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));

    // Nothing of the other citizen's.
    const all = [...timeline.upcoming, ...timeline.history];
    const theirIds = [othersAppointment.id, othersRequest.id, othersDraft.id];
    expect(all.filter((i) => theirIds.includes(i.id))).toEqual([]);
    expect(all.some((i) => i.body === "Not for you.")).toBe(false);
    expect(all).toHaveLength(6);

    // The filter keeps one kind (the counts stay those of everything).
    const requests = await citizenTimeline(a, me.id, "en", "request");
    expect(requests.upcoming).toEqual([]);
    expect(requests.history.map((i) => i.id).sort()).toEqual([open.id, answered.id].sort());
    expect(requests.counts).toEqual(timeline.counts);
    const appointments = await citizenTimeline(a, me.id, "en", "appointment");
    expect(appointments.upcoming.map((i) => i.id)).toEqual([appointment.id]);
    expect(appointments.history).toEqual([]);
    const waiting = await citizenTimeline(a, me.id, "en", "waiting");
    expect([...waiting.upcoming, ...waiting.history].map((i) => i.id)).toEqual([waiter.id]);
  });

  it("my data: the account, appointments and requests with their answers; nothing of another citizen or another town", async () => {
    const a = await town("mydata-a");
    const b = await town("mydata-b");
    const email = uniqueEmail("mydata");
    const other = uniqueEmail("mydata-other");
    const question = { id: "motif", type: "choice" as const, required: false, labels: { fr: "Motif", en: "Reason" }, options: [{ value: "new", labels: { fr: "Première demande", en: "First request" } }] };
    const svc = await service(a, { capacity: 2, service: { customFields: [question] } });
    const svcB = await service(b);
    const start = tomorrowAt(a, "10:00");
    const appointment = await book(a, svc, start, email, { details: { ...citizen("mine"), email, fields: { motif: "new" } } });
    const othersAppointment = await book(a, svc, start, other);
    const elsewhere = await book(b, svcB, tomorrowAt(b, "10:00"), email);
    const form = await createPublishedForm(a);
    const request = await createSubmittedRequest(a, form, { what: "A bench", count: 2 }, { email, name: "Camille Martin" });
    const othersRequest = await createSubmittedRequest(a, form, { what: "Secret lamp" }, { email: other });
    const requestB = await createSubmittedRequest(b, await createPublishedForm(b), { what: "Tree of town B" }, { email });
    const { citizen: me } = await signIn(a, email, "en");
    await account(a, other);
    await account(b, email);

    const data = await myData(a, me, "en");
    expect(data.account).toMatchObject({ email, language: "en", notifications: { reminderEmail: true, reminderSms: true, requestUpdates: true } });
    expect(data.account.emailVerifiedAt).not.toBeNull();
    expect(data.sessions).toHaveLength(1);
    expect(data.appointments).toHaveLength(1);
    expect(data.appointments[0]).toMatchObject({ reference: appointment.reference, email, firstName: "Prénommine", lastName: "Nommine", answers: { motif: "new" }, status: "booked", service: "Passeport test" });
    expect(data.requests).toHaveLength(1);
    expect(data.requests[0]).toMatchObject({ reference: request.reference, email, name: "Camille Martin", status: "submitted", state: "received", answers: { what: "A bench", count: 2 } });
    expect(data.requests[0]!.questions).toHaveProperty("what");
    expect(data.requests[0]!.history.map((h) => h.kind)).toContain("submitted");

    const text = JSON.stringify(data);
    for (const foreign of [other, othersAppointment.reference, othersRequest.reference!, "Secret lamp", elsewhere.reference, requestB.reference!, "Tree of town B"]) expect(text).not.toContain(foreign);
  });

  it("deleting the account: upcoming cancelled and freed, past anonymised, waiting list and drafts deleted, final requests anonymised, open ones kept without the account; sessions, identities and the account gone", async () => {
    const a = await town("delete");
    const email = uniqueEmail("leaving");
    const other = uniqueEmail("staying");
    const svc = await service(a, { capacity: 1 });
    const past = await book(a, svc, tomorrowAt(a, "10:00"), email);
    const upcomingStart = tomorrowAt(a, "10:00", 5);
    const upcoming = await book(a, svc, upcomingStart, email);
    const othersAppointment = await book(a, svc, tomorrowAt(a, "11:00", 5), other);
    const { waiter } = await joinWaitingList(a, svc, { email, weekdays: [], locale: "fr" });
    const { waiter: othersWaiter } = await joinWaitingList(a, svc, { email: other, weekdays: [], locale: "fr" });
    const form = await createPublishedForm(a);
    const finished = await createSubmittedRequest(a, form, { what: "A sofa" }, { email });
    const open = await createSubmittedRequest(a, form, { what: "A bench", count: 3 }, { email });
    const othersRequest = await createSubmittedRequest(a, form, { what: "A lamp" }, { email: other });
    const manager = await agent(a);
    await act(a, manager, finished.id, "take");
    await act(a, manager, finished.id, "accept", { comment: "Collected." });
    await act(a, manager, othersRequest.id, "take");
    await act(a, manager, othersRequest.id, "accept", { comment: "Collected too." });

    const { citizen: me, sessionId } = await signIn(a, email, "fr");
    const { citizen: them, sessionId: theirSession } = await signIn(a, other, "fr");
    const { draft } = await createDraft({ tenant: a, form: form.form, locale: "fr", citizenId: me.id });
    const { draft: othersDraft } = await createDraft({ tenant: a, form: form.form, locale: "fr", citizenId: them.id });
    const provider = await insertProvider({
      tenantId: a.id,
      labels: { fr: "Test ID" },
      issuer: "https://id.example.net",
      clientId: "civitas",
      clientSecretEnc: sealSecret("a secret", PROVIDER_SECRET_PURPOSE),
      scopes: "openid email",
      signingAlg: "RS256",
      signedUserinfo: false,
      acrValues: null,
      enabled: true,
    });
    await insertIdentity({ tenantId: a.id, citizenId: me.id, providerId: provider.id, subject: "sub-leaving" });
    await insertIdentity({ tenantId: a.id, citizenId: them.id, providerId: provider.id, subject: "sub-staying" });

    // Two days on: the first appointment is past, the second still ahead.
    const now = new Date(tomorrowAt(a, "10:00").getTime() + DAY);
    const result = await inTransaction(() => deleteAccount(a, me, now));
    expect(result).toMatchObject({ cancelled: 1, appointmentsAnonymised: 2, waitingList: 1, draftsDeleted: 1, requestsAnonymised: 1, requestsKept: 1, files: 0, storageKeys: [] });

    const cancelled = await appointmentRow(a, upcoming.id);
    expect(cancelled).toMatchObject({ status: "cancelled", email: "", firstName: "", lastName: "", citizenId: null });
    expect(cancelled!.anonymisedAt).not.toBeNull();
    // Its place is free again: someone else books it.
    const taker = await book(a, svc, upcomingStart, uniqueEmail("taker"));
    expect(taker.startsAt.getTime()).toBe(upcomingStart.getTime());

    const anonymised = await appointmentRow(a, past.id);
    expect(anonymised).toMatchObject({ status: "booked", email: "", firstName: "", lastName: "", phone: null, fields: {}, citizenId: null });
    expect(anonymised!.anonymisedAt).not.toBeNull();
    expect(anonymised!.reference).toBe(past.reference);

    expect(await waiterRow(a, waiter.id)).toBeNull();
    expect(await requestRow(a, draft.id)).toBeNull();
    const finishedRow = await requestRow(a, finished.id);
    expect(finishedRow).toMatchObject({ email: null, name: null, data: {}, citizenId: null });
    expect(finishedRow!.anonymisedAt).not.toBeNull();
    const openRow = await requestRow(a, open.id);
    expect(openRow).toMatchObject({ email, citizenId: null, anonymisedAt: null, state: "received", data: { what: "A bench", count: 3 } });

    expect(await findCitizen(a.id, me.id)).toBeNull();
    expect(await db().authSession.count({ where: { OR: [{ id: sessionId }, { citizenId: me.id }] } })).toBe(0);
    expect(await db().citizenIdentity.count({ where: { citizenId: me.id } })).toBe(0);
    expect(await db().authToken.count({ where: { tenantId: a.id, email, purpose: "citizen_sign_in" } })).toBe(0);

    // The other citizen keeps everything.
    expect(await findCitizen(a.id, them.id)).not.toBeNull();
    expect(await appointmentRow(a, othersAppointment.id)).toMatchObject({ citizenId: them.id, email: other, status: "booked", anonymisedAt: null });
    expect(await waiterRow(a, othersWaiter.id)).toMatchObject({ citizenId: them.id, status: "waiting" });
    expect(await requestRow(a, othersRequest.id)).toMatchObject({ citizenId: them.id, email: other, anonymisedAt: null, data: { what: "A lamp" } });
    expect(await requestRow(a, othersDraft.id)).toMatchObject({ citizenId: them.id, status: "draft" });
    expect(await db().authSession.findUnique({ where: { id: theirSession } })).toMatchObject({ citizenId: them.id, revokedAt: null });
    expect(await db().citizenIdentity.count({ where: { citizenId: them.id } })).toBe(1);
  });

  it("an address proved by a link takes back an account a provider opened without vouching for it: the provider's identity no longer opens it", async () => {
    const a = await town("proof");
    const provider = await insertProvider({ tenantId: a.id, labels: { fr: "Test" }, issuer: "http://127.0.0.1:9/", clientId: "c", clientSecretEnc: sealSecret("s", PROVIDER_SECRET_PURPOSE) });
    const email = uniqueEmail("claimed");
    const identity = { providerId: provider.id, subject: "someone", email, emailVerified: false, name: "Someone" };
    const opened = await signInWithIdentity({ tenant: a, identity, locale: "fr", meta: meta() });
    const before = (await findCitizen(a.id, opened.citizenId))!;
    expect(before.emailVerifiedAt).toBeNull();
    // The address's owner signs in with a link: same account, now proved, the identity unlinked.
    const owner = await signIn(a, email);
    expect(owner.citizenId).toBe(opened.citizenId);
    expect(owner.citizen.emailVerifiedAt).not.toBeNull();
    expect(await db().citizenIdentity.count({ where: { tenantId: a.id, citizenId: opened.citizenId } })).toBe(0);
    // The provider's user, still not vouched for, cannot come back into it.
    await expectRefusal(signInWithIdentity({ tenant: a, identity, locale: "fr", meta: meta() }), "providerEmailUnverified");
  });

  it("housekeeping: used or expired links older than a day and sessions ended long ago are deleted, nothing recent", async () => {
    const a = await town("purge");
    const email = uniqueEmail("purge");
    const { sessionId } = await signIn(a, email);
    await requestSignInLink({ tenant: a, email, locale: "fr", next: null, meta: meta() });
    const now = new Date();
    // Seen from two days later: the used link goes, the unused one (expired after 20 minutes) too; the session stays.
    const later = await purgeAuth(new Date(now.getTime() + 2 * DAY), { tenantId: a.id });
    expect(later.tokens).toBeGreaterThanOrEqual(2);
    expect(await db().authToken.count({ where: { tenantId: a.id, email } })).toBe(0);
    expect(await db().authSession.count({ where: { id: sessionId } })).toBe(1);
    // Seen from a hundred days later: the session, expired for more than 90 days, goes.
    await purgeAuth(new Date(now.getTime() + 100 * DAY), { tenantId: a.id });
    expect(await db().authSession.count({ where: { id: sessionId } })).toBe(0);
  });

  it("isolation: a town never finds another town's citizen; a citizen never cancels or leaves another's items, nor their own from another town", async () => {
    const a = await town("iso-a");
    const b = await town("iso-b");
    const email = uniqueEmail("iso");
    const svc = await service(a, { capacity: 2 });
    const appointment = await book(a, svc, tomorrowAt(a, "10:00", 2), email);
    const { waiter } = await joinWaitingList(a, svc, { email, weekdays: [], locale: "fr" });
    const me = await account(a, email);
    const them = await account(a, uniqueEmail("iso-other"));
    const meInB = await account(b, email);

    expect(await findCitizen(b.id, me.id)).toBeNull();
    expect(await findCitizen(a.id, meInB.id)).toBeNull();
    const inB = await citizenTimeline(b, me.id, "fr", null);
    expect([...inB.upcoming, ...inB.history]).toEqual([]);
    const other = await citizenTimeline(a, them.id, "fr", null);
    expect([...other.upcoming, ...other.history]).toEqual([]);

    await expect(cancelCitizenAppointment(a, them.id, appointment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelCitizenAppointment(b, me.id, appointment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(cancelCitizenAppointment(b, meInB.id, appointment.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(leaveCitizenWaitingList(a, them.id, waiter.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(leaveCitizenWaitingList(b, me.id, waiter.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(leaveCitizenWaitingList(b, meInB.id, waiter.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await appointmentRow(a, appointment.id)).toMatchObject({ status: "booked", citizenId: me.id });
    expect(await waiterRow(a, waiter.id)).toMatchObject({ status: "waiting", citizenId: me.id });

    // The owner, in their town, can.
    expect((await cancelCitizenAppointment(a, me.id, appointment.id)).changed).toBe(true);
    expect((await leaveCitizenWaitingList(a, me.id, waiter.id)).changed).toBe(true);
    expect(await appointmentRow(a, appointment.id)).toMatchObject({ status: "cancelled" });
    expect(await waiterRow(a, waiter.id)).toMatchObject({ status: "left" });
  });
});
