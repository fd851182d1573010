// Runs scripts/start.ts unchanged (bench/rush starts two of these). A separate entry file so that the
// benchmark's servers do not match a `pkill -f scripts/start.ts` run by someone restarting their own
// server on a shared machine (which happened, and silently ended a benchmark run).
export {};
await import("@/scripts/start");
