// A step's posted form (FormData values) as answers, following the answers contract: text → string,
// number → number, date → "YYYY-MM-DD", choice → option value or string[] (checkboxes), yesno →
// "yes"|"no", address → { street, postcode, town }, consent → true, group → array of sub-answer
// objects, slot → { siteId, start }. Pure. Nothing is validated here: a number that does not read as
// one stays the string typed (validation says so), and empty inputs give no answer.
import type { TField } from "@/lib/forms/definition";
import type { TAnswers } from "@/lib/forms/fill/visibility";

export type TPostedValues = Record<string, string | string[] | undefined>;
/** keepEmptyRows: keep a group's empty rows (the citizen just added one and has not typed yet). */
export type TParseOptions = { keepEmptyRows?: boolean };

const first = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
const all = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** A posted text: trimmed, line ends normalised, at most `max` characters kept (validation checks the real limits). */
function text(value: string | string[] | undefined, max = 20_000): string | undefined {
  const raw = first(value);
  if (raw === undefined) return undefined;
  const cleaned = raw.replace(/\r\n?/g, "\n").trim().slice(0, max);
  return cleaned === "" ? undefined : cleaned;
}

/** "1 234,5" and "1234.5" read as 1234.5; anything else stays the string typed. */
export function readNumber(raw: string): number | string {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  return /^[-+]?\d+(\.\d+)?$/.test(compact) ? Number(compact) : raw;
}

/** The answer of one field from the posted values; `prefix` is "<group>.<index>." inside a group row. */
export function parseFieldValue(field: TField, values: TPostedValues, prefix = "", options: TParseOptions = {}): unknown {
  const name = `${prefix}${field.id}`;
  switch (field.type) {
    case "info":
    case "file":
      return undefined;
    case "text":
    case "email":
    case "phone":
    case "date":
      return text(values[name], 2000);
    case "textarea":
      return text(values[name]);
    case "number": {
      const raw = text(values[name], 100);
      return raw === undefined ? undefined : readNumber(raw);
    }
    case "choice": {
      if (field.display === "checkboxes") {
        const chosen = [...new Set(all(values[name]).map((v) => v.trim()).filter((v) => v !== ""))].slice(0, 100);
        return chosen.length > 0 ? chosen : undefined;
      }
      return text(values[name], 100);
    }
    case "yesno":
      return text(values[name], 10);
    case "consent": {
      const raw = first(values[name]);
      return raw !== undefined && raw !== "" && raw !== "no" && raw !== "false" ? true : undefined;
    }
    case "address": {
      const address = { street: text(values[`${name}.street`], 300) ?? "", postcode: text(values[`${name}.postcode`], 20) ?? "", town: text(values[`${name}.town`], 100) ?? "" };
      return address.street || address.postcode || address.town ? address : undefined;
    }
    case "slot": {
      const combined = text(values[name], 200);
      const [siteId, start] = combined ? combined.split("|") : [text(values[`${name}.siteId`], 100), text(values[`${name}.start`], 100)];
      return siteId || start ? { siteId: siteId ?? "", start: start ?? "" } : undefined;
    }
    case "group": {
      const rows = parseGroupRows(field, values, name, options.keepEmptyRows ?? false);
      return rows.length > 0 ? rows : undefined;
    }
  }
}

/** The indices of a group's posted rows, in order (`<group>.<index>.<sub>` names, and `<group>.<index>` markers). */
export function postedRowIndices(values: TPostedValues, name: string): number[] {
  const pattern = new RegExp(`^${name.replace(/[.]/g, "\\.")}\\.(\\d{1,3})(?:\\.|$)`);
  const indices = new Set<number>();
  for (const key of Object.keys(values)) {
    const match = pattern.exec(key);
    if (match) indices.add(Number(match[1]));
  }
  return [...indices].sort((a, b) => a - b);
}

/** A group's rows (renumbered from 0). Empty rows are dropped unless `keepEmpty`. */
export function parseGroupRows(group: TField, values: TPostedValues, name: string, keepEmpty = false): TAnswers[] {
  const rows: TAnswers[] = [];
  for (const index of postedRowIndices(values, name).slice(0, 50)) {
    const row: TAnswers = {};
    for (const sub of group.fields ?? []) {
      const value = parseFieldValue(sub, values, `${name}.${index}.`);
      if (value !== undefined) row[sub.id] = value;
    }
    if (keepEmpty || Object.keys(row).length > 0) rows.push(row);
  }
  return rows;
}

/** The answers of some fields (a step's) from the posted values: fields left empty are absent. */
export function parseStepValues(fields: readonly TField[], values: TPostedValues, options: TParseOptions = {}): TAnswers {
  const answers: TAnswers = {};
  for (const field of fields) {
    const value = parseFieldValue(field, values, "", options);
    if (value !== undefined) answers[field.id] = value;
  }
  return answers;
}
