// Inputs of the translation workspace's forms.
import { z } from "zod";
import { ZId } from "@/lib/core/form-schemas";

export const ZLayer = z.enum(["town", "platform"]);
export type TLayer = z.infer<typeof ZLayer>;
const ZLocale = z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "invalid");
const ZKey = z.string().min(1).max(200).regex(/^[A-Za-z0-9_.:-]+$/, "invalid");

export const ZPropose = z.object({ locale: ZLocale, key: ZKey, layer: ZLayer, value: z.string().max(5000, "tooLong") });
export const ZReview = z.object({ locale: ZLocale, key: ZKey, layer: ZLayer, decision: z.enum(["approve", "reject"]), comment: z.string().max(1000, "tooLong").optional() });
export const ZRevert = z.object({ locale: ZLocale, layer: ZLayer, eventId: ZId });

/** The operator types a language code (nl, pt-BR); the service checks CLDR knows it. */
export const ZAddLanguage = z.object({ code: z.string().trim().min(1, "languageUnknown").max(16, "languageUnknown") });
export const ZRemoveLanguage = z.object({ code: ZLocale });
export const ZPlatformReview = z.object({ locale: ZLocale, key: ZKey, decision: z.enum(["approve", "reject"]), comment: z.string().max(1000, "tooLong").optional() });
