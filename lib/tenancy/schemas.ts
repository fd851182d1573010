import { z } from "zod";
import { ZLocalizedText } from "@/lib/i18n/localized";
import { isLanguageTag } from "@/lib/i18n/locales";
import { ZTheme } from "@/lib/tenancy/theme";

/** Slugs that would collide with the platform's own paths or hosts. */
export const RESERVED_SLUGS = new Set(["www", "api", "admin", "platform", "status", "static", "assets", "mail", "_next"]);

export const ZTenantSlug = z
  .string()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, "lower-case letters, digits and hyphens, 1 to 63 characters")
  .refine((slug) => !RESERVED_SLUGS.has(slug), "this name is reserved by the platform");

/** A language tag; whether the platform offers it is checked where a town enables it. */
export const ZLocale = z.string("choose").refine(isLanguageTag, "choose");

export const ZTimeZone = z.string().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Europe/Paris");

export const ZHolidayRegion = z.string().regex(/^[A-Z]{2}(?:-[A-Z0-9]{1,3})?$/, "must be a country code, optionally with a region: FR, FR-RE, HU");

export const ZCreateTenantInput = z
  .object({
    slug: ZTenantSlug,
    names: ZLocalizedText,
    defaultLocale: ZLocale,
    enabledLocales: z.array(ZLocale).min(1),
    timeZone: ZTimeZone,
    holidayRegion: ZHolidayRegion,
    contactEmail: z.email().optional(),
    contactPhone: z.string().max(32).optional(),
    contactAddress: ZLocalizedText.default({}),
    contactHours: ZLocalizedText.default({}),
    legalNotice: ZLocalizedText.default({}),
    accessibilityCompliance: z.enum(["none", "partial", "full"]).default("partial"),
    accessibilityAuditedOn: z.iso.date().optional(),
    accessibilityNotes: ZLocalizedText.default({}),
    theme: ZTheme,
    domains: z.array(z.string().toLowerCase()).default([]),
    status: z.enum(["active", "suspended"]).default("active"),
  })
  .refine((t) => t.enabledLocales.includes(t.defaultLocale), {
    path: ["defaultLocale"],
    message: "the default locale must be one of the enabled locales",
  })
  .refine((t) => Boolean(t.names[t.defaultLocale]), {
    path: ["names"],
    message: "the town needs a name in its default locale",
  });

export type TCreateTenantInput = z.input<typeof ZCreateTenantInput>;
