// A translator over the same catalogues as the interface, usable anywhere (jobs, e-mails, the action
// wrapper), not only while rendering a page.
import { createTranslator } from "use-intl/core";
import { loadMessages } from "@/lib/i18n/messages";

export type TValues = Record<string, string | number | Date>;
export type TTranslate = ((key: string, values?: TValues) => string) & { has: (key: string) => boolean };

export async function translator(locale: string, namespace?: string): Promise<TTranslate> {
  const messages = await loadMessages(locale);
  const t = createTranslator({ locale, messages, namespace: namespace as never }) as unknown as {
    (key: string, values?: TValues): string;
    has: (key: string) => boolean;
  };
  const translate = ((key: string, values?: TValues) => t(key, values)) as TTranslate;
  translate.has = (key: string) => t.has(key);
  return translate;
}
