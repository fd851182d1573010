// Steps and fields of a form being built. Every change locks the form row, edits the definition as a
// whole, checks it with ZFormDefinition and stores it; published versions are never touched (the next
// publication freezes the new definition). Settings arrive as flat form fields ("labels.fr",
// "options.0.value", "rules.1.field") and are read here by the field's type.
import { listServicesForSlots } from "@/lib/forms/service/slot-services";
import { getEnv } from "@/lib/core/env";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import {
  CONDITION_OPS,
  FIELD_TYPES,
  ZFormDefinition,
  type TCondition,
  type TField,
  type TFieldType,
  type TFormDefinition,
  type TStep,
  type TValidation,
} from "@/lib/forms/definition";
import { lockForm, updateFormRow } from "@/lib/forms/repo";
import { textsFrom } from "@/lib/forms/schemas";
import { firstStep } from "@/lib/forms/service/create-form";
import { designableForm, type TDesigner } from "@/lib/forms/service/design-access";
import type { TTenant } from "@/lib/tenancy/registry";

type TErrors = Record<string, { key: string; params?: Record<string, string | number> }>;
export type TMove = "up" | "down" | "delete";

/** Types a repeatable group may contain (no group in a group, no appointment inside a list). */
export const GROUP_FIELD_TYPES: readonly TFieldType[] = FIELD_TYPES.filter((t) => t !== "group" && t !== "slot");
/** Condition operators that compare with a value. */
export const VALUE_OPS: readonly string[] = ["equals", "not-equals", "includes"];

async function editDefinition<R>(tenant: TTenant, actor: TDesigner, formId: string, change: (def: TFormDefinition) => R | Promise<R>): Promise<R> {
  await designableForm(tenant.id, actor, formId);
  const form = await lockForm(tenant.id, formId);
  if (!form) throw new NotFoundError();
  const def = structuredClone(ZFormDefinition.parse(form.definition));
  const result = await change(def);
  const checked = ZFormDefinition.safeParse(def);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new ActionError(issue?.message === "fieldIdTaken" ? "formFieldCodeTaken" : "formDefinitionInvalid");
  }
  await updateFormRow(tenant.id, formId, { definition: checked.data });
  return result;
}

function stepOf(def: TFormDefinition, stepId: string): TStep {
  const step = def.steps.find((s) => s.id === stepId);
  if (!step) throw new NotFoundError();
  return step;
}

export type TFieldPlace = { step: TStep; container: TField[]; index: number; field: TField; group: TField | null };

/** Where a field is: its step, the list holding it (a step's or a group's) and its position. */
export function locateField(def: TFormDefinition, fieldId: string, groupId?: string): TFieldPlace | null {
  for (const step of def.steps) {
    if (groupId) {
      const group = step.fields.find((f) => f.id === groupId && f.type === "group");
      const container = group?.fields;
      const index = container?.findIndex((f) => f.id === fieldId) ?? -1;
      if (group && container && index >= 0) return { step, container, index, field: container[index]!, group };
    } else {
      const index = step.fields.findIndex((f) => f.id === fieldId);
      if (index >= 0) return { step, container: step.fields, index, field: step.fields[index]!, group: null };
    }
  }
  return null;
}

function placeOf(def: TFormDefinition, fieldId: string, groupId?: string): TFieldPlace {
  const place = locateField(def, fieldId, groupId);
  if (!place) throw new NotFoundError();
  return place;
}

/** The fields a display condition of this field may use: every answer field before it (for a sub-field, also the sub-fields before it). */
export function earlierFields(def: TFormDefinition, fieldId: string, groupId?: string): TField[] {
  const out: TField[] = [];
  const anchor = groupId ?? fieldId;
  for (const step of def.steps) {
    for (const field of step.fields) {
      if (field.id === anchor) {
        if (groupId) {
          for (const sub of field.fields ?? []) {
            if (sub.id === fieldId) break;
            if (sub.type !== "info") out.push(sub);
          }
        }
        return out;
      }
      if (field.type !== "info") out.push(field);
    }
  }
  return out;
}

