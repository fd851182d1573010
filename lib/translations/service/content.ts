// A translator translates the town's own content (its name and notices, sites, appointment services,
// forms with their steps, fields, workflow states, actions and e-mails) into one language, with
// translations:edit for that language and no other right. Each row's texts are per-locale maps; a save
// sets only the language translated (never the source), checks the row with its module's schema before
// writing, and for a form also gives the text to its published version (what citizens fill) where that
// version has the same source text. The citizen pages show it at once: the appointment settings and
// the town's copy held by every process are dropped on commit, as their own screens do.
import { z } from "zod";
import { inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZCustomField } from "@/lib/appointments/schemas";
import { announceChange } from "@/lib/appointments/service/definitions";
import { ZFormDefinition } from "@/lib/forms/definition";
import { pickLocalized, ZLocalizedText, type TPicked } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";
import { ZWorkflow } from "@/lib/workflow/definition";
import { contentFieldName, contentTexts, mapAt, sourceText, withLocaleText, type TContentKind, type TTextLabel, type TTextSpec } from "@/lib/translations/content-paths";
import { findFormVersionTexts, listContentRows, lockContentRow, updateContentColumns, updateFormVersionTexts, type TContentRow } from "@/lib/translations/content-repo";

/** The longest text a translator may save (a legal notice is long). */
export const MAX_CONTENT_TEXT = 20_000;

export type TContentText = {
  /** The text's reference, as posted by the page's forms. */
  key: string;
  label: TTextLabel;
  source: TPicked;
  /** The text in the language translated ("" when missing). */
  current: string;
  missing: boolean;
};

export type TContentItem = { kind: TContentKind; id: string; title: TPicked | null; texts: TContentText[]; missing: number };
export type TContentOverview = { items: TContentItem[]; total: number; missing: number };

const TITLE_COLUMN: Record<TContentKind, string> = { town: "names", site: "names", service: "names", form: "titles" };

function textsOfRow(row: TContentRow, defaultLocale: string, locale: string): TContentText[] {
  const out: TContentText[] = [];
  for (const spec of contentTexts(row.kind, row.columns, defaultLocale)) {
    const source = sourceText(spec.map, defaultLocale, locale);
    if (!source) continue; // nothing to translate from
    const current = spec.map[locale] ?? "";
    out.push({ key: spec.key, label: spec.label, source, current, missing: current.trim() === "" });
  }
  return out;
}

/**
 * The town's texts to translate into `locale`, grouped by item (the town, each site, service and form
 * not archived), each with its source text (the town's default language, else another) and its text in
 * `locale`. `uiLocale` names the items (their titles) in the language of the page.
 */
export async function contentItems(tenant: Pick<TTenant, "id" | "defaultLocale">, locale: string, uiLocale: string = tenant.defaultLocale): Promise<TContentOverview> {
  const rows = await listContentRows(tenant.id);
  const items = rows.map((row): TContentItem => {
    const texts = textsOfRow(row, tenant.defaultLocale, locale);
    return { kind: row.kind, id: row.id, title: pickLocalized(row.columns[TITLE_COLUMN[row.kind]], uiLocale, [tenant.defaultLocale]), texts, missing: texts.filter((t) => t.missing).length };
  });
  const shown = items.filter((i) => i.texts.length > 0);
  return { items: shown, total: shown.reduce((n, i) => n + i.texts.length, 0), missing: shown.reduce((n, i) => n + i.missing, 0) };
}

const SCHEMAS: Record<string, z.ZodType> = {
  customFields: z.array(ZCustomField),
  definition: ZFormDefinition,
  workflow: ZWorkflow,
};
const schemaOf = (column: string) => SCHEMAS[column] ?? ZLocalizedText;

/** The column still valid for its module (checked, but written as it was: no defaults added). */
function checked(column: string, value: unknown): Prisma.InputJsonValue {
  if (!schemaOf(column).safeParse(value).success) throw new ActionError("contentInvalid");
  return value as Prisma.InputJsonValue;
}

