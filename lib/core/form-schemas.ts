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
 */
export function withLocalizedTexts<T extends z.ZodRawShape>(shape: T, prefixes: Record<string, number>) {
  const field = /^([a-z0-9]+)_([a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2})$/;
  return z.looseObject(shape).transform((value, ctx) => {
    const out: Record<string, unknown> = { ...value };
    for (const [key, raw] of Object.entries(value)) {
      const match = field.exec(key);
      const max = match ? prefixes[match[1]!] : undefined;
      if (max === undefined) continue;
      if (typeof raw !== "string") {
        ctx.addIssue({ code: "custom", path: [key], message: "invalid" });
        continue;
      }
      const text = raw.trim();
      if (text.length > max) ctx.addIssue({ code: "custom", path: [key], message: "tooLong" });
      out[key] = text === "" ? undefined : text;
    }
    return out as z.output<z.ZodObject<T>> & Record<string, string | undefined>;
  });
}
