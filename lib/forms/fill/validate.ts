// Checks a citizen's answers against the form's rules, field by field. Pure: the caller passes the
// documents already uploaded, the town's time zone and `now`. Errors are message keys of the "Errors"
// catalogue with their parameters, by HTML input name (address sub-fields and group rows have their
// own names, so the error summary links to the right input).
import { calendarDateInZone } from "@/lib/core/dates";
import type { TField, TFormDefinition, TStep } from "@/lib/forms/definition";
import { pickLocalized } from "@/lib/i18n/localized";
import { isEmptyAnswer, visibleFieldIds, visibleFieldsOf, visibleSteps, visibleSubFields, type TAnswers } from "@/lib/forms/fill/visibility";

export type TFieldError = { key: string; params?: Record<string, string | number> };
export type TFieldErrors = Record<string, TFieldError>;

export type TValidateContext = {
  /** The citizen's language (agents' pattern messages, dates in messages) and the town's fallbacks */
  locale: string;
  fallbackLocales?: readonly string[];
  /** The town's IANA zone: "today" is the town's day */
  timeZone: string;
  now: Date;
  /** The documents of the request (file fields: at least one when required) */
  documents?: readonly { fieldId: string; groupIndex: number | null }[];
};

export const DEFAULT_POSTCODE = /^\d{5}$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:".]{2,}$/;
/** International or national: digits, spaces, dots, dashes, brackets, slashes, an optional leading +. */
const PHONE = /^\+?[\d\s().\-/]{6,25}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Safety limits when the agent set none. */
const DEFAULT_MAX = { text: 500, textarea: 10_000 } as const;

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))).toISOString().slice(0, 10) === value;
}

