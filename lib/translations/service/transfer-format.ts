// The files a language travels in, to and from translators' tools: nested JSON (like
// messages/<locale>.json), XLIFF 2.0 and gettext PO. Pure: a list of (key, English source, target) in,
// a file out, and back. Keys are the flattened catalogue keys ("Booking.title").
//
// PO: msgctxt = key, msgid = the English source, msgstr = the translation. ICU plurals are NOT gettext
// plurals: a message like "{count, plural, one {…} other {…}}" stays one ICU text in one msgstr
// (no msgid_plural, no Plural-Forms header), translated category by category inside the string.
import { js2xliff, xliff2js, type TXliffUnit } from "xliff";
import gettextParser, { type TPoData, type TPoEntry } from "gettext-parser";
import { ActionError } from "@/lib/core/errors";
import { checkMessage, flattenCatalogue, type TCatalogue, type TMessageIssue } from "@/lib/i18n/check";

export const TRANSFER_FORMATS = ["json", "xliff", "po"] as const;
export type TTransferFormat = (typeof TRANSFER_FORMATS)[number];

/** Largest file accepted for an import. */
export const MAX_IMPORT_BYTES = 2 * 1024 * 1024;

export type TTransferItem = { key: string; source: string; target: string | null };

const CONTENT_TYPES: Record<TTransferFormat, string> = {
  json: "application/json; charset=utf-8",
  xliff: "application/xliff+xml; charset=utf-8",
  po: "text/x-gettext-translation; charset=utf-8",
};
export const EXTENSIONS: Record<TTransferFormat, string> = { json: "json", xliff: "xlf", po: "po" };

const namespaceOf = (key: string) => key.split(".")[0] ?? key;

/** A file could not be read (translated message key of "Errors", on the form's file field). */
export class TransferUnreadableError extends ActionError {
  constructor(detail: string) {
    super("translationImportUnreadable", { detail: detail.slice(0, 200) }, "file");
    this.name = "TransferUnreadableError";
  }
}

/** The nested catalogue of the translated items (untranslated ones left out), in the items' order. */
export function nestedCatalogue(items: TTransferItem[], options: { keepEmpty?: boolean } = {}): TCatalogue {
  const out: TCatalogue = {};
  for (const { key, target } of items) {
    if (target === null || (target === "" && !options.keepEmpty)) continue;
    const parts = key.split(".");
    let node = out;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      if (typeof next === "object") node = next;
      else node = node[part] = {};
    }
    node[parts[parts.length - 1]!] = target;
  }
  return out;
}

/** The file of a language: body and content type. */
export async function serialiseTransfer(format: TTransferFormat, locale: string, items: TTransferItem[]): Promise<{ body: string; contentType: string }> {
  const contentType = CONTENT_TYPES[format];
  if (format === "json") return { body: `${JSON.stringify(nestedCatalogue(items), null, 2)}\n`, contentType };
  if (format === "xliff") {
    const resources: Record<string, Record<string, TXliffUnit>> = {};
    for (const { key, source, target } of items) {
      const namespace = namespaceOf(key);
      (resources[namespace] ??= {})[key] = { source, target: target ?? "", note: namespace };
    }
    const body = await js2xliff({ sourceLanguage: "en", targetLanguage: locale, resources });
    return { body: `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`, contentType };
  }
  const translations: TPoData["translations"] = { "": { "": { msgid: "", msgstr: [""] } } };
  for (const { key, source, target } of items) {
    // One context per key: the same English text may be translated differently in two places.
    translations[key] = { [source]: { msgctxt: key, msgid: source, msgstr: [target ?? ""], comments: { extracted: namespaceOf(key) } } };
  }
  const headers = { Language: locale, "MIME-Version": "1.0", "Content-Type": "text/plain; charset=UTF-8", "Content-Transfer-Encoding": "8bit", "X-Generator": "Civitas" };
  const body = gettextParser.po.compile({ charset: "utf-8", headers, translations }, { foldLength: 0 }).toString("utf8");
  return { body: body.endsWith("\n") ? body : `${body}\n`, contentType };
}

/** "fr_FR" / "FR-fr" → "fr-fr": to compare a file's language with the one imported into. */
const sameLanguage = (a: string, b: string) => a.trim().replace(/_/g, "-").toLowerCase() === b.trim().replace(/_/g, "-").toLowerCase();

