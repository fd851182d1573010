/**
 * Whether a state-changing request comes from a page of the same host. A missing Origin, the opaque
 * "null" origin, or another host is refused (server actions are public POST endpoints).
 */
export function isSameOrigin(origin: string | null | undefined, host: string | null | undefined): boolean {
  if (!origin || origin === "null" || !host) return false;
  try {
    return new URL(origin).host.toLowerCase() === host.toLowerCase();
  } catch {
    return false;
  }
}
