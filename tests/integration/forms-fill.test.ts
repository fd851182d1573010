// Filling in and sending a form on a real PostgreSQL: a draft saved step by step (errors by input
// name, nothing saved on error, hidden answers dropped, a skipped step, group rows added and removed,
// typed values kept without checks for the upload route), then sent: reference, workflow's initial
// state, "submitted" event, confirmation e-mail with the follow-up link. The form's rules: closed,
// sign-in required, one request per e-mail. Another town's ids open nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "@/lib/auth/tokens";
import { db, inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZFormDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { findDraftByTokenHash, findRequest, listRequestEvents, markRequestSubmitted, updateFormRow, type TFormRow, type TRequestRow } from "@/lib/forms/repo";
import { createDraft, keepTypedAnswers, publicForm, saveStep } from "@/lib/forms/service/fill-draft";
import { StepIncompleteError, submitRequest } from "@/lib/forms/service/submit-request";
import { mailBrand } from "@/lib/notifications/brand";
import { renderMail } from "@/lib/notifications/templates";
import type { TTenant } from "@/lib/tenancy/registry";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createPublishedForm, testWorkflow } from "@/tests/fixtures/forms";
import { createVisibleTown, withModules } from "@/tests/fixtures/towns";

let database: TAppDatabase;
let townA: TTenant;
let townB: TTenant;

const L = (en: string, fr: string) => ({ en, fr });

const DEFINITION: TFormDefinition = ZFormDefinition.parse({
  steps: [
    {
      id: "pet",
      titles: L("Your pet", "Votre animal"),
      fields: [
        { id: "has_pet", type: "yesno", required: true, labels: L("Do you have a pet?", "Avez-vous un animal ?") },
        { id: "pet_name", type: "text", required: true, labels: L("Its name", "Son nom"), conditions: { mode: "all", rules: [{ field: "has_pet", op: "equals", value: "yes" }] } },
      ],
    },
    {
      id: "vet",
      titles: L("Vet", "Vétérinaire"),
      fields: [{ id: "vet_name", type: "text", required: true, labels: L("Vet’s name", "Nom du vétérinaire"), conditions: { mode: "all", rules: [{ field: "has_pet", op: "equals", value: "yes" }] } }],
    },
    {
      id: "items",
      titles: L("Items", "Objets"),
      fields: [
        { id: "items", type: "group", labels: L("Items", "Objets"), minItems: 1, maxItems: 3, fields: [{ id: "what", type: "text", required: true, labels: L("What", "Quoi") }, { id: "qty", type: "number", labels: L("How many", "Combien"), validation: { min: 1, integer: true } }] },
        { id: "when", type: "date", labels: L("When", "Quand") },
      ],
    },
  ],
});

const formsTown = async (name: string): Promise<TTenant> => withModules(await createVisibleTown(name), ["forms"]);

async function form(town: TTenant, change: Parameters<typeof updateFormRow>[2] = {}): Promise<TFormRow> {
  const { form } = await createPublishedForm(town, DEFINITION, testWorkflow(town.enabledLocales), { prefix: "FL" });
  return Object.keys(change).length > 0 ? ((await updateFormRow(town.id, form.id, change)) as TFormRow) : form;
}

const reload = async (town: TTenant, draft: TRequestRow) => (await findRequest(town.id, draft.id)) as TRequestRow;

/** A draft with every step answered (no pet, one item). */
async function filledDraft(town: TTenant, f: TFormRow) {
  const { draft, secret } = await createDraft({ tenant: town, form: f, locale: "fr" });
  await saveStep({ tenant: town, draft, stepId: "pet", values: { has_pet: "no" }, locale: "fr" });
  await saveStep({ tenant: town, draft: await reload(town, draft), stepId: "items", values: { "items.0.what": "Canapé", "items.0.qty": "2" }, locale: "fr" });
  return { draft: await reload(town, draft), secret };
}

beforeAll(async () => {
  database = await openAppDatabase("forms_fill");
  townA = await formsTown("fill-a");
  townB = await formsTown("fill-b");
});

afterAll(async () => {
  if (database) await closeAppDatabase(database);
});

