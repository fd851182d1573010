// bench/rush: booking through the public API against two app servers sharing one PostgreSQL.
//   1. Rush correctness, repeated --runs times: --attempts booking attempts in flight at once (split over
//      both servers) at one slot of --places places; ~0.6 × attempts distinct citizens, some sending 2 or
//      3 attempts (different Idempotency-Keys), some attempts sent twice (same key). An oracle query on
//      the database counts overbooked places, duplicate bookings per citizen, places left empty, lost
//      confirmations and idempotency anomalies.
//   2. Throughput for --duration seconds: booking POSTs spread over a service's slots (unique citizens),
//      then GET /api/v1/ping (no database) with the same client (wrk + Lua), same connections and split;
//      plus the same booking load spread over two towns (two audit chains) to see whether one town's
//      audit chain head (decision 006) limits it. pg_stat_activity is sampled during the booking phases.
//   3. pgbench -N on the same PostgreSQL cluster (its own database), the write-rate reference.
// The servers are scripts/start.ts (through bench/rush/server.ts), production build, same database.
// Nothing is pinned: servers, PostgreSQL, wrk and this process share the machine's cores.
// Needs wrk and pgbench. Results are printed and written into docs/benchmarks.md (bench:rush section).
// Usage: npm run bench:rush [-- --runs 20 --attempts 1000 --places 100 --duration 10 --connections 32 --keep-logs]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, copyFileSync, createReadStream, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import pg from "pg";
import { findFreePort, startEmbeddedPostgres, type TEmbeddedDatabase } from "@/lib/core/embedded-postgres";
import { ensureBuild } from "@/scripts/lib/build";
import { fmt, median, percentile, sleep } from "@/bench/lib/stats";

// ---------------------------------------------------------------------------------------------------
// Options and environment

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const RUNS = option("runs", 20);
const ATTEMPTS = option("attempts", 1000);
const PLACES = option("places", 100);
const DURATION = option("duration", 10);
const CONNECTIONS = option("connections", 32);
/** --keep-logs: copy the servers' and PostgreSQL's logs to a directory under the system's temp dir. */
const KEEP_LOGS = args.includes("--keep-logs");
/** The highest value lib/core/env.ts accepts (1,000,000 requests a minute per key and server). */
const API_RATE_LIMIT = "1000000";

const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
for (const cmd of ["wrk", "pgbench"]) {
  if (!has(cmd)) {
    console.error(`bench/rush needs ${cmd} (Debian: apt-get install ${cmd === "wrk" ? "wrk" : "postgresql-client"}).`);
    process.exit(2);
  }
}

const TMP = mkdtempSync(path.join(os.tmpdir(), "civitas-rush-"));
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
    console.error(`\n${signal}: stopping the servers and the database…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)} %` : "n/a");

/** A deterministic generator (mulberry32), so a run's demand can be reproduced. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle<T>(xs: T[], random: () => number): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [xs[i], xs[j]] = [xs[j]!, xs[i]!];
  }
  return xs;
}

type TResponse = { status: number; body: string; ms: number; error?: string };

function request(agent: http.Agent, port: number, host: string, method: string, urlPath: string, headers: Record<string, string>, body?: string, started = performance.now()): Promise<TResponse> {
  return new Promise((resolve) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, path: urlPath, agent, headers: { host, ...headers, ...(body !== undefined ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } : {}) }, timeout: 120_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), ms: performance.now() - started }));
        res.on("error", (e) => resolve({ status: 0, body: "", ms: performance.now() - started, error: e.message }));
      },
    );
    req.on("timeout", () => req.destroy(new Error("client timeout (120 s)")));
    req.on("error", (e) => resolve({ status: 0, body: "", ms: performance.now() - started, error: e.message }));
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------------
// Servers

type TServer = { child: ChildProcess; port: number; log: string };

/** Stops the benchmark if a server has ended (a crash, or a signal from outside). */
function assertAlive(servers: TServer[]) {
  for (const s of servers) {
    if (s.child.exitCode !== null || s.child.signalCode !== null) {
      throw new Error(`the server on port ${s.port} ended (exit code ${s.child.exitCode}, signal ${s.child.signalCode}); its last log lines:\n${readFileSync(s.log, "utf8").split("\n").slice(-8).join("\n")}`);
    }
  }
}