function assertLanguage(found: string | undefined, locale: string) {
  if (found && found.trim() && !sameLanguage(found, locale)) throw new ActionError("translationImportWrongLanguage", { found: found.slice(0, 20), expected: locale }, "file");
}

/** An XLIFF target as text: inline elements (placeholders of other tools) are refused. */
function textOf(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "string")) return value.join("");
  throw new TransferUnreadableError("inline XLIFF elements are not supported");
}

function xliffUnits(units: Record<string, TXliffUnit>, out: Map<string, string | null>) {
  for (const [id, unit] of Object.entries(units)) {
    if (unit && typeof unit === "object" && unit.groupUnits) xliffUnits(unit.groupUnits, out);
    else out.set(id, textOf(unit?.target));
  }
}

/**
 * The translations of a file, by key (null or "": no translation given). Refuses a file that does not
 * parse, or that is for another language.
 */
export async function parseTransfer(format: TTransferFormat, body: string, locale: string): Promise<Map<string, string | null>> {
  if (Buffer.byteLength(body, "utf8") > MAX_IMPORT_BYTES) throw new ActionError("translationImportTooLarge", {}, "file");
  const text = body.replace(/^\uFEFF/, "");
  const out = new Map<string, string | null>();
  if (format === "json") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new TransferUnreadableError(error instanceof Error ? error.message : String(error));
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new TransferUnreadableError("not a JSON object");
    for (const [key, value] of flattenCatalogue(parsed as TCatalogue)) out.set(key, value);
    return out;
  }
  if (format === "xliff") {
    if (!/urn:oasis:names:tc:xliff:document:2\.0/.test(text)) throw new TransferUnreadableError("not an XLIFF 2.0 document");
    let js;
    try {
      js = await xliff2js(text);
    } catch (error) {
      throw new TransferUnreadableError(error instanceof Error ? error.message : String(error));
    }
    if (!js || typeof js.resources !== "object" || js.resources === null) throw new TransferUnreadableError("no XLIFF resources");
    assertLanguage(js.targetLanguage, locale);
    for (const units of Object.values(js.resources)) xliffUnits(units, out);
    return out;
  }
  let po: TPoData;
  try {
    po = gettextParser.po.parse(text, { validation: true });
  } catch (error) {
    throw new TransferUnreadableError(error instanceof Error ? error.message : String(error));
  }
  if (!po || typeof po.translations !== "object") throw new TransferUnreadableError("no PO entries");
  assertLanguage(po.headers?.Language, locale);
  for (const [context, entries] of Object.entries(po.translations)) {
    for (const entry of Object.values(entries) as TPoEntry[]) {
      if (!context && !entry.msgid) continue; // the header
      const key = entry.msgctxt || entry.msgid;
      // A fuzzy entry is a guess the translator has not confirmed: gettext does not use it either.
      const fuzzy = (entry.comments?.flag ?? "").split(",").some((f) => f.trim() === "fuzzy");
      out.set(key, fuzzy ? null : (entry.msgstr[0] ?? null));
    }
  }
  return out;
}

export type TImportReport = {
  /** Keys whose text differs from the layer's: proposed (they wait for review). */
  changed: { key: string; before: string | null; after: string }[];
  unchanged: number;
  /** Keys of the file that the source catalogue does not have (ignored). */
  unknownKeys: string[];
  /** Changed keys whose text does not fit its source: any of them refuses the whole import. */
  invalid: { key: string; issues: TMessageIssue[] }[];
};

/** The answer of the import action: the report and its counts as sentences of the interface. */
export type TImportAnswer = TImportReport & { summary: { changed: string; unchanged: string; unknown: string } };

/**
 * What an import would do to a layer: `current` is the layer's value of each source key (its row, or
 * the files' when it has none). Empty targets are "not translated in this file" and change nothing.
 */
export function compareImport(current: { key: string; source: string; current: string | null }[], incoming: Map<string, string | null>, locale: string): TImportReport {
  const report: TImportReport = { changed: [], unchanged: 0, unknownKeys: [], invalid: [] };
  const known = new Set(current.map((c) => c.key));
  for (const key of incoming.keys()) if (!known.has(key)) report.unknownKeys.push(key);
  for (const { key, source, current: before } of current) {
    const after = incoming.get(key);
    if (after === undefined || after === null || after.trim() === "") continue;
    if (after === before) {
      report.unchanged++;
      continue;
    }
    const issues = checkMessage(source, after, locale);
    if (issues.length > 0) report.invalid.push({ key, issues });
    else report.changed.push({ key, before, after });
  }
  return report;
}
