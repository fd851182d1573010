// The agents' configuration of appointments on a real PostgreSQL, through the server actions themselves
// (the action wrapper: zod, permission and scope, audit, translated errors, values typed kept): service
// settings, services and sites, the citizens' questions, closures and the .ics preview, the permission
// rules for an agent configuring one service, waiting-list offers after a schedule change, retention
// (the admin's date, and the copies of personal data it deletes), the citizen's language of an agent's
// e-mails, a search by e-mail address, and another town's ids.
//
// Only what a real request would bring is simulated: the request's headers (the town's host, a same-
// origin Origin, the language) and the signed-in agent (the session cookie); next/cache's refresh
// needs a rendering request and is a no-op here.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TAgentActor } from "@/lib/auth/session";
import type { TActionState, TFormAction } from "@/lib/core/action";

const request = vi.hoisted(() => ({ slug: "", locale: "en", actor: null as unknown }));

vi.mock("@/lib/core/request", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/core/request")>()),
  requestInfo: async () => ({
    tenantSlug: request.slug,
    platform: false,
    locale: request.locale,
    requestId: "test-request",
    ip: "127.0.0.1",
    origin: `https://${request.slug}.civitas.test`,
    host: `${request.slug}.civitas.test`,
    userAgent: "vitest",
  }),
}));
// The cookie helpers wrap next-auth, which needs Next's runtime: no cookie here, the agent is given below.
vi.mock("@/lib/auth/config", () => ({ sessionIdFromCookie: async () => null, citizenSessionIdFromCookie: async () => null }));
vi.mock("@/lib/auth/session", async (importOriginal) => ({ ...(await importOriginal<typeof import("@/lib/auth/session")>()), getActor: async () => request.actor }));
vi.mock("next/cache", async (importOriginal) => ({ ...(await importOriginal<typeof import("next/cache")>()), refresh: () => undefined }));

import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { agentCancelAction, agentMoveAction } from "@/lib/appointments/agent-actions";
import {
  addClosureAction,
  addCustomFieldAction,
  archiveServiceAction,
  archiveSiteAction,
  changeCustomFieldAction,
  createServiceAction,
  deleteClosureAction,
  editCustomFieldAction,
  previewIcsAction,
  saveRuleAction,
  saveSiteAction,
  updateServiceAction,
} from "@/lib/appointments/config-actions";
import { findServiceAny, type TServiceRow } from "@/lib/appointments/repo";
import { customFieldsOf } from "@/lib/appointments/schemas";
import { bookDirect, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { listBookings, parseBookingFilters } from "@/lib/appointments/service/booking-list";
import { addClosure, createService, createSite } from "@/lib/appointments/service/configure";
import { townClosures, townService } from "@/lib/appointments/service/definitions";
import { sendDueReminders } from "@/lib/appointments/service/reminders";
import { anonymiseTown, retentionOverview } from "@/lib/appointments/service/retention";
import { findWaiterByToken, joinWaitingList, WAITING_OFFER_QUEUE } from "@/lib/appointments/service/waiting-list";
import { offerFreedPlaces } from "@/lib/appointments/service/waiting-offers";
import { addDays, isoWeekday, localDate, localInstant } from "@/lib/appointments/slots";
import { db } from "@/lib/core/db";
import { formatInstant } from "@/lib/core/dates";
import { mailBrand } from "@/lib/notifications/brand";
import { renderMail } from "@/lib/notifications/templates";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown, withModules } from "@/tests/fixtures/towns";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const FORBIDDEN = "You are not allowed to do this.";
const NOT_FOUND = "This item does not exist or is no longer available.";

type TAnswer = TActionState<unknown> | { status: "redirect"; to: string };

/** Posts a form to a server action as `actor`, on `tenant`'s host, in `locale`; a redirect is an answer too. */
async function submit(action: TFormAction, tenant: TTenant, actor: TAgentActor, fields: Record<string, string | string[] | File>, locale = "en"): Promise<TAnswer> {
  Object.assign(request, { slug: tenant.slug, locale, actor });
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of Array.isArray(value) ? value : [value]) form.append(name, one);
  try {
    return await action({ status: "idle" }, form);
  } catch (error) {
    const digest = (error as { digest?: unknown }).digest;
    if (typeof digest === "string" && digest.startsWith("NEXT_REDIRECT")) return { status: "redirect", to: digest.split(";")[2]! };
    throw error;
  }
}

async function agent(tenant: TTenant, local: string, roles: ("agent" | "service-manager" | "administrator")[], scope: string[] = []): Promise<TAgentActor> {
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: local, password: "a long enough passphrase", roles, scope });
  const actor = await getAgentForSession(tenant.id, id);
  if (!actor) throw new Error("agent");
  return { ...actor, kind: "agent", sessionId: "test" };
}

const audit = (tenant: TTenant) => ({ tenantId: tenant.id, actor: { type: "system" as const, label: "test" } });
const booking = (tenant: TTenant, service: TDirectBooking["service"], start: Date, who: number | string, extra: Partial<TDirectBooking> = {}): TDirectBooking => ({
  tenant, service, siteId: null, start, people: 1, details: citizen(who), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: audit(tenant), ...extra,
});