/** A textarea's value: line ends as \n; blank means "no text in this language". */
const normalized = (value: string) => value.replace(/\r\n?/g, "\n");

export type TSaveContentInput = { locale: string; kind: TContentKind; id: string; texts: Record<string, string> };

/**
 * Saves texts of one item in `locale`: `texts` maps a text's key (from contentItems) to its value, an
 * empty value removing the text in that language. Refuses another town's row (not found), a key that is
 * not one of the item's texts, and the town's default language. Returns how many texts changed.
 */
export async function saveContentTexts(tenant: Pick<TTenant, "id" | "defaultLocale" | "enabledLocales">, input: TSaveContentInput): Promise<{ count: number }> {
  const { locale, kind, id } = input;
  if (!tenant.enabledLocales.includes(locale)) throw new ActionError("translationLocaleNotEnabled");
  if (locale === tenant.defaultLocale) throw new ActionError("contentDefaultLocale");
  const tooLong = Object.entries(input.texts).filter(([, v]) => v.length > MAX_CONTENT_TEXT);
  if (tooLong.length > 0) throw new FieldsError(Object.fromEntries(tooLong.map(([k]) => [contentFieldName(id, k), { key: "tooLong", params: { max: MAX_CONTENT_TEXT } }])));

  return inTransaction(async () => {
    const row = await lockContentRow(tenant.id, kind, id);
    if (!row) throw new NotFoundError();
    const specs = new Map<string, TTextSpec>(contentTexts(kind, row.columns, tenant.defaultLocale).map((s) => [s.key, s]));
    const columns: Record<string, unknown> = { ...row.columns };
    const changed: { spec: TTextSpec; value: string }[] = [];
    for (const [key, raw] of Object.entries(input.texts)) {
      const spec = specs.get(key);
      // A text that is not (or no longer) one of this item's: the page is out of date, or the form was forged.
      if (!spec || !sourceText(spec.map, tenant.defaultLocale, locale)) throw new ActionError("contentTextUnknown");
      const value = normalized(raw);
      const before = mapAt(columns[spec.column], spec.path)?.[locale] ?? "";
      if ((value.trim() === "" ? "" : value) === before) continue;
      columns[spec.column] = withLocaleText(columns[spec.column], spec.path, locale, value);
      changed.push({ spec, value });
    }
    if (changed.length === 0) return { count: 0 };

    const touched = [...new Set(changed.map((c) => c.spec.column))];
    await updateContentColumns(tenant.id, kind, id, Object.fromEntries(touched.map((c) => [c, checked(c, columns[c])])));

    if (kind === "form" && row.currentVersionId) await translateVersion(tenant, row.id, row.currentVersionId, locale, changed);
    if (kind === "site" || kind === "service") await announceChange(tenant.id);
    return { count: changed.length };
  });
}

const VERSION_COLUMNS = ["titles", "definition", "workflow"];

/**
 * The published version gets the new texts where it has the same element with the same source text
 * (a text changed since publishing is left alone: its translation would not match what citizens read).
 */
async function translateVersion(tenant: Pick<TTenant, "id" | "defaultLocale">, formId: string, versionId: string, locale: string, changed: { spec: TTextSpec; value: string }[]) {
  const version = await findFormVersionTexts(tenant.id, formId, versionId);
  if (!version) return;
  const columns: Record<string, unknown> = { titles: version.titles, definition: version.definition, workflow: version.workflow };
  const touched = new Set<string>();
  for (const { spec, value } of changed) {
    if (!VERSION_COLUMNS.includes(spec.column)) continue;
    const source = sourceText(spec.map, tenant.defaultLocale, locale);
    const there = mapAt(columns[spec.column], spec.path);
    if (!source || !there || there[source.lang] !== source.text) continue;
    columns[spec.column] = withLocaleText(columns[spec.column], spec.path, locale, value);
    touched.add(spec.column);
  }
  if (touched.size === 0) return;
  await updateFormVersionTexts(tenant.id, formId, versionId, Object.fromEntries([...touched].map((c) => [c, checked(c, columns[c])])));
}
