// zod helpers for HTML forms: checkbox groups arrive as nothing, one string or several; empty text
// inputs arrive as "". Messages are keys of the "Errors" namespace (see lib/core/action.ts).
import { z } from "zod";

/** A group of checkboxes or a multiple select: always an array. */
export function list<T extends z.ZodType>(item: T) {
  return z.preprocess((value) => (value === undefined || value === null || value === "" ? [] : Array.isArray(value) ? value : [value]), z.array(item));
}

/** Optional text: "" becomes undefined. */
export function optionalText(max: number) {
  return z.preprocess((value) => (typeof value === "string" && value.trim() === "" ? undefined : value), z.string().trim().max(max, "tooLong").optional());
}

export const ZEmail = z.preprocess((value) => (typeof value === "string" ? value.trim().toLowerCase() : value), z.string().min(1, "emailRequired").max(254, "tooLong").pipe(z.email("email")));

export const ZPersonName = z.string().trim().min(1, "nameRequired").max(120, "tooLong");

export const ZId = z.uuid("invalid");

/** A new password, typed twice. */
export const ZNewPassword = z
  .object({
    password: z.string().min(12, "passwordTooShort").max(128, "passwordTooLong"),
    confirm: z.string(),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: "passwordsDiffer" });

/**
 * A form with texts per language, sent as <prefix>_<language tag> fields ("name_fr", "hours_pt-BR").
 * The languages are the town's, known only when the form arrives, so such fields are kept as they
 * come and checked here: text, at most `prefixes[prefix]` characters; blank becomes undefined.
 * (A check, not a transform: it runs alongside the other fields' errors, and so do later refinements.)
 */
export function withLocalizedTexts<T extends z.ZodRawShape>(shape: T, prefixes: Record<string, number>) {
  const field = /^([a-z0-9]+)_([a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2})$/;
  const maxOf = (key: string) => {
    const match = field.exec(key);
    return match ? prefixes[match[1]!] : undefined;
  };
  const normalise = (value: unknown) => {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
    const out: Record<string, unknown> = { ...value };
    for (const [key, raw] of Object.entries(out)) {
      if (maxOf(key) !== undefined && typeof raw === "string") out[key] = raw.trim() === "" ? undefined : raw.trim();
    }
    return out;
  };
  const schema = z.preprocess(
    normalise,
    z.looseObject(shape).superRefine((value, ctx) => {
      for (const [key, text] of Object.entries(value)) {
        const max = maxOf(key);
        if (max === undefined || text === undefined) continue;
        if (typeof text !== "string") ctx.addIssue({ code: "custom", path: [key], message: "invalid" });
        else if (text.length > max) ctx.addIssue({ code: "custom", path: [key], message: "tooLong" });
      }
    }),
  );
  return schema as unknown as z.ZodType<z.output<z.ZodObject<T>> & Record<string, string | undefined>, z.input<z.ZodObject<T>> & Record<string, unknown>>;
}
