// The structure of a form (steps and fields) as agents build it and as a version freezes it. Stored as
// JSON in form.definition / form_version.definition and always parsed with ZFormDefinition. Texts
// written by agents are per locale (TLocalizedText); interface strings live in messages/.
import { z } from "zod";
import { ZLocalizedText } from "@/lib/i18n/localized";

/** Field ids are the variable names of answers, conditions and exports: short, stable, ASCII. */
export const ZFieldId = z.string().regex(/^[a-z][a-z0-9_]{0,47}$/, "fieldIdFormat");
/** Step ids are path segments of /requests/<slug>/<stepId>: the pages "check" and "save" are taken. */
export const RESERVED_STEP_IDS = ["check", "save"] as const;
export const ZStepId = z
  .string()
  .regex(/^[a-z][a-z0-9_-]{0,47}$/, "fieldIdFormat")
  .refine((id) => !(RESERVED_STEP_IDS as readonly string[]).includes(id), "fieldIdFormat");

export const FIELD_TYPES = [
  "text", // short text
  "textarea", // long text
  "number",
  "email",
  "phone",
  "date",
  "choice", // radio, select or checkboxes (see `display`)
  "yesno",
  "address", // street + postcode + town, with postcode/town checks
  "file",
  "consent", // a box to tick (terms), required by nature
  "info", // information text, no answer
  "group", // repeatable group of sub-fields (min/max)
  "slot", // an appointment time from an appointments service
] as const;
export type TFieldType = (typeof FIELD_TYPES)[number];

/** Operators of a display condition, applied to the answer of another field. */
export const CONDITION_OPS = ["equals", "not-equals", "includes", "filled", "empty"] as const;
export type TConditionOp = (typeof CONDITION_OPS)[number];

export const ZCondition = z.object({
  field: ZFieldId,
  op: z.enum(CONDITION_OPS),
  /** For equals / not-equals / includes: an option value, "yes"/"no", or a text */
  value: z.string().max(200).optional(),
});
export type TCondition = z.infer<typeof ZCondition>;

/** Show the field (or step) when all (or any) of the conditions hold. No rules: always shown. */
export const ZConditions = z.object({
  mode: z.enum(["all", "any"]).default("all"),
  rules: z.array(ZCondition).max(10).default([]),
});
export type TConditions = z.infer<typeof ZConditions>;

export const ZOption = z.object({
  value: z.string().regex(/^[A-Za-z0-9_-]{1,48}$/, "optionValueFormat"),
  labels: ZLocalizedText,
});
export type TOption = z.infer<typeof ZOption>;

/** Media types a file field may accept; each is recognised from the file's bytes (file-type). */
export const FILE_KINDS = {
  pdf: ["application/pdf"],
  image: ["image/jpeg", "image/png", "image/webp", "image/heic", "image/heif", "image/gif", "image/tiff"],
  office: [
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
  ],
} as const;
export type TFileKind = keyof typeof FILE_KINDS;

export const ZValidation = z
  .object({
    /** text, textarea: characters */
    minLength: z.number().int().min(0).max(100_000).optional(),
    maxLength: z.number().int().min(1).max(100_000).optional(),
    /** number */
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().optional(),
    /** date: ISO dates (YYYY-MM-DD) the answer must be after / before (inclusive) */
    after: z.iso.date().optional(),
    before: z.iso.date().optional(),
    /** date: at least this many days from today (in the town's zone); negative: in the past */
    minDaysFromToday: z.number().int().min(-36_500).max(3_650).optional(),
    maxDaysFromToday: z.number().int().min(-36_500).max(3_650).optional(),
    /** text: a regular expression the whole answer must match, and the message shown when it does not */
    pattern: z.string().max(500).optional(),
    patternMessages: ZLocalizedText.optional(),
    /** file: kinds accepted, largest size in MB, how many files */
    fileKinds: z.array(z.enum(["pdf", "image", "office"])).min(1).optional(),
    maxSizeMb: z.number().min(0.1).max(50).optional(),
    maxFiles: z.number().int().min(1).max(10).optional(),
    /** choice with checkboxes: how many may be ticked */
    minChoices: z.number().int().min(0).max(50).optional(),
    maxChoices: z.number().int().min(1).max(50).optional(),
    /** address: a regular expression for the postcode (default: 5 digits) and the towns accepted (empty: any) */
    postcodePattern: z.string().max(100).optional(),
    towns: z.array(z.string().max(100)).max(200).optional(),
  })
  .default({});
export type TValidation = z.infer<typeof ZValidation>;

type TFieldBase = {
  id: string;
  type: TFieldType;
  labels: Record<string, string>;
  hints?: Record<string, string>;
  required?: boolean;
  validation?: TValidation;
  conditions?: TConditions;
  /** choice */
  options?: TOption[];
  display?: "radio" | "select" | "checkboxes";
  /** group: the sub-fields and how many times they may be repeated */
  fields?: TField[];
  minItems?: number;
  maxItems?: number;
  /** slot: the appointments service whose free times are offered */
  serviceId?: string;
  /** info: the text shown (per locale) */
  texts?: Record<string, string>;
};
export type TField = TFieldBase;

export const ZField: z.ZodType<TField> = z.lazy(() =>
  z.object({
    id: ZFieldId,
    type: z.enum(FIELD_TYPES),
    labels: ZLocalizedText,
    hints: ZLocalizedText.optional(),
    required: z.boolean().optional(),
    validation: ZValidation.optional(),
    conditions: ZConditions.optional(),
    options: z.array(ZOption).max(100).optional(),
    display: z.enum(["radio", "select", "checkboxes"]).optional(),
    fields: z.array(ZField).max(30).optional(),
    minItems: z.number().int().min(0).max(50).optional(),
    maxItems: z.number().int().min(1).max(50).optional(),
    serviceId: z.uuid().optional(),
    texts: ZLocalizedText.optional(),
  }),
);

export const ZStep = z.object({
  id: ZStepId,
  titles: ZLocalizedText,
  /** A step whose every field is hidden is skipped; a step may also have conditions of its own */
  conditions: ZConditions.optional(),
  fields: z.array(ZField).max(60),
});
export type TStep = z.infer<typeof ZStep>;

export const ZFormDefinition = z
  .object({
    steps: z.array(ZStep).max(30),
  })
  .superRefine((def, ctx) => {
    const ids = new Set<string>();
    def.steps.forEach((step, s) =>
      step.fields.forEach((field, f) => {
        if (ids.has(field.id)) ctx.addIssue({ code: "custom", path: ["steps", s, "fields", f, "id"], message: "fieldIdTaken" });
        ids.add(field.id);
      }),
    );
  });
export type TFormDefinition = z.infer<typeof ZFormDefinition>;

export const EMPTY_DEFINITION: TFormDefinition = { steps: [] };

/** Parse a stored definition (throws on a corrupt row: that is a bug, not bad input). */
export function parseDefinition(value: unknown): TFormDefinition {
  return ZFormDefinition.parse(value);
}

/** Every field of the form, in order, groups' sub-fields excluded. */
export function allFields(def: TFormDefinition): TField[] {
  return def.steps.flatMap((s) => s.fields);
}

/** Fields that take an answer (not information texts). */
export function answerFields(def: TFormDefinition): TField[] {
  return allFields(def).filter((f) => f.type !== "info");
}

export function findField(def: TFormDefinition, id: string): TField | undefined {
  return allFields(def).find((f) => f.id === id);
}
