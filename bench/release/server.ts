// Runs scripts/start.ts unchanged (bench/release starts one of these). A separate entry file, as for
// bench/rush, so that its server does not match a `pkill -f scripts/start.ts` run by someone else.
export {};
await import("@/scripts/start");
