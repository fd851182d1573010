// zod input schemas of the forms module (HTML forms posted to server actions). Messages are keys of
// the "Errors" namespace. Texts per locale arrive as "<name>.<locale>" fields and are read with
// textsFrom; parts of the module append their schemas in their own section.
import { z } from "zod";
import { ZId } from "@/lib/core/form-schemas";
import { FIELD_TYPES } from "@/lib/forms/definition";

/** The texts of `prefix` per locale from a form ("titles.fr" → { fr }), blanks dropped. */
export function textsFrom(input: Record<string, unknown>, prefix: string, locales: readonly string[], max = 5000): Record<string, string> {
  const out: Record<string, string> = {};
  for (const locale of locales) {
    const value = input[`${prefix}.${locale}`];
    if (typeof value === "string" && value.trim()) out[locale] = value.trim().slice(0, max);
  }
  return out;
}

// ——— Builder (H2) ———

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const intIn = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.replace(",", "."))) : v), z.number({ message: "number" }).int("wholeNumber").min(min, "numberTooSmall").max(max, "numberTooBig"));

/** The citizen address of a form: lower-case letters, digits and hyphens. */
export const ZFormSlug = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.string().max(64, "tooLong").regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "formSlug"),
);
/** Prefix of request references: 2 to 4 letters, stored in capitals. */
export const ZReferencePrefix = z.preprocess((v) => (typeof v === "string" ? v.trim().toUpperCase() : v), z.string().regex(/^[A-Z]{2,4}$/, "formPrefix"));

export const ZFormCreate = z.looseObject({
  slug: z.preprocess(blank, ZFormSlug.optional()),
  referencePrefix: ZReferencePrefix,
});

export const ZFormTemplateCreate = z.object({
  template: z.string().min(1, "choose").max(32),
  /** A checkbox: publish at once (one step from template to citizens) instead of a draft to review */
  publish: z.preprocess((v) => (Array.isArray(v) ? v.includes("on") : v === "on"), z.boolean()).default(false),
});

export const ZFormSettings = z.looseObject({
  formId: ZId,
  slug: ZFormSlug,
  referencePrefix: ZReferencePrefix,
  loginRequired: checkbox,
  onePerCitizen: checkbox,
  draftRetentionDays: intIn(1, 3650),
});

export const ZFormRef = z.object({ formId: ZId });
export const ZFormClose = z.looseObject({ formId: ZId });

export const ZStepAdd = z.looseObject({ formId: ZId });
export const ZStepRename = z.looseObject({ formId: ZId, stepId: z.string().min(1).max(48) });
export const ZStepChange = z.object({ formId: ZId, stepId: z.string().min(1).max(48), move: z.enum(["up", "down", "delete"]) });

export const ZFieldAdd = z.looseObject({
  formId: ZId,
  stepId: z.string().min(1).max(48),
  groupId: z.preprocess(blank, z.string().max(48).optional()),
  type: z.enum(FIELD_TYPES, { message: "choose" }),
  code: z.preprocess(blank, z.string().trim().toLowerCase().regex(/^[a-z][a-z0-9_]{0,39}$/, "formFieldCode").optional()),
});
export const ZFieldChange = z.object({
  formId: ZId,
  fieldId: z.string().min(1).max(48),
  groupId: z.preprocess(blank, z.string().max(48).optional()),
  move: z.enum(["up", "down", "delete"]),
});
/** The field's page: every setting is read in the service, by the field's type (see edit-fields.ts). */
export const ZFieldSave = z.looseObject({
  formId: ZId,
  fieldId: z.string().min(1).max(48),
  groupId: z.preprocess(blank, z.string().max(48).optional()),
  required: checkbox,
  /** The "add a rule" / "add an option" buttons save and add an empty row */
  intent: z.preprocess(blank, z.enum(["save", "add-rule", "add-option"]).optional()),
});
