import { describe, expect, it } from "vitest";
import type { TField, TFormDefinition } from "@/lib/forms/definition";
import { checkForPublishing } from "@/lib/forms/publish-check";

const SERVICE = "0190c6b2-0000-7000-8000-000000000001";
const town = { defaultLocale: "fr", slotServiceIds: [SERVICE] };
const text = (id: string, extra: Partial<TField> = {}): TField => ({ id, type: "text", labels: { fr: `Champ ${id}` }, ...extra });
const choice = (id: string, values = ["a", "b"]): TField => ({ id, type: "choice", labels: { fr: id }, display: "radio", options: values.map((v) => ({ value: v, labels: { fr: v.toUpperCase() } })) });
const form = (steps: TFormDefinition["steps"], titles: Record<string, string> = { fr: "Demande" }) => ({ titles, definition: { steps } });
const keys = (problems: { key: string }[]) => problems.map((p) => p.key);

describe("checkForPublishing", () => {
  it("accepts a complete form", () => {
    const ok = form([
      { id: "step-1", titles: { fr: "Un" }, fields: [choice("kind"), text("detail", { conditions: { mode: "all", rules: [{ field: "kind", op: "equals", value: "a" }] } })] },
      { id: "step-2", titles: { fr: "Deux" }, fields: [{ id: "when", type: "slot", labels: { fr: "Quand" }, serviceId: SERVICE }] },
    ]);
    expect(checkForPublishing(ok, town)).toEqual([]);
  });

  it("needs a step, and a step with an answer field", () => {
    expect(keys(checkForPublishing(form([]), town))).toEqual(["formNoStep"]);
    const onlyInfo = form([{ id: "step-1", titles: { fr: "Un" }, fields: [{ id: "intro", type: "info", labels: {}, texts: { fr: "Bonjour" } }] }]);
    expect(keys(checkForPublishing(onlyInfo, town))).toEqual(["formNoAnswerField"]);
  });

  it("refuses conditions on later or unknown fields, and rules without a value", () => {
    const def = form([
      { id: "step-1", titles: { fr: "Un" }, fields: [text("first", { conditions: { mode: "all", rules: [{ field: "second", op: "filled" }] } }), text("second"), text("third", { conditions: { mode: "any", rules: [{ field: "ghost", op: "empty" }, { field: "first", op: "equals" }] } })] },
      { id: "step-2", titles: { fr: "Deux" }, conditions: { mode: "all", rules: [{ field: "later", op: "filled" }] }, fields: [text("later")] },
    ]);
    const problems = checkForPublishing(def, town);
    expect(problems).toEqual([
      { key: "formConditionNotEarlier", params: { field: "Champ first", target: "second" }, stepId: "step-1", fieldId: "first" },
      { key: "formConditionUnknown", params: { field: "Champ third", target: "ghost" }, stepId: "step-1", fieldId: "third" },
      { key: "formConditionValue", params: { field: "Champ third" }, stepId: "step-1", fieldId: "third" },
      { key: "formStepConditionNotEarlier", params: { step: "2", target: "later" }, stepId: "step-2" },
    ]);
  });

  it("a field cannot depend on itself", () => {
    const def = form([{ id: "step-1", titles: { fr: "Un" }, fields: [text("self", { conditions: { mode: "all", rules: [{ field: "self", op: "filled" }] } })] }]);
    expect(keys(checkForPublishing(def, town))).toEqual(["formConditionNotEarlier"]);
  });

  it("a choice needs two options with labels; a slot needs a service of the town", () => {
    const def = form([
      {
        id: "step-1",
        titles: { fr: "Un" },
        fields: [choice("one", ["a"]), { ...choice("two"), options: [{ value: "a", labels: { en: "A" } }, { value: "b", labels: { fr: "B" } }] }, { id: "slot", type: "slot", labels: { fr: "Créneau" } }, { id: "other", type: "slot", labels: { fr: "Autre" }, serviceId: "0190c6b2-0000-7000-8000-000000000099" }],
      },
    ]);
    expect(keys(checkForPublishing(def, town))).toEqual(["formChoiceOptions", "formOptionLabelMissing", "formSlotService", "formSlotService"]);
  });

  it("every text needs the default language", () => {
    const def = {
      titles: { en: "Request" },
      descriptions: { en: "About" },
      nextSteps: {},
      definition: {
        steps: [
          {
            id: "step-1",
            titles: { en: "One" },
            fields: [
              text("a", { labels: { en: "A" }, hints: { en: "hint" } }),
              { id: "i", type: "info" as const, labels: {}, texts: { en: "Info" } },
              text("p", { validation: { pattern: "[0-9]+", patternMessages: { en: "Digits" } } }),
            ],
          },
        ],
      },
    };
    expect(keys(checkForPublishing(def, town))).toEqual([
      "formTitleMissing",
      "formTextMissing",
      "formStepTitleMissing",
      "formFieldLabelMissing",
      "formFieldHintMissing",
      "formInfoTextMissing",
      "formPatternMessageMissing",
    ]);
  });

  it("checks groups, their sub-fields and reversed bounds", () => {
    const def = form([
      {
        id: "step-1",
        titles: { fr: "Un" },
        fields: [
          text("before"),
          { id: "items", type: "group", labels: { fr: "Objets" }, minItems: 3, maxItems: 2, fields: [text("name"), text("qty", { labels: {}, conditions: { mode: "all", rules: [{ field: "name", op: "filled" }, { field: "before", op: "filled" }] } })] },
          { id: "empty", type: "group", labels: { fr: "Vide" }, fields: [] },
          { id: "n", type: "number", labels: { fr: "N" }, validation: { min: 5, max: 1 } },
          text("re", { validation: { pattern: "(", patternMessages: { fr: "x" } } }),
        ],
      },
    ]);
    expect(keys(checkForPublishing(def, town))).toEqual(["formBoundsReversed", "formFieldLabelMissing", "formGroupEmpty", "formBoundsReversed", "formPatternInvalid"]);
  });
});