async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The settings form as the page fills it for `service`, with some fields changed. */
function settingsForm(service: TServiceRow, changes: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  const text = (prefix: string, value: unknown) => Object.fromEntries(Object.entries((value ?? {}) as Record<string, string>).map(([l, v]) => [`${prefix}.${l}`, v]));
  // A ticked box sends "on"; an unticked one sends nothing.
  const box = (name: string, on: boolean) => (on ? { [name]: "on" } : {});
  return {
    id: service.id,
    ...text("names", service.names),
    ...text("descriptions", service.descriptions),
    siteIds: service.sites.map((s) => s.siteId),
    durationMinutes: String(service.durationMinutes),
    maxPeople: String(service.maxPeople),
    phoneField: service.phoneField,
    antsField: service.antsField,
    minNoticeHours: String(service.minNoticeHours),
    horizonWeeks: String(service.horizonWeeks),
    maxActivePerCitizen: String(service.maxActivePerCitizen),
    limitPeriodDays: String(service.limitPeriodDays),
    minDaysBetween: String(service.minDaysBetween),
    holdMinutes: String(service.holdMinutes),
    offerHours: String(Math.max(1, Math.round(service.offerMinutes / 60))),
    retentionDays: String(service.retentionDays),
    ...Object.fromEntries(service.reminderOffsets.map((minutes, i) => [`reminder${i + 1}`, String(minutes / 60)])),
    ...box("closedOnHolidays", service.closedOnHolidays),
    ...box("waitingList", service.waitingList),
    ...box("reminderSms", service.reminderSms),
    ...box("loginRequired", service.loginRequired),
    ...changes,
  };
}

const calendar = (uid: string, day: string, summary: string) =>
  ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", `UID:${uid}`, "DTSTAMP:20260101T000000Z", `DTSTART;VALUE=DATE:${day.replaceAll("-", "")}`, `DTEND;VALUE=DATE:${addDays(day, 1).replaceAll("-", "")}`, `SUMMARY:${summary}`, "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");

const auditActions = async (tenant: TTenant, targetId: string) => (await db().auditEntry.findMany({ where: { tenantId: tenant.id, targetId }, orderBy: { id: "asc" } })).map((e) => e.action);

