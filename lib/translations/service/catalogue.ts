// The messages a translator works on: every key of the source catalogue (messages/en.json), with the
// text of the files in the target language, and the layer's translation (platform or town) and state.
import { createHash } from "node:crypto";
import en from "@/messages/en.json";
import { flattenCatalogue, type TCatalogue } from "@/lib/i18n/check";
import { listTranslations, PLATFORM_SCOPE, type TScope, type TTranslationRow } from "@/lib/translations/repo";

export const SOURCE = flattenCatalogue(en as TCatalogue);

export const sourceHash = (text: string) => createHash("sha256").update(text).digest("hex");

export const namespaceOf = (key: string) => key.split(".")[0] ?? key;

export const NAMESPACES = [...new Set([...SOURCE.keys()].map(namespaceOf))].sort();

/** untranslated → translated (waiting for review) → reviewed; rejected: sent back; outdated: the source changed since. */
export type TEntryState = "untranslated" | "files" | "translated" | "reviewed" | "rejected";

export type TEntry = {
  key: string;
  namespace: string;
  source: string;
  /** The text of messages/<locale>.json, if any */
  files: string | null;
  /** The layer's row, if any */
  row: TTranslationRow | null;
  /** What the site shows now from this layer and below (null: the English source) */
  shown: string | null;
  state: TEntryState;
  outdated: boolean;
};

/** Every source key with its state in `scope` for `locale`. Platform rows show through a town's layer. */
export async function catalogueEntries(scope: TScope, locale: string): Promise<TEntry[]> {
  const [files, rows, platformRows] = await Promise.all([
    rawFiles(locale),
    listTranslations(scope, locale),
    scope === PLATFORM_SCOPE ? Promise.resolve([] as TTranslationRow[]) : listTranslations(PLATFORM_SCOPE, locale),
  ]);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const platformLive = new Map(platformRows.flatMap((r) => (r.state === "reviewed" ? [[r.key, r.value] as const] : r.liveValue ? [[r.key, r.liveValue] as const] : [])));
  const entries: TEntry[] = [];
  for (const [key, source] of SOURCE) {
    const row = byKey.get(key) ?? null;
    const live = row ? (row.state === "reviewed" ? row.value : row.liveValue) : null;
    const fileText = files.get(key) ?? null;
    const state: TEntryState = row ? (row.state === "reviewed" ? "reviewed" : row.state === "rejected" ? "rejected" : "translated") : fileText ? "files" : "untranslated";
    entries.push({
      key,
      namespace: namespaceOf(key),
      source,
      files: fileText,
      row,
      shown: live ?? platformLive.get(key) ?? fileText,
      state,
      outdated: row !== null && row.sourceHash !== sourceHash(source),
    });
  }
  return entries;
}

/** messages/<locale>.json alone (no fallback to English): what the files translate. */
async function rawFiles(locale: string): Promise<Map<string, string>> {
  if (locale === "en") return SOURCE;
  // Only a language tag reaches the import (never a path).
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/.test(locale)) return new Map();
  try {
    const catalogue = (await import(`@/messages/${locale}.json`)) as { default: TCatalogue };
    return flattenCatalogue(catalogue.default);
  } catch {
    return new Map();
  }
}

export type TCompleteness = { locale: string; total: number; translated: number; reviewed: number; /** Proposals waiting for a reviewer */ waiting: number; percent: number; namespaces: { namespace: string; total: number; translated: number; percent: number }[] };

/** How much of the source a language has, for a layer's point of view (files and live translations). */
export async function completeness(scope: TScope, locale: string): Promise<TCompleteness> {
  const entries = await catalogueEntries(scope, locale);
  const done = (e: TEntry) => e.shown !== null && e.shown.trim() !== "";
  const percent = (n: number, of: number) => (of === 0 ? 100 : Math.floor((n / of) * 1000) / 10);
  const namespaces = NAMESPACES.map((namespace) => {
    const of = entries.filter((e) => e.namespace === namespace);
    const translated = of.filter(done).length;
    return { namespace, total: of.length, translated, percent: percent(translated, of.length) };
  });
  const translated = entries.filter(done).length;
  return { locale, total: entries.length, translated, reviewed: entries.filter((e) => e.state === "reviewed").length, waiting: entries.filter((e) => e.state === "translated").length, percent: percent(translated, entries.length), namespaces };
}
