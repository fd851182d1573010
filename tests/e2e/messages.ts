// Interface texts for end-to-end tests, read from the catalogues as the application renders them (the
// locale's message, falling back to English), formatted with ICU values: tests follow translations.
import { readFileSync } from "node:fs";
import path from "node:path";
import { IntlMessageFormat } from "intl-messageformat";

type TCatalogue = Record<string, unknown>;
const catalogues = new Map<string, TCatalogue>();

function catalogue(locale: string): TCatalogue {
  let c = catalogues.get(locale);
  if (!c) {
    c = JSON.parse(readFileSync(path.join(process.cwd(), `messages/${locale}.json`), "utf8")) as TCatalogue;
    catalogues.set(locale, c);
  }
  return c;
}

/** The message `key` ("Namespace.key") of `locale` as written in the catalogue (English if missing). */
export function raw(locale: string, key: string): string {
  const find = (c: TCatalogue) => key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as TCatalogue)[part] : undefined), c);
  const found = find(catalogue(locale)) ?? find(catalogue("en"));
  if (typeof found !== "string") throw new Error(`no message ${key}`);
  return found;
}

/** The message `key` in `locale`, formatted with `values`. */
export const text = (locale: string, key: string, values: Record<string, string | number> = {}) => String(new IntlMessageFormat(raw(locale, key), locale).format(values));

/** The fixed start of a message, before its first placeholder. */
export const lead = (locale: string, key: string) => raw(locale, key).split("{")[0]!.trim();
