// The platform's interface languages: one catalogue each in messages/<locale>.json, `en` the source.
// A town enables some of them (Tenant.enabledLocales); the platform pages offer all of them.
import { match } from "@formatjs/intl-localematcher";

export const SOURCE_LOCALE = "en";
export const PLATFORM_LOCALES = ["en", "fr", "es", "ar", "hu", "de"] as const;
export type TLocale = (typeof PLATFORM_LOCALES)[number];

export function isPlatformLocale(value: string): value is TLocale {
  return (PLATFORM_LOCALES as readonly string[]).includes(value);
}

const RTL_LANGUAGES = new Set(["ar", "arc", "ckb", "dv", "fa", "he", "ks", "ps", "sd", "ug", "ur", "yi"]);

/** Writing direction of a locale, for <html dir>. */
export function localeDirection(locale: string): "ltr" | "rtl" {
  try {
    const info = (new Intl.Locale(locale) as Intl.Locale & { getTextInfo?: () => { direction?: string }; textInfo?: { direction?: string } });
    const direction = info.getTextInfo?.().direction ?? info.textInfo?.direction;
    if (direction === "rtl" || direction === "ltr") return direction;
  } catch {
    // not a valid tag: fall back to the language list
  }
  return RTL_LANGUAGES.has(locale.split("-")[0]!.toLowerCase()) ? "rtl" : "ltr";
}

/** Language tags of an Accept-Language header, most preferred first (q=0 and "*" dropped). */
export function parseAcceptLanguage(header: string | null | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const quality = q ? Number(q.slice(2)) : 1;
      return { tag: tag.trim(), quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((entry) => entry.tag && entry.tag !== "*" && entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index)
    .flatMap((entry) => {
      try {
        return Intl.getCanonicalLocales(entry.tag);
      } catch {
        return [];
      }
    });
}

/** Best of `available` for the browser's Accept-Language, else `fallback`. */
export function negotiateLocale(acceptLanguage: string | null | undefined, available: readonly string[], fallback: string): string {
  const requested = parseAcceptLanguage(acceptLanguage);
  if (requested.length === 0 || available.length === 0) return fallback;
  try {
    return match(requested, available as string[], fallback, { algorithm: "best fit" });
  } catch {
    return fallback;
  }
}
