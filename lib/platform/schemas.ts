import { z } from "zod";
import { list, withLocalizedTexts, ZEmail, ZNewPassword, ZPersonName } from "@/lib/core/form-schemas";
import { isKnownHolidayRegion } from "@/lib/core/holidays";
import { RESERVED_SLUGS, ZLocale, ZTimeZone } from "@/lib/tenancy/schemas";

/** Names per language arrive as name_<locale>; the languages must be ready (checked by the action). */
export const ZCreateTown = withLocalizedTexts(
  {
    slug: z.preprocess(
      (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
      z
        .string()
        .min(1, "slugRequired")
        .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "slug")
        .refine((slug) => !RESERVED_SLUGS.has(slug), "slugReserved"),
    ),
    enabledLocales: list(ZLocale).pipe(z.array(ZLocale).min(1, "chooseLanguage").max(20, "invalid")),
    defaultLocale: ZLocale,
    timeZone: ZTimeZone,
    holidayRegion: z.string().trim().toUpperCase().refine(isKnownHolidayRegion, "holidayRegion"),
    adminEmail: ZEmail,
    adminName: ZPersonName,
  },
  { name: 120 },
).superRefine((v, ctx) => {
    if (!v.enabledLocales.includes(v.defaultLocale)) ctx.addIssue({ code: "custom", path: ["defaultLocale"], message: "defaultNotEnabled" });
    const names = v as Record<string, unknown>;
    if (!names[`name_${v.defaultLocale}`]) ctx.addIssue({ code: "custom", path: [`name_${v.defaultLocale}`], message: "townNameRequired" });
  });

export const ZTownStatus = z.object({ tenantId: z.uuid(), status: z.enum(["active", "suspended"]) });
export const ZAcceptOperatorInvitation = z.intersection(z.object({ token: z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/) }), ZNewPassword);
export const ZTestMail = z.object({ to: ZEmail });
