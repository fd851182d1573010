// Conditional display: which steps and fields a citizen sees, given their answers. Pure.
// A field whose conditions do not hold is hidden: it is not validated and its answer is dropped when
// the step is saved. A condition on a hidden field sees it as unanswered, so hiding cascades. A step
// whose every field is hidden (or whose own conditions do not hold) is skipped.
import type { TCondition, TConditions, TField, TFormDefinition, TStep } from "@/lib/forms/definition";

export type TAnswers = Record<string, unknown>;

/** No answer: undefined, null, "", [], or an object whose every value is empty. */
export function isEmptyAnswer(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0 || value.every(isEmptyAnswer);
  if (typeof value === "object") return Object.values(value as Record<string, unknown>).every(isEmptyAnswer);
  return false;
}

/** An answer as the strings a condition compares with ("yes", an option value, a number…). */
function answerStrings(value: unknown): string[] {
  if (isEmptyAnswer(value)) return [];
  if (Array.isArray(value)) return value.flatMap(answerStrings);
  if (value === true) return ["yes", "true"];
  if (typeof value === "string" || typeof value === "number") return [String(value).trim()];
  return [];
}

export function conditionHolds(rule: TCondition, answers: TAnswers): boolean {
  const value = answers[rule.field];
  const strings = answerStrings(value);
  const expected = (rule.value ?? "").trim();
  switch (rule.op) {
    case "filled":
      return strings.length > 0;
    case "empty":
      return strings.length === 0;
    case "equals":
      return strings.some((s) => s === expected);
    case "not-equals":
      return !strings.some((s) => s === expected);
    case "includes":
      return strings.some((s) => s === expected || (expected !== "" && s.toLocaleLowerCase().includes(expected.toLocaleLowerCase())));
  }
}

export function conditionsHold(conditions: TConditions | undefined, answers: TAnswers): boolean {
  const rules = conditions?.rules ?? [];
  if (rules.length === 0) return true;
  return conditions?.mode === "any" ? rules.some((r) => conditionHolds(r, answers)) : rules.every((r) => conditionHolds(r, answers));
}

/** The ids of the visible fields (top level), hiding cascading until nothing changes. */
export function visibleFieldIds(def: TFormDefinition, data: TAnswers): Set<string> {
  let effective: TAnswers = { ...data };
  let visible = new Set<string>();
  for (let round = 0; round < 10; round++) {
    const next = new Set<string>();
    for (const step of def.steps) {
      if (!conditionsHold(step.conditions, effective)) continue;
      for (const field of step.fields) if (conditionsHold(field.conditions, effective)) next.add(field.id);
    }
    const stable = next.size === visible.size && [...next].every((id) => visible.has(id));
    visible = next;
    if (stable && round > 0) break;
    effective = Object.fromEntries(Object.entries(data).filter(([id]) => visible.has(id)));
  }
  return visible;
}

/** The visible fields of one step. */
export function visibleFieldsOf(step: TStep, visible: Set<string>): TField[] {
  return step.fields.filter((f) => visible.has(f.id));
}

/** Sub-fields of a group row shown for that row (conditions see the row's answers over the form's). */
export function visibleSubFields(group: TField, row: TAnswers, data: TAnswers): TField[] {
  const answers = { ...data, ...row };
  return (group.fields ?? []).filter((f) => conditionsHold(f.conditions, answers));
}

/** The steps the citizen goes through, in order: those with at least one visible field. */
export function visibleSteps(def: TFormDefinition, data: TAnswers): TStep[] {
  const visible = visibleFieldIds(def, data);
  return def.steps.filter((s) => s.fields.some((f) => visible.has(f.id)));
}

/** The answers without those of hidden fields or of fields the form does not have (nor info/file fields). */
export function dropHidden(def: TFormDefinition, data: TAnswers): TAnswers {
  const visible = visibleFieldIds(def, data);
  const out: TAnswers = {};
  for (const step of def.steps)
    for (const field of step.fields) {
      if (!visible.has(field.id) || field.type === "info" || field.type === "file" || !(field.id in data)) continue;
      const value = data[field.id];
      if (field.type === "group" && Array.isArray(value)) {
        out[field.id] = value.map((row: TAnswers) => {
          const kept: TAnswers = {};
          for (const sub of visibleSubFields(field, row ?? {}, data)) if (sub.type !== "info" && sub.type !== "file" && row && sub.id in row) kept[sub.id] = row[sub.id];
          return kept;
        });
      } else out[field.id] = value;
    }
  return out;
}

/** The step before `stepId` among the visible ones (null: it is the first). */
export function previousStep(def: TFormDefinition, data: TAnswers, stepId: string): TStep | null {
  const steps = visibleSteps(def, data);
  const index = steps.findIndex((s) => s.id === stepId);
  if (index > 0) return steps[index - 1] ?? null;
  if (index === 0) return null;
  // A step not visible any more: the last visible one before it in the definition.
  const position = def.steps.findIndex((s) => s.id === stepId);
  return [...steps].reverse().find((s) => def.steps.indexOf(s) < position) ?? null;
}

/** The visible step after `stepId` (null: go to check your answers). */
export function nextStep(def: TFormDefinition, data: TAnswers, stepId: string): TStep | null {
  const position = def.steps.findIndex((s) => s.id === stepId);
  return visibleSteps(def, data).find((s) => def.steps.indexOf(s) > position) ?? null;
}

/**
 * Where a draft resumes: the first visible step not completed yet (`stepReached` counts the steps of
 * the definition completed in order), or null when every step is done (check your answers).
 */
export function resumeStep(def: TFormDefinition, data: TAnswers, stepReached: number): TStep | null {
  return visibleSteps(def, data).find((s) => def.steps.indexOf(s) >= stepReached) ?? null;
}

/** Whether the citizen may open this step yet (every visible step before it completed). */
export function stepOpen(def: TFormDefinition, data: TAnswers, stepReached: number, stepId: string): boolean {
  const position = def.steps.findIndex((s) => s.id === stepId);
  const resume = resumeStep(def, data, stepReached);
  return position >= 0 && (resume === null || def.steps.indexOf(resume) >= position);
}
