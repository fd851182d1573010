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
