import { describe, expect, it } from "vitest";
import { customFieldFormValues, customFieldFromForm, optionValues } from "@/lib/appointments/custom-field-form";
import { FieldsError } from "@/lib/core/errors";
import type { TCustomField } from "@/lib/appointments/schemas";

const town = { defaultLocale: "fr", enabledLocales: ["fr", "en", "ar"] };
const options = (...labels: string[]) => labels.map((fr, i) => ({ value: `option-${i + 1}`, labels: { fr } }));

describe("optionValues: answers already given keep their option", () => {
  const previous = options("Carte", "Passeport", "Permis");

  it("keeps the values of options kept, reordered or removed", () => {
    expect(optionValues(["Carte", "Passeport", "Permis"], previous, "fr")).toEqual(["option-1", "option-2", "option-3"]);
    expect(optionValues(["Permis", "carte "], previous, "fr")).toEqual(["option-3", "option-1"]);
  });

  it("a renamed option in its place keeps its value; a new one gets a value never used", () => {
    expect(optionValues(["Carte", "Passeport biométrique", "Permis"], previous, "fr")).toEqual(["option-1", "option-2", "option-3"]);
    expect(optionValues(["Carte", "Visa", "Passeport", "Permis"], previous, "fr")).toEqual(["option-1", "option-4", "option-2", "option-3"]);
    // The removed option's value is not given to a new option elsewhere.
    expect(optionValues(["Carte", "Permis", "Visa"], previous, "fr")).toEqual(["option-1", "option-3", "option-4"]);
  });

  it("two identical lines: the second is a new option", () => {
    expect(optionValues(["Carte", "Carte"], options("Carte"), "fr")).toEqual(["option-1", "option-2"]);
  });
});

describe("customFieldFromForm", () => {
  it("adds a question with an id from its text, and options per line in every language", () => {
    const field = customFieldFromForm({ required: true, "labels.fr": "Motif de la demande", "labels.en": "Reason", "options.fr": "Première\n\nRenouvellement\n", "options.en": "First\n\nRenewal" }, town, [], "choice");
    expect(field).toEqual({
      id: "motif-de-la-demande",
      type: "choice",
      required: true,
      labels: { fr: "Motif de la demande", en: "Reason" },
      options: [
        { value: "option-1", labels: { fr: "Première", en: "First" } },
        { value: "option-2", labels: { fr: "Renouvellement", en: "Renewal" } },
      ],
    });
  });

  it("a change keeps the id and kind; refuses a question without its main text, or a choice with fewer than two options", () => {
    const previous: TCustomField = { id: "motif", type: "choice", required: false, labels: { fr: "Motif" }, options: options("A", "B") };
    const changed = customFieldFromForm({ required: false, "labels.fr": "Motif exact", "hints.en": "Why", "options.fr": "A\nB2\nC" }, town, [previous], previous.type, previous);
    expect(changed).toMatchObject({ id: "motif", type: "choice", labels: { fr: "Motif exact" }, hints: { en: "Why" } });
    expect(changed.options?.map((o) => o.value)).toEqual(["option-1", "option-2", "option-3"]);
    expect(() => customFieldFromForm({ required: false, "labels.en": "Reason", "options.fr": "A\nB" }, town, [previous], "choice", previous)).toThrow(FieldsError);
    const refused = (() => {
      try {
        customFieldFromForm({ required: false, "labels.fr": "Motif", "options.fr": "A" }, town, [previous], "choice", previous);
      } catch (error) {
        return error;
      }
    })();
    expect(refused).toMatchObject({ fields: { "options.fr": { key: "optionsRequired" } } });
  });

  it("shows an option missing in a language as an empty line, so that lines keep their places", () => {
    const field: TCustomField = { id: "q", type: "choice", required: false, labels: { fr: "Q" }, options: [{ value: "option-1", labels: { fr: "A", en: "A" } }, { value: "option-2", labels: { fr: "B" } }, { value: "option-3", labels: { fr: "C", en: "C" } }] };
    const values = customFieldFormValues(field, town.enabledLocales);
    expect(values.options).toEqual({ fr: "A\nB\nC", en: "A\n\nC", ar: "" });
    // Sent back unchanged, the question is the same.
    const again = customFieldFromForm({ required: false, "labels.fr": "Q", "options.fr": values.options.fr, "options.en": values.options.en, "options.ar": values.options.ar }, town, [field], field.type, field);
    expect(again).toEqual(field);
  });
});
