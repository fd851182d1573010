// The HTTP entry point: a Node server in front of Next.js that resolves the town from the Host once
// per request (no I/O: lib/tenancy/registry.ts), picks the language, answers unknown hosts, suspended
// towns and disabled languages, serves cached public pages, and hands everything else to Next.js with
// the town in a header that next.config.ts rewrites into the route (/<tenant>/<locale>/…).
// Why not proxy.ts: docs/decisions/002-routing-and-page-cache.md.
import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { existsSync, readdirSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import next from "next";
import { getEnv } from "@/lib/core/env";
import { getLogger } from "@/lib/core/logger";
import { CATALOGUE_LOCALES, isPlatformLocale, negotiateLocale, PLATFORM_LOCALES } from "@/lib/i18n/locales";
import { getTenantTable, loadedTenantById, onTenantChange, resolveHost, type TTenant } from "@/lib/tenancy/registry";
import { slotTags } from "@/lib/core/cache-tags";
import { leanDocument } from "@/lib/server/lean-pages";
import { ConcurrencyGate, isBookingWrite } from "@/lib/server/load-shedding";
import { checkAltchaVersion, serveAltchaAsset } from "@/lib/server/altcha-assets";
import { cacheQuery, PageCache, pickEncoding, readMarker, replayableHeaders, type TCachedPage } from "@/lib/server/page-cache";
import { isSameOrigin } from "@/lib/core/same-origin";
import { SITE_HEADERS } from "@/lib/core/site-headers";
import { baseSecurityHeaders, clientIp, hashPolicy, newNonce, noncePolicy } from "@/lib/server/security";

export { SITE_HEADERS };

/**
 * Headers a client must never be able to set: ours, Next.js's internal ones, the request's CSP (Next.js
 * takes the nonce from it) and X-Forwarded-Host (Next.js would check a server action's Origin
 * against it instead of the Host).
 */
const INTERNAL_HEADER = /^(x-civitas-|x-middleware-|x-invoke-|x-matched-path$|x-now-route-matches$|x-next-|content-security-policy|x-forwarded-host$)/;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Next.js renders the target of a server action's redirect by fetching it from this same process at
 * http://localhost:<port>, forwarding the action request's headers; Node's fetch drops the Host
 * header, so the town would be lost. Every request handed to Next.js therefore carries the original
 * Host and a secret of this process; a request that presents the secret gets its Host back. Clients
 * never see the secret (request headers are not sent back) and any copy they send is deleted.
 */
const FORWARDED_HOST = "x-civitas-forwarded-host";
const INTERNAL_TOKEN = "x-civitas-internal";
const MARKER_NEEDLE = Buffer.from('name="civitas-cache" content="public"');
const MAX_CAPTURE_BYTES = 2 * 1024 * 1024;
/** public/civitas/: the platform's logo and favicon. */
const PLATFORM_ASSETS = "/civitas/";

export type TStatusKind = "unknown-host" | "suspended" | "not-found";
const STATUS_CODES: Record<TStatusKind, number> = { "unknown-host": 404, suspended: 410, "not-found": 404 };

export type TCivitasServer = {
  server: http.Server;
  cache: PageCache;
  close: () => Promise<void>;
};

type TSite = { key: string; label: string; locales: readonly string[]; defaultLocale: string; tenant?: TTenant };

export async function startCivitasServer(options: { dev: boolean; port: number; host?: string }): Promise<TCivitasServer> {
  const env = getEnv();
  const log = getLogger();
  const app = next({ dev: options.dev, dir: process.cwd(), hostname: "localhost", port: options.port });
  await app.prepare();
  const handle = app.getRequestHandler();

  const publicDir = path.join(process.cwd(), "public");
  const publicEntries = new Set(existsSync(publicDir) ? readdirSync(publicDir) : []);
  const cache = new PageCache(options.dev ? 0 : env.PAGE_CACHE_MB * 1024 * 1024);
  onTenantChange((event) => {
    if (event.scope === "tenant") {
      cache.invalidateSite(event.tenantId);
      cache.invalidateSite("platform");
    } else if ((event.scope === "translations" && event.tenantId) || event.scope === "appointments") {
      cache.invalidateSite(event.tenantId!);
    } else if (event.scope === "slots") {
      const timeZone = loadedTenantById(event.tenantId)?.timeZone;
      if (event.slots === "all" || !timeZone) cache.invalidateTagPrefix(event.tenantId, "s:");
      else cache.invalidateTags(event.tenantId, slotTags(event.slots, timeZone));
    } else {
      cache.clear();
    }
  });
  await getTenantTable();
  const altchaMismatch = checkAltchaVersion();
  if (altchaMismatch) log.error(altchaMismatch);
  const accessLog = env.ACCESS_LOG === "on";

  const securityHeaders = baseSecurityHeaders(env.PUBLIC_PROTOCOL === "https");

  /** Hands a request to Next.js with a fresh CSP nonce (in the request for Next.js, in the response). */
  async function render(req: IncomingMessage, res: ServerResponse, lean = false, leanOptions: Parameters<typeof leanDocument>[2] = {}): Promise<void> {
    // A citizen's page may ask to go without the Next.js runtime, in development too (so that it behaves
    // as in production: full page loads, our own scripts run; Next.js's dev tools are on the admin pages).
    if (lean) leanDocument(req, res, leanOptions);
    const csp = noncePolicy(newNonce(), options.dev);
    req.headers["content-security-policy"] = csp;
    res.setHeader("content-security-policy", csp);
    await handle(req, res);
  }
  const internalToken = randomBytes(24).toString("base64url");
  /** Booking writes running at once in this process; the others are refused at once (503). */
  const bookingGate = new ConcurrencyGate(env.BOOKING_CONCURRENCY);
  const bookingPlaces = new WeakMap<IncomingMessage, () => void>();
  /**
   * Takes a place for a booking write, given back when the request's handling ends (route() below),
   * not when the client goes away: a client that hangs up does not stop its booking, so freeing the
   * place then would let any number of bookings run at once.
   */
  const enterBooking = (req: IncomingMessage): boolean => {
    const release = bookingGate.tryEnter();
    if (!release) return false;
    bookingPlaces.set(req, release);
    return true;
  };
  /** Cache keys being rendered now, to which later requests for the same page wait. */
  const inflight = new Map<string, Promise<void>>();

  async function route(req: IncomingMessage, res: ServerResponse, requestId: string, ctx: { site: string }): Promise<void> {
    const forwardedHost = req.headers[FORWARDED_HOST];
    if (typeof forwardedHost === "string" && sameSecret(req.headers[INTERNAL_TOKEN], internalToken)) req.headers.host = forwardedHost;
    for (const name of Object.keys(req.headers)) if (INTERNAL_HEADER.test(name)) delete req.headers[name];
    req.headers[INTERNAL_TOKEN] = internalToken;
    if (req.headers.host) req.headers[FORWARDED_HOST] = req.headers.host;
    if (env.TRUSTED_PROXIES === 0) {
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-for"];
    }
    req.headers[SITE_HEADERS.requestId] = requestId;
    req.headers[SITE_HEADERS.clientIp] = clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], env.TRUSTED_PROXIES);
    for (const [name, value] of securityHeaders) res.setHeader(name, value);

    // Server actions and every other state-changing request must come from a page of this host. The
    // public REST API is the exception: it authenticates each request with a key or a token in a header
    // (never a cookie), so a cross-site request gains nothing, and its clients are servers without Origin.
    if (!SAFE_METHODS.has(req.method ?? "GET") && !isSameOrigin(req.headers.origin, req.headers.host) && !(isPublicApi(req.url) && !req.headers["next-action"])) {
      res.statusCode = 403;
      res.setHeader("content-type", "text/plain; charset=utf-8");
      res.setHeader("cache-control", "no-store");
      res.end("Forbidden: this request must come from a page of this site (Origin header missing or foreign).");
      return;
    }

    let url: URL;
    try {
      url = new URL(req.url ?? "/", "http://internal.invalid");
    } catch {
      res.statusCode = 400;
      res.end("Bad request");
      return;
    }
    const pathname = url.pathname;
    if (pathname.startsWith("/_next/") || pathname.startsWith("/__nextjs")) {
      await handle(req, res);
      return;
    }

    // The ALTCHA widget's files (booking check page), from the installed package.
    if (serveAltchaAsset(req, res, pathname)) return;

    // The platform's own assets (logo, favicon of the status pages) are the same on every host,
    // including unknown hosts and suspended towns, whose status pages show them.
    if (pathname.startsWith(PLATFORM_ASSETS)) {
      await handle(req, res);
      return;
    }

    const resolved = await resolveHost(req.headers.host);
    const acceptLanguage = req.headers["accept-language"];
    if (resolved.kind === "unknown") {
      ctx.site = "unknown-host";
      const locale = negotiateLocale(acceptLanguage, PLATFORM_LOCALES, env.PLATFORM_DEFAULT_LOCALE);
      await renderStatus(req, res, "unknown-host", locale);
      return;
    }
    const site: TSite =
      resolved.kind === "platform"
        ? { key: "platform", label: "platform", locales: PLATFORM_LOCALES, defaultLocale: env.PLATFORM_DEFAULT_LOCALE }
        : {
            key: resolved.tenant.id,
            label: resolved.tenant.slug,
            locales: resolved.tenant.enabledLocales,
            defaultLocale: resolved.tenant.defaultLocale,
            tenant: resolved.tenant,
          };
    ctx.site = site.label;
    if (site.tenant && site.tenant.status !== "active") {
      await renderStatus(req, res, "suspended", negotiateLocale(acceptLanguage, site.locales, site.defaultLocale));
      return;
    }
    if (site.tenant) req.headers[SITE_HEADERS.tenant] = site.tenant.slug;
    else req.headers[SITE_HEADERS.platform] = "1";

    const first = pathname.split("/")[1] ?? "";
    if (publicEntries.has(first)) {
      await handle(req, res); // files of public/: no page, no policy needed
      return;
    }
    if (first === "api" || (site.tenant && first === "media")) {
      if (isBookingWrite(req, pathname, null) && !enterBooking(req)) {
        req.resume();
        res.statusCode = 503;
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.setHeader("retry-after", "2");
        res.setHeader("cache-control", "no-store");
        res.end(JSON.stringify({ error: { code: "busy", message: "Too many bookings at this moment: try again in a few seconds." } }));
        return;
      }
      await render(req, res);
      return;
    }
    if (first === "favicon.ico") {
      redirect(res, site.tenant ? site.tenant.theme.faviconUrl : "/civitas/favicon.svg", "public, max-age=3600");
      return;
    }
    if (!site.locales.includes(first)) {
      if (CATALOGUE_LOCALES.includes(first)) {
        await renderStatus(req, res, "not-found", site.defaultLocale);
        return;
      }
      const locale = negotiateLocale(acceptLanguage, site.locales, site.defaultLocale);
      const rest = pathname === "/" ? "" : pathname;
      res.setHeader("vary", "Accept-Language");
      redirect(res, `/${locale}${rest}${url.search}`, "private, no-store");
      return;
    }
    req.headers[SITE_HEADERS.locale] = first;
    // A page of a town's public site, asked for as a document (not an RSC or server-action fetch).
    const citizenDocument = Boolean(site.tenant) && pathname.split("/")[2] !== "admin" && !req.headers["rsc"] && !req.headers["next-action"];

    // Booking forms over this server's capacity: the translated "busy" page at once, 503 (load shedding).
    if (site.tenant && isBookingWrite(req, pathname, first) && !enterBooking(req)) {
      req.resume();
      forceStatus(res, 503);
      res.setHeader("retry-after", "2");
      res.setHeader("cache-control", "no-store");
      req.method = "GET";
      delete req.headers["content-type"];
      delete req.headers["content-length"];
      req.url = `/${first}/too-many-requests?wait=2&reason=busy`;
      await render(req, res, citizenDocument);
      return;
    }

    // The page a request over its rate limit is sent to: translated and in the town's colours, with
    // the status and Retry-After a client (or a script) understands.
    if (site.tenant && pathname === `/${first}/too-many-requests`) {
      const wait = Number(url.searchParams.get("wait"));
      forceStatus(res, 429);
      res.setHeader("cache-control", "no-store");
      if (Number.isInteger(wait) && wait > 0 && wait <= 24 * 3600) res.setHeader("retry-after", String(wait));
      await render(req, res, citizenDocument);
      return;
    }

    const cacheable =
      cache.enabled &&
      (req.method === "GET" || req.method === "HEAD") &&
      !req.headers["rsc"] &&
      !req.headers["next-router-prefetch"] &&
      !req.headers["next-action"];
    // A query string is part of the key (sorted); a repeated parameter is never cached.
    const query = cacheable ? cacheQuery(url.search, null) : null;
    if (query === null) {
      await render(req, res, citizenDocument);
      return;
    }
    const key = `${site.key}|${pathname}${query}`;
    let hit = cache.get(key);
    if (!hit) {
      // The same page already being rendered (a crowd arriving at once): wait for it rather than
      // render it again, then serve what it stored.
      const rendering = inflight.get(key);
      if (rendering) {
        await rendering;
        hit = cache.get(key);
      }
    }
    if (hit) {
      serveCached(req, res, hit);
      return;
    }
    // Miss: render uncompressed (the cache compresses once) and keep a copy if the page allows it.
    let finished!: () => void;
    const mine = new Promise<void>((resolve) => (finished = resolve));
    if (!inflight.has(key)) inflight.set(key, mine);
    try {
      // The cache keeps plain HTML: Next.js renders it uncompressed. A citizen's page is still sent
      // compressed to this client (lib/server/lean-pages.ts), and hands its plain HTML back here.
      const clientEncoding = pickEncoding(req.headers["accept-encoding"] as string | undefined);
      delete req.headers["accept-encoding"];
      res.setHeader("x-civitas-cache", "miss");
      const generation = cache.generation(site.key);
      const epoch = cache.currentEpoch;
      const captured = capture(res);
      let plain: Buffer | null = null;
      await render(req, res, citizenDocument, { encoding: clientEncoding, onHtml: (html) => (plain = html) });
      await captured.done;
      const body: Buffer | null = plain ?? captured.body();
      const contentType = String(res.getHeader("content-type") ?? "");
      if (body && res.statusCode === 200 && contentType.startsWith("text/html") && !res.hasHeader("set-cookie") && body.includes(MARKER_NEEDLE)) {
        const html = body.toString("utf8");
        const marker = readMarker(html);
        if (marker && (query === "" || cacheQuery(url.search, marker.query) !== null)) {
          cache.store(key, site.key, generation, 200, replayableHeaders(res.getHeaders()), body, hashPolicy(html, options.dev), {
            tags: marker.tags,
            maxAgeSeconds: marker.maxAgeSeconds,
            startedEpoch: epoch,
          });
        }
      }
    } finally {
      if (inflight.get(key) === mine) inflight.delete(key);
      finished();
    }
  }

  function serveCached(req: IncomingMessage, res: ServerResponse, hit: TCachedPage) {
    res.statusCode = hit.status;
    for (const [name, value] of hit.headers) res.appendHeader(name, value);
    res.setHeader("etag", hit.etag);
    res.setHeader("cache-control", "no-cache");
    res.setHeader("vary", "Accept-Encoding");
    res.setHeader("x-civitas-cache", "hit");
    res.setHeader("content-security-policy", hit.csp);
    if (req.headers["if-none-match"] === hit.etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    const encoding = pickEncoding(req.headers["accept-encoding"] as string | undefined);
    const body = encoding === "br" ? hit.br : encoding === "gzip" ? hit.gzip : hit.identity;
    if (encoding !== "identity") res.setHeader("content-encoding", encoding);
    res.setHeader("content-length", body.length);
    res.end(body);
  }

  async function renderStatus(req: IncomingMessage, res: ServerResponse, kind: TStatusKind, locale: string) {
    req.headers[SITE_HEADERS.status] = kind;
    req.headers[SITE_HEADERS.locale] = isPlatformLocale(locale) ? locale : env.PLATFORM_DEFAULT_LOCALE;
    delete req.headers[SITE_HEADERS.tenant];
    delete req.headers[SITE_HEADERS.platform];
    // The status pages are rendered by Next.js (translated, accessible); only their code is ours.
    forceStatus(res, STATUS_CODES[kind]);
    res.setHeader("cache-control", "no-store");
    req.url = "/";
    req.method = req.method === "HEAD" ? "HEAD" : "GET";
    await render(req, res);
  }

  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const incoming = req.headers[SITE_HEADERS.requestId];
    const requestId = typeof incoming === "string" && /^[A-Za-z0-9._:-]{8,128}$/.test(incoming) ? incoming : randomUUID();
    res.setHeader(SITE_HEADERS.requestId, requestId);
    const ctx = { site: "-" };
    if (accessLog) {
      res.once("finish", () => {
        log.info(
          {
            requestId,
            tenant: ctx.site,
            method: req.method,
            // The path only: query strings may carry one-time tokens.
            path: loggablePath(req.url),
            status: res.statusCode,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
            cache: res.getHeader("x-civitas-cache") ?? undefined,
          },
          "request",
        );
      });
    }
    route(req, res, requestId, ctx).catch(
      (error: unknown) => {
        log.error({ err: error, requestId, path: loggablePath(req.url) }, "request failed");
        if (!res.headersSent) {
          res.statusCode = 500;
          res.setHeader("content-type", "text/plain; charset=utf-8");
          res.end(`Internal error (request ${requestId})`);
        } else {
          res.destroy();
        }
      },
    ).finally(() => bookingPlaces.get(req)?.());
  });
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });

  return {
    server,
    cache,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await app.close();
    },
  };
}

