// Security headers of every response, and the Content-Security-Policy.
// Pages rendered by Next.js get a fresh nonce per response (Next.js reads it from the request's
// Content-Security-Policy header and puts it on its scripts). Pages served from the page cache were
// rendered once for everybody, so a nonce would be shared: they get a policy with the SHA-256 of
// each of their inline scripts instead, computed once when they are stored.
import { createHash, randomBytes } from "node:crypto";

export function newNonce(): string {
  return randomBytes(16).toString("base64");
}

function policy(scriptSources: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' ${scriptSources}${dev ? " 'unsafe-eval'" : ""}`,
    // Inline style attributes (React, the theme's custom properties): styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export function noncePolicy(nonce: string, dev: boolean): string {
  return policy(`'nonce-${nonce}'`, dev);
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** A policy allowing exactly the inline scripts of `html` (by hash) and same-origin script files. */
export function hashPolicy(html: string, dev: boolean): string {
  const hashes = new Set<string>();
  for (const match of html.matchAll(INLINE_SCRIPT)) {
    const body = match[1] ?? "";
    if (body.length > 0) hashes.add(`'sha256-${createHash("sha256").update(body, "utf8").digest("base64")}'`);
  }
  return policy([...hashes].join(" "), dev);
}

/** Headers every response carries, whatever produced it. */
export function baseSecurityHeaders(https: boolean): [string, string][] {
  return [
    ["x-content-type-options", "nosniff"],
    ["referrer-policy", "strict-origin-when-cross-origin"],
    ["x-frame-options", "DENY"],
    ["permissions-policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"],
    ["cross-origin-opener-policy", "same-origin"],
    ...(https ? ([["strict-transport-security", "max-age=31536000; includeSubDomains"]] as [string, string][]) : []),
  ];
}

/** The client's address: the socket's, or the last untrusted entry of X-Forwarded-For behind proxies. */
export function clientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, trustedProxies: number): string {
  const socket = (socketAddress ?? "").replace(/^::ffff:/, "");
  if (trustedProxies <= 0 || !forwardedFor) return socket || "unknown";
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor)
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
  // Each trusted proxy appended the address it saw; the entry before them is the client.
  const index = hops.length - trustedProxies;
  return (index >= 0 ? hops[index] : hops[0]) ?? socket ?? "unknown";
}
