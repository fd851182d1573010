// bench/overload: booking through the public API at 5× the server's measured booking capacity, with the
// load shedding of booking writes (lib/server/load-shedding.ts, BOOKING_CONCURRENCY) on and off.
//   1. Capacity: one production server (BOOKING_CONCURRENCY at its default), a closed loop of
//      --connections clients (default: the gate's size, so that none is refused) booking for
//      --capacity-seconds: successful bookings per second = C.
//   2. Overload: an open-loop generator sends bookings at a fixed rate of --factor × C (default 5) for
//      --seconds, whatever the answers: each request leaves at its scheduled time on a connection of its
//      own if none is free, its latency is counted from that scheduled time (no coordinated omission),
//      and the client gives up after --timeout seconds. Per answer: status, latency, Retry-After.
//   2b. Clients that give up: a gate's worth of bookings, then as many more while the first run, with the first wave's
//      clients waiting or closing their connections: does the gate keep the abandoned bookings' places?
//   3. The same build started again with BOOKING_CONCURRENCY=10000 (shedding effectively off): the same
//      warm-up and capacity measure, then the same overload (same rate).
// After each overload the script waits until the server has stopped booking, then an oracle query on
// the database counts slots over capacity, appointments whose place rows differ from their people, and
// bookings made for clients that never got their answer (they gave up).
// Every booking is a new citizen (unique e-mail) on its own service, slots taken round robin over three
// weeks, with enough places per slot that none runs out. The servers run with API_RATE_LIMIT,
// HOLD_RATE_LIMIT and CITIZEN_RATE_LIMIT at 1,000,000 so that no rate limit answers (429).
// Nothing is pinned: the server, PostgreSQL and this process (the load generator) share the cores.
// Results are printed and written into docs/benchmarks.md (bench:overload section).
// Usage: npm run bench:overload [-- --factor 5 --seconds 15 --capacity-seconds 12 --connections <gate size> --timeout 10 --quiet-wait 600]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findFreePort, startEmbeddedPostgres, type TEmbeddedDatabase } from "@/lib/core/embedded-postgres";
import { ensureBuild } from "@/scripts/lib/build";
import { fmt, percentile, sleep } from "@/bench/lib/stats";

// ---------------------------------------------------------------------------------------------------
// Options and environment

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const FACTOR = option("factor", 5);
const SECONDS = option("seconds", 15);
const CAPACITY_SECONDS = option("capacity-seconds", 12);
/** 0: the gate's size (BOOKING_CONCURRENCY's default, read from lib/core/env.ts). */
const CONNECTIONS_OPTION = option("connections", 0);
let GATE = 0;
let CONNECTIONS = 0;
const TIMEOUT_S = option("timeout", 10);
/** Seconds to wait, before each measure, for a second in which other processes use under 0.3 core. */
const QUIET_WAIT_S = option("quiet-wait", 600);
/** A measure during which other processes used over 0.3 core is made again, up to this many times in all. */
const ATTEMPTS = option("attempts", 3);
const NOISY = 0.3;
const WARMUP_SECONDS = 8;
/** The highest value lib/core/env.ts accepts for each limit: no 429 is expected. */
const HIGH_LIMITS = { API_RATE_LIMIT: "1000000", HOLD_RATE_LIMIT: "1000000", CITIZEN_RATE_LIMIT: "1000000" };
const SHEDDING_OFF = "10000"; // the highest BOOKING_CONCURRENCY accepted: the gate never refuses here

const TMP = mkdtempSync(path.join(os.tmpdir(), "civitas-overload-"));
chmodSync(TMP, 0o755); // as root, PostgreSQL runs as the postgres user and must reach TMP/db
const children: ChildProcess[] = [];
let database: TEmbeddedDatabase | null = null;
const clients: pg.Client[] = [];
let cleaned: Promise<void> | null = null;

async function stopChild(child: ChildProcess, graceMs = 20_000) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => {});
    await Promise.all(children.splice(0).map((c) => stopChild(c).catch(() => {})));
    try {
      const { disconnectDb } = await import("@/lib/core/db");
      await disconnectDb();
    } catch {
      // never connected
    }
    if (database) await database.stop().catch((e) => console.error("stopping PostgreSQL:", e));
    database = null;
    rmSync(TMP, { recursive: true, force: true });
  })();
  return cleaned;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server and the database…`);
    void cleanup().finally(() => process.exit(130));
  });
}

const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)} %` : "n/a");
const ms1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");

// ---------------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux): the server's process tree, this benchmark's PostgreSQL, this process
// (the load generator), and everything else on the machine (it may be shared).

type TProcSnap = { at: number; busy: number; procs: Map<number, { ppid: number; comm: string; ticks: number }>; self: NodeJS.CpuUsage };
const TICKS = 100;

function procSnapshot(): TProcSnap | null {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const busy = (cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0);
    const procs = new Map<number, { ppid: number; comm: string; ticks: number }>();
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const close = stat.lastIndexOf(")");
        const comm = stat.slice(stat.indexOf("(") + 1, close);
        const fields = stat.slice(close + 2).split(" ");
        procs.set(Number(entry), { ppid: Number(fields[1]), comm, ticks: Number(fields[11]) + Number(fields[12]) });
      } catch {
        // ended meanwhile
      }
    }
    return { at: performance.now(), busy, procs, self: process.cpuUsage() };
  } catch {
    return null;
  }
}

type TCpu = { seconds: number; total: number; server: number; postgres: number; load: number; others: number };

function cpuBetween(a: TProcSnap | null, b: TProcSnap | null, serverPids: number[]): TCpu | null {
  if (!a || !b) return null;
  const seconds = (b.at - a.at) / 1000;
  const inTree = (pid: number, roots: Set<number>) => {
    for (let p = pid, hops = 0; p > 1 && hops < 30; hops++) {
      if (roots.has(p)) return true;
      p = b.procs.get(p)?.ppid ?? a.procs.get(p)?.ppid ?? 0;
    }
    return false;
  };
  const serverRoots = new Set(serverPids);
  const self = new Set([process.pid]);
  let server = 0;
  let postgres = 0;
  for (const [pid, after] of b.procs) {
    const delta = after.ticks - (a.procs.get(pid)?.ticks ?? 0);
    if (delta <= 0 || pid === process.pid) continue;
    if (inTree(pid, serverRoots)) server += delta;
    else if (after.comm === "postgres" && inTree(pid, self)) postgres += delta;
  }
  const total = (b.busy - a.busy) / TICKS / seconds;
  const load = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6 / seconds;
  const [sv, pgc] = [server / TICKS / seconds, postgres / TICKS / seconds];
  return { seconds, total, server: sv, postgres: pgc, load, others: Math.max(0, total - sv - pgc - load) };
}