async function startServer(databaseUrl: string, authSecret: string, name: string): Promise<TServer> {
  const port = await findFreePort();
  const log = path.join(TMP, `server-${name}.log`);
  const fd = openSync(log, "w");
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "bench/rush/server.ts"], {
    stdio: ["ignore", fd, fd],
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, PORT: String(port), NODE_ENV: "production", CIVITAS_SKIP_BUILD: "1", API_RATE_LIMIT } as NodeJS.ProcessEnv,
  });
  closeSync(fd);
  children.push(child);
  const agent = new http.Agent({ keepAlive: false });
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server ${name} exited (code ${child.exitCode}); its log:\n${readFileSync(log, "utf8").slice(-4000)}`);
    const r = await request(agent, port, `localhost:${port}`, "GET", "/api/ready", {});
    if (r.status === 200) return { child, port, log };
    await sleep(500);
  }
  throw new Error(`server ${name} not ready after 300 s`);
}

// ---------------------------------------------------------------------------------------------------
// CPU accounting from /proc (Linux): cores used by the servers, PostgreSQL, this process, the rest (wrk)

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

type TCpu = { seconds: number; total: number; servers: number; postgres: number; load: number; others: number };

/**
 * Cores used between two snapshots by: the two servers (their process trees), this benchmark's PostgreSQL
 * (its processes under this one), the load generator (wrk or pgbench, and this script), and everything
 * else on the machine (other people's processes: the machine may be shared).
 */
function cpuBetween(a: TProcSnap | null, b: TProcSnap | null, serverPids: number[], loadPids: number[]): TCpu | null {
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
  const loadRoots = new Set(loadPids);
  const self = new Set([process.pid]);
  let servers = 0;
  let postgres = 0;
  let load = 0;
  for (const [pid, after] of b.procs) {
    const delta = after.ticks - (a.procs.get(pid)?.ticks ?? 0);
    if (delta <= 0 || pid === process.pid) continue;
    if (inTree(pid, serverRoots)) servers += delta;
    else if (inTree(pid, loadRoots)) load += delta;
    else if (after.comm === "postgres" && inTree(pid, self)) postgres += delta;
  }
  const total = (b.busy - a.busy) / TICKS / seconds;
  const bench = (b.self.user - a.self.user + b.self.system - a.self.system) / 1e6 / seconds;
  const [sv, pgc, ld] = [servers / TICKS / seconds, postgres / TICKS / seconds, load / TICKS / seconds + bench];
  return { seconds, total, servers: sv, postgres: pgc, load: ld, others: Math.max(0, total - sv - pgc - ld) };
}

const cpuText = (c: TCpu | null) =>
  c ? `${c.total.toFixed(2)} of ${os.cpus().length} cores busy: servers ${c.servers.toFixed(2)}, PostgreSQL ${c.postgres.toFixed(2)}, load generator ${c.load.toFixed(2)}, other processes on the machine ${c.others.toFixed(2)}` : "n/a (no /proc)";

/** Resident memory (MB) of each server's process tree (tsx's launcher and the server process). */
function serverRss(servers: TServer[]): number[] {
  const snap = procSnapshot();
  return servers.map((s) => {
    let kb = 0;
    for (const pid of snap?.procs.keys() ?? []) {
      let q = pid;
      for (let hops = 0; q > 1 && hops < 30 && q !== s.child.pid; hops++) q = snap?.procs.get(q)?.ppid ?? 0;
      if (q !== s.child.pid) continue;
      try {
        kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
      } catch {
        // ended
      }
    }
    return Math.round(kb / 1024);
  });
}

/**
 * The machine may be shared (other people's tests, builds): before a measure, wait (up to maxSeconds)
 * for a second in which processes other than ours use under 0.3 core. Returns the seconds waited.
 */
async function waitQuiet(serverPids: number[], label: string, maxSeconds = 180): Promise<number> {
  const started = performance.now();
  let said = false;
  for (;;) {
    const before = procSnapshot();
    await sleep(1000);
    const cpu = cpuBetween(before, procSnapshot(), serverPids, []);
    const waited = (performance.now() - started) / 1000;
    if (!cpu || cpu.others < 0.3) return said ? waited : 0;
    if (waited > maxSeconds) {
      console.log(`    (other processes still use ${cpu.others.toFixed(2)} cores; measuring ${label} anyway)`);
      return waited;
    }
    if (!said) console.log(`    (waiting for other processes on the machine to calm down before ${label}: ${cpu.others.toFixed(2)} cores)`);
    said = true;
  }
}

// ---------------------------------------------------------------------------------------------------
// pg_stat_activity sampling: what the database sessions are doing during a load phase

type TActivity = { samples: number; active: number; idleInTx: number; byKey: Map<string, number>; blocked: Map<string, number> };

function statementClass(query: string | null): string {
  const q = (query ?? "").replace(/\s+/g, " ").trim();
  if (/audit_chain/.test(q) && /FOR UPDATE/i.test(q) && /INSERT INTO audit_entry/.test(q)) return "audit head: append in one statement (head FOR UPDATE, entry, head)";
  if (/audit_chain/.test(q) && /FOR UPDATE/i.test(q)) return "audit head: SELECT … FOR UPDATE";
  if (/INSERT INTO audit_chain/i.test(q)) return "audit head: INSERT … ON CONFLICT";
  if (/"audit_chain"/.test(q)) return "audit head: UPDATE";
  if (/audit_entry/.test(q)) return "audit entry: INSERT";
  if (/pg_advisory_xact_lock/.test(q)) return "citizen lock (advisory)";
  if (/UPDATE appointment_place/.test(q)) return "claim places (UPDATE … SKIP LOCKED)";
  if (/INSERT INTO appointment_slot/.test(q)) return "ensure slot: INSERT";
  if (/FROM appointment_slot s JOIN appointment_place/.test(q)) return "taken places (availability)";
  if (/FROM appointment_slot/.test(q)) return "ensure slot: SELECT";
  if (/INSERT INTO "public"\."appointment"/.test(q)) return "appointment: INSERT";
  if (/FROM "public"\."appointment" /.test(q) || /FROM "public"\."appointment" WHERE/.test(q)) return "appointment: SELECT";
  if (/"appointment_service"|"appointment_rule"|"appointment_site"|"appointment_service_site"/.test(q)) return "service: SELECT";
  if (/appointment_closure/.test(q)) return "closures: SELECT";
  if (/outbox_message/.test(q)) return "outbox";
  if (/pgboss/.test(q)) return "pg-boss";
  if (/api_key/.test(q)) return "api key";
  if (/^COMMIT/i.test(q)) return "COMMIT";
  if (/^BEGIN/i.test(q)) return "BEGIN";
  if (/^ROLLBACK/i.test(q)) return "ROLLBACK";
  return q.slice(0, 60) || "(none)";
}

function startActivitySampler(client: pg.Client, everyMs = 50): { stop: () => Promise<TActivity> } {
  const activity: TActivity = { samples: 0, active: 0, idleInTx: 0, byKey: new Map(), blocked: new Map() };
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const { rows } = await client.query<{ state: string; wait_event_type: string | null; wait_event: string | null; query: string; application_name: string; blocker: string | null }>(`
          SELECT a.state, a.wait_event_type, a.wait_event, left(a.query, 300) AS query, a.application_name,
                 CASE WHEN a.wait_event_type = 'Lock' THEN
                   (SELECT b.state || '|' || left(b.query, 300) FROM pg_stat_activity b WHERE b.pid = (pg_blocking_pids(a.pid))[1] LIMIT 1) END AS blocker
            FROM pg_stat_activity a
           WHERE a.datname = current_database() AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
             AND a.state IN ('active', 'idle in transaction')`);
        activity.samples++;
        for (const r of rows) {
          if (r.application_name === "civitas-jobs") continue;
          if (r.state === "active") activity.active++;
          else activity.idleInTx++;
          const wait = r.state === "active" ? (r.wait_event_type ? `${r.wait_event_type}:${r.wait_event}` : "running (CPU)") : "idle in transaction (app's turn)";
          const key = `${wait} | ${statementClass(r.query)}`;
          activity.byKey.set(key, (activity.byKey.get(key) ?? 0) + 1);
          if (r.blocker) {
            const [state, ...rest] = r.blocker.split("|");
            const bkey = `${statementClass(r.query)} ← held by a session ${state === "active" ? "running" : state} after: ${statementClass(rest.join("|"))}`;
            activity.blocked.set(bkey, (activity.blocked.get(bkey) ?? 0) + 1);
          }
        }
      } catch {
        // a sample lost; keep going
      }
      await sleep(Math.max(0, everyMs - (performance.now() - started)));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return activity;
    },
  };
}

function activityTable(a: TActivity, top = 10): string {
  const rows = [...a.byKey.entries()].sort((x, y) => y[1] - x[1]).slice(0, top);
  return [
    `| sessions doing this (average) | share | wait state \\| statement |`,
    `|---:|---:|---|`,
    ...rows.map(([k, n]) => `| ${(n / Math.max(1, a.samples)).toFixed(2)} | ${pct(n, a.active + a.idleInTx)} | ${k.replace(/\|/g, "\\|")} |`),
  ].join("\n");
}

// ---------------------------------------------------------------------------------------------------
// wrk

type TWrk = { requests: number; seconds: number; rps: number; counts: Record<string, number>; socketErrors: number; quantiles: number[]; raw: string };

const LUA_FOOTER = `
s201, s200, s409, s422, s429, s4xx, s5xx, sother = 0, 0, 0, 0, 0, 0, 0, 0
response = function(status, headers, body)
  if status == 201 then s201 = s201 + 1
  elseif status == 200 then s200 = s200 + 1
  elseif status == 409 then s409 = s409 + 1
  elseif status == 422 then s422 = s422 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status >= 400 and status < 500 then s4xx = s4xx + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else sother = sother + 1 end
end
local threads = {}
setup = function(thread) table.insert(threads, thread) end
done = function(summary, latency, requests)
  local names = { "s201", "s200", "s409", "s422", "s429", "s4xx", "s5xx", "sother" }
  local out = {}
  for _, name in ipairs(names) do
    local n = 0
    for _, t in ipairs(threads) do n = n + (t:get(name) or 0) end
    table.insert(out, name .. "=" .. n)
  end
  local e = summary.errors
  io.write(string.format("CIVITAS requests=%d duration_us=%d socket_errors=%d %s\\n", summary.requests, summary.duration,
    e.connect + e.read + e.write + e.timeout, table.concat(out, " ")))
  local q = {}
  for i = 0, 999 do table.insert(q, string.format("%d", latency:percentile((i + 0.5) / 10))) end
  io.write("CIVITAS_Q " .. table.concat(q, " ") .. "\\n")
end
`;

function bookingLua(name: string, input: { serviceId: string; starts: string[]; prefix: string; offset: number }): string {
  const file = path.join(TMP, `${name}.lua`);
  writeFileSync(
    file,
    `-- Booking POSTs: one unique citizen per request, slots taken round robin.
