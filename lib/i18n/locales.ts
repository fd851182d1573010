// The platform's interface languages. The built-in ones (PLATFORM_LOCALES) have a complete catalogue
// in messages/<locale>.json (`en` the source) and are always offered; the platform's pages use them.
// The operator adds more in the app (lib/translations/service/languages.ts): some already have a
// catalogue being translated in messages/ (CATALOGUE_LOCALES), others start from nothing and are
// translated in the translation workspace. A town enables a language (Tenant.enabledLocales) once it is
// READY_PERCENT translated.
import { match } from "@formatjs/intl-localematcher";

export const SOURCE_LOCALE = "en";
export const PLATFORM_LOCALES = ["en", "fr", "es", "ar", "hu", "de"] as const;
export type TLocale = (typeof PLATFORM_LOCALES)[number];
/** Languages with a catalogue file in messages/ (built in, or being translated there). */
export const CATALOGUE_LOCALES: readonly string[] = [...PLATFORM_LOCALES, "it", "pt"];
/** A town may enable a language once this share of the interface's messages is translated. */
export const READY_PERCENT = 95;

export function isPlatformLocale(value: string): value is TLocale {
  return (PLATFORM_LOCALES as readonly string[]).includes(value);
}

/** A BCP 47 language tag in canonical form ("nl", "pt-BR"), short enough for a path segment. */
export function isLanguageTag(value: string): boolean {
  if (!/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,2}$/.test(value)) return false;
  try {
    return Intl.getCanonicalLocales(value)[0] === value;
  } catch {
    return false;
  }
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