const cpuText = (c: TCpu | null) =>
  c ? `${c.total.toFixed(2)} of ${os.cpus().length} cores busy: server ${c.server.toFixed(2)}, PostgreSQL ${c.postgres.toFixed(2)}, load generator ${c.load.toFixed(2)}, other processes ${c.others.toFixed(2)}` : "n/a (no /proc)";

/** Before a measure, waits (up to maxSeconds) for a second in which other processes use under 0.3 core. */
async function waitQuiet(serverPids: number[], label: string, maxSeconds = QUIET_WAIT_S): Promise<void> {
  const started = performance.now();
  let said = false;
  for (;;) {
    const before = procSnapshot();
    await sleep(2000);
    const cpu = cpuBetween(before, procSnapshot(), serverPids);
    if (!cpu || cpu.others < NOISY) return;
    if ((performance.now() - started) / 1000 > maxSeconds) {
      console.log(`    (other processes still use ${cpu.others.toFixed(2)} cores; measuring ${label} anyway)`);
      return;
    }
    if (!said) console.log(`    (waiting for other processes on the machine to calm down before ${label}: ${cpu.others.toFixed(2)} cores)`);
    said = true;
  }
}

// ---------------------------------------------------------------------------------------------------
// HTTP

/** One answer. `ms` counts from the scheduled time (open loop) or from the send (closed loop). */
type TOutcome = { scheduled: number; sent: number; end: number; ms: number; status: number; error?: string; retryAfter?: string; code?: string };

function get(port: number, host: string, urlPath: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, headers: { host }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", () => resolve(0));
  });
}

type TTarget = { port: number; host: string; apiKey: string; agent: http.Agent };

