// Ready-made forms on a real PostgreSQL: each template creates a form in one step with its texts in
// every locale of the town (fr, en, ar) and its workflow; bulky-waste brings its pickup service (or a
// plain date without the appointments module); the slot field books an appointment when the request
// is sent, a time taken meanwhile gives the field's error and leaves nothing booked; another town
// cannot offer or book this town's service.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bookDirect } from "@/lib/appointments/service/book-appointment";
import { townService } from "@/lib/appointments/service/definitions";
import { db, inTransaction } from "@/lib/core/db";
import { FieldsError } from "@/lib/core/errors";
import { allFields, parseDefinition } from "@/lib/forms/definition";
import { findRequest, type TFormRow } from "@/lib/forms/repo";
import { createDraft, saveStep } from "@/lib/forms/service/fill-draft";
import { bookRequestSlots } from "@/lib/forms/service/slot-booking";
import { slotChoices } from "@/lib/forms/service/slot-choices";
import { submitRequest } from "@/lib/forms/service/submit-request";
import { bulkyWasteTemplate } from "@/lib/forms/templates/bulky-waste";
import { createFormFromTemplate } from "@/lib/forms/templates/index";
import { templateTexts } from "@/lib/forms/templates/texts";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";
import { createTenant } from "@/lib/tenancy/service/create-tenant";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";
import { parseWorkflow } from "@/lib/workflow/definition";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { withModules } from "@/tests/fixtures/towns";

const LOCALES = ["fr", "en", "ar"] as const;
let database: TAppDatabase;
let townA: TTenant;
let townB: TTenant;

async function town(name: string, modules: string[]): Promise<TTenant> {
  const slug = `${name}-${randomBytes(3).toString("hex")}`;
  const created = await createTenant({
    slug,
    names: { fr: name },
    defaultLocale: "fr",
    enabledLocales: [...LOCALES],
    timeZone: "Europe/Paris",
    holidayRegion: "FR",
    contactAddress: { fr: "Mairie\n1 place de la Mairie\n75004 Lutèce" },
    theme: PLATFORM_THEME,
  });
  return withModules({ id: created.id, slug }, modules);
}

const everyLocale = (texts: unknown) => LOCALES.every((l) => typeof (texts as Record<string, string>)[l] === "string" && (texts as Record<string, string>)[l]!.trim() !== "");

/** A sent request of the form written directly (its answers as given), for bookRequestSlots. */
async function sentRow(tenant: TTenant, form: TFormRow, data: Record<string, unknown>, email: string) {
  return db().formRequest.create({
    data: { tenantId: tenant.id, formId: form.id, versionId: form.currentVersionId!, status: "submitted", state: "received", reference: `BW-2026-${randomBytes(3).toString("hex").toUpperCase()}`, data: data as Prisma.InputJsonValue, email, name: "Ada Lovelace", locale: "fr" },
  });
}

async function firstFreeTime(tenant: TTenant, serviceId: string) {
  const offer = await slotChoices(tenant, serviceId, "fr");
  const value = offer?.days[0]?.choices[0]?.value;
  if (!value) throw new Error("no free time");
  const [siteId, start] = value.split("|") as [string, string];
  return { value, siteId, start };
}

beforeAll(async () => {
  database = await openAppDatabase("forms_templates");
  townA = await town("tpl-a", ["forms", "appointments"]);
  townB = await town("tpl-b", ["forms", "appointments"]);
});

afterAll(async () => {
  if (database) await closeAppDatabase(database);
});

