// Interface messages of a locale: messages/<locale>.json over the source catalogue (en), so a key not
// yet translated shows the English text rather than a key name. (The translation workspace adds its
// database layers here.)
import { isPlatformLocale, SOURCE_LOCALE, type TLocale } from "@/lib/i18n/locales";

export type TMessages = { [key: string]: string | TMessages };

const loaders: Record<TLocale, () => Promise<{ default: TMessages }>> = {
  en: () => import("@/messages/en.json"),
  fr: () => import("@/messages/fr.json"),
  es: () => import("@/messages/es.json"),
  ar: () => import("@/messages/ar.json"),
  hu: () => import("@/messages/hu.json"),
  de: () => import("@/messages/de.json"),
};

function merge(base: TMessages, over: TMessages): TMessages {
  const out: TMessages = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = typeof value === "object" && typeof current === "object" ? merge(current, value) : value;
  }
  return out;
}

const cache = new Map<string, Promise<TMessages>>();

export function loadMessages(locale: string): Promise<TMessages> {
  const key = isPlatformLocale(locale) ? locale : SOURCE_LOCALE;
  let messages = cache.get(key);
  if (!messages) {
    messages = (async () => {
      const source = (await loaders[SOURCE_LOCALE]()).default;
      if (key === SOURCE_LOCALE) return source;
      return merge(source, (await loaders[key]()).default);
    })();
    cache.set(key, messages);
  }
  return messages;
}
