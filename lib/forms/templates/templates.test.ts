import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import { ZFormDefinition, allFields } from "@/lib/forms/definition";
import { bulkyWasteTemplate } from "@/lib/forms/templates/bulky-waste";
import { civilStatusTemplate } from "@/lib/forms/templates/civil-status";
import { FORM_TEMPLATES } from "@/lib/forms/templates/index";
import { templateTexts, townAddressRules, type TTx } from "@/lib/forms/templates/texts";
import { readSlotAnswer, splitName, validateSlotAnswer } from "@/lib/forms/service/slot-booking";
import { ZWorkflow } from "@/lib/workflow/definition";
import { checkForPublishing } from "@/lib/forms/publish-check";

const SERVICE = "0190c6b2-0000-7000-8000-000000000001";

/** A tx that records the keys asked for and answers with the key itself in two locales. */
function recordingTx(): { tx: TTx; keys: Set<string> } {
  const keys = new Set<string>();
  return { keys, tx: (key) => (keys.add(key), { en: key, fr: key }) };
}

function lookup(key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined), (en as Record<string, unknown>).FormTemplates);
}

const builds = {
  "bulky-waste (appointments)": (tx: TTx) => bulkyWasteTemplate(tx, { serviceId: SERVICE, address: { postcodePattern: "^75\\d{3}$", towns: ["Lutèce"] } }),
  "bulky-waste (no appointments)": (tx: TTx) => bulkyWasteTemplate(tx, { serviceId: null, address: {} }),
  "civil-status": (tx: TTx) => civilStatusTemplate(tx),
};

describe("ready-made templates", () => {
  for (const [name, build] of Object.entries(builds)) {
    it(`${name}: the definition and the workflow parse, and every text key exists in English`, () => {
      const { tx, keys } = recordingTx();
      const template = build(tx);
      expect(() => ZFormDefinition.parse(template.definition)).not.toThrow();
      expect(() => ZWorkflow.parse(template.workflow)).not.toThrow();
      const missing = [...keys].filter((k) => typeof lookup(k) !== "string");
      expect(missing).toEqual([]);
      expect(checkForPublishing(template, { defaultLocale: "fr", slotServiceIds: [SERVICE] })).toEqual([]);
    });
  }

  it("the catalogue entries of FORM_TEMPLATES exist", () => {
    for (const t of FORM_TEMPLATES) {
      expect(typeof lookup(t.titleKey)).toBe("string");
      expect(typeof lookup(t.descriptionKey)).toBe("string");
    }
  });

  it("texts are copied per locale, and mail placeholders stay for the workflow engine", async () => {
    const tx = await templateTexts(["en", "fr"]);
    const template = civilStatusTemplate(tx);
    expect(Object.keys(template.titles).sort()).toEqual(["en", "fr"]);
    const send = template.workflow.actions.find((a) => a.id === "send")!;
    const notify = send.tasks.find((t) => t.type === "notify");
    expect(notify && notify.type === "notify" && notify.bodies.en).toContain("{reference}");
    expect(notify && notify.type === "notify" && notify.bodies.en).toContain("{link}");
  });

  it("bulky-waste: slot field with the service, else a date at least 3 days ahead; items group 1–10", () => {
    const { tx } = recordingTx();
    const withService = allFields(bulkyWasteTemplate(tx, { serviceId: SERVICE, address: {} }).definition);
    expect(withService.find((f) => f.id === "pickup")).toMatchObject({ type: "slot", serviceId: SERVICE, required: true });
    const items = withService.find((f) => f.id === "items")!;
    expect(items).toMatchObject({ type: "group", minItems: 1, maxItems: 10 });
    expect(items.fields?.find((f) => f.id === "description")?.conditions?.rules).toEqual([{ field: "item", op: "equals", value: "other" }]);
    expect(items.fields?.find((f) => f.id === "quantity")?.validation).toMatchObject({ min: 1, max: 20 });
    expect(withService.find((f) => f.id === "photos")).toMatchObject({ type: "file", required: false, validation: { fileKinds: ["image"], maxFiles: 3 } });
    const without = allFields(bulkyWasteTemplate(tx, { serviceId: null, address: {} }).definition);
    expect(without.find((f) => f.id === "pickup")).toMatchObject({ type: "date", validation: { minDaysFromToday: 3 } });
  });

  it("civil-status: auto-close after 30 days waiting, anonymised after a year; ID only when not the person", () => {
    const { tx } = recordingTx();
    const template = civilStatusTemplate(tx);
    const auto = template.workflow.actions.find((a) => a.autoAfterDays);
    expect(auto).toMatchObject({ from: ["waiting-citizen"], autoAfterDays: 30 });
    expect(template.workflow.actions.filter((a) => template.workflow.states.find((s) => s.id === a.to)?.final).every((a) => a.tasks.some((t) => t.type === "archive" && t.afterDays === 365))).toBe(true);
    const id = allFields(template.definition).find((f) => f.id === "id_document")!;
    expect(id.conditions?.rules).toEqual([{ field: "relationship", op: "not-equals", value: "self" }]);
    expect(allFields(template.definition).find((f) => f.id === "delivery_address")?.conditions?.rules).toEqual([{ field: "delivery", op: "equals", value: "post" }]);
  });

  it("reads the town's postcode and town from its contact address", () => {
    expect(townAddressRules({ fr: "Hôtel de ville\n1 place de l'Hôtel de Ville\n75004 Lutèce" }, "fr")).toEqual({ postcodePattern: "^75\\d{3}$", towns: ["Lutèce"] });
    expect(townAddressRules({ hu: "Fő tér 1.\n2000 Kővárhely" }, "hu")).toEqual({ postcodePattern: "^20\\d{2}$", towns: ["Kővárhely"] });
    expect(townAddressRules({ en: "Town hall" }, "en")).toEqual({});
  });
});

describe("slot answers", () => {
  it("reads the shape of a slot answer", () => {
    const siteId = "0190c6b2-0000-7000-8000-000000000002";
    expect(readSlotAnswer({ siteId, start: "2026-12-01T08:00:00.000Z" })).toEqual({ siteId, start: "2026-12-01T08:00:00.000Z" });
    expect(readSlotAnswer({ siteId: "x", start: "2026-12-01T08:00:00Z" })).toBeNull();
    expect(readSlotAnswer({ siteId, start: "tomorrow" })).toBeNull();
    expect(validateSlotAnswer(undefined)).toEqual({ key: "slotInvalid" });
  });

  it("splits a name for the appointment", () => {
    expect(splitName("Jean-Pierre de la Fontaine", "j@x.org")).toEqual({ firstName: "Jean-Pierre de la", lastName: "Fontaine" });
    expect(splitName("Ana", "a@x.org")).toEqual({ firstName: "-", lastName: "Ana" });
    expect(splitName(null, "ana@x.org")).toEqual({ firstName: "-", lastName: "ana" });
  });
});