describe("creating a form from a template", () => {
  it("civil-status: texts in fr, en and ar, its workflow, published at once", async () => {
    const { form, serviceId } = await createFormFromTemplate({ tenant: townA, templateId: "civil-status", actorId: null, publish: true });
    expect(serviceId).toBeNull();
    expect(form).toMatchObject({ slug: "civil-status", status: "published", referencePrefix: "EC", template: "civil-status" });
    expect(form.currentVersionId).toBeTruthy();
    for (const texts of [form.titles, form.descriptions, form.nextSteps]) expect(everyLocale(texts)).toBe(true);
    const definition = parseDefinition(form.definition);
    for (const step of definition.steps) expect(everyLocale(step.titles)).toBe(true);
    for (const field of allFields(definition)) {
      expect(everyLocale(field.labels)).toBe(true);
      for (const option of field.options ?? []) expect(everyLocale(option.labels)).toBe(true);
    }
    const workflow = parseWorkflow(form.workflow);
    expect(workflow.states.every((s) => everyLocale(s.labels))).toBe(true);
    expect(workflow.actions.find((a) => a.autoAfterDays === 30)?.from).toEqual(["waiting-citizen"]);
    const version = await db().formVersion.findFirst({ where: { tenantId: townA.id, id: form.currentVersionId! } });
    expect(version?.number).toBe(1);
  });

  it("bulky-waste: creates the pickup service once, reuses it, and checks the town's address", async () => {
    const first = await createFormFromTemplate({ tenant: townA, templateId: "bulky-waste", actorId: null, publish: true });
    expect(first.serviceCreated).toBe(true);
    expect(first.form).toMatchObject({ slug: "bulky-waste", referencePrefix: "BW", status: "published" });
    const service = await townService(townA.id, first.serviceId!);
    expect(service?.durationMinutes).toBe(60);
    expect(everyLocale(service?.names)).toBe(true);
    const pickup = allFields(parseDefinition(first.form.definition)).find((f) => f.id === "pickup");
    expect(pickup).toMatchObject({ type: "slot", serviceId: first.serviceId });
    const address = allFields(parseDefinition(first.form.definition)).find((f) => f.id === "address");
    expect(address?.validation).toMatchObject({ postcodePattern: "^75\\d{3}$", towns: ["Lutèce"] });

    const second = await createFormFromTemplate({ tenant: townA, templateId: "bulky-waste", actorId: null });
    expect(second.serviceCreated).toBe(false);
    expect(second.serviceId).toBe(first.serviceId);
    expect(second.form).toMatchObject({ slug: "bulky-waste-2", status: "draft", currentVersionId: null });
  });

  it("bulky-waste without the appointments module: a date at least 3 days ahead", async () => {
    const plain = await town("tpl-c", ["forms"]);
    const { form, serviceId } = await createFormFromTemplate({ tenant: plain, templateId: "bulky-waste", actorId: null });
    expect(serviceId).toBeNull();
    expect(allFields(parseDefinition(form.definition)).find((f) => f.id === "pickup")).toMatchObject({ type: "date", validation: { minDaysFromToday: 3 } });
  });
});

