// The platform's languages: the built-in ones (complete catalogues in messages/) and those the operator
// adds in the app. Translators work on any of them at once; a town may enable one only once its
// interface is READY_PERCENT translated (files, then the platform's and the town's live translations),
// so citizens never get a page half in English. A language a town already has stays enabled.
import { publishInvalidation } from "@/lib/core/invalidation";
import { db } from "@/lib/core/db";
import { FieldsError } from "@/lib/core/errors";
import { CATALOGUE_LOCALES, isLanguageTag, isPlatformLocale, PLATFORM_LOCALES, READY_PERCENT } from "@/lib/i18n/locales";
import { completeness } from "@/lib/translations/service/catalogue";
import { deleteAddedLanguage, insertAddedLanguage, listAddedLanguages, PLATFORM_SCOPE } from "@/lib/translations/repo";
import { listTenants } from "@/lib/tenancy/registry";

export type TPlatformLanguage = { code: string; builtIn: boolean; hasFiles: boolean; addedBy: string | null; addedAt: Date | null };

export async function platformLanguages(): Promise<TPlatformLanguage[]> {
  const added = await listAddedLanguages();
  return [
    ...PLATFORM_LOCALES.map((code) => ({ code, builtIn: true, hasFiles: true, addedBy: null, addedAt: null })),
    ...added.filter((row) => !isPlatformLocale(row.code)).map((row) => ({ code: row.code, builtIn: false, hasFiles: CATALOGUE_LOCALES.includes(row.code), addedBy: row.addedBy, addedAt: row.createdAt })),
  ];
}

export async function platformLanguageCodes(): Promise<string[]> {
  return (await platformLanguages()).map((l) => l.code);
}

/** The canonical tag of a language the platform can add, or null (unknown to CLDR, or no plural rules). */
export function canonicalLanguage(input: string): string | null {
  let code: string;
  try {
    code = Intl.getCanonicalLocales(input.trim())[0] ?? "";
  } catch {
    return null;
  }
  if (!isLanguageTag(code)) return null;
  const name = new Intl.DisplayNames(["en"], { type: "language", fallback: "none" }).of(code);
  const language = code.split("-")[0]!;
  const known = name !== undefined && name !== code && new Intl.DisplayNames(["en"], { type: "language", fallback: "none" }).of(language) !== undefined;
  // The editor offers the language's plural categories: CLDR must know its rules.
  if (!known || Intl.PluralRules.supportedLocalesOf([code]).length === 0) return null;
  return code;
}

/** The operator adds a language: translators can work on it at once. */
export async function addPlatformLanguage(input: string, addedBy: string | null): Promise<{ code: string }> {
  const code = canonicalLanguage(input);
  if (!code) throw new FieldsError({ code: { key: "languageUnknown" } });
  if (isPlatformLocale(code) || !(await insertAddedLanguage(code, addedBy))) throw new FieldsError({ code: { key: "languageExists" } });
  await publishInvalidation(db(), { scope: "translations", tenantId: null });
  return { code };
}

/** The towns that have enabled a language. */
export async function townsUsing(code: string): Promise<string[]> {
  return (await listTenants()).filter((t) => t.enabledLocales.includes(code)).map((t) => t.slug);
}

/** The operator removes a language they added, unless a town has enabled it (its translations stay, for a later return). */
export async function removePlatformLanguage(code: string): Promise<void> {
  if (isPlatformLocale(code)) throw new FieldsError({ code: { key: "languageBuiltIn" } });
  const towns = await townsUsing(code);
  if (towns.length > 0) throw new FieldsError({ code: { key: "languageInUse", params: { count: towns.length } } });
  if (!(await deleteAddedLanguage(code))) throw new FieldsError({ code: { key: "languageUnknown" } });
  await publishInvalidation(db(), { scope: "translations", tenantId: null });
}

/** How much of the interface each language translates, for a town (its own wording counts) or for the platform. */
export async function languageReadiness(codes: readonly string[], tenantId: string | null): Promise<Map<string, number>> {
  const scope = tenantId ?? PLATFORM_SCOPE;
  const entries = await Promise.all(codes.map(async (code) => [code, (await completeness(scope, code)).percent] as const));
  return new Map(entries);
}

/**
 * Refuses languages a town may not enable: not a platform language, or below READY_PERCENT (unless the
 * town already has it, so a new English text never switches a language off under a town's feet).
 */
export async function assertLanguagesReady(codes: readonly string[], alreadyEnabled: readonly string[], tenantId: string | null, field = "enabledLocales"): Promise<void> {
  const offered = new Set(await platformLanguageCodes());
  const unknown = codes.find((c) => !offered.has(c));
  if (unknown) throw new FieldsError({ [field]: { key: "languageNotOffered", params: { language: unknown } } });
  const fresh = codes.filter((c) => !alreadyEnabled.includes(c) && !isPlatformLocale(c));
  const readiness = await languageReadiness(fresh, tenantId);
  for (const code of fresh) {
    const percent = readiness.get(code) ?? 0;
    if (percent < READY_PERCENT) throw new FieldsError({ [field]: { key: "languageNotReady", params: { language: code, percent, threshold: READY_PERCENT } } });
  }
}

export async function isPlatformLanguage(code: string): Promise<boolean> {
  return isPlatformLocale(code) || (await platformLanguageCodes()).includes(code);
}
