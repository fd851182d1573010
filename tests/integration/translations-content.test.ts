// Translating a town's own content on a real PostgreSQL, through the service (no HTTP), each test with
// its own towns (French by default, English enabled): a save sets only the language translated (never
// the source); a form's published version gets the text where its source is the same; a service's new
// name reaches the appointments' copy held in memory at once; another town's id is not found and
// changes nothing; a text that is not one of the item's (or a forged path) is refused; the town's
// default language cannot be "translated".
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { townService } from "@/lib/appointments/service/definitions";
import { getTenantBySlug } from "@/lib/tenancy/registry";
import { updateFormRow } from "@/lib/forms/repo";
import { refKey, type TSegment } from "@/lib/translations/content-paths";
import { contentItems, saveContentTexts } from "@/lib/translations/service/content";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createBookableService } from "@/tests/fixtures/appointments";
import { createPublishedForm, testDefinition, testWorkflow } from "@/tests/fixtures/forms";
import { createVisibleTown } from "@/tests/fixtures/towns";

let database: TAppDatabase;

const key = (column: string, path: TSegment[] = []) => refKey({ column, path });
const fieldLabel = (field: string) => key("definition", ["steps", { id: "about" }, "fields", { id: field }, "labels"]);
const stateLabel = (state: string) => key("workflow", ["states", { id: state }, "labels"]);

