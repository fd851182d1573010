// Anti-automation limits of the booking paths, kept in each server's memory: a bot that takes holds in
// a loop, or an API client that floods, is slowed down at almost no cost per request. (With N servers
// behind a load balancer a client can get up to N times the limit; the booking itself stays exact,
// because capacity is decided by PostgreSQL.)
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { getEnv } from "@/lib/core/env";

type TLimiters = { hold: RateLimiterMemory; api: RateLimiterMemory };
const store = globalThis as typeof globalThis & { __civitasBookingLimits?: TLimiters };

function limiters(): TLimiters {
  store.__civitasBookingLimits ??= {
    // Holds per client address in 10 minutes: a family booking for several people with a few changes of
    // mind, or several citizens behind one address (a town hall's kiosk, a carrier's shared address).
    hold: new RateLimiterMemory({ keyPrefix: "hold", points: getEnv().HOLD_RATE_LIMIT, duration: 10 * 60 }),
    // API requests per key (or per address without a key), per minute.
    api: new RateLimiterMemory({ keyPrefix: "api", points: getEnv().API_RATE_LIMIT, duration: 60 }),
  };
  return store.__civitasBookingLimits;
}

/** Counts one request; returns the seconds to wait when over the limit, else 0. */
export async function overLimit(kind: keyof TLimiters, key: string): Promise<number> {
  try {
    await limiters()[kind].consume(key);
    return 0;
  } catch (error) {
    if (error instanceof RateLimiterRes) return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
    throw error;
  }
}
