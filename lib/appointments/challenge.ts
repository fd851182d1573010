// The booking confirmation's proof of work (ALTCHA, self-hosted: no third party sees the citizen).
// The check page carries a challenge bound to the booking in progress; the widget solves it in the
// browser (about half a second of a phone's time while the citizen reads the summary) and posts the
// solution with the confirmation. The server verifies it in well under a millisecond (deterministic
// mode: the expected key is signed, not searched), refuses a challenge of another booking, and keeps
// the signature of each solution used until it expires, so it cannot be used twice.
// Without JavaScript there is no solution: docs/decisions/014-rush-readiness.md says what happens.
import { hkdfSync } from "node:crypto";
import { createChallenge, randomInt, verifySolution, type Challenge, type Solution } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import { db } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";

export const CHALLENGE_ALGORITHM = "PBKDF2/SHA-256";
/** PBKDF2 iterations per attempt, and the range of the counter a solver must reach. */
export const CHALLENGE_COST = 250;
export const CHALLENGE_COUNTER = { min: 1_000, max: 4_000 } as const;
const LIFETIME_MS = 30 * 60 * 1000;

function secret(purpose: string): string {
  const root = getEnv().AUTH_SECRET;
  if (!root) throw new Error("AUTH_SECRET is not set");
  return Buffer.from(hkdfSync("sha256", root, "civitas", `altcha:${purpose}`, 32)).toString("base64url");
}

/** A challenge for confirming the booking in progress `holdId`. */
export function bookingChallenge(holdId: string, now = new Date()): Promise<Challenge> {
  return createChallenge({
    algorithm: CHALLENGE_ALGORITHM,
    cost: CHALLENGE_COST,
    counter: randomInt(CHALLENGE_COUNTER.max, CHALLENGE_COUNTER.min),
    deriveKey,
    data: { hold: holdId },
    expiresAt: new Date(now.getTime() + LIFETIME_MS),
    hmacSignatureSecret: secret("signature"),
    hmacKeySignatureSecret: secret("key"),
  });
}

export type TChallengeCheck = "solved" | "missing" | "refused";

/**
 * Checks the widget's payload (base64 JSON { challenge, solution }) for the booking `holdId`, and
 * marks it used. "missing": no payload (a browser without JavaScript); "refused": forged, expired,
 * wrong, of another booking, or already used.
 */
export async function checkBookingChallenge(holdId: string, payload: string | undefined): Promise<TChallengeCheck> {
  if (!payload) return "missing";
  let parsed: { challenge?: Challenge; solution?: Solution };
  try {
    parsed = JSON.parse(Buffer.from(payload, "base64").toString("utf8")) as typeof parsed;
  } catch {
    return "refused";
  }
  const { challenge, solution } = parsed;
  if (!challenge?.parameters || typeof challenge.signature !== "string" || !solution || challenge.parameters.algorithm !== CHALLENGE_ALGORITHM) return "refused";
  if (challenge.parameters.data?.hold !== holdId) return "refused";
  let verified = false;
  try {
    const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: secret("signature"), hmacKeySignatureSecret: secret("key") });
    verified = result.verified;
  } catch {
    return "refused";
  }
  if (!verified || challenge.signature.length > 128) return "refused";
  const expiresAt = new Date((challenge.parameters.expiresAt ?? Math.floor(Date.now() / 1000) + LIFETIME_MS / 1000) * 1000);
  const inserted = await db().$executeRaw`
    INSERT INTO used_challenge (signature, "expiresAt") VALUES (${challenge.signature}, ${expiresAt})
    ON CONFLICT (signature) DO NOTHING`;
  // Now and then, forget the used challenges that have expired (they are refused as expired anyway).
  if (Math.random() < 0.01) await db().$executeRaw`DELETE FROM used_challenge WHERE "expiresAt" < now()`;
  return inserted === 1 ? "solved" : "refused";
}
