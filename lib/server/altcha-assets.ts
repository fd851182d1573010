// The ALTCHA widget's files, served from the installed package (node_modules/altcha) under a path
// that names its version, so browsers keep them for a year and a new version is a new address.
// The widget is the "external" build: its styles and its proof-of-work worker are separate files,
// which the Content-Security-Policy allows as same-origin scripts (no inline code, no blob: worker).
import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { ALTCHA_ASSETS } from "@/lib/core/altcha-assets";
import { pickEncoding } from "@/lib/server/page-cache";

const FILES: Record<string, { file: string; type: string }> = {
  "altcha.min.js": { file: "dist/external/altcha.min.js", type: "text/javascript; charset=utf-8" },
  "altcha.css": { file: "dist/external/altcha.css", type: "text/css; charset=utf-8" },
  "pbkdf2.js": { file: "dist/workers/pbkdf2.js", type: "text/javascript; charset=utf-8" },
};

type TAsset = { type: string; identity: Buffer; gzip: Buffer; br: Buffer };
const loaded = new Map<string, TAsset>();

function asset(name: string): TAsset | null {
  const spec = FILES[name];
  if (!spec) return null;
  let entry = loaded.get(name);
  if (!entry) {
    const identity = readFileSync(path.join(process.cwd(), "node_modules/altcha", spec.file));
    entry = { type: spec.type, identity, gzip: gzipSync(identity, { level: 9 }), br: brotliCompressSync(identity) };
    loaded.set(name, entry);
  }
  return entry;
}

/** The installed widget's version must be the one the pages ask for (package.json pins it). */
export function checkAltchaVersion(): string | null {
  const installed = (JSON.parse(readFileSync(path.join(process.cwd(), "node_modules/altcha/package.json"), "utf8")) as { version: string }).version;
  return ALTCHA_ASSETS.endsWith(`/${installed}`) ? null : `the ALTCHA widget installed is ${installed}, the pages ask for ${ALTCHA_ASSETS}`;
}

/** Answers a request for one of the widget's files; false when `pathname` is not one. */
export function serveAltchaAsset(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
  if (!pathname.startsWith(`${ALTCHA_ASSETS}/`)) return false;
  const entry = asset(pathname.slice(ALTCHA_ASSETS.length + 1));
  if (!entry) return false;
  const encoding = pickEncoding(req.headers["accept-encoding"] as string | undefined);
  const body = encoding === "br" ? entry.br : encoding === "gzip" ? entry.gzip : entry.identity;
  res.statusCode = 200;
  res.setHeader("content-type", entry.type);
  res.setHeader("cache-control", "public, max-age=31536000, immutable");
  res.setHeader("vary", "Accept-Encoding");
  if (encoding !== "identity") res.setHeader("content-encoding", encoding);
  res.setHeader("content-length", body.length);
  res.end(req.method === "HEAD" ? undefined : body);
  return true;
}