local starts = { ${input.starts.map((s) => `"${s}"`).join(", ")} }
local counter = 0
request = function()
  counter = counter + 1
  local start = starts[(${input.offset} + counter) % #starts + 1]
  local body = '{"serviceId":"${input.serviceId}","start":"' .. start .. '","citizen":{"firstName":"Bench","lastName":"Load","email":"${input.prefix}-' .. counter .. '@bench.example.net"}}'
  return wrk.format("POST", "/api/v1/appointments", nil, body)
end
${LUA_FOOTER}`,
  );
  return file;
}

function pingLua(): string {
  const file = path.join(TMP, "ping.lua");
  writeFileSync(file, `-- GET /api/v1/ping: the no-op route handler.\nrequest = function()\n  return wrk.format("GET", "/api/v1/ping")\nend\n${LUA_FOOTER}`);
  return file;
}

function runWrk(script: string, url: string, headers: string[]): { pid: number; done: Promise<TWrk> } {
  const child = spawn("wrk", ["-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--timeout", "30s", "-s", script, ...headers.flatMap((h) => ["-H", h]), url], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const done = new Promise<TWrk>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("error", reject);
    child.on("exit", (code) => {
      children.splice(children.indexOf(child), 1);
      const m = /CIVITAS requests=(\d+) duration_us=(\d+) socket_errors=(\d+) (.*)/.exec(out);
      const q = /CIVITAS_Q (.*)/.exec(out);
      if (code !== 0 || !m || !q) return reject(new Error(`wrk failed (exit ${code}):\n${out}`));
      const counts: Record<string, number> = {};
      for (const kv of m[4]!.trim().split(" ")) {
        const [k, v] = kv.split("=");
        counts[k!.slice(1)] = Number(v);
      }
      const requests = Number(m[1]);
      const seconds = Number(m[2]) / 1e6;
      resolve({ requests, seconds, rps: requests / seconds, counts, socketErrors: Number(m[3]), quantiles: q[1]!.trim().split(" ").map(Number), raw: out });
    });
  });
  return { pid: child.pid ?? 0, done };
}

/** CPU over the middle of a timed load (started just before): snapshots while the load generator still runs. */
async function cpuDuring(serverPids: number[], loadPids: number[]): Promise<TCpu | null> {
  await sleep(300);
  const before = procSnapshot();
  await sleep(Math.max(500, DURATION * 1000 - 800));
  return cpuBetween(before, procSnapshot(), serverPids, loadPids);
}

type TLoad = { name: string; rps: number; bookings: number; counts: Record<string, number>; socketErrors: number; p50: number; p95: number; p99: number; cpu: TCpu | null; activity?: TActivity };

/** Both wrk processes' latency distributions merged (each as 1,000 quantiles weighted by its requests), in ms. */
function mergedQuantile(parts: TWrk[], p: number): number {
  const points = parts.flatMap((w) => w.quantiles.map((v) => ({ v, w: w.requests / w.quantiles.length }))).sort((a, b) => a.v - b.v);
  const total = points.reduce((s, x) => s + x.w, 0);
  let acc = 0;
  for (const x of points) {
    acc += x.w;
    if (acc >= (p / 100) * total) return x.v / 1000;
  }
  return (points.at(-1)?.v ?? 0) / 1000;
}

async function load(name: string, targets: { port: number; host: string; script: string; path: string; headers: string[] }[], serverPids: number[], sampler?: pg.Client): Promise<TLoad> {
  await waitQuiet(serverPids, name);
  const sampling = sampler ? startActivitySampler(sampler) : null;
  const wrks = targets.map((t) => runWrk(t.script, `http://127.0.0.1:${t.port}${t.path}`, [`Host: ${t.host}`, ...t.headers]));
  const cpu = await cpuDuring(serverPids, wrks.map((w) => w.pid));
  const parts = await Promise.all(wrks.map((w) => w.done));
  const activity = sampling ? await sampling.stop() : undefined;
  const counts: Record<string, number> = {};
  for (const w of parts) for (const [k, v] of Object.entries(w.counts)) counts[k] = (counts[k] ?? 0) + v;
  const result: TLoad = {
    name,
    rps: parts.reduce((s, w) => s + w.rps, 0),
    bookings: parts.reduce((s, w) => s + (w.counts["201"] ?? 0) / w.seconds, 0),
    counts,
    socketErrors: parts.reduce((s, w) => s + w.socketErrors, 0),
    p50: mergedQuantile(parts, 50),
    p95: mergedQuantile(parts, 95),
    p99: mergedQuantile(parts, 99),
    cpu,
    activity,
  };
  console.log(`${name.padEnd(52)} ${fmt(result.rps).padStart(7)} req/s  ${fmt(result.bookings).padStart(6)} bookings/s  p50 ${result.p50.toFixed(1)} p95 ${result.p95.toFixed(1)} p99 ${result.p99.toFixed(1)} ms  ${JSON.stringify(counts)} socket errors ${result.socketErrors}`);
  console.log(`    CPU: ${cpuText(cpu)}`);
  return result;
}

// ---------------------------------------------------------------------------------------------------
// The rush

type TAttempt = { n: number; citizen: number; key: string; retry: boolean; instance: number; body: string };
type TRun = {
  run: number;
  slot: string;
  attempts: number;
  citizens: number;
  capacity: number;
  bookedPlaces: number;
  bookedPeople: number;
  appointments: number;
  overbooked: number;
  duplicates: number;
  empty: number;
  ledgerMismatch: number;
  lost: number;
  phantom: number;
  replayMismatch: number;
  replayRefused: number;
  twinOutcomes: Map<string, number>;
  codes: Record<string, number>;
  errorCodes: Map<string, number>;
  wallMs: number;
  lastBookingMs: number;
  p50: number;
  p99: number;
  transportErrors: string[];
  cpu: TCpu | null;
};

/** ~0.6 × attempts citizens; ~10 % of the attempts are exact retries; the rest spread 1–3 keys per citizen. */
function demand(run: number, attempts: number, serviceId: string, start: string): { list: TAttempt[]; citizens: number } {
  const random = prng(0x5eed + run);
  const retries = Math.round(attempts * 0.1);
  const logical = attempts - retries;
  const citizens = Math.min(Math.round(attempts * 0.6), logical);
  const extras = logical - citizens;
  const triples = Math.floor(extras / 4);
  const doubles = extras - 2 * triples;
  const keysPer = shuffle(
    Array.from({ length: citizens }, (_, i) => (i < triples ? 3 : i < triples + doubles ? 2 : 1)),
    random,
  );
  const runTag = `${Date.now().toString(36)}-${run}`;
  const originals: Omit<TAttempt, "instance" | "n">[] = [];
  keysPer.forEach((k, citizen) => {
    const body = JSON.stringify({ serviceId, start, citizen: { firstName: `Prénom${citizen}`, lastName: `Nom${citizen}`, email: `rush${run}-c${citizen}-${runTag}@bench.example.net` } });
    for (let j = 0; j < k; j++) originals.push({ citizen, key: `rush-${runTag}-c${citizen}-k${j}`, retry: false, body });
  });
  const copies = shuffle([...originals], random).slice(0, retries).map((a) => ({ ...a, retry: true }));
  const list = shuffle([...originals, ...copies], random).map((a, n) => ({ ...a, n, instance: n % 2 }));
  return { list, citizens };
}

