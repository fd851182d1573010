// Rendered HTML of public pages that are the same for every visitor (a town's home, its legal and
// accessibility pages, the platform's list of towns), per site and path, held in memory in front of
// Next.js. A page opts in by rendering the marker <meta name="civitas-cache" content="public">
// (components/public-cache-marker.tsx); the entry is dropped when its town changes, in every process,
// through PostgreSQL NOTIFY (lib/core/invalidation.ts). See docs/decisions/002-routing-and-page-cache.md.
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
};

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
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  generation(site: string): number {
    return this.generations.get(site) ?? 0;
  }

  get(key: string): TCachedPage | undefined {
    const entry = this.entries.get(key);
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

  /** Stores a captured page if its site has not been invalidated since the render began. */
  store(key: string, site: string, startedGeneration: number, status: number, headers: [string, string][], body: Buffer, csp = "default-src 'self'"): boolean {
    if (!this.enabled || this.generation(site) !== startedGeneration) return false;
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
