// A service's question as typed in the fields editor (texts "labels.fr", "hints.fr", options one per
// line in "options.fr"), for adding a question and for changing one. Adding and changing read the
// form the same way; a change keeps the question's id and kind, so the answers citizens already gave
// stay attached to it.
import { FieldsError } from "@/lib/core/errors";
import { localizedFrom, type TCustomField } from "@/lib/appointments/schemas";
import type { TTenant } from "@/lib/tenancy/registry";

type TTown = Pick<TTenant, "defaultLocale" | "enabledLocales">;
type TOption = NonNullable<TCustomField["options"]>[number];

function requireLabel(town: TTown, labels: Record<string, string>) {
  if (!labels[town.defaultLocale]) throw new FieldsError({ [`labels.${town.defaultLocale}`]: { key: "nameRequired" } });
}

/** An id from the question's text in the town's main language, unique among the service's questions. */
function newFieldId(label: string | undefined, existing: TCustomField[]): string {
  const base =
    (label ?? "field")
      .normalize("NFKD")
      .replace(/[^\w\s-]/g, "")
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, "-")
      .replace(/^[^a-z]+/, "")
      .slice(0, 30) || "field";
  let id = base;
  for (let n = 2; existing.some((f) => f.id === id); n++) id = `${base}-${n}`;
  return id;
}

const sameText = (a: string | undefined, b: string | undefined) => a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The stored value of each option typed (lines of the main language), reusing the values of the
 * question's previous options so that answers already given keep their meaning:
 *   1. a line with the same text as a previous option (main language) is that option (reordered or kept);
 *   2. otherwise a line at the place of a previous option that no line kept is that option, renamed;
 *   3. otherwise it is a new option, with a value never used by this question.
 * An option whose line is gone is removed; its past answers show their stored value.
 */
export function optionValues(lines: string[], previous: TOption[], defaultLocale: string): string[] {
  const kept = lines.map((line) => previous.find((o) => sameText(o.labels[defaultLocale], line))?.value ?? null);
  // Two identical lines: only the first keeps the option.
  const values = kept.map((v, i) => (v && kept.indexOf(v) === i ? v : null));
  const used = new Set(values.filter((v): v is string => v !== null));
  let next = Math.max(0, ...previous.map((o) => Number(/^option-(\d+)$/.exec(o.value)?.[1] ?? 0))) + 1;
  return values.map((value, i) => {
    if (value) return value;
    const inPlace = previous[i]?.value;
    if (inPlace && !used.has(inPlace)) {
      used.add(inPlace);
      return inPlace;
    }
    let fresh = `option-${next++}`;
    while (used.has(fresh) || previous.some((o) => o.value === fresh)) fresh = `option-${next++}`;
    used.add(fresh);
    return fresh;
  });
}

/**
 * The options of a choice question: one per line, the n-th line of every language being the same
 * option. A line empty in the main language is skipped in every language (spacing); an empty line in
 * another language is an option not translated into it (so the editor can show it as such).
 */
function optionsFrom(input: Record<string, unknown>, town: TTown, previous: TOption[]): TOption[] {
  const lines = Object.fromEntries(town.enabledLocales.map((l) => [l, String(input[`options.${l}`] ?? "").split(/\r?\n/).map((s) => s.trim())]));
  const places = (lines[town.defaultLocale] ?? []).flatMap((text, i) => (text ? [i] : []));
  if (places.length < 2) throw new FieldsError({ [`options.${town.defaultLocale}`]: { key: "optionsRequired" } });
  const values = optionValues(places.map((i) => lines[town.defaultLocale]![i]!), previous, town.defaultLocale);
  return places.map((place, n) => ({
    value: values[n]!,
    labels: Object.fromEntries(town.enabledLocales.filter((l) => lines[l]![place]).map((l) => [l, lines[l]![place]!])),
  }));
}

/** The question typed in the form. `previous`: the question being changed (its id and kind stay). */
export function customFieldFromForm(input: Record<string, unknown> & { required: boolean }, town: TTown, existing: TCustomField[], type: TCustomField["type"], previous?: TCustomField): TCustomField {
  const labels = localizedFrom(input, "labels", town.enabledLocales);
  requireLabel(town, labels);
  const hints = localizedFrom(input, "hints", town.enabledLocales);
  const field: TCustomField = {
    id: previous?.id ?? newFieldId(labels[town.defaultLocale], existing),
    type,
    required: input.required,
    labels,
    ...(Object.keys(hints).length ? { hints } : {}),
  };
  if (type === "choice") field.options = optionsFrom(input, town, previous?.options ?? []);
  return field;
}

/** The texts of a question as the editor's fields show them (options one per line). */
export function customFieldFormValues(field: TCustomField, locales: readonly string[]) {
  // An option not translated into a language is an empty line there, so that every line keeps its place.
  const lines = (l: string) => (field.options ?? []).map((o) => o.labels[l] ?? "");
  const options = Object.fromEntries(locales.map((l) => [l, lines(l).some(Boolean) ? lines(l).join("\n") : ""]));
  return { labels: field.labels, hints: field.hints ?? {}, options };
}
