// Load shedding of booking writes. Under a rush a server can receive far more bookings than it (and
// PostgreSQL) can do at once; queueing them all makes every one slow, then times out (the NHS booking
// site's collapse). Instead each server lets `limit` booking writes run at once and answers the others
// at once with 503 and Retry-After: the citizen's browser or the API client tries again a moment later,
// and the bookings admitted keep their usual speed. Measured by bench/overload (docs/benchmarks.md).
import type { IncomingMessage } from "node:http";

export class ConcurrencyGate {
  private running = 0;
  refused = 0;

  constructor(private readonly limit: number) {}

  /** Takes a place if one is free; the caller must call the returned release once done. */
  tryEnter(): (() => void) | null {
    if (this.running >= this.limit) {
      this.refused++;
      return null;
    }
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
    };
  }

  get inFlight(): number {
    return this.running;
  }
}

/**
 * A request that writes a booking: the public API's booking and move/cancel endpoints, and a form
 * posted from a town's appointment pages (a server action: hold, details, confirmation, move, cancel).
 */
export function isBookingWrite(req: IncomingMessage, pathname: string, locale: string | null): boolean {
  if (req.method !== "POST" && req.method !== "PATCH" && req.method !== "DELETE") return false;
  if (pathname.startsWith("/api/v1/appointments")) return true;
  return locale !== null && pathname.startsWith(`/${locale}/appointments/`);
}