describe("appointments: the agents' configuration, through the actions", () => {
  let database: TAppDatabase;
  let a: TTenant;
  let b: TTenant;
  let adminA: TAgentActor;
  let adminB: TAgentActor;

  beforeAll(async () => {
    database = await openAppDatabase("appointment_config", { SMS_PROVIDER: undefined });
    a = await withModules(await createVisibleTown("config-a"), ["appointments"]);
    b = await withModules(await createVisibleTown("config-b"), ["appointments"]);
    adminA = await agent(a, "admin", ["administrator"]);
    adminB = await agent(b, "admin", ["administrator"]);
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("service settings: reminder hours become minutes, the same reminder twice is refused on its field with the values kept; retention, hold and holidays saved", async () => {
    const { service } = await createBookableService(a);
    const saved = await submit(updateServiceAction, a, adminA, settingsForm(service, { reminder1: "48", reminder2: "1.5", retentionDays: "90", holdMinutes: "15", closedOnHolidays: "on", waitingList: "on", offerHours: "6" }));
    expect(saved).toMatchObject({ status: "ok", message: expect.any(String) });
    expect(await findServiceAny(a.id, service.id)).toMatchObject({ reminderOffsets: [48 * 60, 90], retentionDays: 90, holdMinutes: 15, closedOnHolidays: true, waitingList: true, offerMinutes: 360 });

    const twice = await submit(updateServiceAction, a, adminA, settingsForm(service, { reminder1: "2", reminder2: "2", retentionDays: "30" }));
    expect(twice).toMatchObject({ status: "error", fieldErrors: { reminder2: "Two reminders are at the same time" }, values: { reminder1: "2", reminder2: "2", retentionDays: "30" } });
    // Refused as a whole: nothing of that form is saved.
    expect(await findServiceAny(a.id, service.id)).toMatchObject({ reminderOffsets: [48 * 60, 90], retentionDays: 90 });
    // The public-holidays switch goes off when its box is not ticked; a bound is checked by zod.
    await submit(updateServiceAction, a, adminA, settingsForm((await findServiceAny(a.id, service.id))!, { closedOnHolidays: [] }));
    expect((await findServiceAny(a.id, service.id))?.closedOnHolidays).toBe(false);
    expect(await submit(updateServiceAction, a, adminA, settingsForm(service, { holdMinutes: "61" }))).toMatchObject({ status: "error", fieldErrors: { holdMinutes: "Enter a number of at most 60" } });
    expect(await auditActions(a, service.id)).toEqual(["appointments.service-update", "appointments.service-update"]);
  });

  it("creates, changes and archives a site and a service (the town-wide permission); a name is required", async () => {
    const site = await submit(saveSiteAction, a, adminA, { "names.fr": "Mairie annexe", "names.en": "Town hall annex", "address.fr": "2 place de la Gare", phone: "+33 1 23 45 67 89", latitude: "48,85", longitude: "2.35" });
    expect(site).toMatchObject({ status: "redirect", to: expect.stringMatching(/^\/en\/admin\/appointment-sites\/[0-9a-f-]{36}\?saved=1$/) });
    const siteId = /appointment-sites\/([0-9a-f-]{36})/.exec((site as { to: string }).to)![1]!;
    expect(await db().appointmentSite.findUnique({ where: { id: siteId } })).toMatchObject({ tenantId: a.id, names: { fr: "Mairie annexe", en: "Town hall annex" }, phone: "+33 1 23 45 67 89" });

    const nameless = await submit(saveSiteAction, a, adminA, { id: siteId, "names.en": "Annex", phone: "+33 1 23 45 67 89" });
    expect(nameless).toMatchObject({ status: "error", fieldErrors: { "names.fr": "Enter a name" }, values: { "names.en": "Annex" } });
    expect(await submit(saveSiteAction, a, adminA, { id: siteId, "names.fr": "Mairie annexe Nord", "address.fr": "4 place de la Gare" })).toMatchObject({ status: "redirect" });
    expect(await db().appointmentSite.findUnique({ where: { id: siteId } })).toMatchObject({ names: { fr: "Mairie annexe Nord" }, address: { fr: "4 place de la Gare" }, phone: null });

    const created = await submit(createServiceAction, a, adminA, { "names.fr": "Cartes grises", "names.en": "Vehicle registration", durationMinutes: "15", siteIds: [siteId] });
    expect(created).toMatchObject({ status: "redirect", to: expect.stringMatching(/^\/en\/admin\/appointment-services\/[0-9a-f-]{36}\?created=1$/) });
    const serviceId = /appointment-services\/([0-9a-f-]{36})/.exec((created as { to: string }).to)![1]!;
    const service = await findServiceAny(a.id, serviceId);
    expect(service).toMatchObject({ names: { fr: "Cartes grises", en: "Vehicle registration" }, durationMinutes: 15, archivedAt: null });
    expect(service?.sites.map((s) => s.siteId)).toEqual([siteId]);
    expect(await submit(createServiceAction, a, adminA, { "names.fr": "Sans site", durationMinutes: "15" })).toMatchObject({ status: "error", fieldErrors: { siteIds: "Choose at least one site" } });

    expect(await submit(archiveServiceAction, a, adminA, { id: serviceId, archived: "yes" })).toMatchObject({ status: "ok" });
    expect((await findServiceAny(a.id, serviceId))?.archivedAt).toBeInstanceOf(Date);
    await waitFor(async () => (await townService(a.id, serviceId)) === null);
    expect(await submit(archiveServiceAction, a, adminA, { id: serviceId, archived: "no" })).toMatchObject({ status: "ok" });
    expect((await findServiceAny(a.id, serviceId))?.archivedAt).toBeNull();
    expect(await submit(archiveSiteAction, a, adminA, { id: siteId, archived: "yes" })).toMatchObject({ status: "ok" });
    expect((await db().appointmentSite.findUnique({ where: { id: siteId } }))?.archivedAt).toBeInstanceOf(Date);

    expect(await auditActions(a, siteId)).toEqual(["appointments.site-create", "appointments.site-update", "appointments.site-archive"]);
    expect(await auditActions(a, serviceId)).toEqual(["appointments.service-create", "appointments.service-archive", "appointments.service-restore"]);
  });

  it("citizens' questions: added, changed (texts, required, options keeping their answers), refused with translated errors and the values kept, removed", async () => {
    const { service } = await createBookableService(a);
    const field = { serviceId: service.id };
    expect(await submit(addCustomFieldAction, a, adminA, { ...field, type: "choice", required: "on", "labels.fr": "Motif", "labels.en": "Reason", "options.fr": "Première demande\nRenouvellement", "options.en": "First request\nRenewal" })).toMatchObject({ status: "ok" });
    expect(await submit(addCustomFieldAction, a, adminA, { ...field, type: "text", "labels.fr": "Remarque" })).toMatchObject({ status: "ok" });
    const fieldsOf = async () => customFieldsOf((await findServiceAny(a.id, service.id))?.customFields);
    expect((await fieldsOf()).map((f) => [f.id, f.type, f.required])).toEqual([["motif", "choice", true], ["remarque", "text", false]]);

    // Refused: the main language's text is missing, and a choice needs two options. Values typed come back.
    const refused = await submit(editCustomFieldAction, a, adminA, { ...field, field: "motif", "labels.fr": " ", "labels.en": "Why", "options.fr": "Seule" });
    expect(refused).toMatchObject({ status: "error", error: "Check the answers marked below.", fieldErrors: { "labels.fr": "Enter a name" }, values: { "labels.en": "Why", "options.fr": "Seule" } });
    const fewOptions = await submit(editCustomFieldAction, a, adminA, { ...field, field: "motif", "labels.fr": "Motif", "options.fr": "Seule" });
    expect(fewOptions).toMatchObject({ status: "error", fieldErrors: { "options.fr": "Give at least two options, one per line" } });
    expect((await fieldsOf())[0]).toMatchObject({ labels: { fr: "Motif", en: "Reason" }, required: true });

    // Changed: texts, a hint, no longer required, an option renamed in its place, one added; the kind stays.
    const changed = await submit(editCustomFieldAction, a, adminA, { ...field, field: "motif", type: "number", "labels.fr": "Motif de la demande", "labels.en": "Reason", "hints.fr": "Choisissez un motif", "options.fr": "Première demande de titre\nRenouvellement\nPerte ou vol", "options.en": "First request\nRenewal\nLoss or theft" });
    expect(changed).toEqual({ status: "redirect", to: `/en/admin/appointment-services/${service.id}/fields?saved=1` });
    const [motif, remarque] = await fieldsOf();
    expect(motif).toEqual({
      id: "motif",
      type: "choice",
      required: false,
      labels: { fr: "Motif de la demande", en: "Reason" },
      hints: { fr: "Choisissez un motif" },
      options: [
        { value: "option-1", labels: { fr: "Première demande de titre", en: "First request" } },
        { value: "option-2", labels: { fr: "Renouvellement", en: "Renewal" } },
        { value: "option-3", labels: { fr: "Perte ou vol", en: "Loss or theft" } },
      ],
    });
    expect(remarque?.id).toBe("remarque");
    expect(await submit(editCustomFieldAction, a, adminA, { ...field, field: "missing", "labels.fr": "X" })).toMatchObject({ status: "error", error: NOT_FOUND });

    expect(await submit(changeCustomFieldAction, a, adminA, { ...field, field: "remarque", move: "remove" })).toMatchObject({ status: "ok" });
    expect((await fieldsOf()).map((f) => f.id)).toEqual(["motif"]);
    const entries = await db().auditEntry.findMany({ where: { tenantId: a.id, targetId: service.id }, orderBy: { id: "asc" } });
    expect(entries.map((e) => [e.action, (e.summary as { change?: string }).change ?? null])).toEqual([
      ["appointments.field-add", null],
      ["appointments.field-add", null],
      ["appointments.field-change", "edit"],
      ["appointments.field-change", "remove"],
    ]);
  });

  it("manual closures: for a site or the whole day, refused when ending before they start, deleted", async () => {
    const { service, sites } = await createBookableService(a, { sites: 2 });
    const day = localDate(new Date(Date.now() + 2 * DAY), a.timeZone);
    const morning = await submit(addClosureAction, a, adminA, { serviceId: service.id, scope: "service", siteId: sites[1]!.id, startDate: day, startTime: "08:00", endDate: day, endTime: "12:00", "reason.fr": "Travaux" });
    expect(morning).toMatchObject({ status: "ok" });
    const wholeDay = await submit(addClosureAction, a, adminA, { serviceId: service.id, scope: "service", siteId: "", startDate: day, endDate: day });
    expect(wholeDay).toMatchObject({ status: "ok" });
    const rows = await db().appointmentClosure.findMany({ where: { tenantId: a.id, serviceId: service.id }, orderBy: { endsAt: "asc" } });
    expect(rows.map((c) => [c.siteId, c.startsAt.toISOString(), c.endsAt.toISOString(), c.reason])).toEqual([
      [sites[1]!.id, localInstant(day, "08:00", a.timeZone).toISOString(), localInstant(day, "12:00", a.timeZone).toISOString(), { fr: "Travaux" }],
      [null, localInstant(day, "00:00", a.timeZone).toISOString(), localInstant(addDays(day, 1), "00:00", a.timeZone).toISOString(), {}],
    ]);
    const backwards = await submit(addClosureAction, a, adminA, { serviceId: service.id, scope: "service", startDate: day, startTime: "10:00", endDate: day, endTime: "09:00" });
    expect(backwards).toMatchObject({ status: "error", fieldErrors: { endDate: expect.any(String) } });
    expect((backwards as { fieldErrors: Record<string, string> }).fieldErrors.endDate).not.toBe("closureEndsBeforeStart");

    expect(await submit(deleteClosureAction, a, adminA, { serviceId: service.id, closureId: rows[0]!.id })).toMatchObject({ status: "ok" });
    expect(await db().appointmentClosure.count({ where: { tenantId: a.id, serviceId: service.id } })).toBe(1);
    expect(await auditActions(a, rows[0]!.id)).toEqual(["appointments.closure-add", "appointments.closure-delete"]);
  });

  it("the .ics preview lists the bookings the closures would hit (reference, the town's time, citizen) and saves nothing", async () => {
    const { service } = await createBookableService(a);
    const start = tomorrowAt(a, "10:00", 3);
    const hit = await bookDirect(booking(a, service, start, "ics-hit"));
    await bookDirect(booking(a, service, tomorrowAt(a, "10:00", 4), "ics-next-day"));
    const file = new File([calendar(`works-${service.id}`, localDate(start, a.timeZone), "Works in the hall")], "works.ics", { type: "text/calendar" });
    const preview = await submit(previewIcsAction, a, adminA, { serviceId: service.id, scope: "service", siteId: "", file });
    expect(preview).toMatchObject({
      status: "ok",
      data: {
        closures: [{ summary: "Works in the hall" }],
        affectedText: "1 booked appointment falls in these closures: after the import, you can cancel it and tell the citizen.",
        affected: [{ id: hit.appointment.id, reference: hit.appointment.reference, when: formatInstant(start, "en", a.timeZone, { dateStyle: "medium", timeStyle: "short" }), name: "Prénomics-hit Nomics-hit" }],
        affectedMoreText: "",
      },
    });
    expect(await db().appointmentClosure.count({ where: { tenantId: a.id, serviceId: service.id } })).toBe(0);
    // No file chosen: the field's message.
    expect(await submit(previewIcsAction, a, adminA, { serviceId: service.id, scope: "service" })).toMatchObject({ status: "error", fieldErrors: { file: expect.any(String) } });
  });

  it("an agent configuring one service cannot create a service or a site, close every service or delete the town's closure; they can close their own service", async () => {
    const { service, sites } = await createBookableService(a);
    const other = await createBookableService(a);
    const scoped = await agent(a, "scoped-config", ["service-manager"], [`service:${service.id}`]);
    const servicesBefore = await db().appointmentService.count({ where: { tenantId: a.id } });
    const sitesBefore = await db().appointmentSite.count({ where: { tenantId: a.id } });
    const day = localDate(new Date(Date.now() + 5 * DAY), a.timeZone);
    const closure = { serviceId: service.id, startDate: day, endDate: day };

    expect(await submit(createServiceAction, a, scoped, { "names.fr": "Pirate", durationMinutes: "15", siteIds: [sites[0]!.id] })).toMatchObject({ status: "error", error: FORBIDDEN });
    expect(await submit(saveSiteAction, a, scoped, { "names.fr": "Pirate" })).toMatchObject({ status: "error", error: FORBIDDEN });
    expect(await submit(saveSiteAction, a, scoped, { id: sites[0]!.id, "names.fr": "Renamed" })).toMatchObject({ status: "error", error: FORBIDDEN });
    expect(await submit(addClosureAction, a, scoped, { ...closure, scope: "all" })).toMatchObject({ status: "error", error: FORBIDDEN });
    const ics = new File([calendar(`all-${service.id}`, day, "Strike")], "strike.ics");
    expect(await submit(previewIcsAction, a, scoped, { serviceId: service.id, scope: "all", file: ics })).toMatchObject({ status: "error", error: FORBIDDEN });
    expect(await submit(updateServiceAction, a, scoped, settingsForm(other.service))).toMatchObject({ status: "error", error: FORBIDDEN });
    expect(await submit(addCustomFieldAction, a, scoped, { serviceId: other.service.id, type: "text", "labels.fr": "Pirate" })).toMatchObject({ status: "error", error: FORBIDDEN });
    expect(await db().appointmentService.count({ where: { tenantId: a.id } })).toBe(servicesBefore);
    expect(await db().appointmentSite.count({ where: { tenantId: a.id } })).toBe(sitesBefore);

    // Their own service: yes.
    expect(await submit(addClosureAction, a, scoped, { ...closure, scope: "service" })).toMatchObject({ status: "ok" });
    const own = await db().appointmentClosure.findFirstOrThrow({ where: { tenantId: a.id, serviceId: service.id } });
    expect(await submit(deleteClosureAction, a, scoped, { serviceId: service.id, closureId: own.id })).toMatchObject({ status: "ok" });
    // The town's closure (every service) shows on their service's page, but only the town's configurer deletes it.
    const townWide = await addClosure(a.id, { serviceId: null, startsAt: localInstant(day, "00:00", a.timeZone), endsAt: localInstant(day, "12:00", a.timeZone) });
    expect(await submit(deleteClosureAction, a, scoped, { serviceId: service.id, closureId: townWide.id })).toMatchObject({ status: "error", error: FORBIDDEN });
    expect(await db().appointmentClosure.count({ where: { id: townWide.id } })).toBe(1);
    expect(await submit(deleteClosureAction, a, adminA, { serviceId: service.id, closureId: townWide.id })).toMatchObject({ status: "ok" });
    expect(await db().appointmentClosure.count({ where: { id: townWide.id } })).toBe(0);
    // Refusals by permission are audited by the wrapper.
    expect(await db().auditEntry.count({ where: { tenantId: a.id, action: "access.denied", actorId: scoped.id } })).toBeGreaterThanOrEqual(6);
  });

  it("a new timetable offers the place to the first waiter; so does a closure removed", async () => {
    // A service without any opening hours yet: nobody can book, two citizens wait.
    const site = await createSite(a.id, { names: { fr: "Guichet unique" } });
    const created = await createService(a.id, { names: { fr: "Nouveau service" }, durationMinutes: 20, minNoticeHours: 0, horizonWeeks: 2, closedOnHolidays: false, maxActivePerCitizen: 0, waitingList: true, siteIds: [site.id] });
    const service = await waitFor(() => townService(a.id, created.id));
    const first = await joinWaitingList(a, service, { email: "first-waiter@example.net", weekdays: [], locale: "en" });
    const second = await joinWaitingList(a, service, { email: "second-waiter@example.net", weekdays: [], locale: "fr" });
    // One day, one time, one desk: a single place, for the first waiter only.
    const tomorrow = localDate(tomorrowAt(a, "12:00"), a.timeZone);
    const days = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [`day${d}`, d === isoWeekday(tomorrow) ? "10:00-10:20" : ""]));
    const saved = await submit(saveRuleAction, a, adminA, { serviceId: service.id, ruleId: "", siteId: site.id, validFrom: tomorrow, validUntil: tomorrow, slotMinutes: "20", capacity: "1", ...days });
    expect(saved).toMatchObject({ status: "redirect", to: expect.stringContaining("/hours?saved=1") });
    // The change queued the offer job in its transaction; the job's work, run here:
    const queued = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${WAITING_OFFER_QUEUE} AND data->>'serviceId' = ${service.id}`;
    expect(Number(queued[0]!.n)).toBeGreaterThanOrEqual(1);
    await waitFor(async () => ((await townService(a.id, service.id))?.rules.length ?? 0) > 0);
    expect(await offerFreedPlaces(a, service.id)).toBe(1);
    expect(await findWaiterByToken(a.id, first.token)).toMatchObject({ status: "offered" });
    expect(await findWaiterByToken(a.id, second.token)).toMatchObject({ status: "waiting" });

    // A service closed over its whole window: the waiter gets a place once the closure is removed.
    const { service: closed } = await createBookableService(a, { service: { waitingList: true, horizonWeeks: 2 } });
    await addClosure(a.id, { serviceId: closed.id, startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() + 30 * DAY) });
    const waiter = await joinWaitingList(a, closed, { email: "closed-waiter@example.net", weekdays: [], locale: "en" });
    // Once this process's copy of the town's definitions has the closure, nothing can be offered.
    await waitFor(async () => (await townClosures(a.id, closed.id, new Date(), new Date(Date.now() + DAY))).length > 0);
    expect(await offerFreedPlaces(a, closed.id)).toBe(0);
    expect(await findWaiterByToken(a.id, waiter.token)).toMatchObject({ status: "waiting" });
    const closure = await db().appointmentClosure.findFirstOrThrow({ where: { tenantId: a.id, serviceId: closed.id } });
    expect(await submit(deleteClosureAction, a, adminA, { serviceId: closed.id, closureId: closure.id })).toMatchObject({ status: "ok" });
    const jobs = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = ${WAITING_OFFER_QUEUE} AND data->>'serviceId' = ${closed.id}`;
    expect(Number(jobs[0]!.n)).toBeGreaterThanOrEqual(1);
    let offered = 0;
    await waitFor(async () => (offered = await offerFreedPlaces(a, closed.id)) > 0);
    expect(offered).toBe(1);
    expect(await findWaiterByToken(a.id, waiter.token)).toMatchObject({ status: "offered" });
  });

  it("an agent's move and cancel e-mails go in the citizen's language, not the agent's; a booking is found by its e-mail address", async () => {
    const { service, sites } = await createBookableService(a);
    const clerk = await agent(a, "lang-clerk", ["agent"]);
    const { appointment } = await bookDirect(booking(a, service, tomorrowAt(a, "14:00", 2), "lang", { locale: "en" }));
    // The agent works in French; the citizen booked in English.
    const moved = await submit(agentMoveAction, a, clerk, { id: appointment.id, siteId: sites[0]!.id, start: tomorrowAt(a, "14:40", 2).toISOString(), moveReason: "Le guichet ferme à 14 h" }, "fr");
    expect(moved).toEqual({ status: "redirect", to: `/fr/admin/appointments/${appointment.id}?moved=1` });
    const cancelled = await submit(agentCancelAction, a, clerk, { id: appointment.id, reason: "Grève du personnel" }, "fr");
    expect(cancelled).toEqual({ status: "redirect", to: `/fr/admin/appointments/${appointment.id}?cancelled=1` });
    const mails = await db().outboxMessage.findMany({ where: { tenantId: a.id, toAddress: appointment.email, template: { in: ["appointment-rescheduled", "appointment-cancelled"] } }, orderBy: { createdAt: "asc" } });
    expect(mails.map((m) => [m.template, m.locale, (m.params as { reason?: string }).reason])).toEqual([
      ["appointment-rescheduled", "en", "Le guichet ferme à 14 h"],
      ["appointment-cancelled", "en", "Grève du personnel"],
    ]);
    const subjects = await Promise.all(mails.map(async (m) => (await renderMail({ template: m.template, locale: m.locale, params: m.params as Record<string, unknown>, secret: (m.secret ?? null) as Record<string, unknown> | null, brand: await mailBrand(a.id, m.locale) })).subject));
    expect(subjects[0]).toMatch(/^Appointment moved: Passeport test, /);
    expect(subjects[1]).toMatch(/^Appointment cancelled: Passeport test, /);

    // Search by e-mail address: whole, partial, any case; another citizen's booking is not among them.
    const other = await bookDirect(booking(a, service, tomorrowAt(a, "15:00", 2), "someone-else"));
    const found = await bookDirect(booking(a, service, tomorrowAt(a, "15:20", 2), "mail-search", { details: { ...citizen("mail-search"), email: "jeanne.martin-search@example.org" } }));
    for (const q of ["jeanne.martin-search@example.org", "Jeanne.Martin-Search", "martin-search@example"]) {
      const list = await listBookings(a, clerk, parseBookingFilters({ q }));
      expect(list.rows.map((r) => r.id)).toEqual([found.appointment.id]);
    }
    expect((await listBookings(a, clerk, parseBookingFilters({ q: "someone-else@example.net" }))).rows.map((r) => r.id)).toEqual([other.appointment.id]);
    // Town B's agent searching town A's address finds nothing.
    expect((await listBookings(b, adminB, parseBookingFilters({ q: "jeanne.martin-search@example.org" }))).rows).toEqual([]);
  });

  it("another town's ids: not found, and nothing changes", async () => {
    const { service, sites } = await createBookableService(a);
    await submit(addCustomFieldAction, a, adminA, { serviceId: service.id, type: "text", "labels.fr": "Remarque" });
    const day = localDate(new Date(Date.now() + 6 * DAY), a.timeZone);
    const closure = await addClosure(a.id, { serviceId: service.id, startsAt: localInstant(day, "00:00", a.timeZone), endsAt: localInstant(day, "12:00", a.timeZone) });
    const before = await findServiceAny(a.id, service.id);
    const notFound = { status: "error", error: NOT_FOUND };

    expect(await submit(updateServiceAction, b, adminB, settingsForm(service, { "names.fr": "Volé", retentionDays: "1" }))).toMatchObject(notFound);
    expect(await submit(archiveServiceAction, b, adminB, { id: service.id, archived: "yes" })).toMatchObject(notFound);
    expect(await submit(editCustomFieldAction, b, adminB, { serviceId: service.id, field: "remarque", "labels.fr": "Volé" })).toMatchObject(notFound);
    expect(await submit(changeCustomFieldAction, b, adminB, { serviceId: service.id, field: "remarque", move: "remove" })).toMatchObject(notFound);
    expect(await submit(addCustomFieldAction, b, adminB, { serviceId: service.id, type: "text", "labels.fr": "Volé" })).toMatchObject(notFound);
    expect(await submit(deleteClosureAction, b, adminB, { serviceId: service.id, closureId: closure.id })).toMatchObject(notFound);
    expect(await submit(addClosureAction, b, adminB, { serviceId: service.id, scope: "service", startDate: day, endDate: day })).toMatchObject(notFound);
    expect(await submit(saveSiteAction, b, adminB, { id: sites[0]!.id, "names.fr": "Volé" })).toMatchObject(notFound);
    expect(await submit(archiveSiteAction, b, adminB, { id: sites[0]!.id, archived: "yes" })).toMatchObject(notFound);
    expect(await submit(previewIcsAction, b, adminB, { serviceId: service.id, scope: "service", file: new File([calendar("x", day, "X")], "x.ics") })).toMatchObject(notFound);
    const days = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((d) => [`day${d}`, "08:00-09:00"]));
    expect(await submit(saveRuleAction, b, adminB, { serviceId: service.id, siteId: sites[0]!.id, validFrom: "2031-01-01", slotMinutes: "20", capacity: "1", ...days })).toMatchObject(notFound);

    const after = await findServiceAny(a.id, service.id);
    expect(after).toMatchObject({ names: before!.names, retentionDays: before!.retentionDays, archivedAt: null, customFields: before!.customFields });
    expect(after?.rules).toHaveLength(1);
    expect(await db().appointmentClosure.count({ where: { id: closure.id } })).toBe(1);
    expect(await db().appointmentSite.findUnique({ where: { id: sites[0]!.id } })).toMatchObject({ names: { fr: "Site 1", en: "Site 1" }, archivedAt: null });
    expect(await db().appointmentClosure.count({ where: { tenantId: b.id } })).toBe(0);
  });

  describe("retention", () => {
    // A town per test: the job works on every due booking of the town.
    const retentionTown = async () => withModules(await createVisibleTown("config-retention"), ["appointments"]);

    it("the admin sees when a service's next personal data will be anonymised: its oldest booking's end plus the period", async () => {
      const r = await retentionTown();
      const { service } = await createBookableService(r, { service: { retentionDays: 30 } });
      const { service: empty } = await createBookableService(r);
      const first = await bookDirect(booking(r, service, tomorrowAt(r, "09:00"), "overview1"));
      await bookDirect(booking(r, service, tomorrowAt(r, "11:00", 2), "overview2"));
      const overview = await retentionOverview(r.id, [service, empty]);
      expect(overview.get(service.id)).toEqual({ retentionDays: 30, pending: 2, nextAt: new Date(first.appointment.endsAt.getTime() + 30 * DAY) });
      expect(overview.get(empty.id)).toEqual({ retentionDays: 365, pending: 0, nextAt: null });
      // Once that one is anonymised, the next date is the other booking's.
      await anonymiseTown(r.id, new Date(first.appointment.endsAt.getTime() + 30 * DAY + MINUTE));
      const later = (await retentionOverview(r.id, [service])).get(service.id);
      expect(later?.pending).toBe(1);
      expect(later?.nextAt?.getTime()).toBe(tomorrowAt(r, "11:20", 2).getTime() + 30 * DAY);
    });

    it("also deletes the e-mails and text messages about the bookings anonymised, and the waiting-list entries ended longer ago than the period", async () => {
      const r = await retentionTown();
      const reminders = { retentionDays: 30, phoneField: "optional" as const, reminderOffsets: [120], reminderSms: true, waitingList: true };
      const { service } = await createBookableService(r, { capacity: 2, service: reminders });
      const { service: longer } = await createBookableService(r, { service: { waitingList: true } });
      const start = tomorrowAt(r, "10:00", 3);
      const old = await bookDirect(booking(r, service, start, "copy-old", { details: { ...citizen("copy-old"), phone: "06 11 22 33 44" } }));
      const kept = await bookDirect(booking(r, service, start, "copy-kept", { details: { ...citizen("copy-kept"), phone: "06 55 66 77 88" } }));
      // Their reminders, by e-mail and text message.
      expect(await sendDueReminders(new Date(start.getTime() - 119 * MINUTE), { tenantId: r.id })).toBe(2);
      const byReference = (reference: string) => db().outboxMessage.count({ where: { tenantId: r.id, params: { path: ["reference"], equals: reference } } });
      const textsAbout = (reference: string) => db().smsMessage.count({ where: { tenantId: r.id, body: { contains: reference } } });
      expect([await byReference(old.appointment.reference), await textsAbout(old.appointment.reference)]).toEqual([2, 1]);
      expect([await byReference(kept.appointment.reference), await textsAbout(kept.appointment.reference)]).toEqual([2, 1]);
      // Another town's mail with the same reference is not this town's copy.
      await db().outboxMessage.create({ data: { tenantId: a.id, toAddress: "x@example.net", template: "appointment-confirmation", locale: "fr", params: { reference: old.appointment.reference } } });

      const now = new Date(old.appointment.endsAt.getTime() + 31 * DAY);
      // "kept" ended 10 days before the clock: within its period.
      await db().appointment.update({ where: { id: kept.appointment.id }, data: { startsAt: new Date(now.getTime() - 10 * DAY), endsAt: new Date(now.getTime() - 10 * DAY + 20 * MINUTE) } });

      // Waiting lists: ended long ago (gone), ended lately (kept), still waiting (kept), and an address with another entry kept.
      const join = (s: TServiceRow, email: string) => joinWaitingList(r, s, { email, weekdays: [], locale: "fr" });
      const ended = async (token: string, status: "left" | "expired" | "booked", at: Date) => {
        const w = await findWaiterByToken(r.id, token);
        await db().$executeRaw`UPDATE appointment_waiter SET status = ${status}::"WaiterStatus", "updatedAt" = ${at} WHERE id = ${w!.id}::uuid`;
        return w!.id;
      };
      const gone = await ended((await join(service, "gone@example.net")).token, "left", new Date(now.getTime() - 31 * DAY));
      const recent = await ended((await join(service, "recent@example.net")).token, "expired", new Date(now.getTime() - 10 * DAY));
      const still = (await findWaiterByToken(r.id, (await join(service, "still@example.net")).token))!.id;
      await db().appointmentWaiter.update({ where: { id: still }, data: { createdAt: new Date(now.getTime() - 400 * DAY) } });
      const shared = await ended((await join(service, "shared@example.net")).token, "booked", new Date(now.getTime() - 60 * DAY));
      const sharedElsewhere = (await findWaiterByToken(r.id, (await join(longer, "shared@example.net")).token))!.id;
      const mailsTo = (address: string) => db().outboxMessage.count({ where: { tenantId: r.id, toAddress: address } });
      expect([await mailsTo("gone@example.net"), await mailsTo("shared@example.net")]).toEqual([1, 2]);

      expect(await anonymiseTown(r.id, now)).toEqual({ [service.id]: 1 });
      expect([await byReference(old.appointment.reference), await textsAbout(old.appointment.reference)]).toEqual([0, 0]);
      expect([await byReference(kept.appointment.reference), await textsAbout(kept.appointment.reference)]).toEqual([2, 1]);
      expect(await db().outboxMessage.count({ where: { tenantId: a.id, params: { path: ["reference"], equals: old.appointment.reference } } })).toBe(1);
      const waiters = await db().appointmentWaiter.findMany({ where: { tenantId: r.id }, select: { id: true } });
      expect(waiters.map((w) => w.id).sort()).toEqual([recent, still, sharedElsewhere].sort());
      expect(waiters.map((w) => w.id)).not.toContain(gone);
      expect(waiters.map((w) => w.id)).not.toContain(shared);
      // The e-mails of the entry gone; those of an address still on a list stay.
      expect([await mailsTo("gone@example.net"), await mailsTo("recent@example.net"), await mailsTo("shared@example.net")]).toEqual([0, 1, 2]);

      const entry = await db().auditEntry.findFirst({ where: { tenantId: r.id, action: "appointments.anonymise", targetId: service.id, summary: { path: ["at"], equals: now.toISOString() } } });
      expect(entry?.summary).toMatchObject({ anonymised: 1, mails: 2, texts: 1, waiters: 2, waiterMails: 1 });
      // Again: nothing left to do, nothing audited.
      expect(await anonymiseTown(r.id, now)).toEqual({});
      expect(await db().auditEntry.count({ where: { tenantId: r.id, action: "appointments.anonymise", targetId: service.id, summary: { path: ["at"], equals: now.toISOString() } } })).toBe(1);
    });
  });
});
