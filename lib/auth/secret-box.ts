// Secrets the application must read back (an identity provider's client secret) are stored encrypted
// with AES-256-GCM under a key derived from AUTH_SECRET (HKDF-SHA-256): a copy of the database alone
// does not reveal them. Changing AUTH_SECRET means entering those secrets again.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { getEnv } from "@/lib/core/env";

function key(purpose: string): Buffer {
  const secret = getEnv().AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", secret, "civitas", `secret-box:${purpose}`, 32));
}

/** "v1.<iv>.<tag>.<ciphertext>", base64url. */
export function sealSecret(plain: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(purpose), iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), data.toString("base64url")].join(".");
}

/** The plain secret, or null if it cannot be opened (another AUTH_SECRET, tampered). */
export function openSecret(sealed: string, purpose: string): string | null {
  const [version, iv, tag, data] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || data === undefined) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key(purpose), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
