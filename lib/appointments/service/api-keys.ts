// API keys of the public REST API: random, shown once, stored as a SHA-256 hash (a key has 192 bits of
// entropy, so a fast hash is enough). Format: civ_<prefix>_<secret>; the prefix identifies it in lists.
import { randomBytes } from "node:crypto";
import { hashSecret } from "@/lib/auth/tokens";
import { findApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, touchApiKey } from "@/lib/appointments/repo";

export async function createApiKey(tenantId: string, name: string, createdBy: string | null): Promise<{ id: string; key: string; prefix: string }> {
  const prefix = randomBytes(4).toString("hex");
  const key = `civ_${prefix}_${randomBytes(24).toString("base64url")}`;
  const row = await insertApiKey({ tenantId, name, prefix, keyHash: hashSecret(key), createdBy });
  return { id: row.id, key, prefix };
}

const lastTouched = new Map<string, number>();

/** The key's town and id if it is valid (not revoked); its last use is recorded at most once a minute. */
export async function authenticateApiKey(key: string): Promise<{ id: string; tenantId: string; name: string } | null> {
  if (!/^civ_[0-9a-f]{8}_[A-Za-z0-9_-]{32}$/.test(key)) return null;
  const row = await findApiKeyByHash(hashSecret(key));
  if (!row) return null;
  const now = Date.now();
  if ((lastTouched.get(row.id) ?? 0) < now - 60_000) {
    lastTouched.set(row.id, now);
    await touchApiKey(row.tenantId, row.id);
  }
  return { id: row.id, tenantId: row.tenantId, name: row.name };
}

export const apiKeysOf = listApiKeys;

export async function revokeKey(tenantId: string, id: string): Promise<boolean> {
  return (await revokeApiKey(tenantId, id)).count > 0;
}