describe("filling in", () => {
  it("saves step by step: errors by input name and nothing saved, hidden answers dropped, steps skipped", async () => {
    const f = await form(townA);
    const { draft } = await createDraft({ tenant: townA, form: f, locale: "fr" });
    expect(draft).toMatchObject({ status: "draft", versionId: f.currentVersionId, locale: "fr", stepReached: 0 });

    const refused = await saveStep({ tenant: townA, draft, stepId: "pet", values: { has_pet: "yes", pet_name: "" }, locale: "fr" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FieldsError);
    expect((refused as FieldsError).fields).toEqual({ pet_name: { key: "fieldRequired" } });
    expect((await reload(townA, draft)).data).toEqual({});

    const first = await saveStep({ tenant: townA, draft, stepId: "pet", values: { has_pet: "yes", pet_name: "Rex" }, locale: "fr" });
    expect(first).toMatchObject({ stay: false, next: { id: "vet" } });
    let stored = await reload(townA, draft);
    expect(stored).toMatchObject({ data: { has_pet: "yes", pet_name: "Rex" }, stepReached: 1 });

    await saveStep({ tenant: townA, draft: stored, stepId: "vet", values: { vet_name: "Dr Who" }, locale: "fr" });
    stored = await reload(townA, draft);
    // No pet any more: its name and the vet's step are dropped, and the vet step is skipped.
    const second = await saveStep({ tenant: townA, draft: stored, stepId: "pet", values: { has_pet: "no", pet_name: "Rex" }, locale: "fr" });
    expect(second).toMatchObject({ stay: false, next: { id: "items" } });
    stored = await reload(townA, draft);
    expect(stored.data).toEqual({ has_pet: "no" });
    expect(stored.stepReached).toBe(2);
  });

  it("adds and removes group rows without checking, keeps typed values for the upload route", async () => {
    const f = await form(townA);
    const { draft } = await createDraft({ tenant: townA, form: f, locale: "fr" });
    const added = await saveStep({ tenant: townA, draft, stepId: "items", values: { "items.0": "1", "items.0.what": "Sofa", "items.0.qty": "x" }, intent: { kind: "add", group: "items" }, locale: "fr" });
    expect(added).toEqual({ stay: true, stepId: "items", group: "items", rows: 2 });
    let stored = await reload(townA, draft);
    expect(stored.data).toEqual({ items: [{ what: "Sofa", qty: "x" }, {}] });
    await saveStep({ tenant: townA, draft: stored, stepId: "items", values: { "items.0": "1", "items.0.what": "Sofa", "items.1": "1", "items.1.what": "Bed" }, intent: { kind: "remove", group: "items", index: 0 }, locale: "fr" });
    stored = await reload(townA, draft);
    expect(stored.data).toEqual({ items: [{ what: "Bed" }] });

    await keepTypedAnswers(townA, stored, { stepId: "items", "items.0.what": "Chair", "items.0.qty": "not a number", when: "someday" });
    stored = await reload(townA, draft);
    expect(stored.data).toEqual({ items: [{ what: "Chair", qty: "not a number" }], when: "someday" });
    expect(stored.stepReached).toBe(0);

    // Sending is refused while a step is incomplete: the citizen is sent back to it.
    const refused = await submitRequest({ tenant: townA, draft: stored, contact: { name: "A B", email: "a@example.org" }, locale: "fr" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(StepIncompleteError);
    expect((refused as StepIncompleteError).stepId).toBe("pet");
  });
});

describe("sending", () => {
  it("gives a reference, the initial state, a submitted event and a confirmation e-mail", async () => {
    const f = await form(townA, { nextSteps: { fr: "Nous vous appelons sous 10 jours.", en: "We call you within 10 days." } });
    const { draft, secret } = await filledDraft(townA, f);
    const sent = await submitRequest({ tenant: townA, draft, contact: { name: "  Camille   Martin ", email: " Camille@Example.ORG " }, locale: "fr" });
    expect(sent.reference).toMatch(new RegExp(`^FL-${new Date().getUTCFullYear()}-[A-HJ-NP-Z2-9]{6}$`));
    const request = await reload(townA, draft);
    expect(request).toMatchObject({ status: "submitted", reference: sent.reference, state: "received", email: "camille@example.org", name: "Camille Martin", draftTokenHash: null, followTokenHash: hashSecret(sent.followSecret) });
    expect(request.submittedAt).not.toBeNull();
    expect(request.data).toEqual({ has_pet: "no", items: [{ what: "Canapé", qty: 2 }] });
    expect(await findDraftByTokenHash(townA.id, hashSecret(secret))).toBeNull();

    const events = await listRequestEvents(townA.id, draft.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "submitted", toState: "received", actorKind: "citizen", public: true });

    const mail = await db().outboxMessage.findFirst({ where: { tenantId: townA.id, template: "request-received" }, orderBy: { createdAt: "desc" } });
    expect(mail?.toAddress).toBe("camille@example.org");
    expect(mail?.locale).toBe("fr");
    expect(mail?.params).toMatchObject({ reference: sent.reference, name: "Camille Martin" });
    expect((mail?.secret as { link: string }).link).toMatch(new RegExp(`/fr/requests/follow/${sent.followSecret}$`));
    // It renders: reference, form, next steps and the follow-up link.
    const rendered = await renderMail({ template: "request-received", locale: "en", params: mail?.params as Record<string, unknown>, secret: mail?.secret as Record<string, unknown>, brand: await mailBrand(townA.id, "en") });
    expect(rendered.subject).toContain(sent.reference);
    expect(rendered.text).toContain(sent.reference);
    expect(rendered.text).toContain(`/fr/requests/follow/${sent.followSecret}`);
    expect(rendered.text).toContain("Nous vous appelons sous 10 jours.");

    // Sent once: the same draft cannot be sent again.
    await expect(submitRequest({ tenant: townA, draft: request, contact: { name: "X", email: "x@example.org" }, locale: "fr" })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("asks for a name and a valid e-mail", async () => {
    const f = await form(townA);
    const { draft } = await filledDraft(townA, f);
    const refused = await submitRequest({ tenant: townA, draft, contact: { name: " ", email: "nope" }, locale: "fr" }).catch((e: unknown) => e);
    expect((refused as FieldsError).fields).toEqual({ contactName: { key: "fieldContactName" }, contactEmail: { key: "fieldContactEmail" } });
  });

  it("refuses a closed form and a form that needs a sign-in", async () => {
    const closed = await form(townA);
    const { draft } = await filledDraft(townA, closed);
    await updateFormRow(townA.id, closed.id, { status: "closed" });
    await expect(submitRequest({ tenant: townA, draft, contact: { name: "A B", email: "a@example.org" }, locale: "fr" })).rejects.toMatchObject({ key: "fieldFormClosed" });
    await expect(createDraft({ tenant: townA, form: (await publicForm(townA, closed.slug))!.form, locale: "fr" })).rejects.toBeInstanceOf(NotFoundError);

    const login = await form(townA);
    const second = await filledDraft(townA, login);
    await updateFormRow(townA.id, login.id, { loginRequired: true });
    await expect(submitRequest({ tenant: townA, draft: second.draft, contact: { name: "A B", email: "a@example.org" }, locale: "fr" })).rejects.toMatchObject({ key: "fieldLoginRequired" });
  });

  it("one request per citizen: a second one with the same e-mail is refused, another e-mail is fine", async () => {
    const f = await form(townA, { onePerCitizen: true });
    await submitRequest({ tenant: townA, draft: (await filledDraft(townA, f)).draft, contact: { name: "A B", email: "once@example.org" }, locale: "fr" });
    const again = await submitRequest({ tenant: townA, draft: (await filledDraft(townA, f)).draft, contact: { name: "A B", email: "ONCE@example.org" }, locale: "fr" }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ActionError);
    expect((again as ActionError).key).toBe("fieldAlreadySent");
    await submitRequest({ tenant: townA, draft: (await filledDraft(townA, f)).draft, contact: { name: "C D", email: "other@example.org" }, locale: "fr" });
  });

  it("retries a reference already taken, in the same transaction", async () => {
    const f = await form(townA);
    const { draft } = await filledDraft(townA, f);
    const first = await submitRequest({ tenant: townA, draft, contact: { name: "A B", email: "a@example.org" }, locale: "fr" });
    const other = (await filledDraft(townA, f)).draft;
    const change = { state: "received", data: {}, email: "b@example.org", name: "B", locale: "fr", followTokenHash: "0".repeat(64), submittedAt: new Date(), stepReached: 3 };
    const outcomes = await inTransaction(async () => [
      await markRequestSubmitted(townA.id, other.id, { ...change, reference: first.reference }),
      await markRequestSubmitted(townA.id, other.id, { ...change, reference: "FL-2026-ZZZZZZ" }),
    ]);
    expect(outcomes).toEqual(["taken", "ok"]);
  });
});

describe("isolation between towns", () => {
  it("another town's draft, form and secret open nothing", async () => {
    const f = await form(townA);
    const { draft, secret } = await filledDraft(townA, f);
    expect(await publicForm(townB, f.slug)).toBeNull();
    expect(await findDraftByTokenHash(townB.id, hashSecret(secret))).toBeNull();
    await expect(saveStep({ tenant: townB, draft, stepId: "pet", values: { has_pet: "yes", pet_name: "Evil" }, locale: "fr" })).rejects.toBeInstanceOf(NotFoundError);
    await keepTypedAnswers(townB, draft, { stepId: "pet", has_pet: "yes" }).catch(() => null);
    await expect(submitRequest({ tenant: townB, draft, contact: { name: "A B", email: "a@example.org" }, locale: "fr" })).rejects.toBeInstanceOf(NotFoundError);
    expect((await reload(townA, draft)).data).toEqual({ has_pet: "no", items: [{ what: "Canapé", qty: 2 }] });
    expect((await reload(townA, draft)).status).toBe("draft");
  });
});
