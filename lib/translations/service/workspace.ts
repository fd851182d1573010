// What the translation workspace's pages show: the languages an agent may work on, and the list of
// messages filtered (layer, namespace, state, words) and cut into pages.
import { can, type TGrant } from "@/lib/auth/permissions";
import { SOURCE_LOCALE } from "@/lib/i18n/locales";
import { PLATFORM_SCOPE, type TScope } from "@/lib/translations/repo";
import type { TLayer } from "@/lib/translations/schemas";
import type { TEntry } from "@/lib/translations/service/catalogue";

export const PAGE_SIZE = 50;
export const STATE_FILTERS = ["all", "missing", "outdated", "review", "rejected"] as const;
export type TStateFilter = (typeof STATE_FILTERS)[number];

/** The town's languages the agent may translate (translations:edit for `locale:<l>` or the whole town). */
export function editableLocales(enabledLocales: readonly string[], grants: readonly TGrant[]): string[] {
  return enabledLocales.filter((l) => can(grants, "translations:edit", `locale:${l}`));
}

/** The layer asked for; English has no platform layer (it is the source). */
export function layerOf(value: unknown, locale: string): TLayer {
  return value === "platform" && locale !== SOURCE_LOCALE ? "platform" : "town";
}

export const scopeOfLayer = (layer: TLayer, tenantId: string): TScope => (layer === "platform" ? PLATFORM_SCOPE : tenantId);

export function languageName(code: string, inLocale: string): string {
  try {
    return new Intl.DisplayNames([inLocale], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

export function stateFilterOf(value: unknown): TStateFilter {
  return (STATE_FILTERS as readonly string[]).includes(String(value)) ? (value as TStateFilter) : "all";
}

export function filterEntries(entries: TEntry[], filter: { namespace?: string; state: TStateFilter; q?: string }): TEntry[] {
  const q = filter.q?.trim().toLocaleLowerCase();
  return entries.filter((e) => {
    if (filter.namespace && e.namespace !== filter.namespace) return false;
    if (filter.state === "missing" && (e.row !== null || (e.shown !== null && e.shown.trim() !== ""))) return false;
    if (filter.state === "outdated" && !e.outdated) return false;
    if (filter.state === "review" && e.state !== "translated") return false;
    if (filter.state === "rejected" && e.state !== "rejected") return false;
    if (q) {
      const haystack = [e.key, e.source, e.files, e.row?.value, e.shown].filter(Boolean).join("\n").toLocaleLowerCase();
      if (!haystack.includes(q)) return false;
    }
    return true;
  });
}

/** Placeholders of a source message ({name}, and rich-text tags as <b>). */
export function placeholdersOf(args: Map<string, string>): string[] {
  return [...args.keys()].map((name) => (name.startsWith("<") ? name : `{${name}}`));
}
