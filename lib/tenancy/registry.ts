// The routing table: every tenant, held in memory by each process and refreshed when PostgreSQL
// announces a change (lib/core/invalidation.ts). Resolving a Host costs no I/O per request.
// Shared through globalThis, so the custom server and the Next.js bundle in the same process use one copy.
import { databaseUrl } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { subscribeInvalidation, type TInvalidation } from "@/lib/core/invalidation";
import { getLogger } from "@/lib/core/logger";
import { pickLocalized, type TLocalizedText } from "@/lib/i18n/localized";
import { parseHost } from "@/lib/tenancy/host";
import { listTenantsForRouting, type TTenantRow } from "@/lib/tenancy/repo";
import { ZTheme, type TTheme } from "@/lib/tenancy/theme";

export type TTenant = Omit<TTenantRow, "theme" | "names" | "domains" | "modules" | "contactAddress" | "contactHours" | "legalNotice" | "accessibilityNotes"> & {
  names: TLocalizedText;
  contactAddress: TLocalizedText;
  contactHours: TLocalizedText;
  legalNotice: TLocalizedText;
  accessibilityNotes: TLocalizedText;
  theme: TTheme;
  domains: string[];
  modules: string[];
};

type TSnapshot = {
  bySlug: Map<string, TTenant>;
  byId: Map<string, TTenant>;
  byDomain: Map<string, TTenant>;
  loadedAt: number;
};

type TState = {
  snapshot?: TSnapshot;
  loading?: Promise<TSnapshot>;
  subscribed?: Promise<unknown>;
  listeners: Set<(event: TInvalidation) => void>;
  generation: number;
};

const store = globalThis as typeof globalThis & { __civitasTenancy?: TState };
function state(): TState {
  store.__civitasTenancy ??= { listeners: new Set(), generation: 0 };
  return store.__civitasTenancy;
}

/** A safety net in case an invalidation event is ever lost: reload at least this often. */
const MAX_AGE_MS = 5 * 60_000;

function toTenant(row: TTenantRow): TTenant {
  const asText = (value: unknown) => (value && typeof value === "object" ? (value as TLocalizedText) : {});
  return {
    ...row,
    names: asText(row.names),
    contactAddress: asText(row.contactAddress),
    contactHours: asText(row.contactHours),
    legalNotice: asText(row.legalNotice),
    accessibilityNotes: asText(row.accessibilityNotes),
    theme: ZTheme.parse(row.theme),
    domains: row.domains.map((d) => d.host),
    modules: row.modules.map((m) => m.moduleId),
  };
}

async function load(): Promise<TSnapshot> {
  const rows = await listTenantsForRouting();
  const snapshot: TSnapshot = { bySlug: new Map(), byId: new Map(), byDomain: new Map(), loadedAt: Date.now() };
  for (const row of rows) {
    let tenant: TTenant;
    try {
      tenant = toTenant(row);
    } catch (error) {
      getLogger().error({ err: error, tenant: row.slug }, "tenant has an invalid theme; it is left out of routing");
      continue;
    }
    snapshot.bySlug.set(tenant.slug, tenant);
    snapshot.byId.set(tenant.id, tenant);
    for (const host of tenant.domains) snapshot.byDomain.set(host, tenant);
  }
  return snapshot;
}

/**
 * Loads the table again. The promise resolves with a table at least as fresh as the database when this
 * reload began: if a newer reload started meanwhile, it waits for that one (whose result wins).
 */
function reload(): Promise<TSnapshot> {
  const s = state();
  const generation = ++s.generation;
  const loading: Promise<TSnapshot> = load().then((snapshot) => {
    if (generation === s.generation) {
      s.snapshot = snapshot;
      return snapshot;
    }
    return s.loading ?? snapshot;
  });
  s.loading = loading;
  loading
    .finally(() => {
      if (s.loading === loading) s.loading = undefined;
    })
    .catch(() => {});
  return loading;
}