async function refusal(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

/** A published form written in French only (the town's other languages still to translate). */
async function frenchForm(town: { id: string; enabledLocales: string[] }) {
  return createPublishedForm({ id: town.id, enabledLocales: ["fr"] }, testDefinition(["fr"]), testWorkflow(["fr"]), { title: "Encombrants" });
}

describe("translating the town's content", () => {
  beforeAll(async () => {
    database = await openAppDatabase("translations_content");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("lists the texts to translate by item with their source and counts the missing ones", async () => {
    const town = await createVisibleTown("tc-list");
    await frenchForm(town);
    const overview = await contentItems(town, "en", "en");
    const form = overview.items.find((i) => i.kind === "form")!;
    expect(form.title).toEqual({ text: "Encombrants", lang: "fr" });
    const what = form.texts.find((t) => t.key === fieldLabel("what"))!;
    expect(what).toMatchObject({ label: { key: "fieldLabel" }, source: { text: "What", lang: "fr" }, current: "", missing: true });
    expect(form.texts.some((t) => t.key === stateLabel("received"))).toBe(true);
    expect(form.missing).toBe(form.texts.length);
    expect(overview.missing).toBeGreaterThanOrEqual(form.missing);
    // The town's name exists in French only: it is to translate too.
    expect(overview.items[0]).toMatchObject({ kind: "town", id: town.id });
  });

  it("sets only the language translated, and the form's published version gets it where its source is the same", async () => {
    const town = await createVisibleTown("tc-form");
    const { form, version } = await frenchForm(town);
    // Since publishing, the label of "count" changed in the form being edited.
    const edited = testDefinition(["fr"]);
    edited.steps[0]!.fields.find((f) => f.id === "count")!.labels = { fr: "Combien d’objets" };
    await updateFormRow(town.id, form.id, { definition: edited });

    const result = await saveContentTexts(town, {
      locale: "en",
      kind: "form",
      id: form.id,
      texts: { [fieldLabel("what")]: "What do you want to throw away?", [fieldLabel("count")]: "How many items", [stateLabel("received")]: "Received\r\nby the town", [key("titles")]: "Bulky waste" },
    });
    expect(result.count).toBe(4);

    const row = await db().form.findFirstOrThrow({ where: { id: form.id } });
    const fields = (row.definition as { steps: { fields: { id: string; labels: Record<string, string> }[] }[] }).steps[0]!.fields;
    expect(fields.find((f) => f.id === "what")!.labels).toEqual({ fr: "What", en: "What do you want to throw away?" });
    expect(fields.find((f) => f.id === "count")!.labels).toEqual({ fr: "Combien d’objets", en: "How many items" });
    expect((row.workflow as { states: { id: string; labels: Record<string, string> }[] }).states.find((s) => s.id === "received")!.labels).toEqual({ fr: "Received", en: "Received\nby the town" });
    expect(row.titles).toEqual({ fr: "Encombrants", en: "Bulky waste" });
    // The rest of the structure is as it was (no defaults added by the schema check).
    expect(fields.find((f) => f.id === "photo")).toEqual(edited.steps[0]!.fields.find((f) => f.id === "photo"));

    const published = await db().formVersion.findFirstOrThrow({ where: { id: version.id } });
    const vFields = (published.definition as { steps: { fields: { id: string; labels: Record<string, string> }[] }[] }).steps[0]!.fields;
    expect(vFields.find((f) => f.id === "what")!.labels).toEqual({ fr: "What", en: "What do you want to throw away?" });
    // Its French text is not the form's any more: the translation would not match what citizens read.
    expect(vFields.find((f) => f.id === "count")!.labels).toEqual({ fr: "How many" });
    expect((published.workflow as { states: { id: string; labels: Record<string, string> }[] }).states.find((s) => s.id === "received")!.labels.en).toBe("Received\nby the town");
    expect(published.titles).toEqual({ fr: "Encombrants", en: "Bulky waste" });

    // Saving the same texts again changes nothing; a blank text removes the language.
    expect((await saveContentTexts(town, { locale: "en", kind: "form", id: form.id, texts: { [key("titles")]: "Bulky waste" } })).count).toBe(0);
    expect((await saveContentTexts(town, { locale: "en", kind: "form", id: form.id, texts: { [key("titles")]: "  " } })).count).toBe(1);
    expect((await db().form.findFirstOrThrow({ where: { id: form.id } })).titles).toEqual({ fr: "Encombrants" });
    expect((await db().formVersion.findFirstOrThrow({ where: { id: version.id } })).titles).toEqual({ fr: "Encombrants" });
  });

  it("translates a service's name and questions, and the appointments' copy in memory shows it at once", async () => {
    const town = await createVisibleTown("tc-service");
    const { service, sites } = await createBookableService({ ...town, enabledLocales: ["fr"] }, {
      service: { customFields: [{ id: "why", type: "choice", required: true, labels: { fr: "Motif" }, options: [{ value: "new", labels: { fr: "Première demande" } }] }] },
    });
    expect((await townService(town.id, service.id))?.names).toEqual({ fr: "Passeport test" });
    await saveContentTexts(town, {
      locale: "en",
      kind: "service",
      id: service.id,
      texts: { [key("names")]: "Passport", [key("customFields", [{ id: "why" }, "options", { value: "new" }, "labels"])]: "First application" },
    });
    const row = await db().appointmentService.findFirstOrThrow({ where: { id: service.id } });
    expect(row.names).toEqual({ fr: "Passeport test", en: "Passport" });
    expect(row.customFields).toEqual([{ id: "why", type: "choice", required: true, labels: { fr: "Motif" }, options: [{ value: "new", labels: { fr: "Première demande", en: "First application" } }] }]);
    expect((await townService(town.id, service.id))?.names).toEqual({ fr: "Passeport test", en: "Passport" });

    await saveContentTexts(town, { locale: "en", kind: "site", id: sites[0]!.id, texts: { [key("names")]: "Town hall" } });
    expect((await db().appointmentSite.findFirstOrThrow({ where: { id: sites[0]!.id } })).names).toEqual({ fr: "Site 1", en: "Town hall" });
  });

  it("translates the town's own texts, and every process's copy of the town follows", async () => {
    const town = await createVisibleTown("tc-town");
    await saveContentTexts(town, { locale: "en", kind: "town", id: town.id, texts: { [key("names")]: "Town of tc" } });
    expect((await db().tenant.findFirstOrThrow({ where: { id: town.id } })).names).toEqual({ fr: "tc-town", en: "Town of tc" });
    await expect.poll(async () => (await getTenantBySlug(town.slug))?.names, { timeout: 5000 }).toEqual({ fr: "tc-town", en: "Town of tc" });
  });

  it("does not find another town's item and changes nothing in it", async () => {
    const town = await createVisibleTown("tc-a");
    const other = await createVisibleTown("tc-b");
    const { form } = await frenchForm(other);
    const { service } = await createBookableService({ ...other, enabledLocales: ["fr"] });
    await expect(saveContentTexts(town, { locale: "en", kind: "form", id: form.id, texts: { [key("titles")]: "Stolen" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveContentTexts(town, { locale: "en", kind: "service", id: service.id, texts: { [key("names")]: "Stolen" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(saveContentTexts(town, { locale: "en", kind: "town", id: other.id, texts: { [key("names")]: "Stolen" } })).rejects.toBeInstanceOf(NotFoundError);
    expect((await db().form.findFirstOrThrow({ where: { id: form.id } })).titles).toEqual({ fr: "Encombrants" });
    expect((await db().appointmentService.findFirstOrThrow({ where: { id: service.id } })).names).toEqual({ fr: "Passeport test" });
    expect((await db().tenant.findFirstOrThrow({ where: { id: other.id } })).names).toEqual({ fr: "tc-b" });
  });

  it("refuses a path that is not one of the item's texts, and the town's default language", async () => {
    const town = await createVisibleTown("tc-path");
    const { form } = await frenchForm(town);
    const before = await db().form.findFirstOrThrow({ where: { id: form.id } });
    const attempts = [
      fieldLabel("nope"),
      key("definition", ["steps", { id: "about" }, "fields", { id: "what" }, "validation"]),
      key("definition", ["steps", { id: "about" }, "fields", { id: "photo" }, "validation"]),
      key("slug"),
      key("descriptions"), // no text in any language: nothing to translate from
      "garbage",
    ];
    for (const bad of attempts) {
      const error = await refusal(saveContentTexts(town, { locale: "en", kind: "form", id: form.id, texts: { [key("titles")]: "Bulky waste", [bad]: "x" } }));
      expect(error.key).toBe("contentTextUnknown");
    }
    expect((await refusal(saveContentTexts(town, { locale: "fr", kind: "form", id: form.id, texts: { [key("titles")]: "Autre" } }))).key).toBe("contentDefaultLocale");
    expect((await refusal(saveContentTexts(town, { locale: "de", kind: "form", id: form.id, texts: { [key("titles")]: "Sperrmüll" } }))).key).toBe("translationLocaleNotEnabled");
    const after = await db().form.findFirstOrThrow({ where: { id: form.id } });
    expect({ titles: after.titles, definition: after.definition }).toEqual({ titles: before.titles, definition: before.definition });
  });
});
