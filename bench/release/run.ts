// bench/release: an announced release through the citizen web flow, as a browser without the Next.js
// runtime uses it (decision 014: plain HTML pages, forms posting to server actions, a waiting page that
// refreshes itself). One server (scripts/start.ts, production build) on a fresh embedded PostgreSQL.
//   1. B-fairness: --visitors visitors join the waiting room of a release (GET …/queue) in a known order
//      spread over --spread seconds before opensAt, refresh the waiting page as it tells them, and from
//      opensAt poll it until it sends them to the days (admitted). Then --late visitors arrive one after
//      the other after opensAt. Arrival rank against admission rank (Spearman): ≈ 0 for the early ones
//      (a draw), 1 for the late ones (first come, first served). The admission order is read twice: as
//      the visitors saw it (the moment their waiting page let them in) and as the server scheduled it
//      (appointment_queue_entry); the polls also check that nobody was let in before their time.
//   2. Bots without a solved challenge: --bots bots go through the queue, are admitted, hold a time,
//      give details and confirm WITHOUT the altcha field (plus a few with a forged payload and a few
//      with a solution of another booking). Bookings they got (expected 0).
//   3. B-rush (web): --citizens citizens join the waiting room of a second release and race, once
//      admitted, for its --places places (--slots slots of the released day): days, times, hold,
//      details, check page, proof of work solved like the widget (altcha-lib), confirmation. The oracle
//      of bench/rush on the database: overbooked places, duplicate bookings per citizen, places filled.
// Every simulated visitor has its own address (X-Forwarded-For; the server runs with TRUST_PROXY=1), so
// the per-address limits apply per visitor as they would in the field, not to everyone behind 127.0.0.1.
// Results are printed and written into docs/benchmarks.md (bench:release section).
// Usage: npm run bench:release [-- --visitors 500 --late 100 --spread 60 --fair-admit 1200 --bots 50
//                                  --citizens 300 --places 100 --slots 4 --admit 6000 --rush-spread 15]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, createReadStream, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { solveChallenge, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/pbkdf2";
import pg from "pg";
import { findFreePort, startEmbeddedPostgres, type TEmbeddedDatabase } from "@/lib/core/embedded-postgres";
import type { TWeekly } from "@/lib/appointments/slots";
import { ensureBuild } from "@/scripts/lib/build";
import { fmt, median, percentile, sleep } from "@/bench/lib/stats";
import { between, cpuText, snapshot, type TCpu } from "@/bench/release/cpu";
import { alertText, altchaSetup, Browser, pathOf, postForms, waitingState, type TResponse } from "@/bench/release/web";

// ---------------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value >= 0 ? value : fallback;
};
const VISITORS = option("visitors", 500);
const LATE = option("late", 100);
const SPREAD_S = option("spread", 60);
const FAIR_ADMIT = option("fair-admit", 1200);
const BOTS = option("bots", 50);
const FORGED = option("forged", 10);
const FOREIGN = option("foreign", 10);
const CITIZENS = option("citizens", 300);
const PLACES = option("places", 100);
const SLOTS = option("slots", 4);
const RUSH_ADMIT = option("admit", 6000);
const RUSH_SPREAD_S = option("rush-spread", 15);
/** Gap between two late arrivals (each waits for the previous one's answer first). */
const LATE_GAP_MS = 100;
const KEEP_LOGS = args.includes("--keep-logs");
if (PLACES % SLOTS !== 0) {
  console.error(`--places (${PLACES}) must be a multiple of --slots (${SLOTS}).`);
  process.exit(2);
}

const TMP = mkdtempSync(path.join(os.tmpdir(), "civitas-release-"));
chmodSync(TMP, 0o755); // as root, PostgreSQL runs as the postgres user and must reach TMP/db
let server: ChildProcess | null = null;
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
    if (server) await stopChild(server).catch(() => {});
    server = null;
    try {
      const { disconnectDb } = await import("@/lib/core/db");
      await disconnectDb();
    } catch {
      // never connected
    }
    try {
      const { closeRateLimiters } = await import("@/lib/auth/rate-limit");
      await closeRateLimiters();
    } catch {
      // not opened
    }
    try {
      const { stopInvalidationListener } = await import("@/lib/core/invalidation");
      await stopInvalidationListener();
    } catch {
      // not listening
    }
    if (database) await database.stop().catch((e) => console.error("stopping PostgreSQL:", e));
    database = null;
    if (KEEP_LOGS) console.log(`logs kept in ${TMP}`);
    else rmSync(TMP, { recursive: true, force: true });
  })();
  return cleaned;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the server and the database…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

const sleepUntil = (wall: number) => sleep(Math.max(0, wall - Date.now()));
const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(1)} %` : "n/a");
const ms = (x: number) => (Number.isFinite(x) ? fmt(x) : "–");
const count = <K>(map: Map<K, number>, key: K, n = 1) => map.set(key, (map.get(key) ?? 0) + n);
const listCounts = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} × ${v}`).join("; ") || "none";

/** Spearman's rank correlation (average ranks for ties). */
function spearman(xs: number[], ys: number[]): number {
  const rank = (vs: number[]) => {
    const order = vs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const r = new Array<number>(vs.length);
    for (let i = 0; i < order.length; ) {
      let j = i;
      while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
      for (let k = i; k <= j; k++) r[order[k]![1]] = (i + j) / 2 + 1;
      i = j + 1;
    }
    return r;
  };
  const [rx, ry] = [rank(xs), rank(ys)];
  const n = xs.length;
  if (n < 2) return NaN;
  const mx = rx.reduce((s, v) => s + v, 0) / n;
  const my = ry.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (rx[i]! - mx) * (ry[i]! - my);
    sxx += (rx[i]! - mx) ** 2;
    syy += (ry[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
/** Two-sided p-value of a Spearman ρ over n pairs against no correlation (normal approximation). */
function pValue(rho: number, n: number): number {
  const z = Math.abs(rho) * Math.sqrt(Math.max(1, n - 1));
  // Abramowitz–Stegun 7.1.26 for erf.
  const t = 1 / (1 + 0.3275911 * (z / Math.SQRT2));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(z * z) / 2);
  return 1 - erf;
}
/** Ranks 1..n of values (no ties expected). */
const ranksOf = (vs: number[]) => {
  const order = vs.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const r = new Array<number>(vs.length);
  order.forEach(([, i], k) => (r[i] = k + 1));
  return r;
};
/** Pairs out of order between two sequences of ranks (0: same order). */
function inversions(order: number[]): number {
  let n = 0;
  for (let i = 0; i < order.length; i++) for (let j = i + 1; j < order.length; j++) if (order[i]! > order[j]!) n++;
  return n;
}

/** A distinct client address per simulated visitor, in 198.18.0.0/15 (RFC 2544, for benchmarks). */
const address = (n: number) => `198.${18 + ((n >> 16) & 1)}.${(n >> 8) & 255}.${n & 255}`;

// ---------------------------------------------------------------------------------------------------
// Server

type TServer = { child: ChildProcess; port: number; log: string };

function assertAlive(s: TServer) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) {
    throw new Error(`the server ended (exit code ${s.child.exitCode}, signal ${s.child.signalCode}); its last log lines:\n${readFileSync(s.log, "utf8").split("\n").slice(-8).join("\n")}`);
  }
}