export function addDays(isoDate: string, days: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today in the town's zone (YYYY-MM-DD). */
export function townToday(now: Date, timeZone: string): string {
  return calendarDateInZone(now, timeZone).toISOString().slice(0, 10);
}

/** Lower-case, without accents, spaces and dashes collapsed: "Saint-Étienne" ≈ "saint etienne". */
export function foldTown(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLocaleLowerCase("en")
    .replace(/[\s\-'’]+/g, " ")
    .trim();
}

function formatDate(isoDate: string, locale: string): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T12:00:00Z`));
  } catch {
    return isoDate;
  }
}

function safeRegExp(pattern: string): RegExp | null {
  for (const flags of ["u", ""]) {
    try {
      return new RegExp(`^(?:${pattern})$`, flags);
    } catch {
      // try without the unicode flag (older patterns escape characters it refuses)
    }
  }
  return null;
}

/** The latest of the "not before" bounds and the earliest of the "not after" bounds of a date field. */
export function dateBounds(field: TField, ctx: Pick<TValidateContext, "now" | "timeZone">): { min?: string; max?: string } {
  const v = field.validation ?? {};
  const today = townToday(ctx.now, ctx.timeZone);
  const mins = [v.after, v.minDaysFromToday !== undefined ? addDays(today, v.minDaysFromToday) : undefined].filter((d): d is string => !!d);
  const maxs = [v.before, v.maxDaysFromToday !== undefined ? addDays(today, v.maxDaysFromToday) : undefined].filter((d): d is string => !!d);
  return { min: mins.sort().at(-1), max: maxs.sort().at(0) };
}

function checkText(field: TField, value: unknown, ctx: TValidateContext): TFieldError | null {
  if (typeof value !== "string") return { key: "fieldInvalid" };
  const v = field.validation ?? {};
  const length = [...value].length;
  if (v.minLength !== undefined && length < v.minLength) return { key: "fieldTooShort", params: { min: v.minLength } };
  const max = v.maxLength ?? (field.type === "textarea" ? DEFAULT_MAX.textarea : DEFAULT_MAX.text);
  if (length > max) return { key: "fieldTooLong", params: { max } };
  if (field.type === "email" && (!EMAIL.test(value) || value.length > 254)) return { key: "fieldEmail" };
  if (field.type === "phone" && (!PHONE.test(value) || value.replace(/\D/g, "").length < 6 || value.replace(/\D/g, "").length > 15)) return { key: "fieldPhone" };
  if (v.pattern && (field.type === "text" || field.type === "textarea" || field.type === "phone")) {
    const re = safeRegExp(v.pattern);
    if (re && !re.test(value)) {
      const message = pickLocalized(v.patternMessages, ctx.locale, ctx.fallbackLocales ?? []);
      return message ? { key: "fieldPattern", params: { message: message.text } } : { key: "fieldPatternDefault" };
    }
  }
  return null;
}

function checkNumber(field: TField, value: unknown): TFieldError | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return { key: "fieldNumber" };
  const v = field.validation ?? {};
  if (v.integer && !Number.isInteger(value)) return { key: "fieldWholeNumber" };
  if (v.min !== undefined && value < v.min) return { key: "fieldNumberMin", params: { min: v.min } };
  if (v.max !== undefined && value > v.max) return { key: "fieldNumberMax", params: { max: v.max } };
  return null;
}

function checkDate(field: TField, value: unknown, ctx: TValidateContext): TFieldError | null {
  if (typeof value !== "string" || !isIsoDate(value)) return { key: "fieldDate" };
  const { min, max } = dateBounds(field, ctx);
  if (min && value < min) return { key: "fieldDateFrom", params: { date: formatDate(min, ctx.locale) } };
  if (max && value > max) return { key: "fieldDateUntil", params: { date: formatDate(max, ctx.locale) } };
  return null;
}

function checkChoice(field: TField, value: unknown): TFieldError | null {
  const allowed = new Set((field.options ?? []).map((o) => o.value));
  const v = field.validation ?? {};
  if (field.display === "checkboxes") {
    const chosen = Array.isArray(value) ? value : [value];
    if (chosen.some((c) => typeof c !== "string" || !allowed.has(c))) return { key: "fieldChoiceUnknown" };
    if (v.minChoices !== undefined && chosen.length < v.minChoices) return { key: "fieldChooseAtLeast", params: { min: v.minChoices } };
    if (v.maxChoices !== undefined && chosen.length > v.maxChoices) return { key: "fieldChooseAtMost", params: { max: v.maxChoices } };
    return null;
  }
  return typeof value === "string" && allowed.has(value) ? null : { key: "fieldChoiceUnknown" };
}

/** Address: errors by sub-input name. */
function checkAddress(field: TField, value: unknown, name: string, required: boolean): TFieldErrors {
  const errors: TFieldErrors = {};
  const a = (value ?? {}) as { street?: unknown; postcode?: unknown; town?: unknown };
  const street = typeof a.street === "string" ? a.street : "";
  const postcode = typeof a.postcode === "string" ? a.postcode : "";
  const town = typeof a.town === "string" ? a.town : "";
  if (!required && !street && !postcode && !town) return errors;
  const v = field.validation ?? {};
  if (!street) errors[`${name}.street`] = { key: "fieldStreetRequired" };
  else if (street.length > 300) errors[`${name}.street`] = { key: "fieldTooLong", params: { max: 300 } };
  const pattern = (v.postcodePattern && safeRegExp(v.postcodePattern)) || DEFAULT_POSTCODE;
  if (!postcode) errors[`${name}.postcode`] = { key: "fieldPostcodeRequired" };
  else if (!pattern.test(postcode)) errors[`${name}.postcode`] = { key: "fieldPostcode" };
  const towns = (v.towns ?? []).filter((t) => t.trim() !== "");
  if (!town) errors[`${name}.town`] = { key: "fieldTownRequired" };
  else if (town.length > 100) errors[`${name}.town`] = { key: "fieldTooLong", params: { max: 100 } };
  else if (towns.length > 0 && !towns.some((t) => foldTown(t) === foldTown(town))) errors[`${name}.town`] = { key: "fieldTownNotServed", params: { towns: towns.join(", ") } };
  return errors;
}

const REQUIRED_KEY: Partial<Record<TField["type"], string>> = {
  choice: "fieldChoose",
  yesno: "fieldYesNo",
  consent: "fieldConsent",
  file: "fieldFileRequired",
  slot: "fieldSlotRequired",
  date: "fieldDateRequired",
};

/**
 * The errors of some fields (already filtered to the visible ones), their answers in `answers`.
 * `prefix` is "<group>.<index>." inside a group row, and `groupIndex` that row's index (documents).
 */
export function validateFields(fields: readonly TField[], answers: TAnswers, ctx: TValidateContext, prefix = "", groupIndex: number | null = null, data: TAnswers = answers): TFieldErrors {
  let errors: TFieldErrors = {};
  for (const field of fields) {
    const name = `${prefix}${field.id}`;
    const value = answers[field.id];
    const required = field.required === true || field.type === "consent";
    switch (field.type) {
      case "info":
        continue;
      case "file": {
        const count = (ctx.documents ?? []).filter((d) => d.fieldId === field.id && (groupIndex === null || d.groupIndex === groupIndex)).length;
        const max = field.validation?.maxFiles;
        if (required && count === 0) errors[name] = { key: "fieldFileRequired" };
        else if (max !== undefined && count > max) errors[name] = { key: "fieldTooManyFiles", params: { max } };
        continue;
      }
      case "address":
        errors = { ...errors, ...checkAddress(field, value, name, required) };
        continue;
      case "group": {
        const rows = Array.isArray(value) ? (value as TAnswers[]).filter((r) => !isEmptyAnswer(r)) : [];
        const min = Math.max(field.minItems ?? 0, required ? 1 : 0);
        if (rows.length < min) errors[name] = { key: "fieldGroupMin", params: { min } };
        else if (field.maxItems !== undefined && rows.length > field.maxItems) errors[name] = { key: "fieldGroupMax", params: { max: field.maxItems } };
        (Array.isArray(value) ? (value as TAnswers[]) : []).forEach((row, index) => {
          if (isEmptyAnswer(row) && !(field.fields ?? []).some((f) => f.type === "file")) return;
          errors = { ...errors, ...validateFields(visibleSubFields(field, row ?? {}, data), row ?? {}, ctx, `${name}.${index}.`, index, data) };
        });
        continue;
      }
    }
    if (isEmptyAnswer(value)) {
      if (required) errors[name] = { key: REQUIRED_KEY[field.type] ?? "fieldRequired" };
      continue;
    }
    let error: TFieldError | null = null;
    switch (field.type) {
      case "text":
      case "textarea":
      case "email":
      case "phone":
        error = checkText(field, value, ctx);
        break;
      case "number":
        error = checkNumber(field, value);
        break;
      case "date":
        error = checkDate(field, value, ctx);
        break;
      case "choice":
        error = checkChoice(field, value);
        break;
      case "yesno":
        error = value === "yes" || value === "no" ? null : { key: "fieldYesNo" };
        break;
      case "consent":
        error = value === true ? null : { key: "fieldConsent" };
        break;
      case "slot": {
        const slot = value as { siteId?: unknown; start?: unknown };
        const ok = typeof slot?.siteId === "string" && slot.siteId !== "" && typeof slot.start === "string" && !Number.isNaN(Date.parse(slot.start));
        error = ok ? null : { key: "fieldSlotRequired" };
        break;
      }
    }
    if (error) errors[name] = error;
  }
  return errors;
}

/** The errors of one step's visible fields. */
export function validateStep(def: TFormDefinition, step: TStep, data: TAnswers, ctx: TValidateContext): TFieldErrors {
  return validateFields(visibleFieldsOf(step, visibleFieldIds(def, data)), data, ctx);
}

/** Every visible step's errors; the first step with errors (null: the whole form is right). */
export function validateForm(def: TFormDefinition, data: TAnswers, ctx: TValidateContext): { stepId: string; errors: TFieldErrors } | null {
  for (const step of visibleSteps(def, data)) {
    const errors = validateStep(def, step, data, ctx);
    if (Object.keys(errors).length > 0) return { stepId: step.id, errors };
  }
  return null;
}
