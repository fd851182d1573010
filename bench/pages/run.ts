// bench/pages: requests/s of a town's home page, compared in the same run with
//   - a static file served by the same server (Next.js's public/ serving),
//   - a raw Node `http` server returning the same HTML bytes,
//   - the same home page with the page cache off (Next.js rendering every request).
// Needs `wrk` (Debian: apt-get install wrk). Server and references run pinned to CPU 0 and wrk to CPU 1
// when `taskset` exists. Results are printed and written into docs/benchmarks.md.
// Usage: npm run bench:pages [-- --duration 10 --connections 64]
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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

type TResult = { name: string; rps: number; p50: number; p95: number; p99: number; errors: number; bytes: number };

function wrk(name: string, url: string, host: string, bytes: number, headers: string[] = []): TResult {
  const [cmd, cmdArgs] = onCpu(1, "wrk", [
    "-t1", `-c${CONNECTIONS}`, `-d${DURATION}s`, "--latency", "-s", path.resolve("bench/pages/p95.lua"),
    "-H", `Host: ${host}`, ...headers.flatMap((h) => ["-H", h]), url,
  ]);
  const out = execFileSync(cmd, cmdArgs, { encoding: "utf8" });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? 0);
  const m = /CIVITAS p50_us=(\d+) p95_us=(\d+) p99_us=(\d+) errors=(\d+)/.exec(out);
  const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const result = { name, rps, p50: Number(m?.[1]) / 1000, p95: Number(m?.[2]) / 1000, p99: Number(m?.[3]) / 1000, errors: Number(m?.[4] ?? 0) + non2xx, bytes };
  console.log(`${name.padEnd(44)} ${rps.toFixed(0).padStart(8)} req/s   p95 ${result.p95.toFixed(1)} ms   errors ${result.errors}`);
  return result;
}

/** GET with an explicit Host header (Node's fetch drops it, and Node does not resolve *.localhost). */
function get(url: string, host: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { host } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
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
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const dbDir = path.join(os.tmpdir(), `civitas-bench-${process.pid}`);
const db = await startEmbeddedPostgres({ dir: dbDir, port: 0 });
const results: TResult[] = [];
try {
  await ensureBuild({ info: (m: string) => console.log(m) } as never);
  const port = await findFreePort();
  const host = `lutece.localhost:${port}`;
  const homeUrl = `http://127.0.0.1:${port}/fr`;
  let server = await startServer(db.url, port, 64);
  const first = await get(homeUrl, host);
  if (first.status !== 200) throw new Error(`the home page answered ${first.status}`);
  const html = first.body;
  const htmlFile = path.join(OUT, "home.html");
  writeFileSync(htmlFile, html);
  const staticPath = "/towns/lutece/logo.svg";
  const staticBytes = (await get(`http://127.0.0.1:${port}${staticPath}`, host)).body.length;
  console.log(`home page: ${html.length} bytes; static file ${staticPath}: ${staticBytes} bytes; ${DURATION}s per run, ${CONNECTIONS} connections${pin ? ", server on CPU 0, wrk on CPU 1" : ""}\n`);

  results.push(wrk("Civitas home page (page cache)", homeUrl, host, html.length));
  results.push(wrk("Civitas home page (page cache, gzip)", homeUrl, host, html.length, ["Accept-Encoding: gzip"]));
  results.push(wrk("Static file, same server", `http://127.0.0.1:${port}${staticPath}`, host, staticBytes));
  await stop(server);

  server = await startServer(db.url, port, 0);
  results.push(wrk("Civitas home page (no cache: Next.js render)", homeUrl, host, html.length));
  await stop(server);

  const rawPort = await findFreePort();
  const [rawCmd, rawArgs] = onCpu(0, process.execPath, [path.resolve("bench/pages/raw-server.mjs"), htmlFile, String(rawPort)]);
  const raw = spawn(rawCmd, rawArgs, { stdio: "inherit" });
  await waitFor(`http://127.0.0.1:${rawPort}/`, "raw", raw);
  results.push(wrk("Raw Node http, same HTML", `http://127.0.0.1:${rawPort}/`, "raw", html.length));
  await stop(raw);
} finally {
  await db.stop();
  rmSync(dbDir, { recursive: true, force: true });
}

const [home, homeGzip, staticFile, noCache, rawNode] = results as [TResult, TResult, TResult, TResult, TResult];
const ratio = (a: TResult, b: TResult) => `${((a.rps / b.rps) * 100).toFixed(1)} %`;
const table = [
  `| target | bytes | req/s | p50 ms | p95 ms | p99 ms | errors |`,
  `|---|---:|---:|---:|---:|---:|---:|`,
  ...results.map((r) => `| ${r.name} | ${r.bytes} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`),
].join("\n");
const ratios = [
  `- Home page (cached) / raw Node, same HTML: **${ratio(home, rawNode)}** (target ≥ 10 %)`,
  `- Home page (cached, gzip) / raw Node: ${ratio(homeGzip, rawNode)}`,
  `- Home page (cached) / static file, same server: ${ratio(home, staticFile)}`,
  `- Home page without the cache / raw Node: ${ratio(noCache, rawNode)} (what stock dynamic rendering gives)`,
  `- "errors" counts wrk's socket errors, non-2xx answers and requests over its 2 s timeout (the uncached render queues ${CONNECTIONS} connections on one core).`,
].join("\n");
const section = `<!-- bench:pages -->\n## B-pages: a town's home page (bench/pages)\n\nRun ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, Node ${process.version}; wrk -t1 -c${CONNECTIONS} -d${DURATION}s${pin ? "; server pinned to CPU 0, wrk to CPU 1" : ""}. \`npm run bench:pages\` regenerates this section.\n\n${table}\n\n${ratios}\n<!-- /bench:pages -->`;
const file = path.resolve("docs/benchmarks.md");
const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\nRatios against references measured in the same run, on the same machine. Absolute numbers vary with the machine; ratios are what we compare.\n\n";
const next = /<!-- bench:pages -->[\s\S]*<!-- \/bench:pages -->/.test(current)
  ? current.replace(/<!-- bench:pages -->[\s\S]*<!-- \/bench:pages -->/, section)
  : `${current.trimEnd()}\n\n${section}\n`;
writeFileSync(file, next);
console.log(`\n${ratios}\n\nWritten to docs/benchmarks.md`);
