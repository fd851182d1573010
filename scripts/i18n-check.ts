// `npm run i18n:check` (also run by `npm test`): every catalogue in messages/ is checked against the
// source (en): each message is valid ICU MessageFormat and uses the same placeholders, tags and
// select/plural arguments as the source; extra keys are reported too (dead text). It prints how much of
// the source each catalogue translates:
//   - the built-in languages (lib/i18n/locales.ts PLATFORM_LOCALES) must be complete;
//   - any other catalogue (it, pt…: languages the operator adds in the app) must reach READY_PERCENT,
//     the share from which a town may enable the language; its missing keys show the English text.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { catalogueCoverage, checkCatalogue, type TCatalogue } from "@/lib/i18n/check";
import { CATALOGUE_LOCALES, PLATFORM_LOCALES, READY_PERCENT, SOURCE_LOCALE } from "@/lib/i18n/locales";

const COMPLETE_ENOUGH = READY_PERCENT;

const dir = path.resolve("messages");
const read = (locale: string) => JSON.parse(readFileSync(path.join(dir, `${locale}.json`), "utf8")) as TCatalogue;

const source = read(SOURCE_LOCALE);
const files = readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => f.slice(0, -5));
const offered = new Set<string>(PLATFORM_LOCALES);
let problems = 0;
for (const locale of PLATFORM_LOCALES) {
  if (!files.includes(locale)) {
    console.error(`messages/${locale}.json: missing catalogue`);
    problems++;
  }
}
for (const locale of files) {
  if (!CATALOGUE_LOCALES.includes(locale)) {
    console.error(`messages/${locale}.json: not listed in CATALOGUE_LOCALES (lib/i18n/locales.ts), so the application never loads it`);
    problems++;
  }
}
const lines: string[] = [];
for (const locale of files.sort()) {
  const target = read(locale);
  const coverage = catalogueCoverage(source, target);
  const found = checkCatalogue(source, target, locale, locale === SOURCE_LOCALE).filter((p) => offered.has(locale) || p.message !== "missing translation");
  for (const p of found) console.error(`messages/${locale}.json: ${p.key}: ${p.message}`);
  problems += found.length;
  if (!offered.has(locale) && coverage.percent < COMPLETE_ENOUGH) {
    console.error(`messages/${locale}.json: ${coverage.percent} % translated, below ${COMPLETE_ENOUGH} %`);
    problems++;
  }
  lines.push(`  ${locale.padEnd(5)} ${String(coverage.percent).padStart(5)} %  ${coverage.translated}/${coverage.total}${offered.has(locale) ? "  (built in)" : `  (added by the operator; towns may enable it from ${COMPLETE_ENOUGH} %)`}`);
}
console.log(lines.join("\n"));
if (problems > 0) {
  console.error(`\ni18n check: ${problems} problem(s).`);
  process.exit(1);
}
console.log(`i18n check: ${files.length} catalogues valid (${catalogueCoverage(source, source).total} keys).`);