async function startServer(env: Record<string, string>): Promise<TServer> {
  const port = await findFreePort();
  const log = path.join(TMP, "server.log");
  const fd = openSync(log, "w");
  const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "bench/release/server.ts"], {
    stdio: ["ignore", fd, fd],
    env: { ...process.env, ...env, PORT: String(port), NODE_ENV: "production", CIVITAS_SKIP_BUILD: "1", DATA_DIR: path.join(TMP, "data") } as NodeJS.ProcessEnv,
  });
  closeSync(fd);
  server = child;
  const probe = new Browser(port, `localhost:${port}`, "127.0.0.1");
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the server exited (code ${child.exitCode}); its log:\n${readFileSync(log, "utf8").slice(-4000)}`);
    const r = await probe.get("/api/ready");
    if (r.status === 200) return { child, port, log };
    await sleep(500);
  }
  throw new Error("the server was not ready after 300 s");
}

async function scanServerLog(file: string): Promise<{ messages: Map<string, number>; statuses: Map<string, number>; requests: number }> {
  const messages = new Map<string, number>();
  const statuses = new Map<string, number>();
  let requests = 0;
  if (!existsSync(file)) return { messages, statuses, requests };
  const lines = readline.createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    type TLine = { level?: string | number; msg?: string; status?: number; path?: string; err?: { message?: string } };
    let entry: TLine | null = null;
    try {
      entry = line.startsWith("{") ? (JSON.parse(line) as TLine) : null;
    } catch {
      entry = null;
    }
    if (!entry) {
      if (/error|fail|warn|exception/i.test(line)) count(messages, `(text) ${line.slice(0, 160)}`);
      continue;
    }
    if (entry.msg === "request") requests++;
    if (typeof entry.status === "number" && entry.status >= 500) count(statuses, `${entry.status} ${(entry.path ?? "").replace(/[0-9a-f-]{36}/g, "…").replace(/booking\/[\w-]+/, "booking/…")}`);
    const level = String(entry.level ?? "");
    if (["warn", "error", "fatal", "40", "50", "60"].includes(level)) {
      count(messages, `${level}: ${entry.msg ?? ""}${entry.err?.message ? ` (${entry.err.message.replace(/\s+/g, " ").slice(0, 200)})` : ""}`);
    }
  }
  return { messages, statuses, requests };
}

/**
 * The machine may be shared: before a measure, wait (up to maxSeconds) for a second in which processes
 * other than the server, its PostgreSQL and this one use under 0.3 core. Returns what it saw.
 */
async function waitQuiet(serverPid: number, label: string, maxSeconds: number): Promise<{ waited: number; others: number }> {
  const started = performance.now();
  let said = false;
  for (;;) {
    const before = snapshot();
    await sleep(1000);
    const cpu = between(before, snapshot(), serverPid);
    const waited = (performance.now() - started) / 1000;
    if (!cpu || cpu.others < 0.3) return { waited, others: cpu?.others ?? 0 };
    if (waited > maxSeconds) {
      console.log(`    (other processes still use ${cpu.others.toFixed(2)} cores; measuring ${label} anyway)`);
      return { waited, others: cpu.others };
    }
    if (!said) console.log(`    (waiting for other processes on the machine to calm down before ${label}: ${cpu.others.toFixed(2)} cores)`);
    said = true;
  }
}

// ---------------------------------------------------------------------------------------------------
// The simulated visitors

type TVisitor = {
  n: number;
  group: "early" | "late" | "bot" | "citizen";
  browser: Browser;
  /** Arrival rank within its group (0-based: the order the benchmark made them arrive in). */
  rank: number;
  email: string;
  joinStatus?: number;
  joinSent?: number;
  entryId?: string | null;
  /** The answer that let the visitor in (a redirect of the waiting page to the days), wall clock. */
  admittedWall?: number;
  admittedSentWall?: number;
  admittedAt?: number;
  daysPath?: string;
  /** The latest poll sent that was answered "still waiting" (wall clock). */
  lastWaitingSentWall?: number;
  polls: number;
  requeued: number;
  problems: string[];
  flow?: TFlow;
};

type TFlow = {
  outcome: string;
  /** Answers "an error on our side, nothing was recorded, try again" (then submitted again, as the page asks). */
  internalErrors: string[];
  holdAttempts: number;
  holdRefusals: string[];
  busy: number;
  solveMs?: number;
  heldAt?: number;
  bookedAt?: number;
  token?: string;
  alert?: string | null;
  /** Latencies (ms) by step. */
  steps: [string, number, number][];
};

function newVisitor(n: number, group: TVisitor["group"], rank: number, host: string, port: number, tag: string): TVisitor {
  return { n, group, rank, browser: new Browser(port, host, address(n)), email: `${group}-${rank}-${tag}@bench.example.net`, polls: 0, requeued: 0, problems: [] };
}

/** The error summary of an unexpected server error ("nothing was recorded, try again", Errors.internal in French). */
const INTERNAL = /Une erreur s’est produite de notre côté/;
const isRedirect = (r: TResponse) => r.status >= 300 && r.status < 400 && Boolean(r.location);
const MIN_POLL_MS = 20;

/**
 * From the waiting page to the days: the page's own refresh before the release (as a browser's meta
 * refresh does), then, from opensAt, polls timed from the position the page shows (people ahead ×
 * the admission interval), so that the moment the page lets the visitor in is seen within a few ms.
 */
async function untilAdmitted(v: TVisitor, start: string, ctx: { opensAt: number; intervalMs: number; deadline: number }): Promise<void> {
  let next = start;
  for (let hops = 0; hops < 10_000; hops++) {
    if (Date.now() > ctx.deadline) {
      v.problems.push("not admitted before the deadline");
      return;
    }
    const r = await v.browser.get(next);
    if (next.includes("/waiting-room")) v.polls++;
    if (r.error) {
      v.problems.push(`transport: ${r.error}`);
      await sleep(500);
      continue;
    }
    if (isRedirect(r)) {
      const to = pathOf(r.location!);
      if (to.includes("/days")) {
        v.admittedWall = r.doneWall;
        v.admittedSentWall = r.sentWall;
        v.admittedAt = r.doneAt;
        v.daysPath = to;
        return;
      }
      if (to.includes("/queue")) v.requeued++;
      if (to.includes("too-many-requests")) {
        v.problems.push(`sent to ${to}`);
        return;
      }
      next = to;
      continue;
    }
    if (r.status !== 200) {
      v.problems.push(`waiting page answered ${r.status}`);
      await sleep(1000);
      continue;
    }
    const w = waitingState(r.body);
    let delay: number;
    if (w.state === "other") {
      // Not (or no longer) in the room: the page offers to join (again).
      v.problems.push("waiting page without a place (join again)");
      next = next.replace("/waiting-room", "/queue");
      continue;
    } else if (w.state === "waiting") {
      v.lastWaitingSentWall = Math.max(v.lastWaitingSentWall ?? 0, r.sentWall);
      delay = Math.max(MIN_POLL_MS, ((w.position ?? 1) - 1) * ctx.intervalMs);
    } else if (Date.now() < ctx.opensAt) {
      // Before the release, as the browser does: reload after the page's own refresh time.
      delay = (w.refreshSeconds ?? 5) * 1000;
    } else {
      delay = MIN_POLL_MS;
    }
    await sleep(delay);
  }
}

/** Joins the room: GET …/queue (303 to the waiting page, and the cookie naming the entry). */
async function join(v: TVisitor, base: string, siteId: string, releaseId: string): Promise<string | null> {
  const r = await v.browser.get(`${base}/queue?site=${siteId}`);
  v.joinStatus = r.status;
  v.joinSent = r.sentWall;
  const token = v.browser.cookie(`civitas-queue-${releaseId}`);
  v.entryId = token ? decodeURIComponent(token).split(".")[0] ?? null : null;
  if (!isRedirect(r)) {
    v.problems.push(`queue answered ${r.status}${r.error ? ` (${r.error})` : ""}`);
    return null;
  }
  return pathOf(r.location!);
}

type TAltcha = { kind: "solve" } | { kind: "none" } | { kind: "forged" } | { kind: "foreign"; payload: () => Promise<string | null> };

function payloadOf(challenge: { parameters: Record<string, unknown>; signature: string }, solution: unknown): string {
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString("base64");
}

async function solve(challenge: { parameters: Record<string, unknown>; signature: string }): Promise<{ payload: string; ms: number } | null> {
  const t = performance.now();
  const solution = await solveChallenge({ challenge: challenge as unknown as Challenge, deriveKey });
  if (!solution) return null;
  return { payload: payloadOf(challenge, solution), ms: performance.now() - t };
}

/** Posts a form; a 503 (the server's booking load shedding) is submitted again after Retry-After. */
async function submit(v: TVisitor, flow: TFlow, step: string, target: string, fields: [string, string][]): Promise<TResponse> {
  for (let attempt = 0; ; attempt++) {
    const r = await v.browser.post(target, fields);
    flow.steps.push([step, r.doneAt - r.sentAt, r.status]);
    if (r.status === 503 && attempt < 60) {
      flow.busy++;
      await sleep((r.retryAfter ?? 2) * 1000);
      continue;
    }
    return r;
  }
}

async function getStep(v: TVisitor, flow: TFlow, step: string, target: string): Promise<TResponse> {
  const r = await v.browser.get(target);
  flow.steps.push([step, r.doneAt - r.sentAt, r.status]);
  return r;
}

/**
 * Once admitted: the days, the released day's times, a hold (another time if the chosen one was taken
 * meanwhile), the details, the check page, the confirmation (with the proof of work or without it).
 */
async function book(v: TVisitor, ctx: { base: string; siteId: string; day: string; altcha: TAltcha; challenges?: { parameters: Record<string, unknown>; signature: string }[] }): Promise<TFlow> {
  const flow: TFlow = { outcome: "?", internalErrors: [], holdAttempts: 0, holdRefusals: [], busy: 0, steps: [] };
  v.flow = flow;
  const days = await getStep(v, flow, "GET days", v.daysPath ?? `${ctx.base}/days?site=${ctx.siteId}`);
  if (days.status !== 200) return ((flow.outcome = `days answered ${days.status}${days.location ? ` → ${pathOf(days.location)}` : ""}`), flow);
  if (!days.body.includes(`day=${ctx.day}`)) v.problems.push("the released day is not listed on the days page");
  const timesPath = `${ctx.base}/times?site=${ctx.siteId}&day=${ctx.day}`;
  let page = await getStep(v, flow, "GET times", timesPath);
  let details: string | null = null;
  for (let tries = 0; tries < 10 && !details; tries++) {
    if (page.status !== 200) return ((flow.outcome = `times answered ${page.status}${page.location ? ` → ${pathOf(page.location)}` : ""}`), flow);
    const form = postForms(page.body).find((f) => f.radios.has("start"));
    const starts = form?.radios.get("start") ?? [];
    if (!form || starts.length === 0) return ((flow.outcome = "no time left on the released day"), flow);
    const start = starts[Math.floor(Math.random() * starts.length)]!;
    flow.holdAttempts++;
    const r = await submit(v, flow, "POST hold", form.action || timesPath, [...form.hidden, ["start", start], ...form.selects]);
    if (isRedirect(r)) {
      const to = pathOf(r.location!);
      if (/\/booking\/[^/]+\/details/.test(to)) {
        details = to;
        flow.heldAt = r.doneAt;
      }
      else return ((flow.outcome = `hold sent to ${to.replace(/[0-9a-f-]{36}/g, "…").replace(/\?.*/, "")}`), flow);
    } else if (r.status === 200) {
      const alert = alertText(r.body);
      if (alert && INTERNAL.test(alert)) flow.internalErrors.push("POST hold");
      const stillOffered = postForms(r.body).some((f) => (f.radios.get("start") ?? []).length > 0);
      flow.holdRefusals.push(alert ?? (stillOffered ? "no error summary, other times shown" : "no error summary: the page answered only that no time is left that day"));
      if (!alert && KEEP_LOGS) writeFileSync(path.join(TMP, `hold-refused-${v.n}.html`), r.body);
      page = r; // the times page again, with what is free now
    } else {
      return ((flow.outcome = `hold answered ${r.status}`), flow);
    }
  }
  if (!details) return ((flow.outcome = "no hold after 10 tries"), flow);
  flow.token = /\/booking\/([^/]+)\/details/.exec(details)![1];

  const detailsPage = await getStep(v, flow, "GET details", details);
  const dform = detailsPage.status === 200 ? postForms(detailsPage.body).find((f) => f.texts.includes("firstName")) : undefined;
  if (!dform) return ((flow.outcome = `details page answered ${detailsPage.status} without its form`), flow);
  const typed: Record<string, string> = { firstName: `Prénom${v.rank}`, lastName: `Nom${v.group}${v.rank}`, email: v.email };
  const detailsFields: [string, string][] = [...dform.hidden, ...dform.texts.map((n) => [n, typed[n] ?? ""] as [string, string]), ...dform.selects];
  let sent = await submit(v, flow, "POST details", dform.action || details, detailsFields);
  for (let again = 0; again < 5 && sent.status === 200 && INTERNAL.test(alertText(sent.body) ?? ""); again++) {
    // "An error on our side, nothing was recorded: try again in a moment" — the citizen does.
    flow.internalErrors.push("POST details");
    await sleep(2000);
    sent = await submit(v, flow, "POST details", dform.action || details, detailsFields);
  }
  if (!isRedirect(sent) || !pathOf(sent.location!).includes("/check")) return ((flow.outcome = `details refused (${sent.status}: ${alertText(sent.body) ?? ""})`), flow);
  const checkPath = pathOf(sent.location!);

  const check = await getStep(v, flow, "GET check", checkPath);
  const cform = check.status === 200 ? postForms(check.body).find((f) => f.hidden.some(([n]) => n === "token")) : undefined;
  const setup = check.status === 200 ? altchaSetup(check.body) : null;
  if (!cform) return ((flow.outcome = `check page answered ${check.status} without its form`), flow);
  if (!setup) v.problems.push("check page without the ALTCHA setup");
  else ctx.challenges?.push(setup.challenge);
  const fields: [string, string][] = [...cform.hidden];
  if (ctx.altcha.kind === "solve" && setup) {
    const solved = await solve(setup.challenge);
    if (!solved) return ((flow.outcome = "challenge not solved"), flow);
    flow.solveMs = solved.ms;
    fields.push(["altcha", solved.payload]);
  } else if (ctx.altcha.kind === "forged") {
    // A made-up solution: right shape, a signature of our own.
    fields.push(["altcha", payloadOf({ parameters: setup?.challenge.parameters ?? {}, signature: randomBytes(32).toString("hex") }, { counter: 1234, derivedKey: randomBytes(32).toString("hex") })]);
  } else if (ctx.altcha.kind === "foreign") {
    const payload = await ctx.altcha.payload();
    if (payload) fields.push(["altcha", payload]);
  }
  let confirmed = await submit(v, flow, "POST confirm", cform.action || checkPath, fields);
  for (let again = 0; again < 5 && confirmed.status === 200 && ctx.altcha.kind === "solve" && INTERNAL.test(alertText(confirmed.body) ?? ""); again++) {
    // The same, on the check page: it comes back with a new challenge, solved again before confirming again.
    flow.internalErrors.push("POST confirm");
    const form = postForms(confirmed.body).find((f) => f.hidden.some(([n]) => n === "token"));
    const fresh = altchaSetup(confirmed.body);
    if (!form || !fresh) break;
    await sleep(2000);
    const solved = await solve(fresh.challenge);
    if (!solved) break;
    confirmed = await submit(v, flow, "POST confirm", form.action || checkPath, [...form.hidden, ["altcha", solved.payload]]);
  }
  if (isRedirect(confirmed)) {
    const to = pathOf(confirmed.location!);
    if (/\/manage\/[^/?]+\?booked=1/.test(to)) {
      flow.bookedAt = confirmed.doneAt;
      flow.outcome = "booked";
      const manage = await getStep(v, flow, "GET manage", to);
      if (manage.status !== 200) v.problems.push(`manage page answered ${manage.status}`);
    } else {
      flow.outcome = `confirmation sent to ${to.replace(/[0-9a-f-]{36}/g, "…").replace(/draft=[^&]+/, "draft=…")}`;
    }
  } else {
    flow.alert = alertText(confirmed.body);
    flow.outcome = `confirmation refused (${confirmed.status}${flow.alert ? `: ${flow.alert}` : ""})`;
  }
  return flow;
}

// ---------------------------------------------------------------------------------------------------
// Main

const startedAt = new Date();
const revision = (() => {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
    // Read-only: which tracked files differ from HEAD (another engineer may be editing the checkout).
    const changed = execFileSync("git", ["diff-index", "--name-only", "HEAD", "--"], { encoding: "utf8" }).trim().split("\n").filter(Boolean);
    return changed.length ? `${head} (with ${changed.length} uncommitted changed files in the checkout)` : head;
  } catch {
    return "unknown";
  }
})();
let exitCode = 0;
try {
  const pgLog: string[] = [];
  database = await startEmbeddedPostgres({ dir: path.join(TMP, "db"), port: 0, log: (line) => pgLog.push(...line.split("\n")) });
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  const pgVersion = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  await admin.end();

  const buildRunning = () => {
    try {
      return execFileSync("pgrep", ["-f", "next build"], { encoding: "utf8" }).trim() !== "";
    } catch {
      return false; // pgrep exits with 1 when nothing matches
    }
  };
  while (buildRunning()) {
    console.log("another `next build` is running in this machine: waiting for it to finish…");
    await sleep(10_000);
  }
  await ensureBuild({ info: (m: string) => console.log(m) } as never);
  const authSecret = randomBytes(32).toString("base64url");
  const serverEnv = { DATABASE_URL: database.url, AUTH_SECRET: authSecret, TRUST_PROXY: "1", ROOT_DOMAIN: "localhost" };
  const srv = await startServer(serverEnv);
  const serverPid = srv.child.pid ?? 0;
  console.log(`PostgreSQL ${pgVersion} on port ${database.port}; server on port ${srv.port} (TRUST_PROXY=1, one address per simulated visitor)`);

  // Data, written directly in the database by this process (as the e2e fixtures do).
  Object.assign(process.env, serverEnv);
  const { resetEnv, getEnv } = await import("@/lib/core/env");
  resetEnv();
  const env = getEnv();
  const { createTenant } = await import("@/lib/tenancy/service/create-tenant");
  const { setTenantModules } = await import("@/lib/tenancy/repo");
  const { getTenantBySlug } = await import("@/lib/tenancy/registry");
  const { PLATFORM_THEME } = await import("@/lib/tenancy/theme");
  const { createBookableService } = await import("@/tests/fixtures/appointments");
  const { createRelease } = await import("@/lib/appointments/service/waiting-room");
  const { bookingChallenge } = await import("@/lib/appointments/challenge");
  const { addDays, localDate } = await import("@/lib/appointments/slots");
  const oracle = new pg.Client({ connectionString: database.url });
  await oracle.connect();
  clients.push(oracle);

  const slug = `release-${randomBytes(3).toString("hex")}`;
  const created = await createTenant({ slug, names: { fr: "Bancville", en: "Bancville" }, defaultLocale: "fr", enabledLocales: ["fr", "en"], timeZone: "Europe/Paris", holidayRegion: "FR", theme: { ...PLATFORM_THEME, primary: "#5a2d82" } });
  await setTenantModules(created.id, ["appointments"]);
  let tenant = await getTenantBySlug(slug);
  for (let i = 0; i < 200 && !tenant?.modules.includes("appointments"); i++) {
    await sleep(50);
    tenant = await getTenantBySlug(slug);
  }
  if (!tenant) throw new Error("town not visible");
  const host = `${slug}.localhost:${srv.port}`;
  const today = localDate(new Date(), tenant.timeZone);
  const released = addDays(today, 2);
  const tag = Date.now().toString(36);
  let counter = 1;
  const probe = () => new Browser(srv.port, host, address(counter++));

  /** Waits until the server answers `path` as `ok` says (it learns of new data through NOTIFY). */
  async function until(what: string, p: string, ok: (r: TResponse) => boolean, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const r = await probe().get(p);
      if (ok(r)) return;
      if (Date.now() > deadline) throw new Error(`${what}: the server answers ${p} with ${r.status} ${r.location ?? ""}`);
      await sleep(100);
    }
  }

  // ---- Service A (fairness, bots): 3 places per 20-minute slot all day.
  const A = await createBookableService(tenant, { capacity: 3 });
  const siteA = A.sites[0]!.id;
  const baseA = `/fr/appointments/${A.service.id}`;
  await until("service A", baseA, (r) => r.status === 200);

  // Warm-up: one booking of another day through the same pages (first renders load the server's code).
  {
    const w = newVisitor(counter++, "citizen", 9999, host, srv.port, `${tag}-warm`);
    w.daysPath = `${baseA}/days?site=${siteA}`;
    const flow = await book(w, { base: baseA, siteId: siteA, day: addDays(today, 1), altcha: { kind: "solve" } });
    console.log(`Warm-up booking (no release): ${flow.outcome}`);
    if (flow.outcome !== "booked") throw new Error(`the warm-up booking failed: ${flow.outcome} ${w.problems.join("; ")}`);
  }
  assertAlive(srv);

  // Calibration of the proof of work on this machine, before any load: challenges as the server makes them.
  const calibration: { wall: number; cpu: number }[] = [];
  for (let i = 0; i < 8; i++) {
    const challenge = await bookingChallenge(`calibration-${i}`);
    const cpu0 = process.cpuUsage();
    const t = performance.now();
    await solveChallenge({ challenge, deriveKey });
    const c = process.cpuUsage(cpu0);
    calibration.push({ wall: performance.now() - t, cpu: (c.user + c.system) / 1000 });
  }
  console.log(`Proof of work alone on this machine (8 challenges): median ${fmt(median(calibration.map((c) => c.wall)))} ms (${fmt(median(calibration.map((c) => c.cpu)))} ms of CPU)`);

  // =================================================================================================
  // Part 1: B-fairness
  const quietFair = await waitQuiet(serverPid, "B-fairness", 60);
  const fairInterval = 60_000 / FAIR_ADMIT;
  const opensA = Math.ceil((Date.now() + (SPREAD_S + 12) * 1000) / 1000) * 1000;
  const releaseA = await createRelease(tenant.id, {
    serviceId: A.service.id,
    opensAt: new Date(opensA),
    slotsFrom: released,
    slotsUntil: released,
    admitPerMinute: FAIR_ADMIT,
    queueBeforeMinutes: Math.ceil((SPREAD_S + 12) / 60) + 5,
    queueAfterMinutes: 30,
    createdBy: "bench-release",
  });
  await until("release A", `${baseA}/days?site=${siteA}`, (r) => isRedirect(r) && (r.location ?? "").includes("/queue"));
  const arrivalsStart = Date.now() + 500;
  const arrivalsEnd = opensA - 3_000;
  console.log(`\nB-fairness: ${VISITORS} visitors arrive over ${((arrivalsEnd - arrivalsStart) / 1000).toFixed(0)} s before the release (opens ${new Date(opensA).toISOString()}, ${FAIR_ADMIT} admissions/min), then ${LATE} one after the other after it`);
  const fairDeadline = opensA + (VISITORS + LATE) * fairInterval + 180_000;
  const early = Array.from({ length: VISITORS }, (_, k) => newVisitor(counter++, "early", k, host, srv.port, tag));
  const late = Array.from({ length: LATE }, (_, k) => newVisitor(counter++, "late", k, host, srv.port, tag));
  const fairCtx = { opensAt: opensA, intervalMs: fairInterval, deadline: fairDeadline };
  const admittedDays = new Map<string, number>();
  const fairVisit = async (v: TVisitor, first: string | null) => {
    if (!first) return;
    await untilAdmitted(v, first, fairCtx);
    if (v.daysPath) {
      // The browser follows the redirect to the days (the released day should now be listed).
      const d = await v.browser.get(v.daysPath);
      count(admittedDays, d.status === 200 ? (d.body.includes(`day=${released}`) ? "200, released day listed" : "200, released day NOT listed") : `${d.status}`);
    }
  };
  const cpuFair0 = snapshot();
  const earlyTasks = early.map(async (v) => {
    await sleepUntil(arrivalsStart + (VISITORS > 1 ? (v.rank * (arrivalsEnd - arrivalsStart)) / (VISITORS - 1) : 0));
    await fairVisit(v, await join(v, baseA, siteA, releaseA.id));
  });
  const lateTasks: Promise<void>[] = [];
  const lateArrivals = (async () => {
    await sleepUntil(opensA + 1_500);
    for (const v of late) {
      const first = await join(v, baseA, siteA, releaseA.id); // the next one arrives after this one's answer
      lateTasks.push(fairVisit(v, first));
      await sleep(LATE_GAP_MS);
    }
  })();
  await Promise.all(earlyTasks);
  await lateArrivals;
  await Promise.all(lateTasks);
  const cpuFair = between(cpuFair0, snapshot(), serverPid);
  assertAlive(srv);

  const { rows: entries } = await oracle.query<{ id: string; early: boolean; drawKey: string | null; admitAt: Date | null; arrivedAt: Date }>(
    `SELECT id, early, "drawKey"::text AS "drawKey", "admitAt", "arrivedAt" FROM appointment_queue_entry WHERE "releaseId" = $1`,
    [releaseA.id],
  );
  const { rows: relRows } = await oracle.query<{ earlyCount: number | null }>(`SELECT "earlyCount" FROM appointment_release WHERE id = $1`, [releaseA.id]);
  const byId = new Map(entries.map((e) => [e.id, e]));
  const earlySorted = entries.filter((e) => e.early).sort((a, b) => (BigInt(a.drawKey ?? 0) < BigInt(b.drawKey ?? 0) ? -1 : 1));
  const drawRank = new Map(earlySorted.map((e, i) => [e.id, i]));
  /** The server's admission time of an entry: opensAt + rank in the draw × interval, or its admitAt. */
  const scheduled = (id: string | null | undefined) => {
    const e = id ? byId.get(id) : undefined;
    if (!e) return NaN;
    return e.early ? opensA + drawRank.get(e.id)! * fairInterval : (e.admitAt?.getTime() ?? NaN);
  };
  const all = [...early, ...late];
  const admittedAll = all.filter((v) => v.admittedWall !== undefined && v.entryId && byId.has(v.entryId));
  const seenRanks = ranksOf(admittedAll.map((x) => x.admittedWall!));
  const scheduledRanks = ranksOf(admittedAll.map((x) => scheduled(x.entryId)));
  const observedRank = new Map(admittedAll.map((v, i) => [v, seenRanks[i]!]));
  const scheduledRank = new Map(admittedAll.map((v, i) => [v, scheduledRanks[i]!]));
  const earlyIn = early.filter((v) => observedRank.has(v));
  const lateIn = late.filter((v) => observedRank.has(v));
  const rho = (vs: TVisitor[], f: (v: TVisitor) => number, g: (v: TVisitor) => number) => spearman(vs.map(f), vs.map(g));
  const fair = {
    earlyAdmitted: earlyIn.length,
    lateAdmitted: lateIn.length,
    earlyArrivalObserved: rho(earlyIn, (v) => v.rank, (v) => observedRank.get(v)!),
    earlyArrivalScheduled: rho(earlyIn, (v) => v.rank, (v) => scheduledRank.get(v)!),
    earlyObservedScheduled: rho(earlyIn, (v) => observedRank.get(v)!, (v) => scheduledRank.get(v)!),
    lateArrivalObserved: rho(lateIn, (v) => v.rank, (v) => observedRank.get(v)!),
    lateArrivalScheduled: rho(lateIn, (v) => v.rank, (v) => scheduledRank.get(v)!),
    lateInversionsObserved: inversions([...lateIn].sort((a, b) => a.rank - b.rank).map((v) => observedRank.get(v)!)),
    lateInversionsScheduled: inversions([...lateIn].sort((a, b) => a.rank - b.rank).map((v) => scheduledRank.get(v)!)),
    /** Arrival order as the server recorded it (arrivedAt) against the benchmark's. */
    earlyArrivalInversions: inversions([...earlyIn].sort((a, b) => a.rank - b.rank).map((v) => byId.get(v.entryId!)!.arrivedAt.getTime())),
    lateArrivalInversions: inversions([...lateIn].sort((a, b) => a.rank - b.rank).map((v) => byId.get(v.entryId!)!.arrivedAt.getTime())),
    lateAfterEarly: lateIn.every((v) => scheduled(v.entryId) > Math.max(...earlyIn.map((e) => scheduled(e.entryId)))),
    lateAfterEarlyObserved: lateIn.filter((v) => v.admittedWall! < Math.max(...earlyIn.map((e) => e.admittedWall!))).length,
    /** Let in before their scheduled time (the answer arrived before it): must be 0. */
    tooEarly: admittedAll.filter((v) => v.admittedWall! + 1 < scheduled(v.entryId)).length,
    /** Told to wait by a poll sent after their scheduled time: must be 0. */
    toldToWaitWhenDue: admittedAll.filter((v) => (v.lastWaitingSentWall ?? 0) > scheduled(v.entryId) + 1).length,
    lag: admittedAll.map((v) => v.admittedWall! - scheduled(v.entryId)),
    earlyLag: earlyIn.map((v) => v.admittedWall! - scheduled(v.entryId)),
    lateLag: lateIn.map((v) => v.admittedWall! - scheduled(v.entryId)),
    polls: all.reduce((s, v) => s + v.polls, 0),
    /** Of the first fifth of arrivals, how many were in the first fifth admitted (≈ a fifth by chance). */
    firstFifth: (() => {
      const k = Math.floor(earlyIn.length / 5);
      const firstArrived = new Set([...earlyIn].sort((a, b) => a.rank - b.rank).slice(0, k));
      return { k, inFirst: [...earlyIn].sort((a, b) => observedRank.get(a)! - observedRank.get(b)!).slice(0, k).filter((v) => firstArrived.has(v)).length };
    })(),
    problems: new Map<string, number>(),
    joins: new Map<string, number>(),
    earlyCount: relRows[0]?.earlyCount ?? null,
    lastEarlyJoinBeforeOpen: Math.max(...early.map((v) => v.joinSent ?? 0)) - opensA,
  };
  for (const v of all) {
    for (const p of v.problems) count(fair.problems, p);
    count(fair.joins, String(v.joinStatus));
  }
  const fairLastAdmitted = Math.max(...admittedAll.map((v) => v.admittedWall!)) - opensA;
  console.log(`admitted: ${fair.earlyAdmitted}/${VISITORS} early, ${fair.lateAdmitted}/${LATE} late; /queue answers ${listCounts(fair.joins)}; problems: ${listCounts(fair.problems)}`);
  console.log(`early: ρ(arrival, admission seen) = ${fair.earlyArrivalObserved.toFixed(3)}, ρ(arrival, admission scheduled) = ${fair.earlyArrivalScheduled.toFixed(3)}, ρ(seen, scheduled) = ${fair.earlyObservedScheduled.toFixed(3)}`);
  console.log(`late: ρ(arrival, admission seen) = ${fair.lateArrivalObserved.toFixed(3)} (${fair.lateInversionsObserved} pairs out of order), ρ(arrival, scheduled) = ${fair.lateArrivalScheduled.toFixed(3)} (${fair.lateInversionsScheduled} pairs out of order)`);
  console.log(`let in before their time: ${fair.tooEarly}; told to wait when due: ${fair.toldToWaitWhenDue}; lag seen − scheduled p50 ${ms(percentile(fair.lag, 50))} ms, p95 ${ms(percentile(fair.lag, 95))} ms, max ${ms(Math.max(...fair.lag))} ms; polls of the waiting page after arriving: ${fair.polls}`);
  console.log(`days page after admission: ${listCounts(admittedDays)}; CPU: ${cpuText(cpuFair)}`);

  // =================================================================================================
  // Part 2: bots without a solved challenge (release A's waiting room is still open)
  console.log(`\nBots: ${BOTS} without the altcha field, ${FORGED} with a forged payload, ${FOREIGN} with a solution of another booking`);
  const botCtx = { opensAt: opensA, intervalMs: fairInterval, deadline: Date.now() + 180_000 };
  const challengesSeen: { parameters: Record<string, unknown>; signature: string }[] = [];
  const bot = async (v: TVisitor, altcha: TAltcha) => {
    const first = await join(v, baseA, siteA, releaseA.id);
    if (!first) return;
    await untilAdmitted(v, first, botCtx);
    if (!v.daysPath) return;
    await book(v, { base: baseA, siteId: siteA, day: released, altcha, challenges: altcha.kind === "none" ? challengesSeen : undefined });
  };
  const bots: { v: TVisitor; kind: string }[] = [];
  const cpuBots0 = snapshot();
  const wave1: Promise<void>[] = [];
  for (let k = 0; k < BOTS; k++) {
    const v = newVisitor(counter++, "bot", k, host, srv.port, `${tag}-none`);
    bots.push({ v, kind: "no altcha field" });
    wave1.push(bot(v, { kind: "none" }));
  }
  for (let k = 0; k < FORGED; k++) {
    const v = newVisitor(counter++, "bot", BOTS + k, host, srv.port, `${tag}-forged`);
    bots.push({ v, kind: "forged payload" });
    wave1.push(bot(v, { kind: "forged" }));
  }
  await Promise.all(wave1);
  // A solution of another booking's challenge (solved for real), posted for the bot's own booking.
  let foreignIndex = 0;
  await Promise.all(
    Array.from({ length: FOREIGN }, (_, k) => {
      const v = newVisitor(counter++, "bot", BOTS + FORGED + k, host, srv.port, `${tag}-foreign`);
      bots.push({ v, kind: "another booking's solution" });
      return bot(v, {
        kind: "foreign",
        payload: async () => {
          const c = challengesSeen[foreignIndex++ % Math.max(1, challengesSeen.length)];
          return c ? ((await solve(c))?.payload ?? null) : null;
        },
      });
    }),
  );
  const cpuBots = between(cpuBots0, snapshot(), serverPid);
  const botOutcomes = new Map<string, number>();
  for (const b of bots) count(botOutcomes, `${b.kind}: ${b.v.flow?.outcome ?? b.v.problems.join("; ") ?? "?"}`);
  const { rows: botRows } = await oracle.query<{ n: number }>(`SELECT count(*)::int AS n FROM appointment WHERE "tenantId" = $1 AND email LIKE 'bot-%'`, [tenant.id]);
  const botBooked = botRows[0]?.n ?? 0;
  const botSaidBooked = bots.filter((b) => b.v.flow?.outcome === "booked").length;
  const botHeld = bots.filter((b) => b.v.flow?.token).length;
  console.log(`bots that held a time: ${botHeld}/${bots.length}; bookings in the database: ${botBooked}; confirmations answered as booked: ${botSaidBooked}`);
  console.log(`outcomes: ${listCounts(botOutcomes)}`);

  // =================================================================================================
  // Part 3: B-rush through the web flow
  const quietRush = await waitQuiet(serverPid, "B-rush", 60);
  const slotMinutes = 20;
  const windowEnd = 9 * 60 + SLOTS * slotMinutes;
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  const weekly: TWeekly = Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [["09:00", hhmm(windowEnd)]]]));
  const B = await createBookableService(tenant, { capacity: PLACES / SLOTS, slotMinutes, weekly, service: { maxActivePerCitizen: 1, limitPeriodDays: 30, minNoticeHours: 0 } });
  const siteB = B.sites[0]!.id;
  const baseB = `/fr/appointments/${B.service.id}`;
  await until("service B", baseB, (r) => r.status === 200);
  const rushInterval = 60_000 / RUSH_ADMIT;
  const opensB = Math.ceil((Date.now() + (RUSH_SPREAD_S + 10) * 1000) / 1000) * 1000;
  const releaseB = await createRelease(tenant.id, {
    serviceId: B.service.id,
    opensAt: new Date(opensB),
    slotsFrom: released,
    slotsUntil: released,
    admitPerMinute: RUSH_ADMIT,
    queueBeforeMinutes: Math.ceil((RUSH_SPREAD_S + 10) / 60) + 5,
    queueAfterMinutes: 30,
    createdBy: "bench-release",
  });
  await until("release B", `${baseB}/days?site=${siteB}`, (r) => isRedirect(r) && (r.location ?? "").includes("/queue"));
  console.log(`\nB-rush (web): ${CITIZENS} citizens for ${PLACES} places (${SLOTS} slots × ${PLACES / SLOTS}) on ${released}; release opens ${new Date(opensB).toISOString()}, ${RUSH_ADMIT} admissions/min`);
  const citizens = Array.from({ length: CITIZENS }, (_, k) => newVisitor(counter++, "citizen", k, host, srv.port, tag));
  const rushStart = Date.now() + 500;
  const rushArrivalsEnd = opensB - 3_000;
  const rushCtx = { opensAt: opensB, intervalMs: rushInterval, deadline: opensB + CITIZENS * rushInterval + 300_000 };
  let cpuRush0: ReturnType<typeof snapshot> = null;
  const cpuAtOpen = (async () => {
    await sleepUntil(opensB);
    cpuRush0 = snapshot();
  })();
  await Promise.all(
    citizens.map(async (v) => {
      await sleepUntil(rushStart + (CITIZENS > 1 ? (v.rank * (rushArrivalsEnd - rushStart)) / (CITIZENS - 1) : 0));
      const first = await join(v, baseB, siteB, releaseB.id);
      if (!first) return;
      await untilAdmitted(v, first, rushCtx);
      if (!v.daysPath) return;
      await book(v, { base: baseB, siteId: siteB, day: released, altcha: { kind: "solve" } });
    }),
  );
  await cpuAtOpen;
  const cpuRush = between(cpuRush0, snapshot(), serverPid);
  assertAlive(srv);

  // The oracle: the database itself.
  const { rows: slotRows } = await oracle.query<{ startsAt: Date; capacity: number; taken: number; held: number; places: number }>(
    `SELECT s."startsAt", s.capacity,
            count(p.id) FILTER (WHERE p."appointmentId" IS NOT NULL)::int AS taken,
            count(p.id) FILTER (WHERE p."appointmentId" IS NULL AND p."heldUntil" > now())::int AS held,
            count(p.id)::int AS places
       FROM appointment_slot s LEFT JOIN appointment_place p ON p."slotId" = s.id
      WHERE s."serviceId" = $1 GROUP BY s.id ORDER BY s."startsAt"`,
    [B.service.id],
  );
  const { rows: apptRows } = await oracle.query<{ email: string; people: number; startsAt: Date; places: number }>(
    `SELECT a.email, a.people, a."startsAt", (SELECT count(*)::int FROM appointment_place p WHERE p."appointmentId" = a.id) AS places
       FROM appointment a WHERE a."serviceId" = $1 AND a.status = 'booked'`,
    [B.service.id],
  );
  const peopleBySlot = new Map<number, number>();
  for (const a of apptRows) count(peopleBySlot, a.startsAt.getTime(), a.people);
  const overbooked = slotRows.reduce((s, r) => s + Math.max(0, Math.max(r.taken, peopleBySlot.get(r.startsAt.getTime()) ?? 0) - r.capacity), 0);
  const perEmail = new Map<string, number>();
  for (const a of apptRows) count(perEmail, a.email.toLowerCase());
  const duplicates = [...perEmail.values()].reduce((s, n) => s + n - 1, 0);
  const bookedPlaces = slotRows.reduce((s, r) => s + r.taken, 0);
  const heldPlaces = slotRows.reduce((s, r) => s + r.held, 0);
  const saidBooked = new Set(citizens.filter((v) => v.flow?.outcome === "booked").map((v) => v.email.toLowerCase()));
  const inDb = new Set(apptRows.map((a) => a.email.toLowerCase()));
  const lost = [...inDb].filter((e) => !saidBooked.has(e)).length;
  const phantom = [...saidBooked].filter((e) => !inDb.has(e)).length;
  const ledgerMismatch = apptRows.filter((a) => a.places !== a.people).length;
  const empty = CITIZENS >= PLACES ? Math.max(0, PLACES - bookedPlaces) : 0;
  const rushOutcomes = new Map<string, number>();
  const rushProblems = new Map<string, number>();
  const holdRefusals = new Map<string, number>();
  for (const v of citizens) {
    count(rushOutcomes, v.flow?.outcome ?? (v.admittedWall ? "?" : `not admitted${v.problems.length ? ` (${v.problems[0]})` : ""}`));
    for (const p of v.problems) count(rushProblems, p);
    for (const r of v.flow?.holdRefusals ?? []) count(holdRefusals, r.slice(0, 140));
  }
  const bookedCitizens = citizens.filter((v) => v.flow?.bookedAt !== undefined);
  const admitToBooked = bookedCitizens.map((v) => v.flow!.bookedAt! - v.admittedAt!);
  const solveTimes = citizens.map((v) => v.flow?.solveMs).filter((x): x is number => x !== undefined);
  const busy = citizens.reduce((s, v) => s + (v.flow?.busy ?? 0), 0);
  const busyCitizens = citizens.filter((v) => (v.flow?.busy ?? 0) > 0).length;
  const internal = new Map<string, number>();
  for (const v of citizens) for (const step of v.flow?.internalErrors ?? []) count(internal, step);
  const stepTimes = new Map<string, number[]>();
  for (const v of citizens) for (const [step, t] of v.flow?.steps ?? []) stepTimes.set(step, [...(stepTimes.get(step) ?? []), t]);
  const lastBooking = bookedCitizens.length ? Math.max(...bookedCitizens.map((v) => v.flow!.bookedAt!)) : NaN;
  const firstAdmitted = Math.min(...citizens.filter((v) => v.admittedAt).map((v) => v.admittedAt!));
  const openPerf = performance.now() - (Date.now() - opensB);
  const rushAdmittedLast = Math.max(...citizens.filter((v) => v.admittedWall).map((v) => v.admittedWall!)) - opensB;
  // Does the waiting room's order survive to the places? Admission rank against who held and booked.
  const admittedCitizens = citizens.filter((v) => v.admittedAt !== undefined).sort((a, b) => a.admittedAt! - b.admittedAt!);
  const admissionRank = new Map(admittedCitizens.map((v, i) => [v, i + 1]));
  const firstAdmittedBooked = admittedCitizens.slice(0, PLACES).filter((v) => v.flow?.outcome === "booked").length;
  const holders = admittedCitizens.filter((v) => v.flow?.heldAt !== undefined);
  const rhoAdmitHold = spearman(holders.map((v) => admissionRank.get(v)!), holders.map((v) => v.flow!.heldAt!));
  const rhoAdmitBooked = spearman(bookedCitizens.map((v) => admissionRank.get(v)!), bookedCitizens.map((v) => v.flow!.bookedAt!));
  const holdTries = citizens.reduce((s, v) => s + (v.flow?.holdAttempts ?? 0), 0);
  const rushPolls = citizens.reduce((s, v) => s + v.polls, 0);
  console.log(`outcomes: ${listCounts(rushOutcomes)}`);
  console.log(`oracle: ${bookedPlaces}/${PLACES} places booked, ${heldPlaces} held without a booking, overbooked ${overbooked}, duplicate bookings per citizen ${duplicates}, places left empty ${empty}, lost ${lost}, phantom ${phantom}, place/people mismatches ${ledgerMismatch}`);
  console.log(`admission → confirmation: p50 ${ms(percentile(admitToBooked, 50))} ms, p95 ${ms(percentile(admitToBooked, 95))} ms; challenge solving p50 ${ms(percentile(solveTimes, 50))} ms (p95 ${ms(percentile(solveTimes, 95))}); 503 busy answers ${busy} (to ${busyCitizens} citizens)`);
  console.log(`steps (p50/p95 ms): ${[...stepTimes].map(([k, v]) => `${k} ${ms(percentile(v, 50))}/${ms(percentile(v, 95))} (${v.length})`).join(", ")}`);
  console.log(`hold refusals (${holdRefusals.size ? [...holdRefusals.values()].reduce((a, b) => a + b, 0) : 0}): ${listCounts(holdRefusals)}; problems: ${listCounts(rushProblems)}`);
  console.log(`order kept: of the first ${PLACES} admitted, ${firstAdmittedBooked} booked; ρ(admission rank, hold time) = ${rhoAdmitHold.toFixed(3)} (${holders.length} holders), ρ(admission rank, confirmation time) = ${rhoAdmitBooked.toFixed(3)}`);
  console.log(`internal-error answers ("nothing recorded, try again"; submitted again): ${listCounts(internal)}`);
  console.log(`CPU from the release to the last answer: ${cpuText(cpuRush)}`);

  // =================================================================================================
  // Logs, then the report
  await stopChild(srv.child);
  server = null;
  const logScan = await scanServerLog(srv.log);
  const pgErrors = new Map<string, number>();
  for (const line of pgLog) {
    const m = /(ERROR|FATAL|PANIC):\s+(.*)/.exec(line);
    if (m) count(pgErrors, `${m[1]}: ${m[2]!.replace(/"[0-9a-f-]{36}"/g, '"…"').slice(0, 140)}`);
  }
  const verdict = (ok: boolean) => (ok ? "yes" : "**NO**");
  const ci = 1.96 / Math.sqrt(Math.max(1, fair.earlyAdmitted - 1));
  const fairTable = [
    `| measure | visitors | Spearman ρ | expected | pairs out of order |`,
    `|---|---:|---:|---|---:|`,
    `| arrived before opensAt: arrival rank vs admission rank **as seen** (the waiting page letting them in) | ${fair.earlyAdmitted} | **${fair.earlyArrivalObserved.toFixed(3)}** | ≈ 0 (a draw; \\|ρ\\| < ${ci.toFixed(3)} at 95 %) | – |`,
    `| arrived before opensAt: arrival rank vs admission rank **scheduled** (the draw, from the database) | ${fair.earlyAdmitted} | ${fair.earlyArrivalScheduled.toFixed(3)} | ≈ 0 | – |`,
    `| arrived before opensAt: admission seen vs scheduled | ${fair.earlyAdmitted} | ${fair.earlyObservedScheduled.toFixed(3)} | ≈ 1 (polling resolution) | – |`,
    `| arrived after opensAt, one after the other: arrival rank vs admission rank **as seen** | ${fair.lateAdmitted} | **${fair.lateArrivalObserved.toFixed(3)}** | 1 | ${fair.lateInversionsObserved} |`,
    `| arrived after opensAt: arrival rank vs admission rank **scheduled** (admitAt) | ${fair.lateAdmitted} | ${fair.lateArrivalScheduled.toFixed(3)} | 1 | ${fair.lateInversionsScheduled} |`,
  ].join("\n");
  const stepRows = [...stepTimes].map(([k, v]) => `| ${k} | ${v.length} | ${ms(percentile(v, 50))} | ${ms(percentile(v, 95))} | ${ms(Math.max(...v))} |`);
  const section = `<!-- bench:release -->
