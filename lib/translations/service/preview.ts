// A message rendered with sample values, as the translator's preview: every argument of the source
// gets a sample (a number for plurals and numbers, today for dates, the first option of a select,
// a readable stand-in for text), so a plural or a select shows a real sentence.
import { IntlMessageFormat } from "intl-messageformat";
import { analyseMessageIssues } from "@/lib/i18n/check";

const TEXT_SAMPLES: Record<string, string> = { name: "Camille Martin", town: "Lutèce", email: "camille@example.net", reference: "K7M-3QF-9TX", service: "Passeport", form: "Demande", site: "Hôtel de ville" };

export type TSamples = Record<string, string | number | Date>;

/** Sample values for the arguments of `source` (count: the number used for plurals). */
export function sampleValues(source: string, count = 3): TSamples {
  const { args } = analyseMessageIssues(source, "en");
  const samples: TSamples = {};
  for (const [name, kind] of args) {
    if (name.startsWith("<")) continue;
    if (kind === "plural" || kind === "selectordinal" || kind === "number") samples[name] = count;
    else if (kind === "date" || kind === "time") samples[name] = new Date();
    else if (kind === "select") samples[name] = firstOption(source, name);
    else samples[name] = TEXT_SAMPLES[name] ?? `‹${name}›`;
  }
  return samples;
}

function firstOption(source: string, name: string): string {
  const match = new RegExp(`\\{\\s*${name}\\s*,\\s*select\\s*,\\s*([^\\s{]+)`).exec(source);
  return match?.[1] && match[1] !== "other" ? match[1] : "other";
}

/** The text with samples, or null if it cannot be rendered (invalid ICU). */
export function renderPreview(text: string, locale: string, samples: TSamples): string | null {
  try {
    return String(new IntlMessageFormat(text, locale).format(samples));
  } catch {
    return null;
  }
}

/** The plural categories of a language (Arabic: zero, one, two, few, many, other). */
export function pluralCategories(locale: string): string[] {
  try {
    return [...new Intl.PluralRules(locale).resolvedOptions().pluralCategories];
  } catch {
    return ["other"];
  }
}
