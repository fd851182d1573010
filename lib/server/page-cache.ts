// Rendered HTML of public pages that are the same for every visitor (a town's home, its legal and
// accessibility pages, the platform's list of towns, the appointment services and their free days and
// times), per site, path and query, held in memory in front of Next.js. A page opts in by rendering the
// marker <meta name="civitas-cache" content="public"> (components/public-cache-marker.tsx), which may
// name the query parameters it reads, tags and a maximum age. The entry is dropped when its town
// changes, or when one of its tags is invalidated (a booking: the slot lists of that service and day),
// in every process, through PostgreSQL NOTIFY (lib/core/invalidation.ts).
// See docs/decisions/002-routing-and-page-cache.md and 014-rush-readiness.md.
import { createHash } from "node:crypto";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";

export const CACHE_MARKER = '<meta name="civitas-cache" content="public"/>';

export type TCachedPage = {
  site: string;
  status: number;
  headers: [string, string][];
  identity: Buffer;
  gzip: Buffer;
  br: Buffer;
  etag: string;
  /** Content-Security-Policy for this page (hashes of its inline scripts). */
  csp: string;
  bytes: number;
  /** Invalidation tags (e.g. "s:<serviceId>:<day>"), and when the entry expires (ms since epoch, or 0). */
  tags: string[];
  expiresAt: number;
};

/** What a page's cache marker says: its tags, maximum age, and the query parameters it reads. */
export type TMarker = { tags: string[]; maxAgeSeconds: number; query: string[] };

const MARKER_TAG = /<meta name="civitas-cache" content="public"([^>]*)>/;
const attribute = (attrs: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(attrs)?.[1] ?? "";

/** The marker of a rendered page, or null when the page is not public. */
export function readMarker(html: string): TMarker | null {
  const match = MARKER_TAG.exec(html);
  if (!match) return null;
  const attrs = match[1] ?? "";
  const words = (value: string) => value.split(" ").filter(Boolean);
  const maxAge = Number(attribute(attrs, "data-max-age"));
  return { tags: words(attribute(attrs, "data-tags")), maxAgeSeconds: Number.isFinite(maxAge) && maxAge > 0 ? maxAge : 0, query: words(attribute(attrs, "data-query")) };
}

/**
 * The cache key's query part: "" without a query; the parameters sorted, when each is one the page
 * reads and appears once; null otherwise (not cached: a visitor must not fill the cache with variants).
 */
export function cacheQuery(search: string, allowed: readonly string[] | null): string | null {
  if (search === "" || search === "?") return "";
  const params = new URLSearchParams(search);
  const names = [...params.keys()];
  if (new Set(names).size !== names.length) return null;
  if (allowed && names.some((name) => !allowed.includes(name))) return null;
  params.sort();
  return `?${params.toString()}`;
}

/** Headers never replayed from a captured response. */
const DROPPED_HEADERS = new Set([
  "set-cookie",
  "date",
  "content-length",
  "content-encoding",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "etag",
  "cache-control",
  "vary",
  "x-request-id",
  "content-security-policy",
  // Set by the server on every response (lib/server/security.ts): never replayed twice.
  "x-content-type-options",
  "referrer-policy",
  "x-frame-options",
  "permissions-policy",
  "cross-origin-opener-policy",
  "strict-transport-security",
  "x-civitas-cache",
]);

export function replayableHeaders(headers: Record<string, number | string | string[] | undefined>): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || DROPPED_HEADERS.has(name.toLowerCase())) continue;
    for (const v of Array.isArray(value) ? value : [String(value)]) out.push([name, v]);
  }
  return out;
}

export class PageCache {
  private entries = new Map<string, TCachedPage>();
  private bytes = 0;
  /** Bumped on every invalidation of a site: a render that started before it is not stored. */
  private generations = new Map<string, number>();
  /** A counter of tag invalidations, and the last value at which each "site#tag" was invalidated. */
  private epoch = 0;
  private tagEpochs = new Map<string, number>();
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  generation(site: string): number {
    return this.generations.get(site) ?? 0;
  }

