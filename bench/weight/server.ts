// Runs scripts/start.ts unchanged, for bench/weight. A separate entry file (as bench/rush/server.ts) so
// that the benchmark's server does not match a `pkill -f scripts/start.ts` run by someone restarting
// their own server on a shared machine.
export {};
await import("@/scripts/start");