## B-fairness and B-rush through the web flow (bench/release)

Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, fresh cluster), code ${revision}. One app server (\`scripts/start.ts\`, production build, \`NODE_ENV=production\`, \`TRUST_PROXY=1\`, BOOKING_CONCURRENCY=${env.BOOKING_CONCURRENCY}, HOLD_RATE_LIMIT=${env.HOLD_RATE_LIMIT}, CITIZEN_RATE_LIMIT=${env.CITIZEN_RATE_LIMIT}, UNCHALLENGED_RATE_LIMIT=${env.UNCHALLENGED_RATE_LIMIT}: the defaults); the server, PostgreSQL and the simulated browsers share the ${os.cpus().length} cores, nothing pinned. \`npm run bench:release\` regenerates this section (about ${Math.round((Date.now() - startedAt.getTime()) / 60_000)} min).

**Method.** Every simulated visitor is a browser without JavaScript, as the citizen pages are written for (decision 014): its own cookie jar, its own client address (\`X-Forwarded-For\` from 198.18.0.0/15, the server trusting one proxy, so that the per-address limits count per visitor as in the field instead of everyone behind 127.0.0.1), GETs of the pages and redirects followed by hand, forms read from the HTML (hidden fields, the server action's \`$ACTION_…\` fields among them) and posted as \`multipart/form-data\` with the page's \`Origin\`. A new town with its own services and releases (created with the service functions, like the end-to-end fixtures); the released day is ${released} (the day after tomorrow). Before any load: one warm-up booking of another day through the same pages, and 8 challenges solved alone (proof of work on this machine: median ${fmt(median(calibration.map((c) => c.wall)))} ms, ${fmt(median(calibration.map((c) => c.cpu)))} ms of CPU).

### B-fairness: who gets in first

${VISITORS} visitors join the waiting room (\`GET …/queue\` → 303 and the \`civitas-queue-<release>\` cookie) one every ${fmt((arrivalsEnd - arrivalsStart) / Math.max(1, VISITORS - 1))} ms, in a known order, over the ${fmt((arrivalsEnd - arrivalsStart) / 1000)} s before the release (the last ${fmt(-fair.lastEarlyJoinBeforeOpen / 1000, 1)} s before opensAt). Each then behaves as the page tells a browser: it reloads after the page's own refresh time (which brings everyone back at about opensAt), and from opensAt it polls the waiting page at the time the position shown on it announces (people ahead × ${fmt(fairInterval)} ms) until the page redirects it to the days: that answer is its **admission as seen**. From 1.5 s after opensAt, ${LATE} more visitors arrive one after the other (each ${LATE_GAP_MS} ms after the previous one's answer), so that the server received them in a known order. Admission rate **${FAIR_ADMIT}/min** (one every ${fmt(fairInterval)} ms), lower than in the rush below so that polls, when the server answers promptly, can tell consecutive admissions apart; at 6000/min the whole room would be let in within ${fmt(((VISITORS + LATE) * 10) / 1000, 1)} s and the order seen would mostly be the order in which the server answered the crowd of reloads at opensAt. The **scheduled** admission is what the server decided (appointment_queue_entry: the rank of the random draw key for the early ones, admitAt for the later ones).

${fairTable}

- Admitted: ${fair.earlyAdmitted}/${VISITORS} early and ${fair.lateAdmitted}/${LATE} late visitors; \`/queue\` answers: ${listCounts(fair.joins)}; the release counted ${fair.earlyCount ?? "?"} early arrivals. The server's arrival order (arrivedAt) against the benchmark's: ${fair.earlyArrivalInversions} pairs out of order among the early ones, ${fair.lateArrivalInversions} among the late ones.
- Of the first ${fair.firstFifth.k} arrivals, ${fair.firstFifth.inFirst} were among the first ${fair.firstFifth.k} admitted (${pct(fair.firstFifth.inFirst, fair.firstFifth.k)}; 20 % expected by chance): coming early gave no better place.
- Every later arrival was scheduled after every early one: ${verdict(fair.lateAfterEarly)}; seen admitted before the last early one: ${fair.lateAfterEarlyObserved}.
- **Let in before their scheduled time** (the redirect to the days arrived before it): **${fair.tooEarly}**; **told to wait by a poll sent after their time**: **${fair.toldToWaitWhenDue}** (both must be 0). Delay between the scheduled admission and the answer that let the visitor in: p50 ${ms(percentile(fair.lag, 50))} ms, p95 ${ms(percentile(fair.lag, 95))} ms, max ${ms(Math.max(...fair.lag))} ms (early ones p95 ${ms(percentile(fair.earlyLag, 95))} ms: the crowd reloading at opensAt; late ones p95 ${ms(percentile(fair.lateLag, 95))} ms). The last visitor was let in ${fmt(fairLastAdmitted / 1000, 1)} s after opensAt; ${fmt(fair.polls)} waiting-page requests in all.
- Days page after admission: ${listCounts(admittedDays)}. Problems: ${listCounts(fair.problems)}.
- CPU from the first arrival to the last admission: ${cpuText(cpuFair)}${(cpuFair?.others ?? 0) > 0.3 ? " — **other people's processes used a large share of the machine during this measure**" : ""}.

### Bots without a solved challenge book nothing

While release A's waiting room is still open, ${BOTS + FORGED + FOREIGN} bots, each with its own address, join the queue, are admitted, take a time of the released day, give details and confirm: ${BOTS} without the \`altcha\` field (a client without JavaScript, or one skipping the proof of work), ${FORGED} with a forged payload (right shape, a signature of their own), ${FOREIGN} with a genuine solution of another booking's challenge (solved for real).

- Bots that held a time: ${botHeld}/${bots.length}. **Bookings they got: ${botBooked}** in the database (${botSaidBooked} confirmations answered as booked); expected 0.
- Answers: ${listCounts(botOutcomes)}.
- CPU: ${cpuText(cpuBots)}.

### B-rush through the web flow

A service with ${SLOTS} slots of ${slotMinutes} minutes × ${PLACES / SLOTS} places (${PLACES} places) on the released day, at most 1 active booking per citizen; its release opens with the waiting room and the proof of work on, **${RUSH_ADMIT} admissions/min**. ${CITIZENS} citizens (distinct e-mail addresses and client addresses) join over the ${fmt((rushArrivalsEnd - rushStart) / 1000)} s before the release, wait as above, and once let in: the days (the released day listed), the released day's times (one chosen at random among those shown; if it was taken meanwhile, the page comes back with an error and the times still free, and they choose again), the hold, their details, the check page, the proof of work solved like the widget (\`solveChallenge\` of altcha-lib with its PBKDF2 \`deriveKey\`, on the challenge in the page's \`altcha-setup\` JSON) and the confirmation, then the appointment's page. A \`503\` (the server's load shedding of booking forms: more than BOOKING_CONCURRENCY=${env.BOOKING_CONCURRENCY} at once) is submitted again after its Retry-After, as a citizen pressing the button again would. No thinking time: this is a race of machines, harsher than people. The oracle is bench/rush's, on the database.

| oracle | result | expected |
|---|---:|---|
| places booked | **${bookedPlaces}/${PLACES}** | ${PLACES} (demand ${CITIZENS} > supply) |
| overbooked places | **${overbooked}** | 0 |
| duplicate bookings per citizen | **${duplicates}** | 0 |
| places left empty | **${empty}** (${heldPlaces} still held by a booking in progress) | 0 |
| bookings no citizen was told about (lost) / told but not booked (phantom) | ${lost} / ${phantom} | 0 / 0 |
| bookings whose places ≠ people | ${ledgerMismatch} | 0 |

- Outcomes: ${listCounts(rushOutcomes)}.
- Hold attempts: ${holdTries} for ${CITIZENS} citizens; refused (time taken between the list and the choice): ${listCounts(holdRefusals)}.
- **Admission to confirmation** (the answer letting the citizen in → the confirmation's redirect), for the ${bookedCitizens.length} who booked: p50 **${ms(percentile(admitToBooked, 50))} ms**, p95 **${ms(percentile(admitToBooked, 95))} ms**, max ${ms(Math.max(...admitToBooked))} ms. **Challenge solving** in the rush: p50 **${ms(percentile(solveTimes, 50))} ms**, p95 ${ms(percentile(solveTimes, 95))} ms (${solveTimes.length} solved; alone on this machine: median ${fmt(median(calibration.map((c) => c.wall)))} ms).
- **Does the waiting room's order reach the places?** Of the first ${PLACES} citizens let in, **${firstAdmittedBooked}** got a place (${PLACES} if the order were kept to the end). Spearman ρ between the rank of admission and the moment the hold succeeded: ${rhoAdmitHold.toFixed(3)} (${holders.length} holders); and the moment of confirmation: ${rhoAdmitBooked.toFixed(3)} (1 = the order of admission kept).
- First citizen let in ${fmt((firstAdmitted - openPerf) / 1000, 2)} s after opensAt, the last one ${fmt(rushAdmittedLast / 1000, 1)} s after; the last booking ${fmt((lastBooking - openPerf) / 1000, 1)} s after opensAt. ${fmt(rushPolls)} waiting-page requests.
- \`503\` busy answers: ${busy} (to ${busyCitizens} citizens). Answers "an error occurred on our side, nothing was recorded, try again" (an error summary with status 200; the citizen submits again, as it says): ${listCounts(internal)}. Problems: ${listCounts(rushProblems)}.
- CPU from opensAt to the last answer: ${cpuText(cpuRush)}${(cpuRush?.others ?? 0) > 0.3 ? " — **other people's processes used a large share of the machine during this measure: the times are pessimistic**" : ""}.

| step (rush) | requests | p50 ms | p95 ms | max ms |
|---|---:|---:|---:|---:|
${stepRows.join("\n")}

### Notes

- The machine is shared: before each part the benchmark waits (up to 1 min) for other processes to use under 0.3 core; it waited ${fmt(quietFair.waited)} s before B-fairness (others then at ${quietFair.others.toFixed(2)} cores) and ${fmt(quietRush.waited)} s before B-rush (${quietRush.others.toFixed(2)} cores).
- Server log: ${fmt(logScan.requests)} requests; warnings and errors: ${listCounts(logScan.messages)}; 5xx answers: ${listCounts(logScan.statuses)} (the 503s are the load shedding above). PostgreSQL errors: ${listCounts(pgErrors)}.
- INTERPRETATION
<!-- /bench:release -->`;

  const file = path.resolve("docs/benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const txTimeouts = [...logScan.messages].filter(([k]) => /Unable to start a transaction|expired transaction/.test(k)).reduce((a, [, n]) => a + n, 0);
  const interpretation = interpret({ rush: { firstAdmittedBooked, places: PLACES, rhoAdmitHold, admittedSpan: rushAdmittedLast, lastBooking: (lastBooking - openPerf), booked: bookedCitizens.length, admit: RUSH_ADMIT }, txTimeouts, internal: [...internal.values()].reduce((a, b) => a + b, 0) + bots.reduce((a, b) => a + (b.v.flow?.internalErrors.length ?? 0), 0), concurrency: env.BOOKING_CONCURRENCY, intervalMs: fairInterval, n: fair.earlyAdmitted, busyCitizens, fair, ci, botBooked, bookedPlaces, overbooked, duplicates, empty, busy, cpuRush, admitToBooked, solveTimes, calibration: median(calibration.map((c) => c.wall)) });
  const finalSection = section.replace("- INTERPRETATION", interpretation);
  const marker = /<!-- bench:release -->[\s\S]*<!-- \/bench:release -->/;
  writeFileSync(file, marker.test(current) ? current.replace(marker, () => finalSection) : `${current.trimEnd()}\n\n${finalSection}\n`);
  console.log(`\n${finalSection}\n\nWritten to docs/benchmarks.md`);
} catch (error) {
  console.error("\nbench/release failed:", error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);

/** The honest reading of the figures, from the figures. */
function interpret(x: {
  rush: { firstAdmittedBooked: number; places: number; rhoAdmitHold: number; admittedSpan: number; lastBooking: number; booked: number; admit: number };
  txTimeouts: number;
  internal: number;
  concurrency: number;
  intervalMs: number;
  n: number;
  busyCitizens: number;
  fair: { earlyArrivalObserved: number; earlyArrivalScheduled: number; earlyObservedScheduled: number; lateArrivalObserved: number; lateInversionsObserved: number; lateInversionsScheduled: number; tooEarly: number; toldToWaitWhenDue: number };
  ci: number;
  botBooked: number;
  bookedPlaces: number;
  overbooked: number;
  duplicates: number;
  empty: number;
  busy: number;
  cpuRush: TCpu | null;
  admitToBooked: number[];
  solveTimes: number[];
  calibration: number;
}): string {
  const lines: string[] = [];
  const f = x.fair;
  lines.push(
    `- Fairness: for those who came before the release, ρ between arrival and admission is ${f.earlyArrivalObserved.toFixed(3)} as seen through the pages (two-sided p = ${pValue(f.earlyArrivalObserved, x.n).toFixed(2)} against no correlation) and ${f.earlyArrivalScheduled.toFixed(3)} in the server's draw itself (p = ${pValue(f.earlyArrivalScheduled, x.n).toFixed(2)}); the 95 % band of chance for ${x.n} visitors is ±${x.ci.toFixed(3)}. ${Math.abs(f.earlyArrivalScheduled) < x.ci ? "Arriving earlier in the minutes before bought no place in the line, as decision 014 intends." : Math.abs(f.earlyArrivalScheduled) < 1.5 * x.ci ? "That is at the edge of the band: one run in twenty lands there with a fair draw (the key is 63 bits of crypto.randomBytes drawn at arrival, and the ranks are a count over it); the first-fifth overlap above is the other check, and runs repeated should scatter around 0." : "**That is far outside what chance gives: arrival order leaks into admission order.**"} The order seen through the pages follows the server's schedule (ρ = ${f.earlyObservedScheduled.toFixed(3)}); what departs from it is the crowd that the waiting page itself brings back at opensAt (every visitor's refresh is set to land then), answered in whatever order the server gets to it. ${f.lateInversionsScheduled === 0 ? "Later arrivals are scheduled strictly first come, first served" : `**Later arrivals are not scheduled in arrival order (${f.lateInversionsScheduled} pairs)**`}${f.lateInversionsObserved ? `; ${f.lateInversionsObserved} pairs were seen out of order through the pages, within the polling resolution (admissions ${fmt(x.intervalMs)} ms apart, answers taking longer than that under load)` : " and were seen so through the pages (ρ = 1)"}. ${f.tooEarly === 0 && f.toldToWaitWhenDue === 0 ? "No page let anyone in before their time, or held anyone back after it." : `**${f.tooEarly} visitors were let in before their time and ${f.toldToWaitWhenDue} held back after it.**`}`,
  );
  lines.push(
    x.botBooked === 0
      ? `- Bots: without a solved challenge, with a forged one or with a solution of another booking, nothing was booked while the room was open; the places they held stay held until their holds run out (10 minutes by default) — the waiting room's admission rate and the one-hold-per-admission rule, not the proof of work, are what bound that.`
      : `- Bots: **${x.botBooked} bookings without a valid solved challenge** while the waiting room was open — decision 014 says this must be 0.`,
  );
  const cpu = x.cpuRush;
  lines.push(
    `- Rush: ${x.overbooked === 0 && x.duplicates === 0 ? "no place overbooked and no citizen booked twice" : "**the capacity or per-citizen invariants broke**"}; ${x.empty === 0 ? `all ${x.bookedPlaces} places were filled` : `**${x.empty} places were left empty**`}. The times are those of a machine-speed race on 2 shared cores: the server, PostgreSQL and the simulated browsers (which also solve every proof of work: in the field each citizen's own device does) compete for the same CPU${cpu ? ` (during the rush: server ${cpu.server.toFixed(2)}, PostgreSQL ${cpu.postgres.toFixed(2)}, this benchmark ${cpu.bench.toFixed(2)} cores)` : ""}, so solving took a median ${fmt(percentile(x.solveTimes, 50))} ms in the rush against ${fmt(x.calibration)} ms alone. Admission-to-confirmation (p50 ${fmt(percentile(x.admitToBooked, 50))} ms) is not the server's CPU being full (it averaged ${cpu ? cpu.server.toFixed(2) : "?"} cores): ${x.busy ? `it is mostly the ${x.busy} \`503\` answers of the load shedding (${fmt(x.busy / Math.max(1, x.busyCitizens), 1)} per citizen shed, each followed by the 2 s of Retry-After, during which the server has less to do) and ` : ""}the one server process's event loop rendering the uncached days and times pages of every citizen let in at once (one Node process uses about one core at most; bench/rush runs two). A citizen reading and typing takes far longer than this machine race. ${x.busy ? `Without JavaScript a shed citizen sees the translated "busy" page and has to submit again by hand.` : "No form was shed (503)."}`,
  );
  const r = x.rush;
  lines.push(
    `- The admission rate against what the server can book: at ${r.admit}/min all the citizens were let in within ${fmt(r.admittedSpan / 1000, 1)} s, while this server booked ${r.booked} places in ${fmt(r.lastBooking / 1000, 1)} s (${fmt((r.booked * 1000) / Math.max(1, r.lastBooking), 1)} bookings/s on this shared machine, each booking being 3 form posts plus 4 page renders). Past the room, the queue therefore moves to the server's load shedding (\`503\`, Retry-After 2 s), whose retries are first come first served only by luck: ${r.firstAdmittedBooked === r.places ? "here the first admitted still all got a place" : `of the first ${r.places} admitted only ${r.firstAdmittedBooked} got a place`} (ρ admission → hold = ${r.rhoAdmitHold.toFixed(3)}). ${r.firstAdmittedBooked < 0.9 * r.places ? "The draw decides who gets in, but not fully who gets a place: a town should set admitPerMinute near what its servers can book (the release page's default is 60/min), not far above it." : ""}`,
  );
  if (x.internal || x.txTimeouts) {
    lines.push(
      `- **Internal errors under load**: ${x.internal} booking forms were answered "an error occurred on our side, nothing was recorded" (the simulated citizens submitted them again), and the server logged ${x.txTimeouts} Prisma transaction failures (P2028: a transaction not started within \`maxWait\` = 10 s, or past its 20 s \`timeout\`; lib/core/db.ts). The booking load shedding lets BOOKING_CONCURRENCY=${x.concurrency} booking writes run at once per server, but the server's PostgreSQL pool has 10 connections (lib/core/db.ts), shared with the page renders and the jobs: the writes it admits can still queue for a connection, and when the CPU is short they time out as errors instead of the clean \`503\` the shedding is meant to give.`,
    );
  }
  return lines.join("\n");
}
