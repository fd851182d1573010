// What must hold before a form is published (pure): at least one step with one answer field; every
// display condition refers to an EARLIER field that exists; a choice has at least two options; a slot
// field points at an appointments service of the town; every text has the town's default language.
// Each problem is a message key of the "Errors" namespace with its parameters; `language` parameters
// are locale codes the caller turns into language names.
import { type TConditions, type TField, type TFormDefinition } from "@/lib/forms/definition";

export type TPublishProblem = { key: string; params: Record<string, string>; stepId?: string; fieldId?: string };

type TTexts = Record<string, string> | undefined | null;

export type TPublishable = {
  titles: unknown;
  descriptions?: unknown;
  nextSteps?: unknown;
  closedMessages?: unknown;
  definition: TFormDefinition;
};

export type TPublishTown = { defaultLocale: string; slotServiceIds: readonly string[] };

const asTexts = (value: unknown): Record<string, string> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, string>) : {});
const has = (texts: TTexts, locale: string) => typeof texts?.[locale] === "string" && texts[locale]!.trim() !== "";
const anyText = (texts: TTexts) => Object.values(texts ?? {}).some((v) => typeof v === "string" && v.trim() !== "");
const VALUE_OPS = new Set(["equals", "not-equals", "includes"]);

/** The name of a field in messages: its label in the default language, else its code. */
export function fieldName(field: Pick<TField, "id" | "labels">, defaultLocale: string): string {
  const label = field.labels?.[defaultLocale]?.trim();
  return label ? label : field.id;
}

export function checkForPublishing(form: TPublishable, town: TPublishTown): TPublishProblem[] {
  const problems: TPublishProblem[] = [];
  const lang = town.defaultLocale;
  const add = (key: string, params: Record<string, string> = {}, where: { stepId?: string; fieldId?: string } = {}) => problems.push({ key, params, ...where });

  if (!has(asTexts(form.titles), lang)) add("formTitleMissing", { language: lang });
  for (const [text, value] of [["description", form.descriptions], ["nextSteps", form.nextSteps], ["closed", form.closedMessages]] as const) {
    const texts = asTexts(value);
    if (anyText(texts) && !has(texts, lang)) add("formTextMissing", { text, language: lang });
  }

  const steps = form.definition.steps;
  if (steps.length === 0) {
    add("formNoStep");
    return problems;
  }
  if (!steps.some((s) => s.fields.some((f) => f.type !== "info"))) add("formNoAnswerField");

  const all = steps.flatMap((s) => s.fields);
  const allIds = new Set(all.map((f) => f.id));
  const earlier = new Set<string>();

  const checkConditions = (conditions: TConditions | undefined, owner: string, available: Set<string>, where: { stepId?: string; fieldId?: string }, known: Set<string>, of: "field" | "step" = "field") => {
    const prefix = of === "step" ? "formStepCondition" : "formCondition";
    const who: Record<string, string> = of === "step" ? { step: owner } : { field: owner };
    for (const rule of conditions?.rules ?? []) {
      if (!known.has(rule.field)) add(`${prefix}Unknown`, { ...who, target: rule.field }, where);
      else if (!available.has(rule.field)) add(`${prefix}NotEarlier`, { ...who, target: rule.field }, where);
      if (VALUE_OPS.has(rule.op) && !(rule.value ?? "").trim()) add(`${prefix}Value`, who, where);
    }
  };

  const checkField = (field: TField, stepId: string, available: Set<string>, known: Set<string>) => {
    const name = fieldName(field, lang);
    const where = { stepId, fieldId: field.id };
    if (field.type === "info") {
      if (!has(field.texts, lang)) add("formInfoTextMissing", { field: name, language: lang }, where);
      if (anyText(field.labels) && !has(field.labels, lang)) add("formFieldLabelMissing", { field: name, language: lang }, where);
    } else if (!has(field.labels, lang)) add("formFieldLabelMissing", { field: name, language: lang }, where);
    if (anyText(field.hints) && !has(field.hints, lang)) add("formFieldHintMissing", { field: name, language: lang }, where);
    const v = field.validation ?? {};
    if (v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength) add("formBoundsReversed", { field: name }, where);
    if (v.min !== undefined && v.max !== undefined && v.min > v.max) add("formBoundsReversed", { field: name }, where);
    if (v.after && v.before && v.after > v.before) add("formBoundsReversed", { field: name }, where);
    if (v.minDaysFromToday !== undefined && v.maxDaysFromToday !== undefined && v.minDaysFromToday > v.maxDaysFromToday) add("formBoundsReversed", { field: name }, where);
    if (v.minChoices !== undefined && v.maxChoices !== undefined && v.minChoices > v.maxChoices) add("formBoundsReversed", { field: name }, where);
    if (v.pattern) {
      try {
        new RegExp(v.pattern, "u");
      } catch {
        add("formPatternInvalid", { field: name }, where);
      }
      if (!has(v.patternMessages, lang)) add("formPatternMessageMissing", { field: name, language: lang }, where);
    }
    if (v.postcodePattern) {
      try {
        new RegExp(v.postcodePattern, "u");
      } catch {
        add("formPatternInvalid", { field: name }, where);
      }
    }
    if (field.type === "choice") {
      const options = field.options ?? [];
      if (options.length < 2) add("formChoiceOptions", { field: name }, where);
      for (const option of options) if (!has(option.labels, lang)) add("formOptionLabelMissing", { field: name, option: option.value, language: lang }, where);
    }
    if (field.type === "slot" && (!field.serviceId || !town.slotServiceIds.includes(field.serviceId))) add("formSlotService", { field: name }, where);
    if (field.type === "group") {
      const subs = field.fields ?? [];
      if (subs.length === 0) add("formGroupEmpty", { field: name }, where);
      if (field.minItems !== undefined && field.maxItems !== undefined && field.minItems > field.maxItems) add("formBoundsReversed", { field: name }, where);
      // Sub-fields may depend on the fields before the group and on the sub-fields before them.
      const inside = new Set(available);
      const insideKnown = new Set([...known, ...subs.map((s) => s.id)]);
      for (const sub of subs) {
        if (sub.type === "group") add("formGroupNested", { field: fieldName(sub, lang) }, { stepId, fieldId: sub.id });
        checkConditions(sub.conditions, fieldName(sub, lang), inside, { stepId, fieldId: sub.id }, insideKnown);
        checkField({ ...sub, conditions: undefined, type: sub.type === "group" ? "text" : sub.type }, stepId, inside, insideKnown);
        inside.add(sub.id);
      }
    }
  };

  steps.forEach((step, index) => {
    const stepNumber = String(index + 1);
    if (!has(step.titles, lang)) add("formStepTitleMissing", { step: stepNumber, language: lang }, { stepId: step.id });
    checkConditions(step.conditions, stepNumber, new Set(earlier), { stepId: step.id }, allIds, "step");
    for (const field of step.fields) {
      checkConditions(field.conditions, fieldName(field, lang), earlier, { stepId: step.id, fieldId: field.id }, allIds);
      checkField(field, step.id, earlier, allIds);
      earlier.add(field.id);
    }
  });
  return problems;
}

/** The problem's parameters for its message: the `language` code as a language name in the reader's language. */
export function problemParams(problem: TPublishProblem, uiLocale: string): Record<string, string> {
  if (!problem.params.language) return problem.params;
  const name = new Intl.DisplayNames([uiLocale], { type: "language" }).of(problem.params.language) ?? problem.params.language;
  return { ...problem.params, language: name };
}
