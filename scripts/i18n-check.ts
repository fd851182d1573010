// `npm run i18n:check` (also run by `npm test`): every catalogue in messages/ has every key of the
// source (en), each message is valid ICU MessageFormat, and uses the same placeholders, tags and
// select/plural arguments as the source. Extra keys are reported too: they are dead text.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { checkCatalogue, type TCatalogue } from "@/lib/i18n/check";
import { PLATFORM_LOCALES, SOURCE_LOCALE } from "@/lib/i18n/locales";

const dir = path.resolve("messages");
const read = (locale: string) => JSON.parse(readFileSync(path.join(dir, `${locale}.json`), "utf8")) as TCatalogue;

const source = read(SOURCE_LOCALE);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
let problems = 0;
for (const locale of PLATFORM_LOCALES) {
  if (!files.includes(locale)) {
    console.error(`messages/${locale}.json: missing catalogue`);
    problems++;
  }
}
for (const locale of files.sort()) {
  const found = checkCatalogue(source, read(locale), locale, locale === SOURCE_LOCALE);
  for (const p of found) console.error(`messages/${locale}.json: ${p.key}: ${p.message}`);
  problems += found.length;
}
if (problems > 0) {
  console.error(`\ni18n check: ${problems} problem(s).`);
  process.exit(1);
}
console.log(`i18n check: ${files.length} catalogues complete and valid (${Object.keys(flatten(source)).length} keys).`);

function flatten(value: TCatalogue, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out[prefix + k] = v;
    else Object.assign(out, flatten(v, `${prefix}${k}.`));
  }
  return out;
}
