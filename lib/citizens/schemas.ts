// Inputs of the citizen space's forms.
import { z } from "zod";
import { ZId } from "@/lib/core/form-schemas";

const checkbox = z.preprocess((v) => v === "on" || v === "true" || (Array.isArray(v) && v.includes("on")), z.boolean());

export const ZProfile = z.object({
  name: z.string().trim().max(200, "tooLong"),
  phone: z
    .string()
    .trim()
    .max(32, "tooLong")
    .refine((v) => v === "" || /^\+?[0-9 ().-]{6,}$/.test(v), "phone"),
  locale: z.string().min(2).max(16),
  notifyReminderEmail: checkbox,
  notifyReminderSms: checkbox,
  notifyRequestUpdates: checkbox,
});
export type TProfile = z.infer<typeof ZProfile>;

export const ZDeleteAccount = z.object({ confirm: z.literal("on", { error: "deleteConfirmRequired" }) });
export const ZItemId = z.object({ id: ZId });
