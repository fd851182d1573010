// Content written by people (town names, legal notices) is stored per locale: { "fr": "…", "en": "…" }.
import { z } from "zod";

export const ZLocalizedText = z.record(z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/), z.string());
export type TLocalizedText = z.infer<typeof ZLocalizedText>;

export type TPicked = { text: string; lang: string };

/**
 * The text in `locale`, else in the first fallback that has one. `lang` says which language the text
 * is in, so a page can mark a passage that is not in the page's language (<p lang="fr">).
 */
export function pickLocalized(value: unknown, locale: string, fallbacks: readonly string[] = []): TPicked | null {
  const parsed = ZLocalizedText.safeParse(value);
  if (!parsed.success) return null;
  const map = parsed.data;
  for (const candidate of [locale, ...fallbacks, ...Object.keys(map)]) {
    const text = map[candidate];
    if (text && text.trim()) return { text, lang: candidate };
  }
  return null;
}
