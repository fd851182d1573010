// The texts of a ready-made form come from the interface catalogue (namespace "FormTemplates") and are
// copied into the form, one entry per locale the town has enabled: from then on they are the town's
// own texts, edited in the form builder like any other. (A translator over the same catalogues as
// next-intl's getTranslations, usable outside a page: the seed and the tests create forms too.)
import type { TFormDefinition } from "@/lib/forms/definition";
import { translator, type TValues } from "@/lib/i18n/translator";
import type { TLocalizedText } from "@/lib/i18n/localized";
import type { TWorkflow } from "@/lib/workflow/definition";

/** One catalogue key → its text in every locale of the town. */
export type TTx = (key: string, values?: TValues) => TLocalizedText;

export const TEMPLATE_NAMESPACE = "FormTemplates";

export async function templateTexts(locales: readonly string[]): Promise<TTx> {
  const translators = await Promise.all(locales.map(async (locale) => [locale, await translator(locale, TEMPLATE_NAMESPACE)] as const));
  return (key, values) => Object.fromEntries(translators.map(([locale, t]) => [locale, t(key, values)]));
}

/**
 * The placeholders a workflow's notification keeps for the engine ({reference}, {form}, {state},
 * {link}, {name}): passed as values so ICU writes them back literally.
 */
export const MAIL_PLACEHOLDERS: TValues = { reference: "{reference}", form: "{form}", state: "{state}", link: "{link}", name: "{name}" };

/** What a template gives: the form's texts, its steps and fields, and its workflow. */
export type TTemplateBuild = {
  titles: TLocalizedText;
  descriptions: TLocalizedText;
  nextSteps: TLocalizedText;
  definition: TFormDefinition;
  workflow: TWorkflow;
};

/** Postcode and town checks for an address in the town, read from the town's contact address ("75004 Lutèce"). */
export function townAddressRules(contactAddress: TLocalizedText, defaultLocale: string): { postcodePattern?: string; towns?: string[] } {
  const text = contactAddress[defaultLocale] ?? Object.values(contactAddress)[0] ?? "";
  const match = /(?:^|\s)(\d{4,5})\s+([^,\n]+)/u.exec(text);
  if (!match) return {};
  const [, postcode, town] = match as unknown as [string, string, string];
  return { postcodePattern: `^${postcode.slice(0, 2)}\\d{${postcode.length - 2}}$`, towns: [town.trim()] };
}
