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