function book(t: TTarget, body: string, scheduled: number, timeoutMs: number): Promise<TOutcome> {
  return new Promise((resolve) => {
    const sent = performance.now();
    let settled = false;
    const finish = (status: number, extra: Partial<TOutcome> = {}) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const end = performance.now();
      resolve({ scheduled, sent, end, ms: end - scheduled, status, ...extra });
    };
    const req = http.request({
      host: "127.0.0.1",
      port: t.port,
      method: "POST",
      path: "/api/v1/appointments",
      agent: t.agent,
      headers: { host: t.host, authorization: `Bearer ${t.apiKey}`, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => {
      finish(0, { error: "timeout" });
      req.destroy();
    }, Math.max(1, scheduled + timeoutMs - sent));
    req.on("response", (res) => {
      const status = res.statusCode ?? 0;
      const retryAfter = typeof res.headers["retry-after"] === "string" ? res.headers["retry-after"] : undefined;
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        let code: string | undefined;
        if (status !== 201 && status !== 503) {
          try {
            code = (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { error?: { code?: string } }).error?.code;
          } catch {
            code = Buffer.concat(chunks).toString("utf8").slice(0, 40);
          }
        }
        finish(status, { retryAfter, code });
      });
      res.on("error", (e) => finish(0, { error: e.message }));
    });
    req.on("error", (e) => finish(0, { error: e.message }));
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------------
// Server

type TServer = { child: ChildProcess; port: number; log: string; concurrency: string };

async function startServer(databaseUrl: string, authSecret: string, name: string, concurrency: string | null): Promise<TServer> {
  const port = await findFreePort();
  const log = path.join(TMP, `server-${name}.log`);
  const fd = openSync(log, "w");
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, PORT: String(port), NODE_ENV: "production", CIVITAS_SKIP_BUILD: "1", ...HIGH_LIMITS };
  delete env.BOOKING_CONCURRENCY;
  if (concurrency) env.BOOKING_CONCURRENCY = concurrency;
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "bench/overload/server.ts"], { stdio: ["ignore", fd, fd], env });
  closeSync(fd);
  children.push(child);
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server ${name} exited (code ${child.exitCode}); its log:\n${readFileSync(log, "utf8").slice(-4000)}`);
    if ((await get(port, `localhost:${port}`, "/api/ready")) === 200) return { child, port, log, concurrency: concurrency ?? "default" };
    await sleep(500);
  }
  throw new Error(`server ${name} not ready after 300 s`);
}

function assertAlive(s: TServer) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) {
    throw new Error(`the server on port ${s.port} ended (exit code ${s.child.exitCode}, signal ${s.child.signalCode}); its last log lines:\n${readFileSync(s.log, "utf8").split("\n").slice(-8).join("\n")}`);
  }
}

/** Warnings and errors of a server's log, by message, and its 5xx answers other than the gate's 503. */
function scanLog(file: string): { messages: Map<string, number>; statuses: Map<string, number> } {
  const messages = new Map<string, number>();
  const statuses = new Map<string, number>();
  if (!existsSync(file)) return { messages, statuses };
  for (const line of readFileSync(file, "utf8").split("\n")) {
    type TLine = { level?: string | number; msg?: string; status?: number; path?: string; err?: { message?: string } };
    let entry: TLine | null = null;
    try {
      entry = line.startsWith("{") ? (JSON.parse(line) as TLine) : null;
    } catch {
      entry = null;
    }
    if (!entry) {
      if (/error|fail|warn|exception/i.test(line)) messages.set(`(text) ${line.slice(0, 160)}`, (messages.get(`(text) ${line.slice(0, 160)}`) ?? 0) + 1);
      continue;
    }
    if (typeof entry.status === "number" && entry.status >= 500) statuses.set(`${entry.status} ${entry.path ?? ""}`, (statuses.get(`${entry.status} ${entry.path ?? ""}`) ?? 0) + 1);
    const level = String(entry.level ?? "");
    if (level === "warn" || level === "error" || level === "fatal" || level === "40" || level === "50" || level === "60") {
      const key = `${level}: ${entry.msg ?? ""}${entry.err?.message ? ` (${entry.err.message.replace(/\s+/g, " ").slice(0, 160)})` : ""}`;
      messages.set(key, (messages.get(key) ?? 0) + 1);
    }
  }
  return { messages, statuses };
}

// ---------------------------------------------------------------------------------------------------
// Load

type TBooking = { serviceId: string; siteId: string; starts: string[]; prefix: string };
const bodyOf = (b: TBooking, n: number) =>
  JSON.stringify({ serviceId: b.serviceId, siteId: b.siteId, start: b.starts[n % b.starts.length], people: 1, citizen: { firstName: "Bench", lastName: `Overload${n}`, email: `${b.prefix}-${n}@bench.example.net` } });

type TPhase = { outcomes: TOutcome[]; t0: number; seconds: number; cpu: TCpu | null };

/** Closed loop: `connections` clients, each sending its next booking when the previous one is answered. */
async function closedLoop(t: TTarget, b: TBooking, seconds: number, connections: number, serverPids: number[]): Promise<TPhase> {
  const outcomes: TOutcome[] = [];
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  const before = procSnapshot();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const now = performance.now();
        outcomes.push(await book(t, bodyOf(b, n++), now, TIMEOUT_S * 1000));
      }
    }),
  );
  return { outcomes, t0, seconds, cpu: cpuBetween(before, procSnapshot(), serverPids) };
}

/** Open loop: request k leaves at t0 + k / rate, answered or not; latency counted from that time. */
async function openLoop(t: TTarget, b: TBooking, rate: number, seconds: number, serverPids: number[]): Promise<TPhase & { lagP99: number; lagMax: number }> {
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const pending: Promise<TOutcome>[] = [];
  const lags: number[] = [];
  const before = procSnapshot();
  let cpuWindow: TCpu | null = null;
  const t0 = performance.now() + 20;
  await new Promise<void>((resolve) => {
    let k = 0;
    const tick = () => {
      const now = performance.now();
      while (k < total && t0 + k * interval <= now) {
        const scheduled = t0 + k * interval;
        lags.push(now - scheduled);
        pending.push(book(t, bodyOf(b, k), scheduled, TIMEOUT_S * 1000));
        k++;
      }
      if (k < total) setTimeout(tick, Math.max(0, Math.min(4, t0 + k * interval - performance.now())));
      else resolve();
    };
    setTimeout(tick, 20);
  });
  cpuWindow = cpuBetween(before, procSnapshot(), serverPids);
  const outcomes = await Promise.all(pending);
  return { outcomes, t0, seconds, cpu: cpuWindow, lagP99: percentile(lags, 99), lagMax: Math.max(...lags) };
}

// ---------------------------------------------------------------------------------------------------
// Figures of a phase

type TStats = {
  sent: number;
  offered: number;
  byStatus: Map<string, number>;
  goodput: number; // 201 answers received inside the load window, per second
  goodputAll: number; // every 201 answer, per second of wall time from the first send to the last answer
  ok: number;
  okLate: number; // 201 answers that took over 1 s
  rejected: number;
  retryAfter: Map<string, number>;
  failed: number; // timeouts and transport errors
  timeouts: number;
  okP: [number, number, number, number];
  rejP: [number, number, number, number];
  rejSentP: [number, number, number, number]; // from the actual send (the generator's lateness left out)
  okFast: number; // 201 answers within 1 s, per second of the window
  allP99: number;
  wallS: number;
};

function stats(p: TPhase): TStats {
  const windowEnd = p.t0 + p.seconds * 1000;
  const byStatus = new Map<string, number>();
  for (const o of p.outcomes) {
    const key = o.status === 0 ? (o.error === "timeout" ? `timeout (> ${TIMEOUT_S} s)` : `error: ${o.error}`) : `${o.status}${o.code ? ` ${o.code}` : ""}`;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  const ok = p.outcomes.filter((o) => o.status === 201);
  const rej = p.outcomes.filter((o) => o.status === 503);
  const quart = (xs: number[]): [number, number, number, number] => (xs.length ? [percentile(xs, 50), percentile(xs, 95), percentile(xs, 99), Math.max(...xs)] : [NaN, NaN, NaN, NaN]);
  const retryAfter = new Map<string, number>();
  for (const o of rej) retryAfter.set(o.retryAfter ?? "(none)", (retryAfter.get(o.retryAfter ?? "(none)") ?? 0) + 1);
  const lastEnd = Math.max(...p.outcomes.map((o) => o.end));
  return {
    sent: p.outcomes.length,
    offered: p.outcomes.length / p.seconds,
    byStatus,
    goodput: ok.filter((o) => o.end <= windowEnd).length / p.seconds,
    goodputAll: ok.length / ((lastEnd - p.t0) / 1000),
    ok: ok.length,
    okLate: ok.filter((o) => o.ms > 1000).length,
    rejected: rej.length,
    retryAfter,
    failed: p.outcomes.filter((o) => o.status === 0).length,
    timeouts: p.outcomes.filter((o) => o.error === "timeout").length,
    okP: quart(ok.map((o) => o.ms)),
    rejP: quart(rej.map((o) => o.ms)),
    rejSentP: quart(rej.map((o) => o.end - o.sent)),
    okFast: ok.filter((o) => o.ms <= 1000 && o.end <= windowEnd).length / p.seconds,
    allP99: percentile(p.outcomes.map((o) => o.ms), 99),
    wallS: (lastEnd - p.t0) / 1000,
  };
}

const statusText = (m: Map<string, number>) => [...m].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} × ${fmt(v)}`).join(", ");

// ---------------------------------------------------------------------------------------------------
// Main