async function rushRun(
  run: number,
  ctx: { serviceId: string; start: Date; startLabel: string; apiKey: string; servers: TServer[]; agents: http.Agent[]; oracle: pg.Client },
): Promise<TRun> {
  const { list, citizens } = demand(run, ATTEMPTS, ctx.serviceId, ctx.start.toISOString());
  const hosts = ctx.servers.map((s) => `lutece.localhost:${s.port}`);
  // Open (or refresh) one keep-alive connection per attempt, so the rush itself sends on warm sockets.
  const perInstance = ctx.servers.map((_, i) => list.filter((a) => a.instance === i).length);
  await Promise.all(ctx.servers.flatMap((s, i) => Array.from({ length: perInstance[i]! }, () => request(ctx.agents[i]!, s.port, hosts[i]!, "GET", "/api/v1/ping", {}))));

  const cpuBefore = procSnapshot();
  const t0 = performance.now();
  const pending = list.map((a) =>
    request(ctx.agents[a.instance]!, ctx.servers[a.instance]!.port, hosts[a.instance]!, "POST", "/api/v1/appointments", { authorization: `Bearer ${ctx.apiKey}`, "idempotency-key": a.key }, a.body, t0),
  );
  const responses = await Promise.all(pending);
  const wallMs = performance.now() - t0;
  const cpu = cpuBetween(cpuBefore, procSnapshot(), ctx.servers.map((s) => s.child.pid ?? 0), []);

  const codes: Record<string, number> = { "201": 0, "200": 0, "409": 0, "422": 0, "429": 0, other: 0 };
  const errorCodes = new Map<string, number>();
  const transportErrors: string[] = [];
  const refsByKey = new Map<string, Set<string>>();
  const returned = new Set<string>();
  let lastBookingMs = 0;
  responses.forEach((r, i) => {
    const a = list[i]!;
    const code = String(r.status);
    if (code in codes) codes[code]!++;
    else codes.other!++;
    if (r.error) transportErrors.push(r.error);
    let parsed: { reference?: string; error?: { code?: string } } = {};
    try {
      parsed = JSON.parse(r.body) as typeof parsed;
    } catch {
      // not JSON
    }
    if ((r.status === 201 || r.status === 200) && parsed.reference) {
      returned.add(parsed.reference);
      const set = refsByKey.get(a.key) ?? new Set();
      set.add(parsed.reference);
      refsByKey.set(a.key, set);
      if (r.status === 201) lastBookingMs = Math.max(lastBookingMs, r.ms);
    } else {
      const label = `${r.status} ${parsed.error?.code ?? (r.error ? `transport: ${r.error}` : r.body.slice(0, 60))}`;
      errorCodes.set(label, (errorCodes.get(label) ?? 0) + 1);
    }
  });
  // Exact retries: the two answers of one Idempotency-Key sent twice.
  const byKey = new Map<string, number[]>();
  list.forEach((a, i) => byKey.set(a.key, [...(byKey.get(a.key) ?? []), i]));
  const twinOutcomes = new Map<string, number>();
  let replayRefused = 0;
  for (const idx of byKey.values()) {
    if (idx.length < 2) continue;
    const outcome = idx.map((i) => {
      const r = responses[i]!;
      let c = "";
      try {
        c = (JSON.parse(r.body) as { error?: { code?: string } }).error?.code ?? "";
      } catch {
        // not JSON
      }
      return `${r.status}${c ? ` ${c}` : ""}`;
    }).sort().join(" + ");
    twinOutcomes.set(outcome, (twinOutcomes.get(outcome) ?? 0) + 1);
    const statuses = idx.map((i) => responses[i]!.status);
    if (statuses.includes(201) && statuses.some((s) => s !== 201 && s !== 200)) replayRefused++;
  }

  // The oracle: the database itself.
  const slot = await ctx.oracle.query<{ id: string; capacity: number; taken: number }>(
    `SELECT s.id, s.capacity, (SELECT count(*)::int FROM appointment_place p WHERE p."slotId" = s.id AND p."appointmentId" IS NOT NULL) AS taken
       FROM appointment_slot s WHERE s."serviceId" = $1 AND s."startsAt" = $2`,
    [ctx.serviceId, ctx.start],
  );
  const booked = await ctx.oracle.query<{ reference: string; email: string; people: number; places: number }>(
    `SELECT a.reference, a.email, a.people, (SELECT count(*)::int FROM appointment_place p WHERE p."appointmentId" = a.id) AS places
       FROM appointment a WHERE a."serviceId" = $1 AND a."startsAt" = $2 AND a.status = 'booked'`,
    [ctx.serviceId, ctx.start],
  );
  const dup = await ctx.oracle.query<{ extra: number }>(
    `SELECT coalesce(sum(n - 1), 0)::int AS extra FROM (SELECT count(*) AS n FROM appointment WHERE "serviceId" = $1 AND status = 'booked' AND email LIKE $2 GROUP BY email) t`,
    [ctx.serviceId, `rush${run}-%`],
  );
  const capacity = slot.rows[0]?.capacity ?? PLACES;
  const bookedPlaces = slot.rows[0]?.taken ?? 0;
  const bookedPeople = booked.rows.reduce((s, r) => s + r.people, 0);
  const references = new Set(booked.rows.map((r) => r.reference));
  const latencies = responses.map((r) => r.ms);
  return {
    run,
    slot: ctx.startLabel,
    attempts: list.length,
    citizens,
    capacity,
    bookedPlaces,
    bookedPeople,
    appointments: booked.rows.length,
    overbooked: Math.max(0, Math.max(bookedPlaces, bookedPeople) - capacity),
    duplicates: dup.rows[0]?.extra ?? 0,
    empty: citizens >= capacity ? Math.max(0, capacity - bookedPlaces) : 0,
    ledgerMismatch: booked.rows.filter((r) => r.places !== r.people).length + (bookedPlaces !== bookedPeople ? 1 : 0),
    lost: [...references].filter((r) => !returned.has(r)).length,
    phantom: [...returned].filter((r) => !references.has(r)).length,
    replayMismatch: [...refsByKey.values()].filter((s) => s.size > 1).length,
    replayRefused,
    twinOutcomes,
    codes,
    errorCodes,
    wallMs,
    lastBookingMs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    transportErrors,
    cpu,
  };
}

// ---------------------------------------------------------------------------------------------------
// Logs

async function scanServerLog(file: string): Promise<{ levels: Map<string, number>; messages: Map<string, number>; statuses: Map<string, number> }> {
  const levels = new Map<string, number>();
  const messages = new Map<string, number>();
  const statuses = new Map<string, number>();
  if (!existsSync(file)) return { levels, messages, statuses };
  const lines = readline.createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    type TLine = { level?: string; msg?: string; status?: number; path?: string; err?: { message?: string } };
    let entry: TLine | null;
    try {
      entry = line.startsWith("{") ? (JSON.parse(line) as TLine) : null;
    } catch {
      entry = null;
    }
    if (!entry) {
      if (/error|fail|warn|exception/i.test(line)) messages.set(`(text) ${line.slice(0, 160)}`, (messages.get(`(text) ${line.slice(0, 160)}`) ?? 0) + 1);
      continue;
    }
    const level = entry.level ?? "?";
    levels.set(level, (levels.get(level) ?? 0) + 1);
    if (typeof entry.status === "number" && entry.status >= 500) statuses.set(`${entry.status} ${entry.path ?? ""}`, (statuses.get(`${entry.status} ${entry.path ?? ""}`) ?? 0) + 1);
    if (level === "warn" || level === "error" || level === "fatal") {
      const key = `${level}: ${entry.msg ?? ""}${entry.err?.message ? ` (${entry.err.message.replace(/\s+/g, " ").slice(0, 200)})` : ""}`;
      messages.set(key, (messages.get(key) ?? 0) + 1);
    }
  }
  return { levels, messages, statuses };
}

const pgLog: string[] = [];
function pgLogSummary() {
  const slow: string[] = [];
  const waits = new Map<string, number>();
  const errors = new Map<string, number>();
  let lastError: string | null = null;
  for (const line of pgLog) {
    const statement = /^\s*(?:\S+ \S+ UTC \[\d+\] )?STATEMENT:\s+(.*)/.exec(line);
    if (statement && lastError) {
      // Attribute the error to its statement: "ERROR: … (in: <statement class>)".
      const keyed = `${lastError} (in: ${statementClass(statement[1] ?? "")})`;
      errors.set(lastError, (errors.get(lastError) ?? 1) - 1);
      if (!errors.get(lastError)) errors.delete(lastError);
      errors.set(keyed, (errors.get(keyed) ?? 0) + 1);
      lastError = null;
      continue;
    }
    if (!/DETAIL:|HINT:|CONTEXT:/.test(line)) lastError = null;
    const durationMatch = /duration: ([\d.]+) ms\s+(?:statement|execute [^:]*): (.*)/.exec(line);
    if (durationMatch) slow.push(`${Number(durationMatch[1]).toFixed(0)} ms: ${statementClass(durationMatch[2] ?? "")}`);
    const wait = /still waiting for (\w+) on (.*?) after/.exec(line);
    if (wait) waits.set(`${wait[1]} on ${wait[2]!.replace(/\d+/g, "N")}`, (waits.get(`${wait[1]} on ${wait[2]!.replace(/\d+/g, "N")}`) ?? 0) + 1);
    const error = /(ERROR|FATAL|PANIC):\s+(.*)/.exec(line);
    if (error) {
      const key = `${error[1]}: ${error[2]!.replace(/"[0-9a-f-]{36}"/g, '"…"').replace(/\(.*\)=\(.*\)/, "(…)=(…)").slice(0, 160)}`;
      errors.set(key, (errors.get(key) ?? 0) + 1);
      lastError = key;
    }
  }
  const slowByClass = new Map<string, number[]>();
  for (const s of slow) {
    const [ms, cls] = [Number(s.split(" ms: ")[0]), s.split(" ms: ")[1] ?? ""];
    slowByClass.set(cls, [...(slowByClass.get(cls) ?? []), ms]);
  }
  return { slow, slowByClass, waits, errors };
}

