// Anti-automation limits of the booking paths, counted in PostgreSQL (rate-limiter-flexible, table
// rate_limit) so they hold across every server behind a load balancer: per client address, per
// citizen (e-mail address or account) and per API key. A key over its limit is also blocked in each
// server's memory until its window ends, so a flood is refused without a database round trip; if
// PostgreSQL cannot be reached, each server counts in memory instead (insurance limiter).
import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/core/env";
import { rateLimitPool } from "@/lib/auth/rate-limit";

export type TLimitKind = "hold" | "citizen" | "unchallenged" | "api";

/** Points per window (seconds) of each kind; read from the environment once. */
export function bookingLimits(): Record<TLimitKind, { points: number; duration: number }> {
  const env = getEnv();
  return {
    // Holds per client address in 10 minutes: a family booking for several people with a few changes
    // of mind, or several citizens behind one address (a town hall's kiosk, a carrier's shared address).
    hold: { points: env.HOLD_RATE_LIMIT, duration: 10 * 60 },
    // Bookings and holds per citizen (e-mail address or account) in an hour, whatever their address.
    citizen: { points: env.CITIZEN_RATE_LIMIT, duration: 60 * 60 },
    // Confirmations without a solved challenge (no JavaScript) per client address in an hour:
    // docs/decisions/014-rush-readiness.md.
    unchallenged: { points: env.UNCHALLENGED_RATE_LIMIT, duration: 60 * 60 },
    // API requests per key (or per address without a key), per minute.
    api: { points: env.API_RATE_LIMIT, duration: 60 },
  };
}

type TLimiters = Record<TLimitKind, RateLimiterPostgres>;
const store = globalThis as typeof globalThis & { __civitasBookingLimits?: TLimiters };

function limiters(): TLimiters {
  if (!store.__civitasBookingLimits) {
    const make = (kind: TLimitKind, limit: { points: number; duration: number }) =>
      new RateLimiterPostgres({
        storeClient: rateLimitPool(),
        storeType: "pool",
        tableName: "rate_limit",
        tableCreated: true,
        clearExpiredByTimeout: false,
        keyPrefix: `booking-${kind}`,
        ...limit,
        inMemoryBlockOnConsumed: limit.points,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: `booking-${kind}`, ...limit }),
      });
    const limits = bookingLimits();
    store.__civitasBookingLimits = {
      hold: make("hold", limits.hold),
      citizen: make("citizen", limits.citizen),
      unchallenged: make("unchallenged", limits.unchallenged),
      api: make("api", limits.api),
    };
  }
  return store.__civitasBookingLimits;
}

/** Counts one request; returns the seconds to wait when over the limit, else 0. */
export async function overLimit(kind: TLimitKind, key: string): Promise<number> {
  try {
    await limiters()[kind].consume(key);
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

/** The key of a citizen for the per-citizen limit: their account, else a hash of their address. */
export function citizenKey(identity: { accountId?: string | null; email?: string | null }): string | null {
  if (identity.accountId) return `account:${identity.accountId}`;
  if (identity.email) return `email:${createHash("sha256").update(identity.email.trim().toLowerCase()).digest("hex")}`;
  return null;
}

/** Forgets the limiters (tests that change the limits, shutdown). */
export function resetBookingLimiters(): void {
  store.__civitasBookingLimits = undefined;
}
