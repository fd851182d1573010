import { describe, expect, it } from "vitest";
import { ZFormDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { answersView } from "@/lib/forms/fill/answers-view";
import { parseStepValues } from "@/lib/forms/fill/parse-values";
import { foldTown, townToday, validateFields, validateForm, validateStep } from "@/lib/forms/fill/validate";
import { dropHidden, nextStep, previousStep, resumeStep, stepOpen, visibleFieldIds, visibleSteps } from "@/lib/forms/fill/visibility";
import type { TDocumentRow } from "@/lib/forms/repo";

const L = (en: string, fr = en) => ({ en, fr });

const def: TFormDefinition = ZFormDefinition.parse({
  steps: [
    {
      id: "who",
      titles: L("Who", "Qui"),
      fields: [
        { id: "kind", type: "choice", display: "radio", required: true, labels: L("Kind", "Type"), options: [{ value: "birth", labels: L("Birth", "Naissance") }, { value: "death", labels: L("Death", "Décès") }] },
        { id: "has_pet", type: "yesno", labels: { en: "Pet?" } },
        { id: "pet_name", type: "text", required: true, labels: L("Pet name"), conditions: { mode: "all", rules: [{ field: "has_pet", op: "equals", value: "yes" }] } },
        { id: "pet_vet", type: "text", labels: L("Vet"), conditions: { mode: "all", rules: [{ field: "pet_name", op: "filled" }] } },
      ],
    },
    {
      id: "death-details",
      titles: { en: "Death" },
      fields: [{ id: "death_date", type: "date", required: true, labels: L("Date of death"), conditions: { mode: "all", rules: [{ field: "kind", op: "equals", value: "death" }] } }],
    },
    {
      id: "more",
      titles: L("More"),
      fields: [
        { id: "count", type: "number", labels: L("Count"), validation: { min: 1, max: 10, integer: true } },
        { id: "mail", type: "email", labels: L("Mail") },
        { id: "tel", type: "phone", labels: L("Phone") },
        { id: "ref", type: "text", labels: L("Ref"), validation: { pattern: "[A-Z]{2}\\d{3}", patternMessages: { en: "Two capitals and three digits", fr: "Deux majuscules et trois chiffres" } } },
        { id: "colours", type: "choice", display: "checkboxes", labels: L("Colours"), options: [{ value: "red", labels: L("Red", "Rouge") }, { value: "blue", labels: L("Blue", "Bleu") }], validation: { maxChoices: 1 } },
        { id: "home", type: "address", required: true, labels: L("Address"), validation: { towns: ["Saint-Étienne", "Lutèce"] } },
        { id: "terms", type: "consent", labels: L("Terms") },
        { id: "when", type: "date", labels: L("When"), validation: { minDaysFromToday: 2, maxDaysFromToday: 30 } },
        {
          id: "items",
          type: "group",
          labels: L("Items"),
          minItems: 1,
          maxItems: 2,
          fields: [
            { id: "what", type: "text", required: true, labels: L("What", "Quoi") },
            { id: "qty", type: "number", labels: L("Quantity", "Quantité") },
          ],
        },
        { id: "proof", type: "file", required: true, labels: L("Proof") },
      ],
    },
  ],
});

const ctx = { locale: "en", fallbackLocales: ["fr"], timeZone: "Europe/Paris", now: new Date("2026-03-10T23:30:00Z"), documents: [] };

describe("visibility", () => {
  it("shows a field only when its conditions hold, and cascades hiding", () => {
    expect(visibleFieldIds(def, { has_pet: "yes", pet_name: "Rex" }).has("pet_vet")).toBe(true);
    const hidden = visibleFieldIds(def, { has_pet: "no", pet_name: "Rex" });
    expect(hidden.has("pet_name")).toBe(false);
    expect(hidden.has("pet_vet")).toBe(false); // pet_name is hidden, so it counts as unanswered
  });
  it("skips a step whose every field is hidden, and navigates around it", () => {
    expect(visibleSteps(def, { kind: "birth" }).map((s) => s.id)).toEqual(["who", "more"]);
    expect(visibleSteps(def, { kind: "death" }).map((s) => s.id)).toEqual(["who", "death-details", "more"]);
    expect(nextStep(def, { kind: "birth" }, "who")?.id).toBe("more");
    expect(previousStep(def, { kind: "birth" }, "more")?.id).toBe("who");
    expect(previousStep(def, { kind: "birth" }, "who")).toBeNull();
    expect(nextStep(def, {}, "more")).toBeNull();
  });
  it("drops hidden answers and unknown keys", () => {
    expect(dropHidden(def, { kind: "birth", has_pet: "no", pet_name: "Rex", death_date: "2026-01-01", junk: 1 })).toEqual({ kind: "birth", has_pet: "no" });
  });
  it("resumes at the first step not completed", () => {
    expect(resumeStep(def, { kind: "birth" }, 1)?.id).toBe("more");
    expect(resumeStep(def, { kind: "birth" }, 3)).toBeNull();
    expect(stepOpen(def, { kind: "birth" }, 1, "more")).toBe(true);
    expect(stepOpen(def, {}, 0, "more")).toBe(false);
  });
  it("supports any / includes / empty / not-equals", () => {
    const d = ZFormDefinition.parse({
      steps: [
        {
          id: "s",
          titles: L("S"),
          fields: [
            { id: "c", type: "choice", display: "checkboxes", labels: L("C"), options: [{ value: "a", labels: L("A") }, { value: "b", labels: L("B") }] },
            { id: "x", type: "text", labels: L("X"), conditions: { mode: "any", rules: [{ field: "c", op: "includes", value: "b" }, { field: "c", op: "empty" }] } },
            { id: "y", type: "text", labels: L("Y"), conditions: { mode: "all", rules: [{ field: "c", op: "not-equals", value: "a" }] } },
          ],
        },
      ],
    });
    expect([...visibleFieldIds(d, { c: ["a"] })]).toEqual(["c"]);
    expect([...visibleFieldIds(d, { c: ["a", "b"] })]).toEqual(["c", "x"]);
    expect([...visibleFieldIds(d, {})]).toEqual(["c", "x", "y"]);
  });
});

describe("parse values", () => {
  const fields = def.steps[2]!.fields;
  it("reads every kind of input by its HTML name", () => {
    const answers = parseStepValues(fields, {
      count: " 1 234,5 ",
      mail: " a@b.fr ",
      tel: "",
      colours: ["red", "blue", "red", ""],
      "home.street": "1 rue X",
      "home.postcode": "75001",
      "home.town": "Lutèce",
      terms: "yes",
      when: "2026-03-20",
      "items.0": "1",
      "items.0.what": "Sofa",
      "items.0.qty": "2",
      "items.3": "1",
      "items.3.what": "",
      "items.3.qty": "",
      "items.5.what": "Chair",
    });
    expect(answers).toEqual({
      count: 1234.5,
      mail: "a@b.fr",
      colours: ["red", "blue"],
      home: { street: "1 rue X", postcode: "75001", town: "Lutèce" },
      terms: true,
      when: "2026-03-20",
      items: [{ what: "Sofa", qty: 2 }, { what: "Chair" }],
    });
  });
  it("keeps a number typed wrong as a string, and empty rows when asked", () => {
    expect(parseStepValues(fields, { count: "twelve" }).count).toBe("twelve");
    expect(parseStepValues(fields, { "items.0.what": "", "items.1.what": "" }, { keepEmptyRows: true }).items).toEqual([{}, {}]);
  });
  it("reads a slot as siteId|start or as two inputs", () => {
    const slot = { id: "slot", type: "slot" as const, labels: L("Slot") };
    expect(parseStepValues([slot], { slot: "s1|2026-03-12T09:00:00.000Z" }).slot).toEqual({ siteId: "s1", start: "2026-03-12T09:00:00.000Z" });
    expect(parseStepValues([slot], { "slot.siteId": "s1", "slot.start": "2026-03-12T09:00:00.000Z" }).slot).toEqual({ siteId: "s1", start: "2026-03-12T09:00:00.000Z" });
  });
});

describe("validate", () => {
  const more = def.steps[2]!;
  const keys = (errors: Record<string, { key: string }>) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k, v.key]));
  it("asks for required answers, by input name", () => {
    expect(keys(validateStep(def, more, {}, ctx))).toEqual({
      "home.street": "fieldStreetRequired",
      "home.postcode": "fieldPostcodeRequired",
      "home.town": "fieldTownRequired",
      terms: "fieldConsent",
      items: "fieldGroupMin",
      proof: "fieldFileRequired",
    });
  });
  it("checks formats and bounds", () => {
    const errors = validateFields(more.fields, { count: 1.5, mail: "nope", tel: "abc", ref: "ab123", colours: ["red", "blue"], home: { street: "x", postcode: "7500", town: "saint etienne" }, terms: true, when: "2026-03-12", items: [{ qty: 1 }, { what: "a" }, { what: "b" }] }, { ...ctx, documents: [{ fieldId: "proof", groupIndex: null }] });
    expect(keys(errors)).toEqual({
      count: "fieldWholeNumber",
      mail: "fieldEmail",
      tel: "fieldPhone",
      ref: "fieldPattern",
      colours: "fieldChooseAtMost",
      "home.postcode": "fieldPostcode",
      when: "fieldDateFrom",
      items: "fieldGroupMax",
      "items.0.what": "fieldRequired",
    });
    expect(errors.ref?.params).toEqual({ message: "Two capitals and three digits" });
  });
  it("shows the agent's pattern message in the citizen's language, else a fallback", () => {
    const errors = validateFields(more.fields, { ref: "x" }, { ...ctx, locale: "fr" });
    expect(errors.ref?.params).toEqual({ message: "Deux majuscules et trois chiffres" });
  });
  it("computes today in the town's zone", () => {
    expect(townToday(new Date("2026-03-10T23:30:00Z"), "Europe/Paris")).toBe("2026-03-11");
    expect(townToday(new Date("2026-03-10T23:30:00Z"), "America/New_York")).toBe("2026-03-10");
    // min 2 days from the 11th (Paris): the 13th is the first day allowed
    const f = more.fields.find((f) => f.id === "when")!;
    expect(validateFields([f], { when: "2026-03-12" }, ctx).when?.key).toBe("fieldDateFrom");
    expect(validateFields([f], { when: "2026-03-13" }, ctx).when).toBeUndefined();
    expect(validateFields([f], { when: "2026-04-11" }, ctx).when?.key).toBe("fieldDateUntil");
    expect(validateFields([f], { when: "2026-02-30" }, ctx).when?.key).toBe("fieldDate");
  });
  it("compares towns without case or accents, accepts lenient phone numbers", () => {
    expect(foldTown("SAINT-ÉTIENNE")).toBe(foldTown("saint etienne"));
    const tel = more.fields.find((f) => f.id === "tel")!;
    expect(validateFields([tel], { tel: "+33 (0)1 23-45-67-89" }, ctx)).toEqual({});
    expect(validateFields([tel], { tel: "06 12 34 56 78" }, ctx)).toEqual({});
  });
  it("does not validate hidden fields, and finds the first invalid step", () => {
    expect(validateStep(def, def.steps[0]!, { kind: "birth", has_pet: "no" }, ctx)).toEqual({});
    expect(keys(validateStep(def, def.steps[0]!, { kind: "birth", has_pet: "yes" }, ctx))).toEqual({ pet_name: "fieldRequired" });
    expect(validateForm(def, { kind: "death" }, ctx)?.stepId).toBe("death-details");
  });
  it("checks yes/no, choices within options, slots", () => {
    const fields = [
      { id: "a", type: "yesno" as const, labels: L("A"), required: true },
      { id: "b", type: "choice" as const, display: "select" as const, labels: L("B"), options: [{ value: "x", labels: L("X") }] },
      { id: "c", type: "slot" as const, labels: L("C"), required: true },
    ];
    expect(keys(validateFields(fields, { a: "maybe", b: "y", c: { siteId: "s", start: "" } }, ctx))).toEqual({ a: "fieldYesNo", b: "fieldChoiceUnknown", c: "fieldSlotRequired" });
  });
});

