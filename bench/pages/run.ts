// bench/pages: requests/s of two cached pages, a town's home page and an appointment service's slot list
// (the times of a day: /<locale>/appointments/<service>/times?site=…&day=…, decision 014), compared in the
// same run with
//   - a static file served by the same server (Next.js's public/ serving),
//   - a raw Node `http` server returning the same HTML bytes,
//   - nginx serving the same HTML as a file (when nginx is installed: apt-get install nginx-light),
//   - the same pages with the page cache off (Next.js rendering every request).
// The slot list belongs to a town and a bookable service created here, as the end-to-end tests do.
// Needs `wrk` (Debian: apt-get install wrk). Server and references run pinned to CPU 0 and wrk to CPU 1
// when `taskset` exists. Results are printed and written into docs/benchmarks.md.
// Usage: npm run bench:pages [-- --duration 10 --connections 64 --quiet-wait 300]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { findFreePort, startEmbeddedPostgres } from "@/lib/core/embedded-postgres";
import { ensureBuild } from "@/scripts/lib/build";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? Number(args[i + 1]) : fallback;
};
const DURATION = option("duration", 10);
const revision = (() => {
  try {
    return execFileSync("git", ["rev-parse", "--short", "HEAD"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
const CONNECTIONS = option("connections", 64);
const has = (cmd: string) => {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};
if (!has("wrk")) {
  console.error("bench/pages needs wrk: apt-get install wrk (Debian/Ubuntu) or brew install wrk.");
  process.exit(2);
}
const pin = has("taskset") && os.cpus().length >= 2;
const onCpu = (cpu: number, cmd: string, cmdArgs: string[]): [string, string[]] => (pin ? ["taskset", ["-c", String(cpu), cmd, ...cmdArgs]] : [cmd, cmdArgs]);
const OUT = path.resolve("bench/.output");
mkdirSync(OUT, { recursive: true });

type TResult = { name: string; rps: number; p50: number; p95: number; p99: number; errors: number; bytes: number; busyBefore: number; busyDuring: number };

/** Cores busy on the whole machine (from /proc/stat) over `ms`; NaN without /proc. */
function machineBusy(ms: number): number {
  const read = () => {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    return (cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0);
  };
  try {
    const before = read();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    return (read() - before) / 100 / (ms / 1000);
  } catch {
    return NaN;
  }
}
const QUIET_WAIT = option("quiet-wait", 300);
/**
 * The machine may be shared: before a measure (our server idle), wait up to QUIET_WAIT seconds for a
 * second in which the whole machine uses under 0.3 core. Returns the cores busy in the last second.
 */
function waitQuiet(label: string): number {
  const started = Date.now();
  let said = false;
  for (;;) {
    const busy = machineBusy(1000);
    if (!(busy >= 0.3)) return busy;
    if ((Date.now() - started) / 1000 > QUIET_WAIT) {
      console.log(`    (other processes still use ${busy.toFixed(2)} cores; measuring ${label} anyway)`);
      return busy;
    }
    if (!said) console.log(`    (waiting for other processes on the machine to calm down before ${label}: ${busy.toFixed(2)} cores)`);
    said = true;
  }
}
const stat = () => {
  const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
  return (cpu[0] ?? 0) + (cpu[1] ?? 0) + (cpu[2] ?? 0) + (cpu[5] ?? 0) + (cpu[6] ?? 0) + (cpu[7] ?? 0);
};

function wrk(name: string, url: string, host: string, bytes: number, headers: string[] = []): TResult {
  const busyBefore = waitQuiet(name);
  const ticks0 = (() => {
    try {
      return stat();
    } catch {
      return NaN;
    }
  })();
  const t0 = Date.now();
  const [cmd, cmdArgs] = onCpu(1, "wrk", [
    "-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--latency", "-s", path.resolve("bench/pages/p95.lua"),
    "-H", `Host: ${host}`, ...headers.flatMap((h) => ["-H", h]), url,
  ]);
  const out = execFileSync(cmd, cmdArgs, { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const m = /CIVITAS p50_us=(\d+) p95_us=(\d+) p99_us=(\d+) errors=(\d+)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const busyDuring = (() => {
    try {
      return (stat() - ticks0) / 100 / ((Date.now() - t0) / 1000);
    } catch {
      return NaN;
    }
  })();
  const result = { name, rps, p50: Number(m?.[1]) / 1000, p95: Number(m?.[2]) / 1000, p99: Number(m?.[3]) / 1000, errors: Number(m?.[4] ?? 0) + non2xx, bytes, busyBefore, busyDuring };
  console.log(`${name.padEnd(44)} ${rps.toFixed(0).padStart(8)} req/s   p95 ${result.p95.toFixed(1)} ms   errors ${result.errors}   machine busy before ${busyBefore.toFixed(2)}, during ${busyDuring.toFixed(2)} cores`);
  return result;
}

/** GET with an explicit Host header (Node's fetch drops it, and Node does not resolve *.localhost). */
function get(url: string, host: string): Promise<{ status: number; body: Buffer; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

async function waitFor(url: string, host: string, child: ChildProcess) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error("the server exited");
    try {
      const r = await get(url, host);
      if (r.status === 200) return;
    } catch {
      // not ready
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready`);
}

async function startServer(databaseUrl: string, port: number, pageCacheMb: number): Promise<ChildProcess> {
  const [cmd, cmdArgs] = onCpu(0, process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"]);
  const child = spawn(cmd, cmdArgs, {
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, DATABASE_URL: databaseUrl, AUTH_SECRET: randomBytes(32).toString("base64url"), PORT: String(port), NODE_ENV: "production", CIVITAS_SKIP_BUILD: "1", PAGE_CACHE_MB: String(pageCacheMb) } as NodeJS.ProcessEnv,
  });
  await waitFor(`http://127.0.0.1:${port}/api/ready`, `localhost:${port}`, child);
  return child;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** nginx serving `dir` as files: one worker, no daemon, every path under `dir` (pid, logs, temp files). */
async function startNginx(dir: string, port: number): Promise<ChildProcess> {
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  default_type text/html;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${dir}/tmp-body;
  proxy_temp_path ${dir}/tmp-proxy;
  fastcgi_temp_path ${dir}/tmp-fastcgi;
  uwsgi_temp_path ${dir}/tmp-uwsgi;
  scgi_temp_path ${dir}/tmp-scgi;
  server {
    listen 127.0.0.1:${port};
    root ${dir};
  }
}
`,
  );
  const [cmd, cmdArgs] = onCpu(0, "nginx", ["-e", path.join(dir, "error.log"), "-c", conf, "-p", dir]);
  const child = spawn(cmd, cmdArgs, { stdio: ["ignore", "ignore", "inherit"] });
  await waitFor(`http://127.0.0.1:${port}/home.html`, "nginx", child);
  return child;
}

const dbDir = path.join(os.tmpdir(), `civitas-bench-${process.pid}`);
const db = await startEmbeddedPostgres({ dir: dbDir, port: 0 });
const results: TResult[] = [];
const children: ChildProcess[] = [];
const nginxDir = mkdtempSync(path.join(os.tmpdir(), "civitas-bench-nginx-"));
chmodSync(nginxDir, 0o755); // nginx's worker runs as an unprivileged user when started as root
let slotInfo = "";
let nginxNote = "";
try {
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
    await new Promise((r) => setTimeout(r, 1000));
  }
  await ensureBuild({ info: (m: string) => console.log(m) } as never);
  const port = await findFreePort();
  const host = `lutece.localhost:${port}`;
  const homeUrl = `http://127.0.0.1:${port}/fr`;
  let server = await startServer(db.url, port, 64);
  children.push(server);
  const first = await get(homeUrl, host);
  if (first.status !== 200) throw new Error(`the home page answered ${first.status}`);
  const html = first.body;
  const htmlFile = path.join(OUT, "home.html");
  writeFileSync(htmlFile, html);
  const staticPath = "/towns/lutece/logo.svg";
  const staticBytes = (await get(`http://127.0.0.1:${port}${staticPath}`, host)).body.length;

  // A town with the appointments module and a bookable service (as tests/e2e do), written by this
  // process in the same database; the server learns about them through NOTIFY.
  process.env.DATABASE_URL = db.url;
  const { resetEnv } = await import("@/lib/core/env");
  resetEnv();
  const { createTenant } = await import("@/lib/tenancy/service/create-tenant");
  const { setTenantModules } = await import("@/lib/tenancy/repo");
  const { PLATFORM_THEME } = await import("@/lib/tenancy/theme");
  const { createBookableService } = await import("@/tests/fixtures/appointments");
  const { addDays, localDate } = await import("@/lib/appointments/slots");
  const slug = `bench-${randomBytes(3).toString("hex")}`;
  const town = await createTenant({
    slug,
    names: { fr: `Benchville ${slug}`, en: `Benchville ${slug}` },
    defaultLocale: "fr",
    enabledLocales: ["fr", "en"],
    timeZone: "Europe/Paris",
    holidayRegion: "FR",
    theme: { ...PLATFORM_THEME, primary: "#5a2d82" },
  });
  await setTenantModules(town.id, ["appointments"]);
  const { service, sites } = await createBookableService({ id: town.id, timeZone: "Europe/Paris", enabledLocales: ["fr", "en"] }, { capacity: 3 });
  const day = addDays(localDate(new Date(), "Europe/Paris"), 1);
  const slotHost = `${slug}.localhost:${port}`;
  const slotPath = `/fr/appointments/${service.id}/times?site=${sites[0]!.id}&day=${day}`;
  const slotUrl = `http://127.0.0.1:${port}${slotPath}`;
  let slot = await get(slotUrl, slotHost);
  for (let i = 0; i < 200 && slot.status !== 200; i++) {
    await new Promise((r) => setTimeout(r, 100)); // the server learns the town and its module through NOTIFY
    slot = await get(slotUrl, slotHost);
  }
  if (slot.status !== 200) throw new Error(`the slot list answered ${slot.status}`);
  const again = await get(slotUrl, slotHost);
  if (again.headers["x-civitas-cache"] !== "hit") throw new Error(`the slot list is not served from the page cache (x-civitas-cache: ${String(again.headers["x-civitas-cache"])})`);
  const slotHtml = again.body;
  const times = (slotHtml.toString("utf8").match(/name="start"/g) ?? []).length;
  const slotFile = path.join(OUT, "times.html");
  writeFileSync(slotFile, slotHtml);
  slotInfo = `${slotPath.replace(service.id, "<service>").replace(sites[0]!.id, "<site>")} (${times} times of a day, 3 places each; a new town with the appointments module)`;
  console.log(`home page: ${html.length} bytes; slot list: ${slotHtml.length} bytes, ${times} times; static file ${staticPath}: ${staticBytes} bytes; ${DURATION}s per run, ${CONNECTIONS} connections${pin ? ", server on CPU 0, wrk on CPU 1" : ""}\n`);

  results.push(wrk("Civitas home page (page cache)", homeUrl, host, html.length));
  results.push(wrk("Civitas home page (page cache, gzip)", homeUrl, host, html.length, ["Accept-Encoding: gzip"]));
  results.push(wrk("Static file, same server", `http://127.0.0.1:${port}${staticPath}`, host, staticBytes));
  results.push(wrk("Slot list page (page cache)", slotUrl, slotHost, slotHtml.length));
  results.push(wrk("Slot list page (page cache, gzip)", slotUrl, slotHost, slotHtml.length, ["Accept-Encoding: gzip"]));
  await stop(server);

  server = await startServer(db.url, port, 0);
  children.push(server);
  results.push(wrk("Civitas home page (no cache: Next.js render)", homeUrl, host, html.length));
  results.push(wrk("Slot list page (no cache: Next.js render)", slotUrl, slotHost, slotHtml.length));
  await stop(server);

  for (const [name, file, bytes] of [["Raw Node http, same HTML (home)", htmlFile, html.length], ["Raw Node http, same HTML (slot list)", slotFile, slotHtml.length]] as const) {
    const rawPort = await findFreePort();
    const [rawCmd, rawArgs] = onCpu(0, process.execPath, [path.resolve("bench/pages/raw-server.mjs"), file, String(rawPort)]);
    const raw = spawn(rawCmd, rawArgs, { stdio: "inherit" });
    children.push(raw);
    await waitFor(`http://127.0.0.1:${rawPort}/`, "raw", raw);
    results.push(wrk(name, `http://127.0.0.1:${rawPort}/`, "raw", bytes));
    await stop(raw);
  }

  if (has("nginx")) {
    writeFileSync(path.join(nginxDir, "home.html"), html);
    writeFileSync(path.join(nginxDir, "times.html"), slotHtml);
    for (const f of ["home.html", "times.html"]) chmodSync(path.join(nginxDir, f), 0o644);
    const nginxPort = await findFreePort();
    const nginx = await startNginx(nginxDir, nginxPort);
    children.push(nginx);
    const version = (() => {
      try {
        return execFileSync("nginx", ["-v"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
      } catch (e) {
        return String((e as { stderr?: string }).stderr ?? "").trim();
      }
    })();
    nginxNote = `${version || "nginx"}, 1 worker, sendfile, access log off`;
    results.push(wrk("nginx, same HTML as a file (home)", `http://127.0.0.1:${nginxPort}/home.html`, "nginx", html.length));
    results.push(wrk("nginx, same HTML as a file (slot list)", `http://127.0.0.1:${nginxPort}/times.html`, "nginx", slotHtml.length));
    await stop(nginx);
  } else {
    console.log("nginx is not installed (apt-get install nginx-light): no nginx reference");
  }
} finally {
  await Promise.all(children.map((c) => stop(c).catch(() => {})));
  try {
    const { disconnectDb } = await import("@/lib/core/db");
    await disconnectDb();
  } catch {
    // never connected
  }
  await db.stop();
  rmSync(dbDir, { recursive: true, force: true });
  rmSync(nginxDir, { recursive: true, force: true });
}

const byName = (name: string) => results.find((r) => r.name === name);
const ratio = (a: TResult | undefined, b: TResult | undefined) => (a && b && b.rps > 0 ? `${((a.rps / b.rps) * 100).toFixed(1)} %` : "n/a");
const home = byName("Civitas home page (page cache)");
const homeGzip = byName("Civitas home page (page cache, gzip)");
const staticFile = byName("Static file, same server");
const noCache = byName("Civitas home page (no cache: Next.js render)");
const rawNode = byName("Raw Node http, same HTML (home)");
const nginxHome = byName("nginx, same HTML as a file (home)");
const slotList = byName("Slot list page (page cache)");
const slotGzip = byName("Slot list page (page cache, gzip)");
const slotNoCache = byName("Slot list page (no cache: Next.js render)");
const rawSlot = byName("Raw Node http, same HTML (slot list)");
const nginxSlot = byName("nginx, same HTML as a file (slot list)");
const verdict = (ok: boolean) => (ok ? "met" : "**missed**");
const table = [
  `| target | bytes | req/s | p50 ms | p95 ms | p99 ms | errors | cores busy: the second before / during |`,
  `|---|---:|---:|---:|---:|---:|---:|---:|`,
  ...results.map((r) => `| ${r.name} | ${r.bytes} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.busyBefore.toFixed(2)} / ${r.busyDuring.toFixed(2)} |`),
].join("\n");
const slotOk = Boolean(slotList && rawSlot && slotList.rps >= 0.1 * rawSlot.rps);
const slotP95Ok = Boolean(slotList && slotList.p95 < 100);
const ratios = [
  `- Home page (cached) / raw Node, same HTML: **${ratio(home, rawNode)}** (target ≥ 10 %)${nginxHome ? `; / nginx serving it as a file: ${ratio(home, nginxHome)}` : ""}`,
  `- Home page (cached, gzip) / raw Node: ${ratio(homeGzip, rawNode)}`,
  `- Home page (cached) / static file, same server: ${ratio(home, staticFile)}`,
  `- Home page without the cache / raw Node: ${ratio(noCache, rawNode)} (what stock dynamic rendering gives)`,
  `- Slot list (cached) / raw Node, same HTML: **${ratio(slotList, rawSlot)}** (target ≥ 10 %: ${verdict(slotOk)}); p95 at ${CONNECTIONS} connections **${slotList ? slotList.p95.toFixed(1) : "n/a"} ms** (target < 100 ms: ${verdict(slotP95Ok)})${nginxSlot ? `; / nginx serving it as a file: **${ratio(slotList, nginxSlot)}**` : ""}`,
  `- Slot list (cached, gzip) / raw Node: ${ratio(slotGzip, rawSlot)}; slot list without the cache / raw Node: ${ratio(slotNoCache, rawSlot)}`,
  ...(rawSlot && nginxSlot ? [`- Raw Node / nginx, same slot list HTML: ${ratio(rawSlot, nginxSlot)}; same home page HTML: ${ratio(rawNode, nginxHome)}`] : []),
  `- "errors" counts wrk's socket errors, non-2xx answers and requests over its 2 s timeout (the uncached render queues ${CONNECTIONS} connections on one core).`,
  `- "cores busy": the whole machine (${os.cpus().length} cores), the second before a measure (our server idle: other people's processes; the script waits up to ${QUIET_WAIT} s for it to be under 0.3) and during it (the server, pinned to CPU 0, keeps one core busy; wrk, on CPU 1, part of the other). ${results.some((r) => r.busyBefore >= 0.3) ? "**Some measures started with other processes busy: their figures are low.**" : "Every measure started on a quiet machine."}`,
].join("\n");
const section = `<!-- bench:pages -->\n## B-pages: a town's home page and a slot list (bench/pages)\n\nRun ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}, code ${revision}; wrk -t1 -c${CONNECTIONS} -d${DURATION}s${pin ? "; server and references (raw Node, nginx) pinned to CPU 0, wrk to CPU 1" : ""}; the machine may be shared: compare within a run. Pages: the home page of the demo town lutece (/fr) and the slot list ${slotInfo}, both served from the page cache (the slot list's entry lives at most 30 s, then one request renders it again). References: a raw Node \`http\` server returning the same bytes${nginxNote ? `, and ${nginxNote}, serving the same bytes as a file` : ""}. \`npm run bench:pages\` regenerates this section.\n\n${table}\n\n${ratios}\n<!-- /bench:pages -->`;
const file = path.resolve("docs/benchmarks.md");
const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nRatios against references measured in the same run, on the same machine. Absolute numbers vary with the machine; ratios are what we compare.\n\n";
const next = /<!-- bench:pages -->[\s\S]*<!-- \/bench:pages -->/.test(current)
  ? current.replace(/<!-- bench:pages -->[\s\S]*<!-- \/bench:pages -->/, () => section)
  : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(file, next);
console.log(`\n${ratios}\n\nWritten to docs/benchmarks.md`);
process.exit(0);
