// zod schemas of the town settings forms (admin). Texts per language arrive as <field>_<locale>.
// Languages are platform languages (built in or added by the operator): which ones a town may enable
// is checked by the service (lib/tenancy/service/update-settings.ts), with their translation status.
import { z } from "zod";
import { list, withLocalizedTexts } from "@/lib/core/form-schemas";
import { isKnownHolidayRegion } from "@/lib/core/holidays";
import { ZHolidayRegion, ZLocale, ZTimeZone } from "@/lib/tenancy/schemas";

export const ZIdentitySettings = withLocalizedTexts({
  contactEmail: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : typeof v === "string" ? v.trim().toLowerCase() : v), z.email("email").max(254).optional()),
  contactPhone: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(32, "tooLong").regex(/^[+0-9 ().-]{4,32}$/, "phone").optional()),
}, { name: 120, address: 500, hours: 500 });

export const ZLegalSettings = withLocalizedTexts({
  accessibilityCompliance: z.enum(["none", "partial", "full"], "choose"),
  accessibilityAuditedOn: z.preprocess((v) => (v === "" ? undefined : v), z.iso.date("date").optional()),
}, { legal: 10_000, a11y: 10_000 });

export const ZLanguageSettings = z.object({
  enabledLocales: list(ZLocale).pipe(z.array(ZLocale).min(1, "chooseLanguage").max(20, "invalid")),
  defaultLocale: ZLocale,
});

export const ZTimeSettings = z.object({
  timeZone: ZTimeZone,
  holidayCountry: z.string().regex(/^[A-Z]{2}$/, "choose"),
  holidaySubdivision: z.preprocess((v) => (v === "" ? undefined : v), z.string().regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, "choose").optional()),
}).transform((v) => ({ timeZone: v.timeZone, holidayRegion: v.holidaySubdivision && v.holidaySubdivision.startsWith(`${v.holidayCountry}-`) ? v.holidaySubdivision : v.holidayCountry }))
  .pipe(z.object({ timeZone: z.string(), holidayRegion: ZHolidayRegion.refine(isKnownHolidayRegion, "choose") }));

export const ZServiceSettings = z.object({ modules: list(z.string().max(64)) });

const colour = z.string().trim().regex(/^#[0-9a-fA-F]{6}$/, "colour").transform((v) => v.toLowerCase());

export const ZThemeSettings = z.object({
  primary: colour,
  onPrimary: colour,
  secondary: colour,
  onSecondary: colour,
  accent: colour,
  onAccent: colour,
  radius: z.coerce.number("invalid").min(0, "invalid").max(1.5, "invalid"),
  fontStack: z.string().max(200),
  logo: z.instanceof(File).optional(),
  favicon: z.instanceof(File).optional(),
});