function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== "string" || given.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}

function redirect(res: ServerResponse, location: string, cacheControl: string) {
  res.statusCode = 302;
  res.setHeader("location", location);
  res.setHeader("cache-control", cacheControl);
  res.end();
}

/** Makes every status Next.js sets on this response become `code`. */
function forceStatus(res: ServerResponse, code: number) {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  // Only at writeHead: Next.js must render the page normally (a 404 status read before rendering
  // would make it render its own not-found tree).
  res.writeHead = ((_status: number, ...rest: unknown[]) => writeHead(code, ...rest)) as ServerResponse["writeHead"];
}

/** Copies what is written to `res` (up to MAX_CAPTURE_BYTES) while it goes to the client. */
function capture(res: ServerResponse): { done: Promise<void>; body: () => Buffer | null } {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (overflow || chunk === undefined || chunk === null || typeof chunk === "function") return;
    const buffer = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8");
    size += buffer.length;
    if (size > MAX_CAPTURE_BYTES) {
      overflow = true;
      chunks.length = 0;
      return;
    }
    chunks.push(Buffer.from(buffer));
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keep(chunk, rest[0]);
    return end(chunk, ...rest);
  }) as ServerResponse["end"];
  const done = new Promise<void>((resolve) => {
    if (res.writableFinished) resolve();
    res.once("finish", () => resolve());
    res.once("close", () => resolve());
  });
  return { done, body: () => (overflow || res.destroyed && !res.writableFinished ? null : Buffer.concat(chunks)) };
}

/** Paths of the public REST API (key or token in a header, no cookie): exempt from the Origin check. */
export function isPublicApi(url: string | undefined): boolean {
  return typeof url === "string" && url.startsWith("/api/v1/") && !url.includes("..");
}

/**
 * A request's path for the logs: no query string, and every secret-looking segment (a booking's or an
 * appointment's token, a follow-up or sign-in link's secret: 20 or more base64url characters that are
 * not an id) replaced, since whoever reads the logs must not be able to use those links.
 */
export function loggablePath(url: string | undefined): string {
  const path = (url ?? "").split("?")[0] ?? "";
  return path
    .split("/")
    .map((segment) => (/^[A-Za-z0-9_-]{20,}$/.test(segment) && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(segment) ? "…" : segment))
    .join("/");
}
