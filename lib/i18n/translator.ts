// A translator over the same catalogues as the interface, usable anywhere (jobs, e-mails, the action
// wrapper), not only while rendering a page.
import { createTranslator } from "use-intl/core";
import { loadLiveMessages, loadMessages } from "@/lib/i18n/messages";

export type TValues = Record<string, string | number | Date>;
export type TTranslate = ((key: string, values?: TValues) => string) & { has: (key: string) => boolean };

/**
 * `tenantId`: the texts the site shows for this town (or, null, for the platform's pages), with the
 * translations edited in the app; left out, the catalogues in messages/ only (tests, scripts).
 */
export async function translator(locale: string, namespace?: string, tenantId?: string | null): Promise<TTranslate> {
  const messages = tenantId === undefined ? await loadMessages(locale) : await loadLiveMessages(locale, tenantId);
  const t = createTranslator({ locale, messages, namespace: namespace as never }) as unknown as {
    (key: string, values?: TValues): string;
    has: (key: string) => boolean;
  };
  const translate = ((key: string, values?: TValues) => t(key, values)) as TTranslate;
  translate.has = (key: string) => t.has(key);
  return translate;
}