describe("the slot field", () => {
  let form: TFormRow;
  let serviceId: string;

  beforeAll(async () => {
    const created = await createFormFromTemplate({ tenant: townA, templateId: "bulky-waste", actorId: null, publish: true });
    form = created.form;
    serviceId = created.serviceId!;
  });

  it("books an appointment when the citizen sends the request", async () => {
    const time = await firstFreeTime(townA, serviceId);
    const { draft } = await createDraft({ tenant: townA, form, locale: "fr" });
    const step = async (stepId: string, values: Record<string, string>) => saveStep({ tenant: townA, draft: (await findRequest(townA.id, draft.id))!, stepId, values, locale: "fr" });
    await step("address", { "address.street": "3 rue des Lilas", "address.postcode": "75019", "address.town": "Lutèce" });
    await step("items", { "items.0.item": "mattress", "items.0.quantity": "2" });
    await step("pickup", { pickup: time.value });
    await step("photos", {});
    await step("contact", { phone: "+33 6 12 34 56 78" });
    const sent = await submitRequest({ tenant: townA, draft: (await findRequest(townA.id, draft.id))!, contact: { name: "Ada Lovelace", email: "ada@example.org" }, locale: "fr" });
    const answer = (sent.request.data as Record<string, { siteId: string; start: string; appointmentId?: string; reference?: string }>).pickup!;
    expect(answer).toMatchObject({ siteId: time.siteId, start: new Date(time.start).toISOString() });
    expect(answer.appointmentId).toBeTruthy();
    const appointment = await db().appointment.findFirst({ where: { tenantId: townA.id, id: answer.appointmentId } });
    expect(appointment).toMatchObject({ email: "ada@example.org", firstName: "Ada", lastName: "Lovelace", reference: answer.reference, status: "booked" });
    expect(appointment?.startsAt.toISOString()).toBe(new Date(time.start).toISOString());
  });

  it("a time taken meanwhile gives the field's error and books nothing", async () => {
    const service = (await townService(townA.id, serviceId))!;
    const time = await firstFreeTime(townA, serviceId);
    // Others take every place left at that time.
    for (let i = 0; ; i++) {
      const offer = await slotChoices(townA, serviceId, "fr");
      if (!offer?.days.some((d) => d.choices.some((c) => c.value === time.value))) break;
      await bookDirect({ tenant: townA, service, siteId: time.siteId, start: new Date(time.start), people: 1, details: { firstName: "Other", lastName: `N${i}`, email: `other${i}@example.org`, phone: null, antsNumber: null, fields: {} }, locale: "fr", idempotencyKey: null, apiKeyId: null, source: "web", audit: { tenantId: townA.id, actor: { type: "system", label: "test" } } });
    }
    const request = await sentRow(townA, form, { pickup: { siteId: time.siteId, start: time.start } }, "late@example.org");
    const definition = parseDefinition(form.definition);
    const error = await inTransaction(() => bookRequestSlots({ tenant: townA, request, definition, locale: "fr" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldsError);
    expect((error as FieldsError).fields).toEqual({ pickup: { key: "slotTaken" } });
    expect(await db().appointment.count({ where: { tenantId: townA.id, email: "late@example.org" } })).toBe(0);
    expect((await findRequest(townA.id, request.id))?.data).toEqual({ pickup: { siteId: time.siteId, start: time.start } });
  });

  it("another town cannot offer or book this town's service", async () => {
    expect(await slotChoices(townB, serviceId, "fr")).toBeNull();
    const time = await firstFreeTime(townA, serviceId);
    const tx = await templateTexts(townB.enabledLocales);
    const build = bulkyWasteTemplate(tx, { serviceId, address: {} });
    const formB = await db().form.create({ data: { tenantId: townB.id, slug: "stolen", titles: build.titles, definition: build.definition, workflow: build.workflow, status: "published", referencePrefix: "BW" } });
    const version = await db().formVersion.create({ data: { tenantId: townB.id, formId: formB.id, number: 1, titles: build.titles, definition: build.definition, workflow: build.workflow } });
    const request = await sentRow(townB, { ...formB, currentVersionId: version.id }, { pickup: { siteId: time.siteId, start: time.start } }, "thief@example.org");
    const error = await inTransaction(() => bookRequestSlots({ tenant: townB, request, definition: build.definition, locale: "fr" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldsError);
    expect((error as FieldsError).fields).toEqual({ pickup: { key: "slotUnavailable" } });
    expect(await db().appointment.count({ where: { email: "thief@example.org" } })).toBe(0);
  });
});

describe("the demo seed", () => {
  it("publishes the ready-made forms in the demo towns, with Lutèce's requests, once", async () => {
    const { seedDemo } = await import("@/prisma/seed");
    await seedDemo({ onlyIfEmpty: false });
    await seedDemo({ onlyIfEmpty: false });
    const forms = await db().form.findMany({ where: { tenant: { slug: { in: ["lutece", "port-soleil", "kovarhely"] } } }, include: { tenant: { select: { slug: true } } } });
    const byTown = (slug: string) => forms.filter((f) => f.tenant.slug === slug).map((f) => `${f.template}:${f.status}`).sort();
    expect(byTown("lutece")).toEqual(["bulky-waste:published", "civil-status:published"]);
    expect(byTown("port-soleil")).toEqual(["bulky-waste:published", "civil-status:published"]);
    expect(byTown("kovarhely")).toEqual(["civil-status:published"]);
    const lutece = (await getTenantBySlug("lutece"))!;
    expect(lutece.modules).toContain("forms");
    const requests = await db().formRequest.findMany({ where: { tenantId: lutece.id, status: "submitted" }, include: { events: true } });
    expect(requests.map((r) => r.state).sort()).toEqual(["received", "scheduled", "sent"]);
    expect(requests.every((r) => r.events.some((e) => e.kind === "submitted"))).toBe(true);
    const bulky = requests.find((r) => r.state === "scheduled")!;
    expect((bulky.data as { pickup: { appointmentId?: string } }).pickup.appointmentId).toBeTruthy();
  }, 240_000);
});
