// Interface messages of a locale: messages/<locale>.json over the source catalogue (en), so a key not
// yet translated shows the English text rather than a key name. (The translation workspace adds its
// database layers here.)
import { CATALOGUE_LOCALES, SOURCE_LOCALE } from "@/lib/i18n/locales";

export type TMessages = { [key: string]: string | TMessages };

/** messages/<locale>.json; only a language listed in CATALOGUE_LOCALES reaches the import (never a path). */
async function catalogueFile(locale: string): Promise<TMessages> {
  if (!CATALOGUE_LOCALES.includes(locale)) return {};
  return ((await import(`@/messages/${locale}.json`)) as { default: TMessages }).default;
}

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
  // A language without a catalogue file (added by the operator, translated in the app) starts from the source.
  const key = CATALOGUE_LOCALES.includes(locale) ? locale : SOURCE_LOCALE;
  let messages = cache.get(key);
  if (!messages) {
    messages = (async () => {
      const source = await catalogueFile(SOURCE_LOCALE);
      if (key === SOURCE_LOCALE) return source;
      return merge(source, await catalogueFile(key));
    })();
    cache.set(key, messages);
  }
  return messages;
}

// ——— Layers edited in the app (translation workspace) ———
// The site shows, for a town: its own wording → the platform layer → messages/<locale>.json → en.
// Reviewed rows only (lib/translations/repo.ts liveTranslations). Merged catalogues are cached per
// (town, locale) and dropped when any translation is approved (NOTIFY, scope "translations"), in every
// process: the next page rendered shows the change, without redeploying or restarting.

/** Sets a flattened key ("Booking.title") in a nested catalogue (copying the branches it changes). */
export function withMessage(messages: TMessages, key: string, value: string): TMessages {
  const [head, ...rest] = key.split(".");
  if (!head) return messages;
  if (rest.length === 0) return { ...messages, [head]: value };
  const branch = messages[head];
  return { ...messages, [head]: withMessage(typeof branch === "object" ? branch : {}, rest.join("."), value) };
}

/**
 * The catalogue with layers applied in order (later layers win): files, then platform, then the town.
 * `base` is never changed (it is cached and shared): each branch a layer touches is copied once.
 */
export function applyLayers(base: TMessages, layers: Map<string, string>[]): TMessages {
  const out: TMessages = { ...base };
  const copied = new Set<TMessages>([out]);
  for (const layer of layers) {
    for (const [key, value] of layer) {
      const parts = key.split(".");
      const leaf = parts.pop();
      if (!leaf) continue;
      let node = out;
      for (const part of parts) {
        const child = node[part];
        const next: TMessages = typeof child !== "object" ? {} : copied.has(child) ? child : { ...child };
        copied.add(next);
        node[part] = next;
        node = next;
      }
      node[leaf] = value;
    }
  }
  return out;
}

type TLiveState = { merged: Map<string, Promise<TMessages>>; subscribed?: Promise<unknown> };
const liveStore = globalThis as typeof globalThis & { __civitasLiveMessages?: TLiveState };
function liveState(): TLiveState {
  liveStore.__civitasLiveMessages ??= { merged: new Map() };
  return liveStore.__civitasLiveMessages;
}

/** Drops merged catalogues (this process): all of them, or one town's. */
export function forgetLiveMessages(tenantId?: string | null): void {
  const s = liveState();
  if (!tenantId) s.merged.clear();
  else for (const key of s.merged.keys()) if (key.startsWith(`${tenantId}:`)) s.merged.delete(key);
}

async function ensureLiveSubscription(): Promise<void> {
  const s = liveState();
  s.subscribed ??= (async () => {
    const { subscribeInvalidation } = await import("@/lib/core/invalidation");
    const { databaseUrl } = await import("@/lib/core/db");
    return subscribeInvalidation(databaseUrl(), (event) => {
      if (event.scope === "translations") forgetLiveMessages(event.tenantId);
      else if (event.scope === "all") forgetLiveMessages();
    });
  })().catch((error: unknown) => {
    s.subscribed = undefined;
    throw error;
  });
  await s.subscribed;
}

/**
 * The interface messages the site shows in `locale` for a town (or for the platform's own pages when
 * `tenantId` is null): the files, then the platform layer, then the town's layer.
 */
export async function loadLiveMessages(locale: string, tenantId: string | null): Promise<TMessages> {
  await ensureLiveSubscription();
  const s = liveState();
  const key = `${tenantId ?? "platform"}:${locale}`;
  let merged = s.merged.get(key);
  if (!merged) {
    merged = (async () => {
      const { liveTranslations, PLATFORM_SCOPE } = await import("@/lib/translations/repo");
      const base = await loadMessages(locale);
      const [platform, town] = await Promise.all([liveTranslations(PLATFORM_SCOPE, locale), tenantId ? liveTranslations(tenantId, locale) : new Map<string, string>()]);
      return applyLayers(base, [platform, town]);
    })();
    merged.catch(() => s.merged.delete(key));
    s.merged.set(key, merged);
  }
  return merged;
}
