// Runs scripts/start.ts unchanged (bench/overload starts one of these at a time). A separate entry file,
// as in bench/rush, so that a `pkill -f scripts/start.ts` run by someone restarting their own server on
// a shared machine does not end the benchmark's server.
export {};
await import("@/scripts/start");
