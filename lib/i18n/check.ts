// Checks of a translation against its source: the key exists, the ICU message parses, and it uses the
// same arguments (placeholders, select/plural variables, rich-text tags) as the source. Plural
// messages must offer `other`, and only the CLDR plural categories of the target language.
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";

export type TCatalogue = { [key: string]: string | TCatalogue };
export type TProblem = { key: string; message: string };

export function flattenCatalogue(value: TCatalogue, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else for (const [kk, vv] of flattenCatalogue(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

type TArgs = Map<string, string>;

function collect(elements: MessageFormatElement[], args: TArgs, locale: string, problems: string[]) {
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument:
        args.set(el.value, args.get(el.value) ?? "argument");
        break;
      case TYPE.number:
      case TYPE.date:
      case TYPE.time:
        args.set(el.value, TYPE[el.type]);
        break;
      case TYPE.select:
        args.set(el.value, "select");
        if (!("other" in el.options)) problems.push(`select {${el.value}} has no "other" option`);
        for (const option of Object.values(el.options)) collect(option.value, args, locale, problems);
        break;
      case TYPE.plural: {
        args.set(el.value, el.pluralType === "ordinal" ? "selectordinal" : "plural");
        const allowed = new Set(new Intl.PluralRules(locale, { type: el.pluralType }).resolvedOptions().pluralCategories);
        if (!("other" in el.options)) problems.push(`plural {${el.value}} has no "other" option`);
        for (const key of Object.keys(el.options)) {
          if (!key.startsWith("=") && !allowed.has(key as Intl.LDMLPluralRule)) {
            problems.push(`plural {${el.value}} uses "${key}", which is not a plural category of ${locale} (${[...allowed].join(", ")})`);
          }
        }
        for (const option of Object.values(el.options)) collect(option.value, args, locale, problems);
        break;
      }
      case TYPE.tag:
        args.set(`<${el.value}>`, "tag");
        collect(el.children, args, locale, problems);
        break;
      default:
        break;
    }
  }
}

export function analyseMessage(message: string, locale: string): { args: TArgs; problems: string[] } {
  const args: TArgs = new Map();
  const problems: string[] = [];
  try {
    collect(parse(message, { requiresOtherClause: false }), args, locale, problems);
  } catch (error) {
    problems.push(`invalid ICU message: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { args, problems };
}

export function checkCatalogue(source: TCatalogue, target: TCatalogue, locale: string, isSource = false): TProblem[] {
  const problems: TProblem[] = [];
  const src = flattenCatalogue(source);
  const tgt = flattenCatalogue(target);
  for (const [key, sourceText] of src) {
    const text = tgt.get(key);
    if (text === undefined) {
      problems.push({ key, message: "missing translation" });
      continue;
    }
    if (!text.trim()) {
      problems.push({ key, message: "empty translation" });
      continue;
    }
    const expected = analyseMessage(sourceText, "en");
    const actual = analyseMessage(text, locale);
    for (const p of actual.problems) problems.push({ key, message: p });
    if (isSource || actual.problems.some((p) => p.startsWith("invalid"))) continue;
    for (const [name, kind] of expected.args) {
      if (!actual.args.has(name)) problems.push({ key, message: `placeholder {${name}} of the source is missing` });
      else if (actual.args.get(name) !== kind) problems.push({ key, message: `{${name}} is a ${actual.args.get(name)} here but a ${kind} in the source` });
    }
    for (const name of actual.args.keys()) {
      if (!expected.args.has(name)) problems.push({ key, message: `placeholder {${name}} is not in the source` });
    }
  }
  for (const key of tgt.keys()) if (!src.has(key)) problems.push({ key, message: "key is not in the source catalogue" });
  return problems;
}

/** How much of the source a catalogue translates: keys present and not empty, out of the source's. */
export function catalogueCoverage(source: TCatalogue, target: TCatalogue): { total: number; translated: number; percent: number } {
  const src = flattenCatalogue(source);
  const tgt = flattenCatalogue(target);
  let translated = 0;
  for (const key of src.keys()) if (tgt.get(key)?.trim()) translated++;
  const total = src.size;
  return { total, translated, percent: total === 0 ? 100 : Math.floor((translated / total) * 1000) / 10 };
}