const startedAt = new Date();
const revision = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
let exitCode = 0;
try {
  database = await startEmbeddedPostgres({ dir: path.join(TMP, "db"), port: 0 });
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  const pgVersion = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  await admin.end();

  // Two builds of the same folder at once fail: wait for anyone else's `next build` to end first.
  for (let waited = 0; ; waited++) {
    let running = "";
    try {
      running = execFileSync("pgrep", ["-f", "next build"], { encoding: "utf8" }).trim();
    } catch {
      running = "";
    }
    if (!running) break;
    if (waited === 0) console.log("another `next build` is running: waiting for it to end…");
    if (waited > 900) throw new Error("another `next build` has been running for 15 minutes");
    await sleep(1000);
  }
  await ensureBuild({ info: (m: string) => console.log(m) } as never);
  const authSecret = randomBytes(32).toString("base64url");

  let server = await startServer(database.url, authSecret, "shedding", null); // migrates and seeds the demo towns
  console.log(`PostgreSQL ${pgVersion} on port ${database.port}; server on port ${server.port} (BOOKING_CONCURRENCY ${server.concurrency}); nothing pinned (${os.cpus().length} cores shared)`);

  process.env.DATABASE_URL = database.url;
  Object.assign(process.env, HIGH_LIMITS);
  const { resetEnv } = await import("@/lib/core/env");
  delete process.env.BOOKING_CONCURRENCY;
  resetEnv();
  GATE = (await import("@/lib/core/env")).getEnv().BOOKING_CONCURRENCY;
  CONNECTIONS = CONNECTIONS_OPTION || GATE;
  server.concurrency = `${GATE} (default)`;
  console.log(`BOOKING_CONCURRENCY's default: ${GATE}; closed loops of ${CONNECTIONS} connections`);
  const { createApiKey } = await import("@/lib/appointments/service/api-keys");
  const { createBookableService, tomorrowAt } = await import("@/tests/fixtures/appointments");
  const oracle = new pg.Client({ connectionString: database.url });
  await oracle.connect();
  clients.push(oracle);
  const { rows: towns } = await oracle.query<{ id: string; timeZone: string; enabledLocales: string[] }>(`SELECT id, "timeZone", "enabledLocales" FROM tenant WHERE slug = 'lutece'`);
  const lutece = towns[0];
  if (!lutece) throw new Error("town lutece not seeded");
  const key = await createApiKey(lutece.id, "bench-overload", null);
  // A fresh, just-seeded database: give the planner its statistics now, as autovacuum would soon do.
  await oracle.query("ANALYZE");

  // Every 20-minute slot of three weeks, all day (createBookableService opens 00:00–24:00).
  const starts: string[] = [];
  for (let day = 1; day <= 21; day++) for (let m = 0; m < 24 * 60; m += 20) starts.push(tomorrowAt(lutece, `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`, day).toISOString());
  const tag = Date.now().toString(36);
  const service = async (name: string, placesNeeded: number): Promise<TBooking & { capacity: number }> => {
    const capacity = Math.max(3, Math.ceil(placesNeeded / starts.length));
    const s = await createBookableService(lutece, { capacity, slotMinutes: 20, service: { maxActivePerCitizen: 0, horizonWeeks: 3, minNoticeHours: 0 } });
    return { serviceId: s.service.id, siteId: s.sites[0]!.id, starts, prefix: `ovl-${name.replace(/[^a-z0-9]+/gi, "-")}-${tag}`, capacity };
  };
  const target = (s: TServer): TTarget => ({ port: s.port, host: `lutece.localhost:${s.port}`, apiKey: key.key, agent: new http.Agent({ keepAlive: true, maxSockets: 8000, maxFreeSockets: 8000 }) });

  /** Waits until the confirmation mails of earlier phases are sent (the mail workers compete for the CPU). */
  const drainMail = async (label: string) => {
    const started = performance.now();
    for (;;) {
      const n = (await oracle.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_message WHERE status = 'pending'`)).rows[0]?.n ?? 0;
      if (n === 0) return;
      if (performance.now() - started > 300_000) {
        console.log(`    (${n} mails still pending before ${label}; measuring anyway)`);
        return;
      }
      await sleep(1000);
    }
  };
  /** Waits until the server has stopped writing bookings of a service (requests its clients gave up on included). */
  const waitBookingsSettled = async (serviceId: string) => {
    const started = performance.now();
    let last = -1;
    let stable = 0;
    for (;;) {
      const n = (await oracle.query<{ n: number }>(`SELECT count(*)::int AS n FROM appointment WHERE "serviceId" = $1`, [serviceId])).rows[0]?.n ?? 0;
      stable = n === last ? stable + 1 : 0;
      last = n;
      if (stable >= 5) return (performance.now() - started) / 1000 - 5;
      if (performance.now() - started > 900_000) throw new Error("the server was still booking 15 minutes after the load");
      await sleep(1000);
    }
  };
  /** The oracle: the database itself, after the server has stopped booking. */
  const check = async (b: TBooking, phase: TPhase) => {
    const over = await oracle.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointment_slot s
        WHERE s."serviceId" = $1
          AND greatest((SELECT count(*) FROM appointment_place p WHERE p."slotId" = s.id AND p."appointmentId" IS NOT NULL),
                       (SELECT coalesce(sum(a.people), 0) FROM appointment a WHERE a."serviceId" = s."serviceId" AND a."siteId" = s."siteId" AND a."startsAt" = s."startsAt" AND a.status = 'booked')) > s.capacity`,
      [b.serviceId],
    );
    const ledger = await oracle.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointment a WHERE a."serviceId" = $1 AND a.status = 'booked' AND (SELECT count(*) FROM appointment_place p WHERE p."appointmentId" = a.id) <> a.people`,
      [b.serviceId],
    );
    const booked = await oracle.query<{ email: string }>(`SELECT email FROM appointment WHERE "serviceId" = $1 AND status = 'booked'`, [b.serviceId]);
    const inDb = new Map<string, number>();
    for (const r of booked.rows) inDb.set(r.email, (inDb.get(r.email) ?? 0) + 1);
    const answered = new Set<string>();
    phase.outcomes.forEach((o, k) => {
      if (o.status === 201 || o.status === 200) answered.add(`${b.prefix}-${k}@bench.example.net`);
    });
    // Open loop: outcome k is the answer to body k.
    const sentEmails = new Set(Array.from({ length: phase.outcomes.length }, (_, k) => `${b.prefix}-${k}@bench.example.net`));
    return {
      appointments: booked.rows.length,
      overbookedSlots: over.rows[0]?.n ?? 0,
      ledgerMismatch: ledger.rows[0]?.n ?? 0,
      duplicates: [...inDb.values()].filter((v) => v > 1).length,
      unanswered: [...inDb.keys()].filter((e) => sentEmails.has(e) && !answered.has(e)).length,
      phantom: [...answered].filter((e) => !inDb.has(e)).length,
    };
  };

  const serverPids = () => [server.child.pid ?? 0];
  const idleBefore = procSnapshot();
  await sleep(2000);
  const idleCpu = cpuBetween(idleBefore, procSnapshot(), serverPids());
  console.log(`Idle: ${cpuText(idleCpu)}`);

  // ---- Step 1: capacity (closed loop, shedding on at its default)
  let t = target(server);
  /** Measures made again because other processes were busy during them. */
  const retried: string[] = [];
  /** A warm-up, then C: 201 answers per second of a closed loop of CONNECTIONS clients. */
  const capacity = async (label: string) => {
    await closedLoop(t, await service(`warm-${label}`, 20_000), WARMUP_SECONDS, CONNECTIONS, serverPids());
    for (let attempt = 1; ; attempt++) {
      const b = await service(`capacity-${label}-${attempt}`, 20_000);
      await drainMail(`the capacity measure (${label})`);
      await waitQuiet(serverPids(), `the capacity measure (${label})`);
      assertAlive(server);
      const phase = await closedLoop(t, b, CAPACITY_SECONDS, CONNECTIONS, serverPids());
      const st = stats(phase);
      console.log(`\nCapacity, ${label} (closed loop, ${CONNECTIONS} connections, ${CAPACITY_SECONDS} s): ${fmt(st.goodput, 1)} bookings/s; ${statusText(st.byStatus)}; 201 p50 ${ms1(st.okP[0])} p99 ${ms1(st.okP[2])} max ${ms1(st.okP[3])} ms; CPU: ${cpuText(phase.cpu)}`);
      if (!phase.cpu || phase.cpu.others <= NOISY || attempt >= ATTEMPTS) return { stats: st, cpu: phase.cpu, attempts: attempt };
      retried.push(`capacity (${label}): ${phase.cpu.others.toFixed(2)} cores`);
      console.log(`    (other processes used ${phase.cpu.others.toFixed(2)} cores during the measure: measuring again)`);
    }
  };
  const capA = await capacity("shedding on");
  const C = capA.stats.goodput;
  if (C < 1) throw new Error("capacity under 1 booking/s: nothing to overload");
  const rate = FACTOR * C;
  const placesNeeded = Math.ceil(rate * SECONDS * 1.5) + 1000;

  type TRun = { name: string; short: string; server: TServer; stats: TStats; cpu: TCpu | null; lagP99: number; lagMax: number; settleS: number; oracle: Awaited<ReturnType<typeof check>>; capacity: number; log: ReturnType<typeof scanLog>; c: number };
  const overload = async (name: string, short: string, c: number): Promise<TRun> => {
    for (let attempt = 1; ; attempt++) {
      const r = await overloadOnce(name, `${short}-${attempt}`, c);
      if (!r.cpu || r.cpu.others <= NOISY || attempt >= ATTEMPTS) return { ...r, short };
      retried.push(`${name}: ${r.cpu.others.toFixed(2)} cores`);
      console.log(`    (other processes used ${r.cpu.others.toFixed(2)} cores during the load: measuring again on a new service)`);
    }
  };
  const overloadOnce = async (name: string, short: string, c: number): Promise<TRun> => {
    const b = await service(short, placesNeeded);
    await drainMail(name);
    await waitQuiet(serverPids(), name);
    assertAlive(server);
    const phase = await openLoop(t, b, rate, SECONDS, serverPids());
    const s = stats(phase);
    console.log(`\n${name}: offered ${fmt(s.offered, 1)} req/s (${fmt(s.sent)} requests); goodput ${fmt(s.goodput, 1)} bookings/s = ${pct(s.goodput, c)} of the capacity measured just before (${fmt(c, 1)}); ${statusText(s.byStatus)}`);
    console.log(`    201: p50 ${ms1(s.okP[0])} p95 ${ms1(s.okP[1])} p99 ${ms1(s.okP[2])} max ${ms1(s.okP[3])} ms (${s.okLate} over 1 s); 503: p50 ${ms1(s.rejP[0])} p95 ${ms1(s.rejP[1])} p99 ${ms1(s.rejP[2])} max ${ms1(s.rejP[3])} ms; Retry-After ${statusText(s.retryAfter) || "–"}`);
    console.log(`    generator: send lag p99 ${ms1(phase.lagP99)} ms, max ${ms1(phase.lagMax)} ms; CPU during the load: ${cpuText(phase.cpu)}`);
    const settleS = await waitBookingsSettled(b.serviceId);
    assertAlive(server);
    const o = await check(b, phase);
    console.log(`    oracle (the server stopped booking ${fmt(settleS, 0)} s after the last answer): ${o.appointments} appointments, ${o.overbookedSlots} slots over capacity, ${o.ledgerMismatch} appointments whose places differ from their people, ${o.duplicates} e-mails booked twice, ${o.unanswered} booked without the client getting its answer, ${o.phantom} answered 201 but not booked`);
    return { name, short, server, stats: s, cpu: phase.cpu, lagP99: phase.lagP99, lagMax: phase.lagMax, settleS, oracle: o, capacity: b.capacity, log: scanLog(server.log), c };
  };

  // ---- Step 2: overload with shedding (same server, warm)
  const shed = await overload(`Overload at ${FACTOR}× C, shedding on (BOOKING_CONCURRENCY ${server.concurrency})`, "shedding on", C);
  t.agent.destroy();

  // ---- Step 2b: clients that give up. GATE bookings (the gate's size) are sent at once; SECOND_MS later, while
  // they are still running, GATE more. With the first ones waiting for their answers (control), the gate is
  // full and the second wave should be refused; then the same with the first ones abandoned by their clients
  // after ABANDON_MS (a citizen who closes the tab, a client's timeout): are their places in the gate kept
  // until their bookings end, or handed to the second wave while the first still runs?
  const ABANDON_MS = 40;
  const SECOND_MS = 50;
  const probeService = await service("probe", 5_000);
  const probe = async (abandon: boolean, round: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 64 });
    const pt: TTarget = { ...target(server), agent };
    await Promise.all(
      Array.from({ length: 32 }, () =>
        new Promise<void>((resolve) => {
          const req = http.get({ host: "127.0.0.1", port: server.port, path: "/api/v1/ping", agent, headers: { host: pt.host } }, (res) => {
            res.resume();
            res.on("end", () => resolve());
          });
          req.on("error", () => resolve());
        }),
      ),
    );
    const base = (abandon ? 1_000_000 : 0) + round * 100_000;
    const started = performance.now();
    const first = Array.from({ length: GATE }, (_, k) => book(pt, bodyOf(probeService, base + k), started, abandon ? ABANDON_MS : TIMEOUT_S * 1000));
    await sleep(SECOND_MS);
    const second = Array.from({ length: GATE }, (_, k) => book(pt, bodyOf(probeService, base + 50_000 + k), performance.now(), TIMEOUT_S * 1000));
    const [a, b] = [await Promise.all(first), await Promise.all(second)];
    agent.destroy();
    await waitBookingsSettled(probeService.serviceId);
    const emails = (k0: number) => Array.from({ length: GATE }, (_, k) => `${probeService.prefix}-${base + k0 + k}@bench.example.net`);
    const booked = async (list: string[]) => (await oracle.query<{ n: number }>(`SELECT count(*)::int AS n FROM appointment WHERE "serviceId" = $1 AND email = ANY($2)`, [probeService.serviceId, list])).rows[0]?.n ?? 0;
    return {
      firstAnswered: a.filter((o) => o.status !== 0).length,
      firstBooked: await booked(emails(0)),
      secondAdmitted: b.filter((o) => o.status !== 503).length,
      secondBooked: await booked(emails(50_000)),
    };
  };
  const giveUp: { abandon: boolean; firstAnswered: number; firstBooked: number; secondAdmitted: number; secondBooked: number }[] = [];
  await drainMail("the give-up probe");
  await waitQuiet(serverPids(), "the give-up probe");
  for (let round = 0; round < 3; round++) for (const abandon of [false, true]) giveUp.push({ abandon, ...(await probe(abandon, round)) });
  const probeSum = (abandon: boolean) =>
    giveUp.filter((g) => g.abandon === abandon).reduce((s, g) => ({ firstAnswered: s.firstAnswered + g.firstAnswered, firstBooked: s.firstBooked + g.firstBooked, secondAdmitted: s.secondAdmitted + g.secondAdmitted, secondBooked: s.secondBooked + g.secondBooked }), { firstAnswered: 0, firstBooked: 0, secondAdmitted: 0, secondBooked: 0 });
  const [kept, abandoned] = [probeSum(false), probeSum(true)];
  console.log(`\nGive-up probe (3 rounds × ${GATE} + ${GATE}): first wave waiting → second wave admitted ${kept.secondAdmitted}/${3 * GATE}; first wave abandoned after ${ABANDON_MS} ms → second wave admitted ${abandoned.secondAdmitted}/${3 * GATE}, and the abandoned first wave still booked ${abandoned.firstBooked}/${3 * GATE}`);
  // The capacity again on the same server, after the overload: how much did C drift during the run?
  const capA2 = await capacity("shedding on, after the overload");
  const cRef = Math.max(C, capA2.stats.goodput);
  await stopChild(server.child);

  // ---- Step 3: the same overload, shedding off (the same build started again, same warm-up and capacity measure)
  server = await startServer(database.url, authSecret, "no-shedding", SHEDDING_OFF);
  t = target(server);
  const capB = await capacity("shedding off");
  const noShed = await overload(`Overload at ${FACTOR}× C, shedding off (BOOKING_CONCURRENCY ${SHEDDING_OFF})`, "shedding off", capB.stats.goodput);
  t.agent.destroy();
  await stopChild(server.child);

  // The whole database (every phase, probe and discarded attempt included).
  const whole = (
    await oracle.query<{ slots: number; over: number; ledger: number; total: number }>(
      `SELECT (SELECT count(*)::int FROM appointment_slot) AS slots,
              (SELECT count(*)::int FROM appointment_slot s
                WHERE greatest((SELECT count(*) FROM appointment_place p WHERE p."slotId" = s.id AND p."appointmentId" IS NOT NULL),
                               (SELECT coalesce(sum(a.people), 0) FROM appointment a WHERE a."serviceId" = s."serviceId" AND a."siteId" = s."siteId" AND a."startsAt" = s."startsAt" AND a.status = 'booked')) > s.capacity) AS over,
              (SELECT count(*)::int FROM appointment a WHERE a.status = 'booked' AND (SELECT count(*) FROM appointment_place p WHERE p."appointmentId" = a.id) <> a.people) AS ledger,
              (SELECT count(*)::int FROM appointment WHERE status = 'booked') AS total`,
    )
  ).rows[0]!;
  console.log(`\nWhole database: ${whole.total} appointments in ${whole.slots} slots; ${whole.over} slots over capacity; ${whole.ledger} appointments whose places differ from their people`);

  // ---- Report
  const runs = [shed, noShed];
  const goodputOk = shed.stats.goodput >= 0.9 * cRef;
  const rejOk = shed.stats.rejected > 0 && shed.stats.rejP[2] < 20;
  const maxOk = shed.stats.ok > 0 && shed.stats.okP[3] <= 1000;
  const overOk = whole.over === 0 && whole.ledger === 0 && runs.every((r) => r.oracle.overbookedSlots === 0 && r.oracle.ledgerMismatch === 0 && r.oracle.duplicates === 0);
  const verdict = (b: boolean) => (b ? "met" : "**missed**");
  const q = (p: [number, number, number, number]) => `${ms1(p[0])} / ${ms1(p[1])} / ${ms1(p[2])} / ${ms1(p[3])}`;
  const capLine = (label: string, cap: TStats) => `| Capacity, ${label}: closed loop, ${CONNECTIONS} connections, ${CAPACITY_SECONDS} s | ${fmt(cap.offered, 1)} | **${fmt(cap.goodput, 1)}** | – | ${cap.ok} | ${cap.rejected} | ${cap.failed} | ${q(cap.okP)} | ${cap.rejected ? q(cap.rejP) : "–"} | ${cap.okLate} |`;
  const runLine = (r: TRun) => `| ${r.name} | ${fmt(r.stats.offered, 1)} | **${fmt(r.stats.goodput, 1)}** | **${pct(r.stats.goodput, r.c)}** | ${r.stats.ok} | ${r.stats.rejected} | ${r.stats.failed} | ${q(r.stats.okP)} | ${r.stats.rejected ? q(r.stats.rejP) : "–"} | ${r.stats.okLate} |`;
  const table = [
    `| phase | offered req/s | goodput: 201/s inside the window | ÷ capacity measured just before | 201 | 503 | timeouts + errors | 201 latency ms p50 / p95 / p99 / max | 503 latency ms p50 / p95 / p99 / max | 201 over 1 s |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    capLine("shedding on (C)", capA.stats),
    runLine(shed),
    capLine("shedding on, again after the overload", capA2.stats),
    capLine("shedding off", capB.stats),
    runLine(noShed),
  ].join("\n");
  const oracleTable = [
    `| phase | places per slot | appointments | slots over capacity | appointments whose place rows ≠ people | e-mails booked twice | booked, but the client never got the answer | answered 201, not booked | server still booking after the last answer |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...runs.map((r) => `| ${r.name} | ${r.capacity} | ${r.oracle.appointments} | **${r.oracle.overbookedSlots}** | ${r.oracle.ledgerMismatch} | ${r.oracle.duplicates} | ${r.oracle.unanswered} | ${r.oracle.phantom} | ${fmt(r.settleS, 0)} s |`),
  ].join("\n");
  const cpuRows: [string, TCpu | null][] = [["Idle, before the benchmark (2 s)", idleCpu], ["Capacity, shedding on", capA.cpu], [shed.name, shed.cpu], ["Capacity, shedding on, after the overload", capA2.cpu], ["Capacity, shedding off", capB.cpu], [noShed.name, noShed.cpu]];
  const cpuTable = [
    `| phase | cores busy (of ${os.cpus().length}) | server | PostgreSQL | load generator (this script) | other processes on the machine |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...cpuRows.map(([n, c]) => (c ? `| ${n} | ${c.total.toFixed(2)} | ${c.server.toFixed(2)} | ${c.postgres.toFixed(2)} | ${c.load.toFixed(2)} | ${c.others.toFixed(2)} |` : `| ${n} | n/a | | | | |`)),
  ].join("\n");
  const noisy = cpuRows.slice(1).filter(([, c]) => (c?.others ?? 0) > 0.3).map(([n, c]) => `${n} (${c!.others.toFixed(2)} cores)`);

  const targets = [
    `- Goodput with shedding ≥ 90 % of capacity (no collapse): ${fmt(shed.stats.goodput, 1)} bookings/s = ${pct(shed.stats.goodput, C)} of C measured before the overload and ${pct(shed.stats.goodput, capA2.stats.goodput)} of the capacity measured again after it (${fmt(capA2.stats.goodput, 1)}/s); judged against the higher of the two → ${verdict(goodputOk)}. Without shedding: ${pct(noShed.stats.goodput, capB.stats.goodput)} of its own capacity inside the window (every 201 until the last answer: ${fmt(noShed.stats.goodputAll, 1)}/s over ${fmt(noShed.stats.wallS, 1)} s), but only ${fmt(noShed.stats.okFast, 1)} bookings/s answered within 1 s (${pct(noShed.stats.okFast, capB.stats.goodput)}), against ${fmt(shed.stats.okFast, 1)}/s with shedding.`,
    `- Rejections (503) answered in < 20 ms at p99: p99 ${ms1(shed.stats.rejP[2])} ms (p50 ${ms1(shed.stats.rejP[0])}, p95 ${ms1(shed.stats.rejP[1])}, max ${ms1(shed.stats.rejP[3])}) from the scheduled time → ${verdict(rejOk)}. Counted from the actual send instead (the generator's own lateness left out): p50 ${ms1(shed.stats.rejSentP[0])}, p95 ${ms1(shed.stats.rejSentP[1])}, p99 ${ms1(shed.stats.rejSentP[2])} ms. Every 503 carried Retry-After: ${statusText(shed.stats.retryAfter) || "–"}.`,
    `- No admitted booking over 1 s: the slowest 201 took ${ms1(shed.stats.okP[3])} ms, ${shed.stats.okLate} of ${shed.stats.ok} over 1 s → ${verdict(maxOk)}. Without shedding: ${noShed.stats.okLate} of ${noShed.stats.ok} over 1 s, the slowest ${ms1(noShed.stats.okP[3])} ms, and ${fmt(noShed.stats.timeouts)} requests given up after ${TIMEOUT_S} s.`,
    `- 0 overbooked: ${runs.map((r) => `${r.short}: ${r.oracle.overbookedSlots} slots over capacity, ${r.oracle.ledgerMismatch} appointments whose places differ from their people`).join("; ")}; over the whole database after the run (every measure, the probe and any discarded attempt): ${fmt(whole.total)} appointments in ${fmt(whole.slots)} slots, ${whole.over} slots over capacity, ${whole.ledger} appointments whose places differ from their people → ${verdict(overOk)}.`,
  ].join("\n");

  const giveUpText = [
    `| first wave of ${GATE} (the gate's size) | second wave (sent ${SECOND_MS} ms later) admitted, of ${3 * GATE} | second wave booked | first wave answered | first wave booked (database) |`,
    `|---|---:|---:|---:|---:|`,
    `| waits for its answers (control) | ${kept.secondAdmitted} | ${kept.secondBooked} | ${kept.firstAnswered} | ${kept.firstBooked} |`,
    `| abandoned by its clients after ${ABANDON_MS} ms | **${abandoned.secondAdmitted}** | ${abandoned.secondBooked} | ${abandoned.firstAnswered} | ${abandoned.firstBooked} |`,
  ].join("\n");
  const leak = abandoned.secondAdmitted > kept.secondAdmitted + GATE && abandoned.firstBooked > 0;
  const giveUpNote = leak
    ? `**The gate does not bound the bookings of clients that give up.** It releases a place on the response's \`close\` event (\`res.once("close", release)\` in lib/server/http-server.ts), and Node emits \`close\` as soon as the client's connection goes away, while the booking goes on: ${abandoned.firstBooked} of the ${3 * GATE} abandoned bookings were written, and ${abandoned.secondAdmitted} of the ${3 * GATE} second-wave requests were let in meanwhile (control: ${kept.secondAdmitted}). Under overload with impatient clients (timeouts, reloads, a script that sends and disconnects), the booking writes running at once are then no longer bounded by BOOKING_CONCURRENCY. Releasing the place when the handler has finished (not when the socket closes) would keep the bound.`
    : abandoned.firstBooked === 0
      ? `The abandoned bookings were not written (${abandoned.firstBooked} of ${3 * GATE}): the work stopped with the connection, so releasing the gate's place on \`close\` let nothing extra run.`
      : `Abandoned requests did not let noticeably more bookings in than the control (${abandoned.secondAdmitted} against ${kept.secondAdmitted} of ${3 * GATE}), though ${abandoned.firstBooked} of the ${3 * GATE} abandoned bookings were written.`;

  const shedFast = shed.stats.okP[2] <= 2 * capA.stats.okP[2];
  const interpretation = [
    `- **With shedding** the server ran at most ${GATE} booking writes at once (while no client gave up) and answered the rest at once: ${fmt(shed.stats.rejected)} of ${fmt(shed.stats.sent)} requests (${pct(shed.stats.rejected, shed.stats.sent)}) got a 503 with Retry-After. The admitted bookings' p99 was ${ms1(shed.stats.okP[2])} ms against ${ms1(capA.stats.okP[2])} ms at capacity${shedFast ? ` (the queue does not grow: latency stays that of ${GATE} bookings at a time)` : " (slower than at capacity: the rejections, the generator and other processes took CPU from the admitted bookings)"}, and goodput was ${pct(shed.stats.goodput, cRef)} of the higher capacity measure. ${shed.stats.goodput < cRef ? `A rejection is not free: the server accepts the connection, parses and routes the request and answers it, and this script sends and reads it on the same ${os.cpus().length} cores; at ${fmt(shed.stats.rejected / SECONDS, 0)} rejections per second that is part of the gap.` : `The ${fmt(shed.stats.rejected / SECONDS, 0)} rejections per second cost the bookings nothing measurable here.`} The capacity measures were ${fmt(C, 1)} (before), ${fmt(capA2.stats.goodput, 1)} (after) and ${fmt(capB.stats.goodput, 1)} bookings/s (restarted server)${(() => { const cs = [C, capA2.stats.goodput, capB.stats.goodput]; return (Math.max(...cs) - Math.min(...cs)) / Math.max(...cs) > 0.1 ? ": a spread of over 10 % between identical measures (the machine's noise, and a server that got faster as it warmed up), which bounds what the ratios can tell" : ": within 10 % of one another"; })()}.`,
    `- **Without shedding** every request was admitted and queued in the server: the bookings answered took p50 ${ms1(noShed.stats.okP[0])} ms, max ${ms1(noShed.stats.okP[3])} ms, ${fmt(noShed.stats.timeouts)} of ${fmt(noShed.stats.sent)} clients gave up after ${TIMEOUT_S} s, goodput inside the window was ${pct(noShed.stats.goodput, capB.stats.goodput)} of the capacity measured just before on the same server, and ${fmt(noShed.oracle.unanswered)} of those ${fmt(noShed.stats.timeouts)} abandoned requests were booked all the same (${noShed.oracle.appointments} appointments for ${noShed.stats.ok} confirmations received): the citizen was never told, and one who retries books twice or believes they have no appointment. The server stopped booking ${fmt(noShed.settleS, 0)} s after the last answer${noShed.oracle.unanswered < noShed.stats.timeouts ? ` (an abandoned request whose body was not read yet fails when it reaches that step, so not every one of them is booked)` : ""}. While the overload lasts, its capacity goes to requests nobody waits for: this is the collapse shedding avoids.`,
    `- Latencies are measured by this script on the same machine from each request's scheduled time (a late send counts against the server). The generator's own lateness: p99 ${ms1(shed.lagP99)} ms (max ${ms1(shed.lagMax)} ms) with shedding, p99 ${ms1(noShed.lagP99)} ms (max ${ms1(noShed.lagMax)} ms) without; part of a 503's latency is this process's event loop reading answers while it sends.`,
    ...(retried.length ? [`- Measures made again because other processes used over ${NOISY} core during them: ${retried.join("; ")}.`] : []),
    noisy.length ? `- **Other processes on the machine used over 0.3 core during ${noisy.join(", ")}** (the script waited up to ${QUIET_WAIT_S} s for 2 quiet seconds before each measure, and made a noisy measure again up to ${ATTEMPTS} times in all): figures measured then are low, and capacity and overload may have had different shares of the machine.` : `- Other processes on the machine stayed under 0.3 core during every measure.`,
  ].join("\n");
  const answers = runs.map((r) => `- ${r.name}, every answer: ${statusText(r.stats.byStatus)}.`).join("\n");
  const logs = runs
    .map((r) => `- Server log, ${r.short}: ${r.log.messages.size ? [...r.log.messages].sort((x, y) => y[1] - x[1]).slice(0, 5).map(([k, v]) => `${k.replace(/\|/g, "\\|")} × ${v}`).join("; ") : "no warnings or errors"}${r.log.statuses.size ? `; 5xx in the access log over the server's life (discarded attempts and the probe included): ${[...r.log.statuses].map(([k, v]) => `${k} × ${v}`).join(", ")}` : ""}.`)
    .join("\n");

  const dirty = (() => {
    try {
      return execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { encoding: "utf8" }).split("\n").filter(Boolean).map((l) => l.slice(3));
    } catch {
      return [];
    }
  })();

  const section = `<!-- bench:overload -->
## B-overload: booking at 5× capacity (bench/overload)

Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, fsync on), code ${revision}${dirty.length ? ` with uncommitted changes in the working tree (${dirty.join(", ")})` : ""}; one app server (\`scripts/start.ts\`, production build); nothing pinned: the server, PostgreSQL and the load generator share the ${os.cpus().length} cores, and the machine may be shared: results are noisy, compare within a run. \`npm run bench:overload\` regenerates this section.

Method: POST /api/v1/appointments with an API key (town lutece), each request a new citizen (unique e-mail), 1 person, on a service with 20-minute slots all day for three weeks (${starts.length} slots) taken round robin, with enough places per slot that none runs out (each phase has its own service). The server runs with API_RATE_LIMIT, HOLD_RATE_LIMIT and CITIZEN_RATE_LIMIT at 1,000,000 so that no rate limit answers (no 429 below). Before each measure the script waits for the previous phase's confirmation mails to be sent and for 2 quiet seconds on the machine; a measure during which other processes used over ${NOISY} core is made again (up to ${ATTEMPTS} times in all, the last one kept).
1. **Capacity C**: BOOKING_CONCURRENCY at its default (${GATE}); the fresh database ANALYZEd after seeding; after a warm-up of ${WARMUP_SECONDS} s, a closed loop of ${CONNECTIONS} connections (the gate's size, so nothing is refused) for ${CAPACITY_SECONDS} s; C = 201 answers per second. Measured again on the same server after the overload (and the give-up probe), to see how much it drifts.
2. **Overload, shedding on**: the same server; an open-loop generator (this script: node:http, keep-alive, a new connection whenever none is free) sends request *k* at *t0 + k / (${FACTOR} × C)* for ${SECONDS} s = **${fmt(rate, 1)} req/s**, whatever the answers; latency runs from the scheduled time; a client gives up after ${TIMEOUT_S} s. Goodput = 201 answers received inside the ${SECONDS} s window ÷ ${SECONDS} s.
3. **Overload, shedding off**: the same build started again with BOOKING_CONCURRENCY=${SHEDDING_OFF} (the gate never refuses); the same warm-up and capacity measure, then the same open-loop load (${fmt(rate, 1)} req/s).
After each overload the script waits until the server has stopped writing bookings, then queries the database (oracle).

${table}

Oracle on the database after each overload:

${oracleTable}

### Targets (shedding on)

${targets}

### Interpretation

${interpretation}

### Clients that give up (shedding on)

On the shedding server after the overload, three rounds: ${GATE} bookings sent at once, ${GATE} more ${SECOND_MS} ms later while the first are still running; first with the first wave waiting for its answers, then with its clients closing their connections after ${ABANDON_MS} ms.

${giveUpText}

${giveUpNote}

### Notes

${answers}
${logs}
- CPU during each measure (from /proc):

${cpuTable}
<!-- /bench:overload -->`;

  const file = path.resolve("docs/benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const next = /<!-- bench:overload -->[\s\S]*<!-- \/bench:overload -->/.test(current) ? current.replace(/<!-- bench:overload -->[\s\S]*<!-- \/bench:overload -->/, () => section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log(`\n${table}\n\n${oracleTable}\n\n${giveUpText}\n${giveUpNote}\n\n${targets}\n\n${interpretation}\n\n${answers}\n${logs}\n\n${cpuTable}\n\nWritten to docs/benchmarks.md`);
} catch (error) {
  console.error("\nbench/overload failed:", error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
