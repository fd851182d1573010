// Citizen pages without the Next.js client runtime. They are server components whose forms post to
// server actions and work without JavaScript (the project's rule); the runtime would only add client
// navigation, at the price of ~130 kB of compressed JavaScript and the page's RSC payload inlined a
// second time in the HTML. A page opts out of it by rendering <meta name="civitas-js" content="none">
// (components/lean-page-marker.tsx); the server then removes Next.js's scripts from its HTML before
// it is sent or cached. Our own scripts (the ALTCHA widget) stay. See docs/decisions/014-rush-readiness.md.
import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliCompressSync, constants as zlibConstants, gzipSync } from "node:zlib";
import { pickEncoding } from "@/lib/server/page-cache";

export const LEAN_MARKER = '<meta name="civitas-js" content="none"/>';
const LEAN_NEEDLE = Buffer.from('name="civitas-js" content="none"');

const RUNTIME_SCRIPT_FILE = /<script\b[^>]*\bsrc="\/_next\/[^"]*"[^>]*>\s*<\/script>/g;
const RUNTIME_PRELOAD = /<link\b(?=[^>]*\bas="script")(?=[^>]*\bhref="\/_next\/)[^>]*\/?>/g;
const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g;

/** The HTML without Next.js's runtime scripts, preloads and inlined RSC payload. */
export function stripNextRuntime(html: string): string {
  return html
    .replace(RUNTIME_SCRIPT_FILE, "")
    .replace(RUNTIME_PRELOAD, "")
    .replace(INLINE_SCRIPT, (whole, body: string) => (/\bself\.__next_[a-z]\b|__next_f|__next_s|globalThis\["TURBOPACK"\]/.test(body) ? "" : whole));
}

type TWrite = (chunk?: unknown, encoding?: unknown, callback?: unknown) => boolean;

/**
 * Holds an HTML response of a citizen page until it ends, strips the runtime if the page asks for it,
 * then sends it compressed for the client. Anything else (a file, JSON) passes through as it comes.
 */
export function leanDocument(
  req: IncomingMessage,
  res: ServerResponse,
  options: {
    /** The client's encoding, when the caller already removed Accept-Encoding (the page cache). */
    encoding?: "br" | "gzip" | "identity";
    /** Receives the final HTML before compression (the page cache keeps it). */
    onHtml?: (html: Buffer) => void;
  } = {},
): void {
  const encoding = options.encoding ?? pickEncoding(req.headers["accept-encoding"] as string | undefined);
  delete req.headers["accept-encoding"]; // Next.js must send plain HTML, which is changed here
  const originalWriteHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const originalWrite = res.write.bind(res) as TWrite;
  const originalEnd = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const chunks: Buffer[] = [];
  let head: unknown[] | null = null;
  let mode: "undecided" | "hold" | "pass" = "undecided";

  const applyHead = () => {
    if (!head) return;
    const headers = typeof head[1] === "string" ? head[2] : head[1];
    if (typeof head[0] === "number") res.statusCode = head[0];
    if (headers && typeof headers === "object" && !Array.isArray(headers)) {
      for (const [name, value] of Object.entries(headers as Record<string, string | string[] | number>)) res.setHeader(name, value);
    }
    head = null;
  };
  const decide = () => {
    if (mode !== "undecided") return;
    applyHead();
    mode = String(res.getHeader("content-type") ?? "").startsWith("text/html") && !res.getHeader("content-encoding") ? "hold" : "pass";
    if (mode === "pass") {
      res.writeHead = originalWriteHead as ServerResponse["writeHead"];
      res.write = originalWrite as ServerResponse["write"];
      res.end = originalEnd as ServerResponse["end"];
    }
  };
  const keep = (chunk: unknown, chunkEncoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk), typeof chunkEncoding === "string" ? (chunkEncoding as BufferEncoding) : "utf8"));
  };

  res.writeHead = ((...args: unknown[]) => {
    head = args;
    return res;
  }) as ServerResponse["writeHead"];
  res.flushHeaders = () => {};
  res.write = ((chunk: unknown, chunkEncoding?: unknown, callback?: unknown) => {
    decide();
    if (mode === "pass") return originalWrite(chunk, chunkEncoding, callback);
    keep(chunk, chunkEncoding);
    const done = typeof chunkEncoding === "function" ? chunkEncoding : callback;
    if (typeof done === "function") queueMicrotask(() => (done as () => void)());
    return true;
  }) as ServerResponse["write"];
  res.end = ((chunk?: unknown, chunkEncoding?: unknown, callback?: unknown) => {
    decide();
    if (mode === "pass") return originalEnd(chunk, chunkEncoding, callback);
    keep(chunk, chunkEncoding);
    let body: Buffer = Buffer.concat(chunks);
    if (body.includes(LEAN_NEEDLE)) body = Buffer.from(stripNextRuntime(body.toString("utf8")), "utf8");
    options.onHtml?.(body);
    res.removeHeader("content-length");
    if (encoding !== "identity" && body.length > 1024) {
      body = encoding === "br" ? brotliCompressSync(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } }) : gzipSync(body, { level: 6 });
      res.setHeader("content-encoding", encoding);
    }
    const vary = String(res.getHeader("vary") ?? "");
    if (!/accept-encoding/i.test(vary)) res.setHeader("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
    res.setHeader("content-length", body.length);
    originalWriteHead(res.statusCode);
    const done = typeof chunk === "function" ? chunk : typeof chunkEncoding === "function" ? chunkEncoding : callback;
    return originalEnd(req.method === "HEAD" ? undefined : body, done);
  }) as ServerResponse["end"];
}
