import { localeDirection } from "@/lib/i18n/locales";
import type { TLanguageOption } from "@/components/site/language-switcher";

/** Each language named in itself ("Français", "العربية"), as people look for their own. */
export function languageOptions(locales: readonly string[]): TLanguageOption[] {
  return locales.map((code) => {
    const name = new Intl.DisplayNames([code], { type: "language" }).of(code) ?? code;
    return { code, name: name.charAt(0).toLocaleUpperCase(code) + name.slice(1), dir: localeDirection(code) };
  });
}