function ensureSubscribed() {
  const s = state();
  s.subscribed ??= subscribeInvalidation(databaseUrl(), (event) => {
    // Settings of a module (appointment services…), places taken or freed, interface texts: the
    // table is unchanged, but the pages rendered before must go.
    if (event.scope === "appointments" || event.scope === "slots" || event.scope === "translations") {
      for (const listener of s.listeners) listener(event);
      return;
    }
    // Any change to any tenant may change routing (hosts, status, locales): reload the table, and
    // only then tell the page caches. Invalidating first would let a request arriving during the
    // reload render from the old table and store that page again, stale until the next change.
    return reload()
      .then(() => undefined)
      .catch((error) => getLogger().error({ err: error }, "tenant table reload failed"))
      .finally(() => {
        for (const listener of s.listeners) listener(event);
      });
  }  ).catch((error) => {
    s.subscribed = undefined;
    throw error;
  });
  return s.subscribed;
}

/** The current table; loads it on first use and when it is older than MAX_AGE_MS. */
export async function getTenantTable(): Promise<TSnapshot> {
  const s = state();
  await ensureSubscribed();
  if (s.snapshot && Date.now() - s.snapshot.loadedAt < MAX_AGE_MS) return s.snapshot;
  if (s.snapshot) {
    // Serve the current table while a fresh one loads.
    if (!s.loading) void reload().catch((error) => getLogger().error({ err: error }, "tenant table reload failed"));
    return s.snapshot;
  }
  return s.loading ?? reload();
}

/** A town of the table as loaded now, without waiting (undefined before the first load). */
export function loadedTenantById(id: string): TTenant | undefined {
  return state().snapshot?.byId.get(id);
}

/** Called on every invalidation event, once the table has been reloaded (page caches use it). */
export function onTenantChange(listener: (event: TInvalidation) => void): () => void {
  state().listeners.add(listener);
  return () => state().listeners.delete(listener);
}

export type TResolvedHost =
  | { kind: "platform" }
  | { kind: "tenant"; tenant: TTenant }
  | { kind: "unknown" };

export async function resolveHost(hostHeader: string | null | undefined): Promise<TResolvedHost> {
  const target = parseHost(hostHeader, getEnv().ROOT_DOMAIN);
  if (target.kind === "platform") return { kind: "platform" };
  if (target.kind === "invalid") return { kind: "unknown" };
  const table = await getTenantTable();
  const tenant = target.kind === "subdomain" ? table.bySlug.get(target.slug) : table.byDomain.get(target.host);
  return tenant ? { kind: "tenant", tenant } : { kind: "unknown" };
}

/** A tenant by slug, for pages (the slug comes from the Host through the custom server, never from users). */
export async function getTenantBySlug(slug: string): Promise<TTenant | null> {
  return (await getTenantTable()).bySlug.get(slug) ?? null;
}

export async function listTenants(): Promise<TTenant[]> {
  return [...(await getTenantTable()).bySlug.values()];
}

export async function listActiveTenants(): Promise<TTenant[]> {
  return (await listTenants()).filter((t) => t.status === "active");
}

/** The town's name in `locale`, else in its default locale. */
export function tenantName(tenant: TTenant, locale: string): string {
  return pickLocalized(tenant.names, locale, [tenant.defaultLocale])?.text ?? tenant.slug;
}

/** Public origin of a town, e.g. https://lutece.civitas.example.org or http://lutece.localhost:3000. */
export function tenantOrigin(tenant: Pick<TTenant, "slug">): string {
  const env = getEnv();
  const port = env.PUBLIC_PORT && ![80, 443].includes(env.PUBLIC_PORT) ? `:${env.PUBLIC_PORT}` : "";
  return `${env.PUBLIC_PROTOCOL}://${tenant.slug}.${env.ROOT_DOMAIN}${port}`;
}

export function platformOrigin(): string {
  const env = getEnv();
  const port = env.PUBLIC_PORT && ![80, 443].includes(env.PUBLIC_PORT) ? `:${env.PUBLIC_PORT}` : "";
  return `${env.PUBLIC_PROTOCOL}://${env.ROOT_DOMAIN}${port}`;
}