/** The fields a step's own conditions may use: those of the steps before it. */
export function fieldsBeforeStep(def: TFormDefinition, stepId: string): TField[] {
  const index = def.steps.findIndex((s) => s.id === stepId);
  return def.steps.slice(0, Math.max(0, index)).flatMap((s) => s.fields.filter((f) => f.type !== "info"));
}

function allIds(def: TFormDefinition): Set<string> {
  return new Set(def.steps.flatMap((s) => s.fields.flatMap((f) => [f.id, ...(f.fields ?? []).map((sub) => sub.id)])));
}

/** A field code from its label: "Type d’objet" → "type_d_objet"; numbered when taken. */
export function codeFromLabel(label: string, taken: Set<string>): string {
  const base =
    label
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^[^a-z]+|_+$/g, "")
      .slice(0, 36)
      .replace(/_+$/g, "") || "field";
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}_${n}`)) return `${base}_${n}`;
}

function move<T>(list: T[], index: number, how: TMove): void {
  if (how === "delete") list.splice(index, 1);
  else {
    const to = how === "up" ? index - 1 : index + 1;
    if (to < 0 || to >= list.length) return;
    [list[index], list[to]] = [list[to]!, list[index]!];
  }
}

// ——— Steps ———

export async function addStep(tenant: TTenant, actor: TDesigner, formId: string, titles: Record<string, string>): Promise<TStep> {
  return editDefinition(tenant, actor, formId, async (def) => {
    if (def.steps.length >= 30) throw new ActionError("formTooManySteps");
    const ids = new Set(def.steps.map((s) => s.id));
    let n = def.steps.length + 1;
    while (ids.has(`step-${n}`)) n++;
    const blank = await firstStep(tenant.enabledLocales, def.steps.length + 1);
    const step: TStep = { id: `step-${n}`, titles: titles[tenant.defaultLocale] ? titles : blank.titles, fields: [] };
    def.steps.push(step);
    return step;
  });
}


/** A step's titles and its own display conditions (on fields of the steps before it). */
export async function saveStep(tenant: TTenant, actor: TDesigner, formId: string, stepId: string, input: Record<string, unknown>): Promise<TStep> {
  return editDefinition(tenant, actor, formId, (def) => {
    const step = stepOf(def, stepId);
    const errors: TErrors = {};
    const titles = textsFrom(input, "titles", tenant.enabledLocales, 200);
    if (!titles[tenant.defaultLocale]) errors[`titles.${tenant.defaultLocale}`] = { key: "formStepTitleRequired" };
    const conditions = readConditions(input, fieldsBeforeStep(def, stepId), errors);
    if (Object.keys(errors).length) throw new FieldsError(errors);
    step.titles = titles;
    if (conditions) step.conditions = conditions;
    else delete step.conditions;
    return step;
  });
}

export async function changeStep(tenant: TTenant, actor: TDesigner, formId: string, stepId: string, how: TMove): Promise<void> {
  await editDefinition(tenant, actor, formId, (def) => {
    const index = def.steps.findIndex((s) => s.id === stepId);
    if (index < 0) throw new NotFoundError();
    move(def.steps, index, how);
  });
}

// ——— Fields ———

export type TAddField = { stepId: string; groupId?: string; type: TFieldType; code?: string; labels: Record<string, string> };

function newField(id: string, type: TFieldType, labels: Record<string, string>): TField {
  const field: TField = { id, type, labels };
  if (type !== "info" && type !== "consent") field.required = true;
  if (type === "consent") field.required = true;
  if (type === "choice") Object.assign(field, { display: "radio", options: [] });
  if (type === "file") field.validation = { fileKinds: ["pdf", "image"], maxSizeMb: Math.min(10, getEnv().UPLOAD_MAX_MB), maxFiles: 1 };
  if (type === "group") Object.assign(field, { fields: [], minItems: 1, maxItems: 5 });
  if (type === "info") field.texts = {};
  return field;
}

export async function addField(tenant: TTenant, actor: TDesigner, formId: string, input: TAddField): Promise<TField> {
  return editDefinition(tenant, actor, formId, (def) => {
    const step = stepOf(def, input.stepId);
    if (!input.labels[tenant.defaultLocale]) throw new FieldsError({ [`newLabels.${tenant.defaultLocale}`]: { key: "formFieldLabelRequired" } });
    let container = step.fields;
    if (input.groupId) {
      const group = step.fields.find((f) => f.id === input.groupId && f.type === "group");
      if (!group) throw new NotFoundError();
      if (!GROUP_FIELD_TYPES.includes(input.type)) throw new FieldsError({ type: { key: "formGroupNested" } });
      group.fields ??= [];
      container = group.fields;
    }
    if (container.length >= (input.groupId ? 30 : 60)) throw new ActionError("formTooManyFields");
    const taken = allIds(def);
    if (input.code && taken.has(input.code)) throw new FieldsError({ code: { key: "formFieldCodeTaken", params: { code: input.code } } });
    const id = input.code ?? codeFromLabel(input.labels[tenant.defaultLocale]!, taken);
    const field = newField(id, input.type, input.labels);
    container.push(field);
    return field;
  });
}

export async function changeField(tenant: TTenant, actor: TDesigner, formId: string, input: { fieldId: string; groupId?: string; move: TMove }): Promise<{ stepId: string }> {
  return editDefinition(tenant, actor, formId, (def) => {
    const place = placeOf(def, input.fieldId, input.groupId);
    move(place.container, place.index, input.move);
    return { stepId: place.step.id };
  });
}

// ——— One field's settings ———

function readNumber(input: Record<string, unknown>, name: string, errors: TErrors, bounds: { min: number; max: number; int?: boolean }): number | undefined {
  const raw = input[name];
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  const value = Number(raw.trim().replace(",", "."));
  if (!Number.isFinite(value)) errors[name] = { key: "number" };
  else if (bounds.int && !Number.isInteger(value)) errors[name] = { key: "wholeNumber" };
  else if (value < bounds.min) errors[name] = { key: "numberTooSmall", params: { min: bounds.min } };
  else if (value > bounds.max) errors[name] = { key: "numberTooBig", params: { max: bounds.max } };
  else return value;
  return undefined;
}

function readText(input: Record<string, unknown>, name: string, max: number): string | undefined {
  const raw = input[name];
  return typeof raw === "string" && raw.trim() ? raw.trim().slice(0, max) : undefined;
}

function readList(input: Record<string, unknown>, name: string): string[] {
  const raw = input[name];
  return raw === undefined ? [] : Array.isArray(raw) ? raw.filter((v): v is string => typeof v === "string") : typeof raw === "string" ? [raw] : [];
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const OPTION_VALUE = /^[A-Za-z0-9_-]{1,48}$/;

/** Display rules from "rules.<i>.field|op|value" and "conditionMode"; rows without a field are dropped. */
export function readConditions(input: Record<string, unknown>, available: TField[], errors: TErrors): TField["conditions"] | undefined {
  const ids = new Set(available.map((f) => f.id));
  const rules: TCondition[] = [];
  for (let i = 0; i < 20; i++) {
    const field = readText(input, `rules.${i}.field`, 48);
    if (!field) continue;
    const op = readText(input, `rules.${i}.op`, 20) ?? "equals";
    const value = readText(input, `rules.${i}.value`, 200);
    if (!ids.has(field)) errors[`rules.${i}.field`] = { key: "formConditionEarlierOnly" };
    if (!(CONDITION_OPS as readonly string[]).includes(op)) errors[`rules.${i}.op`] = { key: "choose" };
    if (VALUE_OPS.includes(op) && !value) errors[`rules.${i}.value`] = { key: "formConditionValueRequired" };
    rules.push({ field, op: op as TCondition["op"], ...(VALUE_OPS.includes(op) && value ? { value } : {}) });
  }
  if (rules.length > 10) errors["rules.10.field"] = { key: "formTooManyRules" };
  if (rules.length === 0) return undefined;
  return { mode: input.conditionMode === "any" ? "any" : "all", rules };
}

/** Answer options from "options.<i>.value" and "options.<i>.labels.<locale>"; empty rows are dropped. */
function readOptions(input: Record<string, unknown>, locales: readonly string[], defaultLocale: string, errors: TErrors): NonNullable<TField["options"]> {
  const options: NonNullable<TField["options"]> = [];
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) {
    const labels = textsFrom(input, `options.${i}.labels`, locales, 300);
    let value = readText(input, `options.${i}.value`, 60);
    if (!value && Object.keys(labels).length === 0) continue;
    if (!value) value = codeFromLabel(labels[defaultLocale] ?? Object.values(labels)[0]!, seen).slice(0, 48);
    if (!OPTION_VALUE.test(value)) errors[`options.${i}.value`] = { key: "formOptionValue" };
    else if (seen.has(value)) errors[`options.${i}.value`] = { key: "formOptionTaken", params: { value } };
    if (!labels[defaultLocale]) errors[`options.${i}.labels.${defaultLocale}`] = { key: "formOptionLabelRequired" };
    seen.add(value);
    options.push({ value, labels });
  }
  return options;
}

export async function saveField(tenant: TTenant, actor: TDesigner, formId: string, target: { fieldId: string; groupId?: string }, input: Record<string, unknown>): Promise<TField> {
  const services = (await listServicesForSlots(tenant)).map((s) => s.id);
  return editDefinition(tenant, actor, formId, (def) => {
    const place = placeOf(def, target.fieldId, target.groupId);
    const old = place.field;
    const { enabledLocales: L, defaultLocale } = tenant;
    const errors: TErrors = {};
    const labels = textsFrom(input, "labels", L, 500);
    if (old.type !== "info" && !labels[defaultLocale]) errors[`labels.${defaultLocale}`] = { key: "formFieldLabelRequired" };
    const field: TField = { id: old.id, type: old.type, labels };
    const hints = textsFrom(input, "hints", L, 1000);
    if (Object.keys(hints).length) field.hints = hints;
    if (old.type === "consent") field.required = true;
    else if (old.type !== "info") field.required = input.required === true;

    const v: TValidation = {};
    const n = (name: string, bounds: { min: number; max: number; int?: boolean }) => readNumber(input, name, errors, bounds);
    switch (old.type) {
      case "text":
      case "textarea": {
        v.minLength = n("minLength", { min: 0, max: 100_000, int: true });
        v.maxLength = n("maxLength", { min: 1, max: 100_000, int: true });
        if (v.minLength !== undefined && v.maxLength !== undefined && v.minLength > v.maxLength) errors.maxLength = { key: "formBoundsReversed", params: { field: labels[defaultLocale] ?? old.id } };
        const pattern = readText(input, "pattern", 500);
        if (pattern) {
          if (!compiles(pattern)) errors.pattern = { key: "formPatternInvalidHere" };
          v.pattern = pattern;
          v.patternMessages = textsFrom(input, "patternMessages", L, 300);
          if (!v.patternMessages[defaultLocale]) errors[`patternMessages.${defaultLocale}`] = { key: "formPatternMessageRequired" };
        }
        break;
      }
      case "number": {
        v.min = n("min", { min: -1e12, max: 1e12 });
        v.max = n("max", { min: -1e12, max: 1e12 });
        v.integer = input.integer === "on" || undefined;
        if (v.min !== undefined && v.max !== undefined && v.min > v.max) errors.max = { key: "formBoundsReversed", params: { field: labels[defaultLocale] ?? old.id } };
        break;
      }
      case "date": {
        for (const name of ["after", "before"] as const) {
          const value = readText(input, name, 10);
          if (value && (!ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))) errors[name] = { key: "date" };
          else if (value) v[name] = value;
        }
        v.minDaysFromToday = n("minDaysFromToday", { min: -36_500, max: 3_650, int: true });
        v.maxDaysFromToday = n("maxDaysFromToday", { min: -36_500, max: 3_650, int: true });
        if (v.after && v.before && v.after > v.before) errors.before = { key: "formBoundsReversed", params: { field: labels[defaultLocale] ?? old.id } };
        if (v.minDaysFromToday !== undefined && v.maxDaysFromToday !== undefined && v.minDaysFromToday > v.maxDaysFromToday) errors.maxDaysFromToday = { key: "formBoundsReversed", params: { field: labels[defaultLocale] ?? old.id } };
        break;
      }
      case "file": {
        const kinds = readList(input, "fileKinds").filter((k): k is "pdf" | "image" | "office" => k === "pdf" || k === "image" || k === "office");
        if (kinds.length === 0) errors.fileKinds = { key: "formFileKinds" };
        v.fileKinds = kinds.length ? kinds : undefined;
        const ceiling = Math.min(50, getEnv().UPLOAD_MAX_MB);
        v.maxSizeMb = n("maxSizeMb", { min: 0.1, max: ceiling }) ?? Math.min(10, ceiling);
        v.maxFiles = n("maxFiles", { min: 1, max: 10, int: true }) ?? 1;
        break;
      }
      case "choice": {
        const display = input.display;
        field.display = display === "select" || display === "checkboxes" ? display : "radio";
        field.options = readOptions(input, L, defaultLocale, errors);
        if (field.display === "checkboxes") {
          v.minChoices = n("minChoices", { min: 0, max: 50, int: true });
          v.maxChoices = n("maxChoices", { min: 1, max: 50, int: true });
        }
        break;
      }
      case "address": {
        const pattern = readText(input, "postcodePattern", 100);
        if (pattern && !compiles(pattern)) errors.postcodePattern = { key: "formPatternInvalidHere" };
        if (pattern) v.postcodePattern = pattern;
        const towns = (readText(input, "towns", 20_000) ?? "")
          .split(/\r?\n/)
          .map((t) => t.trim())
          .filter(Boolean)
          .slice(0, 200)
          .map((t) => t.slice(0, 100));
        if (towns.length) v.towns = towns;
        break;
      }
      case "group": {
        field.fields = old.fields ?? [];
        field.minItems = n("minItems", { min: 0, max: 50, int: true }) ?? 0;
        field.maxItems = n("maxItems", { min: 1, max: 50, int: true }) ?? 10;
        if (field.minItems > field.maxItems) errors.maxItems = { key: "formBoundsReversed", params: { field: labels[defaultLocale] ?? old.id } };
        break;
      }
      case "slot": {
        const serviceId = readText(input, "serviceId", 40);
        if (!serviceId || !services.includes(serviceId)) errors.serviceId = { key: "formSlotServiceRequired" };
        else field.serviceId = serviceId;
        break;
      }
      case "info": {
        field.texts = textsFrom(input, "texts", L, 5000);
        if (!field.texts[defaultLocale]) errors[`texts.${defaultLocale}`] = { key: "formInfoTextRequired" };
        break;
      }
      default:
        break;
    }
    const cleaned = Object.fromEntries(Object.entries(v).filter(([, value]) => value !== undefined)) as TValidation;
    if (Object.keys(cleaned).length) field.validation = cleaned;

    const conditions = readConditions(input, earlierFields(def, old.id, target.groupId), errors);
    if (conditions) field.conditions = conditions;
    if (Object.keys(errors).length) throw new FieldsError(errors);

    place.container[place.index] = field;
    // Move to another step (top-level fields only): appended at the end of that step.
    const toStep = readText(input, "stepId", 48);
    if (!target.groupId && toStep && toStep !== place.step.id) {
      const destination = stepOf(def, toStep);
      place.container.splice(place.index, 1);
      destination.fields.push(field);
    }
    return field;
  });
}
