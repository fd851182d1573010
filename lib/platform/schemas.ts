import { z } from "zod";
import { list, ZEmail, ZNewPassword, ZPersonName } from "@/lib/core/form-schemas";
import { isKnownHolidayRegion } from "@/lib/core/holidays";
import { PLATFORM_LOCALES } from "@/lib/i18n/locales";
import { RESERVED_SLUGS, ZTimeZone } from "@/lib/tenancy/schemas";

const localizedNames = Object.fromEntries(PLATFORM_LOCALES.map((l) => [`name_${l}`, z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(120, "tooLong").optional())]));

export const ZCreateTown = z
  .object({
    slug: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z
        .string()
        .min(1, "slugRequired")
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "slug")
        .refine((slug) => !RESERVED_SLUGS.has(slug), "slugReserved"),
    ),
    ...localizedNames,
    enabledLocales: list(z.enum(PLATFORM_LOCALES)).pipe(z.array(z.enum(PLATFORM_LOCALES)).min(1, "chooseLanguage")),
    defaultLocale: z.enum(PLATFORM_LOCALES, "choose"),
    timeZone: ZTimeZone,
    holidayRegion: z.string().trim().toUpperCase().refine(isKnownHolidayRegion, "holidayRegion"),
    adminEmail: ZEmail,
    adminName: ZPersonName,
  })
  .superRefine((v, ctx) => {
    if (!v.enabledLocales.includes(v.defaultLocale)) ctx.addIssue({ code: "custom", path: ["defaultLocale"], message: "defaultNotEnabled" });
    const names = v as Record<string, unknown>;
    if (!names[`name_${v.defaultLocale}`]) ctx.addIssue({ code: "custom", path: [`name_${v.defaultLocale}`], message: "townNameRequired" });
  });

export const ZTownStatus = z.object({ tenantId: z.uuid(), status: z.enum(["active", "suspended"]) });
export const ZAcceptOperatorInvitation = z.intersection(z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/) }), ZNewPassword);
export const ZTestMail = z.object({ to: ZEmail });
