// Secrets for one-time links and session ids. Links carry the secret; the database keeps its SHA-256.
import { createHash, randomBytes } from "node:crypto";

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}