describe("answers view", () => {
  const doc = { id: "d1", fieldId: "proof", groupIndex: null, originalName: "proof.pdf" } as TDocumentRow;
  const labels = { yes: "Oui", no: "Non", accepted: "Accepté", item: (n: number) => `Objet ${n}` };
  it("formats answers in the locale, skips hidden steps, attaches documents", () => {
    const view = answersView({
      definition: def,
      data: { kind: "birth", has_pet: "yes", pet_name: "Rex", count: 1234.5, colours: ["red", "blue"], home: { street: "1 rue X", postcode: "75001", town: "Lutèce" }, terms: true, when: "2026-03-20", items: [{ what: "Sofa", qty: 2 }] },
      documents: [doc],
      locale: "fr",
      fallbackLocales: ["en"],
      timeZone: "Europe/Paris",
      labels,
    });
    expect(view.map((s) => s.stepId)).toEqual(["who", "more"]);
    const rows = Object.fromEntries(view.flatMap((s) => s.rows).map((r) => [r.fieldId, r]));
    expect(rows.kind!.lines).toEqual(["Naissance"]);
    expect(rows.kind!.label).toBe("Type");
    expect(rows.has_pet!.lines).toEqual(["Oui"]);
    expect(rows.count!.lines[0]).toMatch(/1\s234,5/);
    expect(rows.colours!.lines).toEqual(["Rouge", "Bleu"]);
    expect(rows.home!.lines).toEqual(["1 rue X", "75001 Lutèce"]);
    expect(rows.terms!.lines).toEqual(["Accepté"]);
    expect(rows.when!.lines).toEqual(["20 mars 2026"]);
    expect(rows.items!.lines).toEqual(["Objet 1 — Quoi: Sofa ; Quantité: 2"]);
    expect(rows.proof!.documents).toEqual([doc]);
    expect(rows.pet_vet!.lines).toEqual([]);
  });
  it("marks the language of a text that falls back", () => {
    const view = answersView({ definition: def, data: { kind: "death", has_pet: "yes" }, documents: [], locale: "fr", fallbackLocales: ["en"], timeZone: "Europe/Paris" });
    const pet = view[0]!.rows.find((r) => r.fieldId === "has_pet")!;
    expect(pet).toMatchObject({ label: "Pet?", lang: "en" });
    expect(view[1]).toMatchObject({ stepTitle: "Death", lang: "en" });
  });
});