// ---------------------------------------------------------------------------------------------------
// Main

const startedAt = new Date();
const revision = (() => {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
let exitCode = 0;
try {
  const idleBefore = procSnapshot();
  await sleep(2000);
  const idleCpu = cpuBetween(idleBefore, procSnapshot(), [], []);
  console.log(`Before starting: ${cpuText(idleCpu)}`);
  database = await startEmbeddedPostgres({ dir: path.join(TMP, "db"), port: 0, log: (line) => pgLog.push(...line.split("\n")) });
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  // Slow statements (over 1 s) and lock waits (over deadlock_timeout, 1 s) go to the server log.
  await admin.query(`ALTER SYSTEM SET log_min_duration_statement = '1s'`);
  await admin.query(`ALTER SYSTEM SET log_lock_waits = on`);
  await admin.query(`SELECT pg_reload_conf()`);
  const pgVersion = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  await admin.end();

  await ensureBuild({ info: (m: string) => console.log(m) } as never);
  const authSecret = randomBytes(32).toString("base64url");
  const a = await startServer(database.url, authSecret, "a"); // migrates and seeds the demo towns
  const b = await startServer(database.url, authSecret, "b");
  const servers = [a, b];
  const serverPids = servers.map((s) => s.child.pid!).filter(Boolean);
  const rss: [string, number[]][] = [["after start", serverRss(servers)]];
  console.log(`PostgreSQL ${pgVersion} on port ${database.port}; servers on ports ${a.port} and ${b.port}; nothing pinned (${os.cpus().length} cores shared)`);

  // Data, written directly in the database by this process.
  process.env.DATABASE_URL = database.url;
  process.env.API_RATE_LIMIT = API_RATE_LIMIT;
  const { resetEnv } = await import("@/lib/core/env");
  resetEnv();
  const { createApiKey } = await import("@/lib/appointments/service/api-keys");
  const { createBookableService, tomorrowAt } = await import("@/tests/fixtures/appointments");
  const oracle = new pg.Client({ connectionString: database.url });
  await oracle.connect();
  clients.push(oracle);
  const sampler = new pg.Client({ connectionString: database.url, application_name: "bench-rush-sampler" });
  await sampler.connect();
  clients.push(sampler);
  const town = async (slug: string) => {
    const { rows } = await oracle.query<{ id: string; timeZone: string; enabledLocales: string[] }>(`SELECT id, "timeZone", "enabledLocales" FROM tenant WHERE slug = $1`, [slug]);
    if (!rows[0]) throw new Error(`town ${slug} not seeded`);
    return rows[0];
  };
  const lutece = await town("lutece");
  const lutecePretty = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: lutece.timeZone, month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d).replace(",", "");
  const key = await createApiKey(lutece.id, "bench-rush", null);

  // ---- Part 1: rush correctness
  const rush = await createBookableService(lutece, { capacity: PLACES, service: { maxActivePerCitizen: 1, limitPeriodDays: 30, minNoticeHours: 0 } });
  console.log(`\nRush: ${RUNS} runs × ${ATTEMPTS} attempts at ${PLACES} places (service ${rush.service.id})`);
  console.log(`run  slot          citizens booked/places over dup empty   201  200  409  422  429 other   wall ms  bookings/s  lost phantom replay-refused`);
  const agents = servers.map(() => new http.Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 100_000 }));
  const rushBefore = procSnapshot();
  const runs: TRun[] = [];
  for (let run = 0; run < RUNS; run++) {
    const days = 1 + (run % 21);
    const minutes = 10 * 60 + 20 * Math.floor(run / 21);
    const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
    const start = tomorrowAt(lutece, time, days);
    await waitQuiet(serverPids, `run ${run + 1}`, 60);
    assertAlive(servers);
    const r = await rushRun(run + 1, { serviceId: rush.service.id, start, startLabel: lutecePretty(start), apiKey: key.key, servers, agents, oracle });
    assertAlive(servers);
    runs.push(r);
    const c = r.codes;
    console.log(
      `${String(r.run).padStart(3)}  ${r.slot.padEnd(12)} ${String(r.citizens).padStart(8)} ${`${r.bookedPlaces}/${r.capacity}`.padStart(13)} ${String(r.overbooked).padStart(4)} ${String(r.duplicates).padStart(3)} ${String(r.empty).padStart(5)} ${String(c["201"]).padStart(5)} ${String(c["200"]).padStart(4)} ${String(c["409"]).padStart(4)} ${String(c["422"]).padStart(4)} ${String(c["429"]).padStart(4)} ${String(c.other).padStart(5)} ${fmt(r.wallMs).padStart(9)} ${fmt((c["201"]! / r.wallMs) * 1000).padStart(11)} ${String(r.lost).padStart(5)} ${String(r.phantom).padStart(7)} ${String(r.replayRefused).padStart(14)}`,
    );
    if (r.transportErrors.length) console.log(`     transport errors: ${[...new Set(r.transportErrors)].join("; ")}`);
  }
  const rushCpu = cpuBetween(rushBefore, procSnapshot(), serverPids, []);
  rss.push([`after the ${RUNS} rushes`, serverRss(servers)]);
  for (const agent of agents) agent.destroy();
  const twinTotals = new Map<string, number>();
  const errorTotals = new Map<string, number>();
  for (const r of runs) {
    for (const [k, v] of r.twinOutcomes) twinTotals.set(k, (twinTotals.get(k) ?? 0) + v);
    for (const [k, v] of r.errorCodes) errorTotals.set(k, (errorTotals.get(k) ?? 0) + v);
  }
  console.log(`\nAnswers other than 2xx over all runs: ${[...errorTotals].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} × ${v}`).join(", ")}`);
  console.log(`Exact retries (same Idempotency-Key twice), pairs of answers: ${[...twinTotals].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} × ${v}`).join(", ")}`);

  // ---- Part 2: throughput
  const dayStarts = (tenant: { timeZone: string }) => {
    const starts: string[] = [];
    for (let day = 1; day <= 21; day++) for (let m = 0; m < 24 * 60; m += 20) starts.push(tomorrowAt(tenant, `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`, day).toISOString());
    return starts;
  };
  const spread = { capacity: 3, slotMinutes: 20, service: { maxActivePerCitizen: 0, horizonWeeks: 3, minNoticeHours: 0 } };
  const tp1 = await createBookableService(lutece, spread);
  const luteceStarts = dayStarts(lutece);
  console.log(`\nThroughput: ${DURATION} s per measure, wrk -t1 -c${CONNECTIONS} per server (2 processes at once); ${luteceStarts.length} slots × 3 places per booking service`);
  const bookingHeaders = (apiKey: string) => [`Authorization: Bearer ${apiKey}`, "Content-Type: application/json"];
  const tag = Date.now().toString(36);
  const oneTown = await load(
    "Booking POST, one town (lutece), both servers",
    servers.map((s, i) => ({
      port: s.port,
      host: `lutece.localhost:${s.port}`,
      path: "/api/v1/appointments",
      script: bookingLua(`book1-${i}`, { serviceId: tp1.service.id, starts: luteceStarts, prefix: `tp1-${tag}-${i}`, offset: Math.floor((i * luteceStarts.length) / 2) }),
      headers: bookingHeaders(key.key),
    })),
    serverPids,
    sampler,
  );

  // The same load over two towns (two audit chains): server a books in lutece, server b in port-soleil.
  const soleil = await town("port-soleil");
  const soleilKey = await createApiKey(soleil.id, "bench-rush", null);
  const tp2a = await createBookableService(lutece, spread);
  const tp2b = await createBookableService(soleil, spread);
  const soleilStarts = dayStarts(soleil);
  const twoTowns = await load(
    "Booking POST, two towns (lutece on a, port-soleil on b)",
    [
      { port: a.port, host: `lutece.localhost:${a.port}`, path: "/api/v1/appointments", script: bookingLua("book2-a", { serviceId: tp2a.service.id, starts: luteceStarts, prefix: `tp2-${tag}-a`, offset: 0 }), headers: bookingHeaders(key.key) },
      { port: b.port, host: `port-soleil.localhost:${b.port}`, path: "/api/v1/appointments", script: bookingLua("book2-b", { serviceId: tp2b.service.id, starts: soleilStarts, prefix: `tp2-${tag}-b`, offset: 0 }), headers: bookingHeaders(soleilKey.key) },
    ],
    serverPids,
    sampler,
  );

  const ping = await load(
    "GET /api/v1/ping, both servers",
    servers.map((s) => ({ port: s.port, host: `lutece.localhost:${s.port}`, path: "/api/v1/ping", script: pingLua(), headers: [] })),
    serverPids,
  );

  rss.push(["after the throughput measures", serverRss(servers)]);
  console.log(`Server memory (RSS, MB, servers a and b): ${rss.map(([k, v]) => `${k} ${v.join(" / ")}`).join("; ")}`);
  // The servers without requests, their mail workers still sending the confirmations' backlog.
  await waitQuiet(serverPids, "the mail measure", 60);
  const sentBefore = (await oracle.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_message WHERE status = 'sent'`)).rows[0]?.n ?? 0;
  const drainBefore = procSnapshot();
  await sleep(5000);
  const drainCpu = cpuBetween(drainBefore, procSnapshot(), serverPids, []);
  const sentDuring = ((await oracle.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox_message WHERE status = 'sent'`)).rows[0]?.n ?? 0) - sentBefore;
  const mailsPerSecond = drainCpu ? sentDuring / drainCpu.seconds : 0;
  console.log(`Servers idle, mail workers draining the backlog (5 s): ${fmt(mailsPerSecond, 1)} mails/s; CPU: ${cpuText(drainCpu)}`);

  const tpCheck = await oracle.query<{ service: string; booked: number; overfull: number }>(
    `SELECT s."serviceId" AS service,
            count(p.id) FILTER (WHERE p."appointmentId" IS NOT NULL)::int AS booked,
            (SELECT count(*)::int FROM appointment_slot s2 WHERE s2."serviceId" = s."serviceId"
                AND (SELECT coalesce(sum(a.people), 0) FROM appointment a WHERE a."serviceId" = s2."serviceId" AND a."siteId" = s2."siteId" AND a."startsAt" = s2."startsAt" AND a.status = 'booked') > s2.capacity) AS overfull
       FROM appointment_slot s JOIN appointment_place p ON p."slotId" = s.id
      WHERE s."serviceId" = ANY($1::uuid[]) GROUP BY s."serviceId"`,
    [[tp1.service.id, tp2a.service.id, tp2b.service.id]],
  );
  const overfullSlots = tpCheck.rows.reduce((s, r) => s + r.overfull, 0);
  const mail = await oracle.query<{ status: string; n: number }>(`SELECT status::text, count(*)::int AS n FROM outbox_message GROUP BY status`);
  const mailCounts = Object.fromEntries(mail.rows.map((r) => [r.status, r.n]));
  const audit = await oracle.query<{ chain: string; seq: string }>(`SELECT chain, seq::text FROM audit_chain WHERE chain = ANY($1)`, [[lutece.id, soleil.id]]);
  console.log(`Throughput services: ${tpCheck.rows.map((r) => `${r.booked} booked`).join(", ")}; slots over capacity: ${overfullSlots}`);
  console.log(`Mail outbox at the end of the load: ${JSON.stringify(mailCounts)}; audit chain lengths: ${audit.rows.map((r) => r.seq).join(", ")}`);

  assertAlive(servers);
  // ---- Part 3: pgbench -N (the servers are stopped first: their mail workers would still be sending)
  for (const s of servers) await stopChild(s.child);
  const { disconnectDb } = await import("@/lib/core/db");
  await disconnectDb();
  for (const c of clients.splice(0)) await c.end().catch(() => {});
  const admin2 = new pg.Client({ connectionString: database.adminUrl });
  await admin2.connect();
  await admin2.query(`CREATE DATABASE pgbench`);
  await admin2.end();
  const pgbenchUrl = database.adminUrl.replace(/\/postgres$/, "/pgbench");
  console.log(`\npgbench -i -s 10, then pgbench -N -c 16 -j 2 -T ${DURATION} (servers stopped)`);
  execFileSync("pgbench", ["-i", "-s", "10", "-q", pgbenchUrl], { stdio: ["ignore", "ignore", "pipe"] });
  await waitQuiet([], "pgbench");
  const pgbench = spawn("pgbench", ["-N", "-c", "16", "-j", "2", "-T", String(DURATION), pgbenchUrl], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(pgbench);
  let pgbenchOut = "";
  pgbench.stdout.on("data", (c: Buffer) => (pgbenchOut += c.toString()));
  pgbench.stderr.on("data", (c: Buffer) => (pgbenchOut += c.toString()));
  const pgbenchExit = new Promise<number | null>((r) => pgbench.once("exit", (code) => r(code)));
  const pgbenchCpu = await cpuDuring([], [pgbench.pid ?? 0]);
  if ((await pgbenchExit) !== 0) throw new Error(`pgbench failed:\n${pgbenchOut}`);
  const tps = Number(/tps = ([\d.]+)/.exec(pgbenchOut)?.[1] ?? 0);
  const pgbenchLatency = Number(/latency average = ([\d.]+) ms/.exec(pgbenchOut)?.[1] ?? 0);
  console.log(`pgbench -N: ${fmt(tps)} tps, latency average ${pgbenchLatency} ms; CPU: ${cpuText(pgbenchCpu)}`);

  // ---- Logs
  const logs = await Promise.all(servers.map((s) => scanServerLog(s.log)));
  const logMessages = new Map<string, number>();
  const log5xx = new Map<string, number>();
  for (const l of logs) {
    for (const [k, v] of l.messages) logMessages.set(k, (logMessages.get(k) ?? 0) + v);
    for (const [k, v] of l.statuses) log5xx.set(k, (log5xx.get(k) ?? 0) + v);
  }
  const pgSummary = pgLogSummary();
  if (KEEP_LOGS) {
    const keep = mkdtempSync(path.join(os.tmpdir(), "civitas-rush-logs-"));
    for (const s of servers) copyFileSync(s.log, path.join(keep, path.basename(s.log)));
    writeFileSync(path.join(keep, "postgres.log"), pgLog.join("\n"));
    console.log(`Logs kept in ${keep}`);
  }

  // ---- Report
  const sum = (f: (r: TRun) => number) => runs.reduce((s, r) => s + f(r), 0);
  const okOver = runs.filter((r) => r.overbooked === 0).length;
  const okDup = runs.filter((r) => r.duplicates === 0).length;
  const okFill = runs.filter((r) => r.empty === 0).length;
  const okAll = runs.filter((r) => r.overbooked === 0 && r.duplicates === 0 && r.empty === 0).length;
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  const rushRates = runs.map((r) => ((r.codes["201"] ?? 0) / r.wallMs) * 1000);
  const ratio = oneTown.bookings / ping.rps;

  const runTable = [
    `| run | slot (Paris) | citizens | booked / places | overbooked | duplicates | empty | 201 | 200 | 409 | 422 | 429 | other | lost | replay refused | wall ms | last 201 ms | bookings/s |`,
    `|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...runs.map((r) => `| ${r.run} | ${r.slot} | ${r.citizens} | ${r.bookedPlaces} / ${r.capacity} | ${r.overbooked} | ${r.duplicates} | ${r.empty} | ${r.codes["201"]} | ${r.codes["200"]} | ${r.codes["409"]} | ${r.codes["422"]} | ${r.codes["429"]} | ${r.codes.other} | ${r.lost} | ${r.replayRefused} | ${fmt(r.wallMs)} | ${fmt(r.lastBookingMs)} | ${fmt((r.codes["201"]! / r.wallMs) * 1000)} |`),
  ].join("\n");
  const rushSummary = [
    `- Runs with 0 overbooked places: **${okOver}/${RUNS}** · 0 duplicate bookings per citizen: **${okDup}/${RUNS}** · 100 % filled: **${okFill}/${RUNS}** → all three in **${okAll}/${RUNS}** runs (target ${RUNS}/${RUNS}): **${verdict(okAll === RUNS)}**.`,
    `- Over all runs: ${fmt(sum((r) => r.codes["201"]!))} × 201, ${fmt(sum((r) => r.codes["200"]!))} × 200 (idempotent replays), ${fmt(sum((r) => r.codes["409"]!))} × 409, ${fmt(sum((r) => r.codes["422"]!))} × 422, ${fmt(sum((r) => r.codes["429"]!))} × 429, ${fmt(sum((r) => r.codes.other!))} other. Non-2xx answers by code: ${[...errorTotals].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} × ${v}`).join(", ") || "none"}.`,
    `- Ledger consistency: ${sum((r) => r.ledgerMismatch)} appointments whose place rows differ from their people; lost confirmations (booked, but no client got its reference): ${sum((r) => r.lost)}; phantom (a 2xx reference not booked): ${sum((r) => r.phantom)}; keys answered with two different references: ${sum((r) => r.replayMismatch)}.`,
    `- Exact retries (one Idempotency-Key sent twice at once), pairs of answers: ${[...twinTotals].sort((x, y) => y[1] - x[1]).map(([k, v]) => `${k} × ${v}`).join(", ")}. Pairs where one copy booked (201) and the other was refused instead of replayed (200): **${sum((r) => r.replayRefused)}**.`,
    `- Rush rate (201 answers ÷ wall time from the first request sent to the last answer): median ${fmt(median(rushRates))} bookings/s (min ${fmt(Math.min(...rushRates))}, max ${fmt(Math.max(...rushRates))}); median wall time ${fmt(median(runs.map((r) => r.wallMs)))} ms for ${ATTEMPTS} attempts; answer latency p50 ${fmt(median(runs.map((r) => r.p50)))} ms, p99 ${fmt(median(runs.map((r) => r.p99)))} ms (medians over runs). The last booking (201) of a run arrived after ${fmt(median(runs.map((r) => r.lastBookingMs)))} ms (median): refused attempts (409, 422) cost the servers about as much as bookings, so the ${PLACES} places are shared out only as fast as all ${ATTEMPTS} attempts are processed.`,
  ].join("\n");

  const loadRow = (l: TLoad) => `| ${l.name} | ${fmt(l.rps)} | ${l.name.startsWith("GET") ? "–" : `**${fmt(l.bookings)}**`} | ${l.counts["201"] ?? 0} | ${l.counts["200"] ?? 0} | ${l.counts["409"] ?? 0} | ${(l.counts["422"] ?? 0) + (l.counts["429"] ?? 0) + (l.counts["4xx"] ?? 0)} | ${l.counts["5xx"] ?? 0} | ${l.socketErrors} | ${l.p50.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.p99.toFixed(1)} |`;
  const throughputTable = [
    `| measure (${DURATION} s, wrk -t1 -c${CONNECTIONS} × 2) | req/s | bookings/s (201) | 201 | 200 | 409 | other 4xx | 5xx | socket errors | p50 ms | p95 ms | p99 ms |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`,
    loadRow(oneTown),
    loadRow(twoTowns),
    loadRow(ping),
  ].join("\n");
  const cpuTable = [
    `| phase | cores busy (of ${os.cpus().length}) | servers | PostgreSQL | load generator | other processes on the machine |`,
    `|---|---:|---:|---:|---:|---:|`,
    ...[
      ["Idle machine, before the benchmark (2 s)", idleCpu],
      ["Rush runs (all of part 1, oracle queries included)", rushCpu],
      [oneTown.name, oneTown.cpu],
      [twoTowns.name, twoTowns.cpu],
      [ping.name, ping.cpu],
      ["No requests, mail workers sending the backlog (5 s)", drainCpu],
      ["pgbench -N (servers stopped)", pgbenchCpu],
    ].map(([n, c]) => {
      const cpu = c as TCpu | null;
      return cpu ? `| ${n as string} | ${cpu.total.toFixed(2)} | ${cpu.servers.toFixed(2)} | ${cpu.postgres.toFixed(2)} | ${cpu.load.toFixed(2)} | ${cpu.others.toFixed(2)} |` : `| ${n as string} | n/a | | | | |`;
    }),
  ].join("\n");

  const serverMs = (l: TLoad) => (l.cpu && l.rps > 0 ? (l.cpu.servers / l.rps) * 1000 : NaN);
  const mailMs = drainCpu && mailsPerSecond > 0 ? (drainCpu.servers / mailsPerSecond) * 1000 : NaN;
  // Server CPU while the rush requests were in flight (warm-up and oracle excluded), per attempt.
  const rushAttemptMs = runs.every((r) => r.cpu) ? (runs.reduce((t, r) => t + r.cpu!.servers * r.cpu!.seconds, 0) * 1000) / (RUNS * ATTEMPTS) : NaN;
  const rushFire = runs.every((r) => r.cpu) ? runs.reduce((t, r) => ({ seconds: t.seconds + r.cpu!.seconds, servers: t.servers + r.cpu!.servers * r.cpu!.seconds, postgres: t.postgres + r.cpu!.postgres * r.cpu!.seconds, others: t.others + r.cpu!.others * r.cpu!.seconds, total: t.total + r.cpu!.total * r.cpu!.seconds }), { seconds: 0, servers: 0, postgres: 0, others: 0, total: 0 }) : null;
  const act = oneTown.activity!;
  const auditWaiters = [...act.byKey].filter(([k]) => k.startsWith("Lock:") && k.includes("audit head")).reduce((s, [, n]) => s + n, 0) / Math.max(1, act.samples);
  const inTx = act.idleInTx / Math.max(1, act.samples);
  const active = act.active / Math.max(1, act.samples);
  const act2 = twoTowns.activity!;
  const auditWaiters2 = [...act2.byKey].filter(([k]) => k.startsWith("Lock:") && k.includes("audit head")).reduce((s, [, n]) => s + n, 0) / Math.max(1, act2.samples);
  const blockedTop = [...act.blocked].sort((x, y) => y[1] - x[1]).slice(0, 4).map(([k, n]) => `${k} (${(n / Math.max(1, act.samples)).toFixed(2)} on average)`);

  const ratios = [
    `- Bookings/s (201, one town) ÷ ping req/s, same client and connections: **${pct(oneTown.bookings, ping.rps)}** (target ≥ 40 %): **${verdict(ratio >= 0.4)}**.`,
    `- Two towns ÷ one town, bookings/s: ${pct(twoTowns.bookings, oneTown.bookings)} (≈ 100 % when a town's audit chain is not what limits).`,
    `- Bookings/s (one town) ÷ pgbench -N tps: ${pct(oneTown.bookings, tps)}; the rush's median rate ÷ pgbench -N: ${pct(median(rushRates), tps)}.`,
    `- Throughput services after the load: ${tpCheck.rows.map((r) => r.booked).join(" / ")} places booked, ${overfullSlots} slots over capacity.`,
  ].join("\n");

  const pgMs = (l: TLoad) => (l.cpu && l.bookings > 0 ? (l.cpu.postgres / l.bookings) * 1000 : NaN);
  const saturated = [oneTown, twoTowns, ping].every((l) => (l.cpu?.total ?? 0) >= 0.9 * os.cpus().length);
  const chainGain = twoTowns.bookings / oneTown.bookings - 1;
  const busySessions = active + inTx;
  const predicted = oneTown.cpu ? (oneTown.cpu.total / (serverMs(oneTown) + pgMs(oneTown))) * 1000 : NaN;
  const mailBacklog = (mailCounts.pending ?? 0) as number;
  const limits = [
    `- **What limits booking throughput here.** ${saturated ? `The CPU: every load phase keeps the ${os.cpus().length} cores busy (table above). ` : ""}A booking costs ${serverMs(oneTown).toFixed(1)} ms of server CPU (mail workers included) and ${pgMs(oneTown).toFixed(1)} ms of PostgreSQL CPU, against ${serverMs(ping).toFixed(2)} ms of server CPU for a ping: ${(serverMs(oneTown) / serverMs(ping)).toFixed(1)}× a ping on the servers alone, so the 40 % target would need a booking to cost at most 2.5 pings end to end. ${oneTown.cpu ? `The busy cores divided by that cost predict ${fmt(predicted)} bookings/s; ${fmt(oneTown.bookings)} were measured.` : ""}`,
    `- **The town's audit chain head (decision 006)** is where the waiting requests queue: ${auditWaiters.toFixed(1)} of the ${busySessions.toFixed(1)} busy database sessions wait for its lock on average, and the lock is held from the audit statement to COMMIT (the WAL flush included) while the server's event loop is also busy with other requests, so one booking's hold is about 1/${fmt(oneTown.bookings)} s. Two towns (two chains) change bookings/s by ${chainGain >= 0 ? "+" : ""}${(chainGain * 100).toFixed(1)} %: ${chainGain < 0.25 ? "the chain serialises the bookings of one town but is not, on this machine, what bounds their rate (the CPU is); it will be once the CPU cost per booking drops, since one town can never book faster than one chain hand-off per commit." : "the chain itself is a large part of the limit."}`,
    `- **Confirmation mails fall behind**: with no requests, the two servers' mail workers send ${fmt(mailsPerSecond, 1)} mails/s in all, at about ${Number.isFinite(mailMs) ? mailMs.toFixed(0) : "?"} ms of CPU each, while bookings queue them at ${fmt(oneTown.bookings)}/s: ${fmt(mailBacklog)} were pending after the load, about ${fmt(mailBacklog / Math.max(0.1, mailsPerSecond), 0)} s of sending at that rate.`,
  ].join("\n");

  const slowList = [...pgSummary.slowByClass].sort((x, y) => y[1].length - x[1].length).slice(0, 5).map(([cls, ms]) => `${cls} × ${ms.length} (max ${fmt(Math.max(...ms))} ms)`);
  const notes = [
    limits,
    `- **What the database sessions did during the one-town booking phase** (pg_stat_activity sampled every 50 ms, ${act.samples} samples, the pg-boss sessions left out): on average ${active.toFixed(1)} sessions running a statement and ${inTx.toFixed(1)} idle in a transaction (waiting for the server process to send the next statement). Sessions waiting for the lock on the town's audit chain head (\`audit_chain … FOR UPDATE\`, decision 006): ${auditWaiters.toFixed(2)} on average with one town, ${auditWaiters2.toFixed(2)} with two towns.`,
    blockedTop.length ? `- Lock waits seen, with what the blocking session was last doing: ${blockedTop.join("; ")}.` : `- No lock waits were sampled.`,
    `- CPU during each phase (from /proc; nothing pinned, the servers, PostgreSQL, wrk and this script share the cores):\n\n${cpuTable}`,
    `- Server CPU per answered request (server cores ÷ req/s; the booking phases include the mail workers): booking ${serverMs(oneTown).toFixed(1)} ms (one town), ${serverMs(twoTowns).toFixed(1)} ms (two towns); ping ${serverMs(ping).toFixed(2)} ms. The mail workers alone, with no requests: ${fmt(mailsPerSecond, 1)} mails/s for ${drainCpu ? drainCpu.servers.toFixed(2) : "?"} cores${Number.isFinite(mailMs) ? ` (${mailMs.toFixed(0)} ms per mail)` : ""}. Rush: ${rushAttemptMs.toFixed(1)} ms of server CPU per booking attempt (server CPU while the attempts were in flight, mail workers included)${rushFire ? `; during the rushes ${(rushFire.total / rushFire.seconds).toFixed(2)} cores were busy: servers ${(rushFire.servers / rushFire.seconds).toFixed(2)}, PostgreSQL ${(rushFire.postgres / rushFire.seconds).toFixed(2)}, other processes ${(rushFire.others / rushFire.seconds).toFixed(2)}` : ""}.`,
    `- Slow statements (over 1 s, PostgreSQL log): ${pgSummary.slow.length ? slowList.join("; ") : "none"}. Lock waits over 1 s: ${pgSummary.waits.size ? [...pgSummary.waits].map(([k, v]) => `${k} × ${v}`).join("; ") : "none"}. PostgreSQL errors: ${pgSummary.errors.size ? [...pgSummary.errors].sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, v]) => `${k} × ${v}`).join("; ") : "none"}.`,
    `- Server memory (resident, servers a / b, MB): ${rss.map(([k, v]) => `${k} ${v.join(" / ")}`).join("; ")}.`,
    `- Server logs (both servers): ${[...logMessages].length ? [...logMessages].sort((x, y) => y[1] - x[1]).slice(0, 6).map(([k, v]) => `${k} × ${v}`).join("; ") : "no warnings or errors"}; 5xx answers in the access logs: ${log5xx.size ? [...log5xx].map(([k, v]) => `${k} × ${v}`).join(", ") : "none"}.`,
    `- The machine may be shared: before each measure the script waits (up to 3 min; 1 min before a rush run) for other processes to use under 0.3 core; the "other processes" column above is what they used during the measure${[oneTown, twoTowns, ping].some((l) => (l.cpu?.others ?? 0) > 0.3) ? " — **over 0.3 core in at least one measure: its figures are low**" : ""}.`,
    `- Rate limit: the servers run with API_RATE_LIMIT=${API_RATE_LIMIT} (the highest value the configuration accepts), so no 429 is expected.`,
  ].join("\n");

  const showRuns = RUNS <= 30;
  const section = `<!-- bench:rush -->
## B-rush: booking rush and booking throughput through the API (bench/rush)

Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, fsync on), code ${revision}; two app servers (\`scripts/start.ts\`, production build) on one database; nothing pinned: the servers, PostgreSQL and the load generators share the ${os.cpus().length} cores. \`npm run bench:rush\` regenerates this section.

### Rush correctness: ${RUNS} runs × ${ATTEMPTS} attempts at ${PLACES} places

Method: a service with ${PLACES} places per slot, at most 1 active booking per citizen over 30 days; each run targets its own slot. A Node client (node:http, keep-alive, one socket per attempt opened just before) sends all ${ATTEMPTS} POST /api/v1/appointments at once, half to each server. Demand per run: ${runs[0]?.citizens ?? "?"} distinct citizens (e-mails unique to the run); some send 2 or 3 attempts with different Idempotency-Keys, and ${Math.round(ATTEMPTS * 0.1)} attempts are exact copies (same key, same body) of another one, sent concurrently. Afterwards an oracle query on the tables counts, per run, booked places and appointments against capacity, bookings per e-mail, and compares them with the references the clients received.

${showRuns ? `${runTable}\n\n` : ""}${rushSummary}

### Throughput: bookings/s against the no-op route handler

Method: wrk with a Lua script (the same client for every measure), two wrk processes at once (one per server, -t1 -c${CONNECTIONS} each), ${DURATION} s per measure. Booking: POST /api/v1/appointments on a service with 3 places per 20-minute slot open all day for 3 weeks (${luteceStarts.length} slots), one new citizen per request, slots taken round robin so that requests do not compete for places; only 201 answers count as bookings. Reference: GET /api/v1/ping (a route handler that answers {"ok":true} without touching the database). Latencies are those of all answers, both wrk processes merged.

${throughputTable}

${ratios}

### PostgreSQL's own write rate: pgbench -N

\`pgbench -i -s 10\` then \`pgbench -N -c 16 -j 2 -T ${DURATION}\` in a separate database of the same cluster, with the app servers stopped: **${fmt(tps)} tps** (latency average ${pgbenchLatency} ms).

### Notes

${notes}
<!-- /bench:rush -->`;

  const file = path.resolve("docs/benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const next = /<!-- bench:rush -->[\s\S]*<!-- \/bench:rush -->/.test(current) ? current.replace(/<!-- bench:rush -->[\s\S]*<!-- \/bench:rush -->/, () => section) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(file, next);
  console.log(`\n${rushSummary}\n\n${throughputTable}\n\n${ratios}\n\n${notes}\n\nTop activity (one town):\n${activityTable(act, 14)}\n\nTop activity (two towns):\n${activityTable(act2, 8)}\n\nWritten to docs/benchmarks.md`);
} catch (error) {
  console.error("\nbench/rush failed:", error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