  /** Where tag invalidations are: a render records it when it starts (see store). */
  get currentEpoch(): number {
    return this.epoch;
  }

  get(key: string, now = Date.now()): TCachedPage | undefined {
    let entry = this.entries.get(key);
    if (entry && entry.expiresAt && entry.expiresAt <= now) {
      this.delete(key);
      entry = undefined;
    }
    if (entry) {
      // Refresh recency: Map iteration order is insertion order, so re-insert.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.hits++;
    } else {
      this.misses++;
    }
    return entry;
  }

  /**
   * Stores a captured page if neither its site nor one of its tags has been invalidated since the
   * render began (`startedEpoch`: the currentEpoch read then).
   */
  store(
    key: string,
    site: string,
    startedGeneration: number,
    status: number,
    headers: [string, string][],
    body: Buffer,
    csp = "default-src 'self'",
    options: { tags?: string[]; maxAgeSeconds?: number; startedEpoch?: number } = {},
  ): boolean {
    if (!this.enabled || this.generation(site) !== startedGeneration) return false;
    const tags = options.tags ?? [];
    const startedEpoch = options.startedEpoch ?? this.epoch;
    if (tags.some((tag) => (this.tagEpochs.get(`${site}#${tag}`) ?? 0) > startedEpoch)) return false;
    const entry: TCachedPage = {
      site,
      status,
      headers,
      identity: body,
      gzip: gzipSync(body, { level: 6 }),
      br: brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 5 } }),
      etag: `"${createHash("sha1").update(body).digest("base64url")}"`,
      csp,
      bytes: 0,
      tags,
      expiresAt: options.maxAgeSeconds ? Date.now() + options.maxAgeSeconds * 1000 : 0,
    };
    entry.bytes = entry.identity.length + entry.gzip.length + entry.br.length;
    if (entry.bytes > this.maxBytes / 4) return false;
    this.delete(key);
    this.entries.set(key, entry);
    this.bytes += entry.bytes;
    while (this.bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.delete(oldest);
    }
    return true;
  }

  private delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  invalidateSite(site: string): void {
    this.generations.set(site, this.generation(site) + 1);
    for (const [key, entry] of this.entries) if (entry.site === site) this.delete(key);
  }

  /** Drops a site's pages carrying any of `tags`, and refuses renders of them begun before now. */
  invalidateTags(site: string, tags: readonly string[]): void {
    if (tags.length === 0) return;
    // The record of invalidated tags only matters for renders in progress: bounded, and when full,
    // forgotten at the price of invalidating the site (renders in progress are then not stored).
    if (this.tagEpochs.size > 50_000) {
      this.tagEpochs.clear();
      this.generations.set(site, this.generation(site) + 1);
    }
    const epoch = ++this.epoch;
    const wanted = new Set(tags);
    for (const tag of wanted) this.tagEpochs.set(`${site}#${tag}`, epoch);
    for (const [key, entry] of this.entries) if (entry.site === site && entry.tags.some((tag) => wanted.has(tag))) this.delete(key);
  }

  /** Drops a site's pages whose tags start with `prefix` (every slot list of a town). */
  invalidateTagPrefix(site: string, prefix: string): void {
    this.generations.set(site, this.generation(site) + 1);
    for (const [key, entry] of this.entries) if (entry.site === site && entry.tags.some((tag) => tag.startsWith(prefix))) this.delete(key);
  }

  clear(): void {
    for (const site of new Set([...this.generations.keys(), ...[...this.entries.values()].map((e) => e.site)])) {
      this.generations.set(site, this.generation(site) + 1);
    }
    this.entries.clear();
    this.bytes = 0;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The encoding to send for an Accept-Encoding header among br, gzip and identity. */
export function pickEncoding(acceptEncoding: string | undefined): "br" | "gzip" | "identity" {
  if (!acceptEncoding) return "identity";
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    accepted.set(name.trim(), q ? Number(q.slice(2)) || 0 : 1);
  }
  const quality = (name: string) => accepted.get(name) ?? accepted.get("*") ?? 0;
  if (quality("br") > 0) return "br";
  if (quality("gzip") > 0) return "gzip";
  return "identity";
}
