// The citizen's follow-up link. Its secret is derived from the request (HMAC-SHA256 keyed by the
// server's AUTH_SECRET), so every later e-mail — a state change, a message, a reminder — can carry the
// same link without the database ever holding it: the row keeps only the secret's SHA-256, used to
// find the request when the link is opened. Changing AUTH_SECRET changes the links of later e-mails
// (the links already sent keep working through the stored hash).
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { hashSecret } from "@/lib/auth/tokens";
import { getEnv } from "@/lib/core/env";
import { tenantOrigin } from "@/lib/tenancy/registry";
import type { TTenant } from "@/lib/tenancy/registry";

function key(): string {
  const env = getEnv();
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  // Processes started without the server's bootstrap (scripts, test runners) on an embedded database
  // share the secret the bootstrap keeps in DATA_DIR.
  const file = path.join(env.DATA_DIR, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  throw new Error("AUTH_SECRET is not set: follow-up links cannot be made");
}

/** The follow-up secret of a request (stable: the same request always gives the same secret). */
export function followSecretFor(request: { tenantId: string; id: string }): string {
  return createHmac("sha256", key()).update(`civitas:request-follow:${request.tenantId}:${request.id}`).digest("base64url");
}

export function followHashFor(request: { tenantId: string; id: string }): string {
  return hashSecret(followSecretFor(request));
}

export const followUrl = (tenant: Pick<TTenant, "slug">, locale: string, secret: string) => `${tenantOrigin(tenant)}/${locale}/requests/follow/${secret}`;

/** The follow-up address of a request, for any e-mail about it. */
export const followUrlFor = (tenant: Pick<TTenant, "slug">, locale: string, request: { tenantId: string; id: string }) => followUrl(tenant, locale, followSecretFor(request));
