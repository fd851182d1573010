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

/** A problem of a message, as a key of the "Errors" namespace ("translation…") and its values. */
export type TMessageIssue = { code: string; params: Record<string, string> };

function collect(elements: MessageFormatElement[], args: TArgs, locale: string, problems: TMessageIssue[]) {
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
        if (!("other" in el.options)) problems.push({ code: "translationNoOther", params: { name: el.value } });
        for (const option of Object.values(el.options)) collect(option.value, args, locale, problems);
        break;
      case TYPE.plural: {
        args.set(el.value, el.pluralType === "ordinal" ? "selectordinal" : "plural");
        const allowed = new Set(new Intl.PluralRules(locale, { type: el.pluralType }).resolvedOptions().pluralCategories);
        if (!("other" in el.options)) problems.push({ code: "translationNoOther", params: { name: el.value } });
        for (const key of Object.keys(el.options)) {
          if (!key.startsWith("=") && !allowed.has(key as Intl.LDMLPluralRule)) {
            problems.push({ code: "translationPluralCategory", params: { name: el.value, category: key, locale, allowed: [...allowed].join(", ") } });
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

/** The English sentence of an issue (the command-line check). */
export function issueText(issue: TMessageIssue): string {
  const p = issue.params;
  switch (issue.code) {
    case "translationInvalidIcu":
      return `invalid ICU message: ${p.detail}`;
    case "translationNoOther":
      return `{${p.name}} has no "other" option`;
    case "translationPluralCategory":
      return `plural {${p.name}} uses "${p.category}", which is not a plural category of ${p.locale} (${p.allowed})`;
    case "translationPlaceholderMissing":
      return `placeholder {${p.name}} of the source is missing`;
    case "translationPlaceholderExtra":
      return `placeholder {${p.name}} is not in the source`;
    case "translationArgumentKind":
      return `{${p.name}} is a ${p.actual} here but a ${p.expected} in the source`;
    default:
      return issue.code;
  }
}

export function analyseMessageIssues(message: string, locale: string): { args: TArgs; issues: TMessageIssue[] } {
  const args: TArgs = new Map();
  const issues: TMessageIssue[] = [];
  try {
    collect(parse(message, { requiresOtherClause: false }), args, locale, issues);
  } catch (error) {
    issues.push({ code: "translationInvalidIcu", params: { detail: error instanceof Error ? error.message : String(error) } });
  }
  return { args, issues };
}

export function analyseMessage(message: string, locale: string): { args: TArgs; problems: string[] } {
  const { args, issues } = analyseMessageIssues(message, locale);
  return { args, problems: issues.map(issueText) };
}

/**
 * A translation against its source: valid ICU, the plural categories of its language, and the same
 * arguments as the source (names and kinds). Empty: nothing to fix.
 */
export function checkMessage(sourceText: string, text: string, locale: string): TMessageIssue[] {
  const expected = analyseMessageIssues(sourceText, "en");
  const actual = analyseMessageIssues(text, locale);
  const issues = [...actual.issues];
  if (actual.issues.some((i) => i.code === "translationInvalidIcu")) return issues;
  for (const [name, kind] of expected.args) {
    if (!actual.args.has(name)) issues.push({ code: "translationPlaceholderMissing", params: { name: name.replace(/^<|>$/g, "") } });
    else if (actual.args.get(name) !== kind) issues.push({ code: "translationArgumentKind", params: { name, actual: actual.args.get(name)!, expected: kind } });
  }
  for (const name of actual.args.keys()) if (!expected.args.has(name)) issues.push({ code: "translationPlaceholderExtra", params: { name: name.replace(/^<|>$/g, "") } });
  return issues;
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
    if (isSource) {
      for (const p of analyseMessage(text, locale).problems) problems.push({ key, message: p });
      continue;
    }
    for (const issue of checkMessage(sourceText, text, locale)) problems.push({ key, message: issueText(issue) });
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
