// Failed sign-ins are counted in PostgreSQL (rate-limiter-flexible, table rate_limit), so the limits
// hold across every server: per account (a few attempts, then a lock) and per client address (more,
// for people behind one shared address). The same limiter guards password-reset requests.
import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import { databaseUrl } from "@/lib/core/db";

export const SIGN_IN_LIMITS = {
  account: { points: 5, duration: 15 * 60, blockDuration: 15 * 60 },
  ip: { points: 50, duration: 15 * 60, blockDuration: 15 * 60 },
  reset: { points: 5, duration: 60 * 60, blockDuration: 60 * 60 },
} as const;

type TLimiters = { pool: pg.Pool; account: RateLimiterPostgres; ip: RateLimiterPostgres; reset: RateLimiterPostgres };
const store = globalThis as typeof globalThis & { __civitasLimiters?: TLimiters };

/** The connections of every rate limiter of this process (sign-in here, booking in lib/appointments/limits.ts). */
export function rateLimitPool(): pg.Pool {
  return limiters().pool;
}

function limiters(): TLimiters {
  if (!store.__civitasLimiters) {
    const pool = new pg.Pool({ connectionString: databaseUrl(), max: 4, application_name: "civitas-rate-limit" });
    const make = (keyPrefix: string, limits: { points: number; duration: number; blockDuration: number }) =>
      new RateLimiterPostgres({ storeClient: pool, storeType: "pool", tableName: "rate_limit", tableCreated: true, clearExpiredByTimeout: false, keyPrefix, ...limits });
    store.__civitasLimiters = {
      pool,
      account: make("signin-account", SIGN_IN_LIMITS.account),
      ip: make("signin-ip", SIGN_IN_LIMITS.ip),
      reset: make("reset", SIGN_IN_LIMITS.reset),
    };
  }
  return store.__civitasLimiters;
}

export type TLimitKind = "account" | "ip" | "reset";

/** Seconds until `key` may try again, or 0 if it is not blocked (all its points are used). */
export async function blockedFor(kind: TLimitKind, key: string): Promise<number> {
  const limiter = limiters()[kind];
  const res = await limiter.get(key);
  if (!res || res.consumedPoints < SIGN_IN_LIMITS[kind].points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Counts one failure (or one request, for resets). Returns the seconds `key` is now blocked for when
 * this used its last point (the fifth failed sign-in locks the account), else 0.
 */
export async function consume(kind: TLimitKind, key: string): Promise<number> {
  try {
    const res = await limiters()[kind].consume(key);
    return res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.ceil(error.msBeforeNext / 1000);
    throw error;
  }
}

/**
 * Counts one request of something limited to `points` per period (a mailed sign-in link): the
 * `points`-th request still passes, the next ones return the seconds to wait (else 0).
 */
export async function consumeRequest(kind: TLimitKind, key: string): Promise<number> {
  try {
    await limiters()[kind].consume(key);
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}

export async function reset(kind: TLimitKind, key: string): Promise<void> {
  await limiters()[kind].delete(key);
}

export async function closeRateLimiters(): Promise<void> {
  const current = store.__civitasLimiters;
  store.__civitasLimiters = undefined;
  (globalThis as typeof globalThis & { __civitasBookingLimits?: unknown }).__civitasBookingLimits = undefined;
  await current?.pool.end();
}
