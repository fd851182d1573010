// bench/weight (B-weight): the weight and the loading metrics of the citizen booking pages, measured
// by Lighthouse (npm `lighthouse`, its Node API) in Debian's Chromium with Lighthouse's default mobile
// settings (phone screen emulation, simulated slow 4G and 4× CPU slowdown), performance category only:
//   - the slot list      /fr/appointments/<serviceId>/times?site=<siteId>&day=<day>
//   - the details form   /fr/appointments/booking/<token>/details
//   - the confirmation   /fr/appointments/manage/<token>?booked=1
//   - (not a target) the check page /fr/appointments/booking/<token>/check, which loads the ALTCHA widget
// against the reference measured in the same run: an empty stock Next.js page (app/layout.tsx and
// app/page.tsx only) built and served by `next start` from a temporary directory.
// Per page: total transfer (compressed), JavaScript transfer, JS / stock JS, LCP, CLS, TBT; the median
// of --runs runs (3), pages taken in turn within each run. Targets (issue): JS ≤ 50 % of the stock page's,
// total ≤ 150 kB, LCP ≤ 1.5 s, CLS ≤ 0.05.
// Civitas runs as `npm start` does (scripts/start.ts through bench/weight/server.ts, production build,
// NODE_ENV=production) on an embedded PostgreSQL of its own; the holds and the booking behind the
// token pages are made by this process through the service layer, on the same database.
// Results are printed and written into docs/benchmarks.md (bench:weight section).
// Usage: npm run bench:weight [-- --runs 3 --keep-reports --results <file.json>]
//        npm run bench:weight -- --from <file.json>   (rewrites the section from saved results, no measure)
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { findFreePort, startEmbeddedPostgres, type TEmbeddedDatabase } from "@/lib/core/embedded-postgres";
import { buildIsCurrent, ensureBuild } from "@/scripts/lib/build";
import { median, sleep } from "@/bench/lib/stats";
import { CHROMIUM_ARGS, chromiumPath } from "@/tests/fixtures/chromium";

// ---------------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};
const textOption = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] && !args[i + 1]!.startsWith("--") ? path.resolve(args[i + 1]!) : null;
};
const RUNS = option("runs", 3);
/** --keep-reports: keep every Lighthouse JSON report in a directory under the system's temp dir. */
const KEEP_REPORTS = args.includes("--keep-reports");
/** --results <file>: also write the raw results (every run) there. --from <file>: only rewrite the section. */
const RESULTS_FILE = textOption("results");
const FROM_FILE = textOption("from");

/** The issue's targets. kB are 1000 bytes, of compressed transfer (headers included, as Lighthouse counts). */
const TARGET = { jsRatio: 0.5, totalBytes: 150_000, lcpMs: 1500, cls: 0.05 };

// ---------------------------------------------------------------------------------------------------
// Results

type TRun = {
  url: string;
  status: number;
  totalBytes: number;
  jsBytes: number;
  /** Transfer by Lighthouse resource type (document, script, stylesheet, font, image, other). */
  byType: Record<string, number>;
  requests: number;
  lcp: number;
  cls: number;
  tbt: number;
  fcp: number;
  scripts: { url: string; bytes: number }[];
  /** The HTML document: bytes on the wire (headers included) and decoded; the Content-Encoding a GET just before got. */
  document: { transfer: number; decoded: number; encoding: string };
  /** Render-blocking requests (Lighthouse's render-blocking insight) and the LCP element. */
  renderBlocking: string[];
  lcpElement: string;
  /** Requests that failed or answered 4xx/5xx. */
  failed: string[];
  benchmarkIndex: number;
  userAgent: string;
};
type TPage = { key: "stock" | "times" | "details" | "confirmation" | "check"; label: string; target: boolean; runs: TRun[] };
type TResults = {
  startedAt: string;
  revision: string;
  buildNote: string;
  machine: string;
  node: string;
  lighthouse: string;
  next: string;
  chromium: string;
  runs: number;
  /** Lighthouse runs that failed (a trace error) and were run again. */
  retries?: number;
  serviceName: string;
  day: string;
  pages: TPage[];
};

// ---------------------------------------------------------------------------------------------------
// Processes and cleanup

const children: ChildProcess[] = [];
const chromes = new Set<{ kill: () => void }>();
let TMP = "";
let database: TEmbeddedDatabase | null = null;
let dbUsed = false;
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
    for (const chrome of [...chromes]) {
      try {
        chrome.kill();
      } catch {
        // already gone
      }
    }
    chromes.clear();
    await Promise.all(children.splice(0).map((c) => stopChild(c).catch(() => {})));
    if (dbUsed) {
      // This process used the service layer: its pg-boss, rate limiters, LISTEN connection and pool.
      const closers: [string, string][] = [
        ["@/lib/notifications/boss", "stopBoss"],
        ["@/lib/auth/rate-limit", "closeRateLimiters"],
        ["@/lib/core/invalidation", "stopInvalidationListener"],
        ["@/lib/core/db", "disconnectDb"],
      ];
      for (const [mod, fn] of closers) {
        try {
          const m = (await import(mod)) as Record<string, () => Promise<void>>;
          await m[fn]?.();
        } catch {
          // never started
        }
      }
    }
    if (database) await database.stop().catch((e) => console.error("stopping PostgreSQL:", e));
    database = null;
    if (TMP) {
      rmSync(path.join(TMP, "stock-next", "node_modules"), { force: true }); // the symlink to this checkout's node_modules, first
      rmSync(TMP, { recursive: true, force: true });
    }
  })();
  return cleaned;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping Chromium, the servers and the database…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------
// HTTP helpers (Node does not resolve *.localhost, and its fetch drops Host: node:http with a Host header)

/** GET with the Accept-Encoding Chromium sends; the body is counted, not decoded. */
function get(port: number, host: string, urlPath: string): Promise<{ status: number; bytes: number; encoding: string }> {
  return new Promise((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path: urlPath, headers: { host, "accept-encoding": "gzip, deflate, br, zstd" }, timeout: 60_000 }, (res) => {
      let bytes = 0;
      const encoding = String(res.headers["content-encoding"] ?? "identity");
      res.on("data", (c: Buffer) => (bytes += c.length));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes, encoding }));
      res.on("error", () => resolve({ status: 0, bytes, encoding }));
    });
    req.on("timeout", () => req.destroy(new Error("timeout")));
    req.on("error", () => resolve({ status: 0, bytes: 0, encoding: "" }));
  });
}

async function waitReady(port: number, host: string, urlPath: string, child: ChildProcess, log: string, what: string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${what} exited (code ${child.exitCode}); its log:\n${readFileSync(log, "utf8").slice(-4000)}`);
    if ((await get(port, host, urlPath)).status === 200) return;
    await sleep(500);
  }
  throw new Error(`${what} not ready after 300 s`);
}

function spawnLogged(name: string, cmd: string, cmdArgs: string[], options: { cwd?: string; env: NodeJS.ProcessEnv }): { child: ChildProcess; log: string } {
  const log = path.join(TMP, `${name}.log`);
  const fd = openSync(log, "w");
  const child = spawn(cmd, cmdArgs, { cwd: options.cwd, env: options.env, stdio: ["ignore", fd, fd] });
  closeSync(fd);
  children.push(child);
  return { child, log };
}

async function exitOf(child: ChildProcess, log: string, what: string) {
  const code = await new Promise<number | null>((resolve) => child.once("exit", (c) => resolve(c)));
  children.splice(children.indexOf(child), 1);
  if (code !== 0) throw new Error(`${what} failed (exit ${code}); its log:\n${readFileSync(log, "utf8").slice(-4000)}`);
}

// ---------------------------------------------------------------------------------------------------
// The stock Next.js reference: an empty App Router page, `next build` + `next start`

const STOCK_FILES: Record<string, string> = {
  "package.json": `${JSON.stringify({ name: "stock-next", private: true, type: "module" }, null, 2)}\n`,
  "app/layout.tsx": `export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`,
  "app/page.tsx": `export default function Page() {\n  return (\n    <main>\n      <h1>Hello</h1>\n    </main>\n  );\n}\n`,
  // node_modules is a symlink to this checkout's, outside the app's directory: Turbopack compiles only
  // files under its root, so the root is "/". This changes where files are looked up, not the output.
  "next.config.mjs": `export default { turbopack: { root: "/" } };\n`,
};

async function startStockNext(): Promise<{ url: string }> {
  const dir = path.join(TMP, "stock-next");
  for (const [file, text] of Object.entries(STOCK_FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
  const env = { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" } as NodeJS.ProcessEnv;
  delete env.PORT;
  const nextBin = path.join(dir, "node_modules", "next", "dist", "bin", "next");
  console.log("building the stock Next.js page…");
  const build = spawnLogged("stock-build", process.execPath, [nextBin, "build"], { cwd: dir, env });
  await exitOf(build.child, build.log, "next build (stock page)");
  const port = await findFreePort();
  const server = spawnLogged("stock-server", process.execPath, [nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], { cwd: dir, env });
  await waitReady(port, `127.0.0.1:${port}`, "/", server.child, server.log, "next start (stock page)");
  return { url: `http://127.0.0.1:${port}/` };
}

// ---------------------------------------------------------------------------------------------------
// Lighthouse

let reportDir: string | null = null;

/** A failed Lighthouse run (NO_NAVSTART, NO_FCP…, seen now and then on a busy machine): run it again. */
class LighthouseRunError extends Error {}

type TDetailsItem = Record<string, unknown>;
const itemsOf = (audit: { details?: unknown } | undefined): TDetailsItem[] => {
  const details = audit?.details as { items?: TDetailsItem[] } | undefined;
  return Array.isArray(details?.items) ? details.items : [];
};

async function lighthouseRun(url: string, name: string, encoding: string): Promise<TRun> {
  const [{ default: lighthouse }, chromeLauncher] = await Promise.all([import("lighthouse"), import("chrome-launcher")]);
  const chromePath = chromiumPath();
  if (!chromePath) throw new Error("no Chromium found (Debian: apt-get install chromium, or set CHROMIUM_PATH)");
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: ["--headless=new", ...CHROMIUM_ARGS], handleSIGINT: false, logLevel: "silent" });
  chromes.add(chrome);
  try {
    // Lighthouse's defaults are the mobile preset: formFactor mobile, phone screen, simulated throttling.
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance"], formFactor: "mobile" });
    if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
    const lhr = result.lhr;
    if (reportDir) writeFileSync(path.join(reportDir, `${name}.json`), typeof result.report === "string" ? result.report : JSON.stringify(lhr));
    if (lhr.runtimeError) throw new LighthouseRunError(`Lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const requests = itemsOf(lhr.audits["network-requests"]);
    const documentUrl = lhr.mainDocumentUrl ?? lhr.finalDisplayedUrl;
    const main = requests.find((r) => r.url === documentUrl) ?? requests.find((r) => r.resourceType === "Document");
    const byType: Record<string, number> = {};
    for (const item of itemsOf(lhr.audits["resource-summary"])) {
      if (typeof item.resourceType === "string" && item.resourceType !== "total" && item.resourceType !== "third-party") byType[item.resourceType] = Number(item.transferSize ?? 0);
    }
    const numeric = (id: string) => {
      const value = lhr.audits[id]?.numericValue;
      if (typeof value !== "number") throw new Error(`Lighthouse gave no ${id} for ${url}`);
      return value;
    };
    return {
      url: documentUrl ?? url,
      status: Number(main?.statusCode ?? 0),
      totalBytes: numeric("total-byte-weight"),
      jsBytes: byType.script ?? 0,
      byType,
      requests: requests.length,
      lcp: numeric("largest-contentful-paint"),
      cls: numeric("cumulative-layout-shift"),
      tbt: numeric("total-blocking-time"),
      fcp: numeric("first-contentful-paint"),
      scripts: requests.filter((r) => r.resourceType === "Script").map((r) => ({ url: String(r.url), bytes: Number(r.transferSize ?? 0) })),
      document: { transfer: Number(main?.transferSize ?? 0), decoded: Number(main?.resourceSize ?? 0), encoding },
      renderBlocking: itemsOf(lhr.audits["render-blocking-insight"]).map((i) => String(i.url)),
      lcpElement: (() => {
        const node = (lhr.audits["lcp-breakdown-insight"]?.details as { items?: { type?: string; snippet?: string; nodeLabel?: string }[] } | undefined)?.items?.find((i) => i.type === "node");
        return node ? `${node.snippet ?? ""} ${node.nodeLabel ?? ""}`.trim() : "";
      })(),
      failed: requests.filter((r) => { const status = Number(r.statusCode ?? 0); return status < 200 || status >= 400; }).map((r) => `${String(r.url)} → ${String(r.statusCode)}`),
      benchmarkIndex: lhr.environment?.benchmarkIndex ?? 0,
      userAgent: lhr.environment?.hostUserAgent ?? "",
    };
  } finally {
    chromes.delete(chrome);
    chrome.kill();
  }
}

// ---------------------------------------------------------------------------------------------------
// The report

const kB = (bytes: number) => (bytes / 1000).toFixed(1);
const pass = (ok: boolean) => (ok ? "pass" : "**fail**");
type TSummary = {
  total: number;
  js: number;
  lcp: number;
  cls: number;
  tbt: number;
  fcp: number;
  byType: Record<string, number>;
  scripts: { url: string; bytes: number }[];
  document: { transfer: number; decoded: number; encoding: string };
  renderBlocking: string[];
  lcpElement: string;
};

/** A URL without its origin, and with the booking tokens replaced (they differ from run to run). */
const shortUrl = (url: string) => url.replace(/^https?:\/\/[^/]+/, "").replace(/\/(booking|manage)\/[^/?]+/, "/$1/<token>");

function summarize(page: TPage): TSummary {
  const pick = (f: (r: TRun) => number) => median(page.runs.map(f));
  const types = new Set(page.runs.flatMap((r) => Object.keys(r.byType)));
  const scripts = new Map<string, number[]>();
  for (const run of page.runs) {
    for (const s of run.scripts) scripts.set(shortUrl(s.url), [...(scripts.get(shortUrl(s.url)) ?? []), s.bytes]);
  }
  // Compressed or not, as Chromium received it: fewer bytes on the wire (headers included) than decoded.
  const encodings = page.runs.map((r) => (!r.document ? "?" : r.document.transfer < r.document.decoded ? (/^(br|gzip|zstd|deflate)$/.test(r.document.encoding) ? r.document.encoding : "compressed") : "identity"));
  const lcpRun = [...page.runs].sort((a, b) => a.lcp - b.lcp)[Math.floor((page.runs.length - 1) / 2)];
  return {
    total: pick((r) => r.totalBytes),
    js: pick((r) => r.jsBytes),
    lcp: pick((r) => r.lcp),
    cls: pick((r) => r.cls),
    tbt: pick((r) => r.tbt),
    fcp: pick((r) => r.fcp),
    byType: Object.fromEntries([...types].map((t) => [t, median(page.runs.map((r) => r.byType[t] ?? 0))])),
    scripts: [...scripts].map(([url, bytes]) => ({ url, bytes: median(bytes) })),
    document: { transfer: pick((r) => r.document?.transfer ?? 0), decoded: pick((r) => r.document?.decoded ?? 0), encoding: [...new Set(encodings)].join("/") },
    renderBlocking: [...new Set(page.runs.flatMap((r) => (r.renderBlocking ?? []).map(shortUrl)))],
    lcpElement: lcpRun?.lcpElement ?? "",
  };
}

function report(results: TResults): { section: string; console: string } {
  const stock = summarize(results.pages.find((p) => p.key === "stock")!);
  const ours = results.pages.filter((p) => p.key !== "stock");
  const sums = new Map(ours.map((p) => [p.key, summarize(p)] as const));
  const sum = (p: TPage) => sums.get(p.key)!;
  const ratio = (js: number) => (stock.js > 0 ? js / stock.js : NaN);
  const pct = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : "n/a");
  const checks = (s: TSummary) => ({ js: ratio(s.js) <= TARGET.jsRatio, total: s.total <= TARGET.totalBytes, lcp: s.lcp <= TARGET.lcpMs, cls: s.cls <= TARGET.cls });
  const lower = (p: TPage) => p.label.charAt(0).toLowerCase() + p.label.slice(1);
  const list = (xs: string[]) => (xs.length <= 1 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);
  const range = (xs: number[], f: (x: number) => string) => (Math.min(...xs) === Math.max(...xs) ? f(xs[0]!) : `${f(Math.min(...xs))}–${f(Math.max(...xs))}`);

  const header = `| page | total kB | JS kB | JS / stock JS | LCP ms | CLS | TBT ms | JS ≤ 50 % | total ≤ 150 kB | LCP ≤ 1.5 s | CLS ≤ 0.05 |\n|---|---:|---:|---:|---:|---:|---:|:-:|:-:|:-:|:-:|`;
  const row = (label: string, s: TSummary, withChecks: boolean) => {
    const c = checks(s);
    return `| ${label} | ${kB(s.total)} | ${kB(s.js)} | ${pct(ratio(s.js))} | ${s.lcp.toFixed(0)} | ${s.cls.toFixed(3)} | ${s.tbt.toFixed(0)} | ${withChecks ? `${pass(c.js)} | ${pass(c.total)} | ${pass(c.lcp)} | ${pass(c.cls)}` : "– | – | – | –"} |`;
  };
  const table = [header, row("Empty stock Next.js page (reference)", stock, false), ...ours.map((p) => row(p.label, sum(p), true))].join("\n");

  // What each page is made of, and which scripts it loads.
  const TYPES = ["document", "stylesheet", "font", "image", "script", "other"];
  const composition = (s: TSummary) => TYPES.filter((t) => (s.byType[t] ?? 0) > 0).map((t) => `${t} ${kB(s.byType[t]!)}`).join(", ");
  const clip = (text: string, n: number) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);
  const scriptList = (s: TSummary) => (s.scripts.length ? s.scripts.map((x) => `\`${clip(x.url, 90)}\` (${kB(x.bytes)} kB)`).join(", ") : "none");
  const html = (s: TSummary) => `HTML ${kB(s.document.decoded)} kB decoded, sent ${s.document.encoding === "identity" ? "**uncompressed**" : s.document.encoding}`;
  const details = (s: TSummary) =>
    `${composition(s)} kB (${html(s)}); scripts: ${scriptList(s)}; render-blocking: ${s.renderBlocking.length ? s.renderBlocking.map((u) => `\`${clip(u, 60)}\``).join(", ") : "none"}; LCP element: ${s.lcpElement ? `\`${clip(s.lcpElement.replace(/`/g, "'"), 110)}\`` : "?"}`;
  const composed = [`- Empty stock Next.js page: ${details(stock)}.`, ...ours.map((p) => `- ${p.label}: ${details(sum(p))}.`)].join("\n");

  // Interpretation, from the numbers.
  const targets = ours.filter((p) => p.target);
  const leaked = ours.filter((p) => sum(p).scripts.some((x) => x.url.startsWith("/_next/")));
  const failing = (key: keyof ReturnType<typeof checks>) => targets.filter((p) => !checks(sum(p))[key]).map(lower);
  const check = ours.find((p) => p.key === "check");
  const sentences: string[] = [];
  sentences.push(
    leaked.length
      ? `**Next.js's runtime is still shipped by ${list(leaked.map(lower))}** (scripts under /_next/ above): these pages are meant to be served without it (lib/server/lean-pages.ts), so this is a bug.`
      : `None of the measured Civitas pages loads a script from /_next/: the citizen pages are served without the Next.js client runtime on purpose (they render <meta name="civitas-js" content="none">, and lib/server/lean-pages.ts strips Next.js's scripts, preloads and inlined RSC payload from their HTML), and their forms post to server actions as plain HTML forms.`,
  );
  sentences.push(
    targets.every((p) => sum(p).js === 0)
      ? `So the three target pages load no JavaScript at all (0 kB against ${kB(stock.js)} kB for the empty stock page): the JavaScript target holds by construction rather than by trimming.`
      : `JavaScript: ${list(targets.map((p) => `${lower(p)} ${kB(sum(p).js)} kB (${pct(ratio(sum(p).js))})`))} against ${kB(stock.js)} kB for the empty stock page${failing("js").length ? `; over the target: ${list(failing("js"))}` : ""}.`,
  );
  if (check) {
    const c = sum(check);
    const cc = checks(c);
    const over = [!cc.js && "JavaScript", !cc.total && "total weight", !cc.lcp && `LCP (${c.lcp.toFixed(0)} ms; runs ${check.runs.map((r) => r.lcp.toFixed(0)).join(", ")} ms)`, !cc.cls && "CLS"].filter((x): x is string => Boolean(x));
    sentences.push(
      `The booking step that does load a script is the check page (measured for information, not one of the issue's pages): the ALTCHA proof-of-work widget, ${kB(c.js)} kB of JavaScript (${pct(ratio(c.js))} of the stock page's) plus its stylesheet, ${kB(c.total)} kB in all — ${over.length ? `over the target for ${list(over)} in this run` : "within the targets too"}.`,
    );
  }
  const docs = targets.map((p) => sum(p).byType.document ?? 0);
  const css = targets.map((p) => sum(p).byType.stylesheet ?? 0).filter((x) => x > 0);
  const small = targets.map((p) => (sum(p).byType.image ?? 0) + (sum(p).byType.other ?? 0) + (sum(p).byType.font ?? 0));
  const maxTotal = Math.max(...targets.map((p) => sum(p).total));
  sentences.push(
    `${failing("total").length ? `Total weight is over 150 kB on ${list(failing("total"))}.` : `By weight the pages are far inside the budget: at most ${kB(maxTotal)} kB (${pct(maxTotal / TARGET.totalBytes)} of 150 kB), against ${kB(stock.total)} kB for the empty stock page, ${pct(stock.js / Math.max(1, stock.total))} of which is framework JavaScript.`} A target page transfers its HTML (${range(docs, kB)} kB on the wire)${css.length ? `, one stylesheet (${range(css, kB)} kB; the same file on every page, so cached after the first)` : ""} and ${range(small, kB)} kB of logo and favicon${targets.some((p) => (sum(p).byType.font ?? 0) > 0) ? " and fonts" : ", no web fonts"}.`,
  );
  const uncompressed = targets.filter((p) => sum(p).document.encoding.includes("identity") && sum(p).document.decoded > 1024);
  if (uncompressed.length) {
    const compressed = ours.filter((p) => !sum(p).document.encoding.includes("identity")).map(lower);
    sentences.push(
      `Unexpected: the HTML of ${list(uncompressed.map(lower))} is sent uncompressed (${list(uncompressed.map((p) => `${kB(sum(p).document.decoded)} kB`))}) although Chromium accepts br and gzip${compressed.length ? ` (the ${list(compressed)}, served from the page cache, ${compressed.length > 1 ? "are" : "is"} compressed)` : ""}: apparently a page rendered on a page-cache miss has lost its Accept-Encoding header (lib/server/http-server.ts removes it so that the cache stores plain HTML) by the time lib/server/lean-pages.ts picks the encoding. Compressed, these documents would be a few kB lighter still.`,
    );
  }
  const lcps = targets.map((p) => sum(p).lcp);
  const blocked = targets.filter((p) => sum(p).renderBlocking.length > 0);
  const textLcp = targets.every((p) => sum(p).lcpElement !== "" && !/^<img/i.test(sum(p).lcpElement));
  sentences.push(
    `${failing("lcp").length ? `LCP is over 1.5 s on ${list(failing("lcp"))}` : `LCP (${range(lcps, (x) => x.toFixed(0))} ms) is under 1.5 s`} with Lighthouse's simulated slow 4G (150 ms RTT, 1.6 Mbit/s) and 4× CPU slowdown${
      Math.min(...lcps) > stock.lcp
        ? `, but above the stock page's ${stock.lcp.toFixed(0)} ms although the pages weigh a fraction of it: ${blocked.length === targets.length ? "their first paint waits for the render-blocking stylesheet (one more request on the critical path, at 150 ms RTT), which the unstyled stock page does not have (its scripts are async and do not delay its text)" : "see the render-blocking requests and LCP elements above"}`
        : ` (the stock page: ${stock.lcp.toFixed(0)} ms)`
    }${textLcp ? "; the LCP element is text on every target page, so no image is on the critical path" : ""}.`,
  );
  sentences.push(failing("cls").length ? `CLS is over 0.05 on ${list(failing("cls"))}.` : `Nothing moves after the first paint (CLS ${Math.max(...targets.map((p) => sum(p).cls)).toFixed(3)} at most).`);
  const benchmarkIndex = median(results.pages.flatMap((p) => p.runs.map((r) => r.benchmarkIndex)));
  sentences.push(
    `The machine is small and shared (${results.machine}; Lighthouse's benchmark index ${benchmarkIndex.toFixed(0)}), so the timings — TBT above all, which scales the main thread's measured tasks — vary from run to run; the byte counts are the same in every run, and the ratio to the stock page measured alongside is what carries over to other machines.`,
  );
  const interpretation = sentences.join(" ");

  const section = `<!-- bench:weight -->
## B-weight: citizen page weight (Lighthouse, mobile)

Run ${results.startedAt.slice(0, 16).replace("T", " ")} UTC on ${results.machine}, Node ${results.node}, Lighthouse ${results.lighthouse}, ${results.chromium}; code ${results.revision}${results.buildNote}. \`npm run bench:weight\` regenerates this section.

Method: Lighthouse's Node API in Debian's Chromium (headless), its default mobile preset (phone screen emulation, simulated throttling: slow 4G, 150 ms RTT, 1.6 Mbit/s down, 4× CPU slowdown), performance category only, a fresh browser for every run; ${results.runs} runs per page, the pages taken in turn within each run, and the median of each metric. Civitas is started as \`npm start\` starts it (production build, \`NODE_ENV=production\`, its own server lib/server/http-server.ts) on an embedded PostgreSQL seeded with the demo towns; pages of the town lutece (\`http://lutece.localhost:<port>/fr/…\`), service « ${results.serviceName} », day ${results.day}: the slot list (\`/appointments/<service>/times?site=…&day=…\`), the details form (\`/appointments/booking/<token>/details\`) on a fresh hold, the confirmation (\`/appointments/manage/<token>?booked=1\`) of a confirmed booking, and for information the check page (\`/appointments/booking/<token>/check\`) of a hold with its details filled in — the holds and the booking made by the benchmark through the service layer (holdSlot, saveHoldDetails, confirmHold) on the server's database. Reference: an empty stock Next.js ${results.next} page (\`app/layout.tsx\` + \`app/page.tsx\` printing "Hello", \`next build\` then \`next start\`), measured the same way in the same run. Total and JS are Lighthouse's transfer sizes (compressed, headers included; kB = 1000 bytes).${results.retries ? ` ${results.retries} Lighthouse run${results.retries > 1 ? "s" : ""} ended with a trace error (Lighthouse's "run Lighthouse again") and ${results.retries > 1 ? "were" : "was"} run again.` : ""}

${table}

What each page transfers (medians, kB):

${composed}

${interpretation}
<!-- /bench:weight -->`;

  return { section, console: `${table}\n\n${composed}\n\n${interpretation}` };
}

function writeSection(section: string) {
  const file = path.resolve("docs/benchmarks.md");
  const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
  const pattern = /<!-- bench:weight -->[\s\S]*<!-- \/bench:weight -->/;
  writeFileSync(file, pattern.test(current) ? current.replace(pattern, () => section) : `${current.trimEnd()}\n\n${section}\n`);
}

// ---------------------------------------------------------------------------------------------------
// Main

function git(gitArgs: string[]): string {
  // Read-only, and without refreshing the index (another engineer may be working in this checkout).
  return execFileSync("git", gitArgs, { encoding: "utf8", env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" }, stdio: ["ignore", "pipe", "ignore"] }).trim();
}

async function measureAll(): Promise<TResults> {
  const startedAt = new Date().toISOString();
  let revision = "unknown";
  try {
    revision = git(["rev-parse", "--short", "HEAD"]);
    if (git(["status", "--porcelain", "--untracked-files=no"]) !== "") revision += " (with uncommitted changes)";
  } catch {
    // not a git checkout
  }
  TMP = mkdtempSync(path.join(os.tmpdir(), "civitas-weight-"));
  chmodSync(TMP, 0o755); // as root, PostgreSQL runs as the postgres user and must reach TMP/db
  if (KEEP_REPORTS) {
    reportDir = mkdtempSync(path.join(os.tmpdir(), "civitas-weight-reports-"));
    console.log(`Lighthouse reports kept in ${reportDir}`);
  }

  // The stock reference first: its build is the longest step that does not need the database.
  const stock = await startStockNext();

  database = await startEmbeddedPostgres({ dir: path.join(TMP, "db"), port: 0 });
  await ensureBuild({ info: (m: string) => console.log(m) } as never);
  const buildNote = buildIsCurrent() ? "" : " (measured on the existing build, older than some source files: CIVITAS_SKIP_BUILD=1)";
  if (buildNote) console.log(`note: the build in .next predates some source changes; measuring it as it is${buildNote}`);
  const port = await findFreePort();
  const host = `lutece.localhost:${port}`;
  const server = spawnLogged("civitas", process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "bench/weight/server.ts"], {
    env: { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: randomBytes(32).toString("base64url"), PORT: String(port), NODE_ENV: "production", CIVITAS_SKIP_BUILD: "1" } as NodeJS.ProcessEnv,
  });
  await waitReady(port, `localhost:${port}`, "/api/ready", server.child, server.log, "the Civitas server"); // migrates and seeds the demo towns
  // The checkout may be shared: a `next build` (someone's `npm start`) replacing .next under the running
  // server leaves it serving pages that point to files of the old build. Such a run is stopped.
  const buildIdFile = path.resolve(".next", "BUILD_ID");
  const servedBuild = readFileSync(buildIdFile, "utf8").trim();
  const assertSameBuild = () => {
    const now = existsSync(buildIdFile) ? readFileSync(buildIdFile, "utf8").trim() : "(none)";
    if (now !== servedBuild) throw new Error(`the build in .next was replaced during the run (${servedBuild} → ${now}: someone ran \`next build\` or \`npm start\` in this checkout); the server now mixes two builds, run the benchmark again`);
  };
  console.log(`Civitas on port ${port} (production build), stock Next.js at ${stock.url}`);

  // The service layer, in this process, on the server's database.
  process.env.DATABASE_URL = database.url;
  process.env.LOG_LEVEL = "warn";
  const { resetEnv } = await import("@/lib/core/env");
  resetEnv();
  dbUsed = true;
  const { getTenantBySlug } = await import("@/lib/tenancy/registry");
  const { listServices } = await import("@/lib/appointments/repo");
  const { availableSlots } = await import("@/lib/appointments/service/availability");
  const { confirmHold, holdSlot, saveHoldDetails } = await import("@/lib/appointments/service/book-appointment");
  const { customFieldName, customFieldsOf } = await import("@/lib/appointments/schemas");
  const { addDays, localDate } = await import("@/lib/appointments/slots");
  const tenant = await getTenantBySlug("lutece");
  if (!tenant) throw new Error("the demo town lutece was not seeded");
  const service = (await listServices(tenant.id)).find((s) => !s.archivedAt && !s.loginRequired && s.sites.length > 0);
  if (!service) throw new Error("lutece has no bookable appointment service");
  const serviceName = (service.names as Record<string, string>).fr ?? Object.values(service.names as Record<string, string>)[0] ?? service.id;

  // A day with enough free times at one site: one per hold the benchmark makes, and some left to list.
  const needed = 2 * RUNS + 4;
  const today = localDate(new Date(), tenant.timeZone);
  const free = await availableSlots(tenant, service, { from: today, to: addDays(today, 7 * service.horizonWeeks) });
  const byDay = new Map<string, typeof free>();
  for (const slot of free) {
    const key = `${slot.siteId}|${localDate(slot.start, tenant.timeZone)}`;
    byDay.set(key, [...(byDay.get(key) ?? []), slot]);
  }
  const chosen = [...byDay].find(([, slots]) => slots.length >= needed);
  if (!chosen) throw new Error(`no day with ${needed} free times for ${serviceName}`);
  const [siteId, day] = chosen[0].split("|") as [string, string];
  const slots = [...chosen[1]].reverse(); // holds take the last times of the day, the list keeps its first ones
  let nextSlot = 0;
  const takeSlot = () => slots[nextSlot++]!;
  console.log(`service « ${serviceName} », site ${siteId}, day ${day}: ${chosen[1].length} free times`);

  const typed = (email: string): Record<string, string> => {
    const t: Record<string, string> = { firstName: "Camille", lastName: "Martin", email };
    if (service.phoneField !== "off") t.phone = "+33 6 12 34 56 78";
    if (service.antsField !== "off") t.antsNumber = "AB12CD34EF";
    for (const f of customFieldsOf(service.customFields)) {
      t[customFieldName(f.id)] = f.type === "date" ? "2027-06-12" : f.type === "number" ? "2" : f.type === "choice" ? (f.options?.[0]?.value ?? "") : f.type === "checkbox" ? "on" : "-";
    }
    return t;
  };
  const hold = async (email: string | null) => {
    const slot = takeSlot();
    const h = await holdSlot({ tenant, service, siteId: slot.siteId, start: slot.start, people: 1, locale: "fr" });
    if (email) await saveHoldDetails(tenant.id, h.hold, typed(email));
    return h;
  };
  const stamp = Date.now().toString(36);

  // The confirmation page's booking, made once.
  const booked = await hold(`weight-booked-${stamp}@bench.example.net`);
  const { appointment } = await confirmHold({ tenant, service, hold: booked.hold, token: booked.token });
  console.log(`booked ${appointment.reference} for the confirmation page`);

  const origin = `http://${host}`;
  const urls: Record<TPage["key"], () => Promise<string>> = {
    stock: async () => stock.url,
    times: async () => `${origin}/fr/appointments/${service.id}/times?site=${siteId}&day=${day}`,
    details: async () => `${origin}/fr/appointments/booking/${(await hold(null)).token}/details`,
    confirmation: async () => `${origin}/fr/appointments/manage/${booked.token}?booked=1`,
    check: async () => `${origin}/fr/appointments/booking/${(await hold(`weight-check-${stamp}-${nextSlot}@bench.example.net`)).token}/check`,
  };
  const pages: TPage[] = [
    { key: "stock", label: "Empty stock Next.js page", target: false, runs: [] },
    { key: "times", label: "Slot list", target: true, runs: [] },
    { key: "details", label: "Details form", target: true, runs: [] },
    { key: "confirmation", label: "Confirmation", target: true, runs: [] },
    { key: "check", label: "Check page (ALTCHA; not a target)", target: false, runs: [] },
  ];

  let retries = 0;
  for (let run = 1; run <= RUNS; run++) {
    for (const page of pages) {
      const url = await urls[page.key]();
      const u = new URL(url);
      const warm = await get(Number(u.port), u.host, `${u.pathname}${u.search}`); // the server's first render of the route is not what is measured
      if (warm.status !== 200) throw new Error(`${url} answered ${warm.status}`);
      // A second GET sees what Chromium will see next (the slot list from the page cache, filled by the first).
      const probe = await get(Number(u.port), u.host, `${u.pathname}${u.search}`);
      assertSameBuild();
      let result: TRun | null = null;
      for (let attempt = 1; !result; attempt++) {
        try {
          result = await lighthouseRun(url, `${page.key}-${run}${attempt > 1 ? `-attempt${attempt}` : ""}`, probe.encoding);
        } catch (error) {
          if (!(error instanceof LighthouseRunError) || attempt >= 3) throw error;
          console.log(`    (${error.message.split("\n")[0]}; running it again)`);
          retries++;
        }
      }
      if (result.status !== 200 || new URL(result.url).pathname !== u.pathname) throw new Error(`${url}: Lighthouse saw ${result.url} answer ${result.status}`);
      assertSameBuild();
      // (The stock app has no favicon: Chromium's request for /favicon.ico gets its 404, as it would anywhere.)
      const failed = result.failed.filter((f) => !(page.key === "stock" && /\/favicon\.ico → 404$/.test(f)));
      if (failed.length) throw new Error(`${url}: requests failed in Chromium: ${failed.join(", ")}`);
      page.runs.push(result);
      console.log(
        `run ${run}/${RUNS} ${page.label.padEnd(36)} total ${kB(result.totalBytes).padStart(6)} kB  JS ${kB(result.jsBytes).padStart(6)} kB  LCP ${result.lcp.toFixed(0).padStart(5)} ms  CLS ${result.cls.toFixed(3)}  TBT ${result.tbt.toFixed(0).padStart(4)} ms`,
      );
    }
  }

  const ua = pages[0]!.runs[0]?.userAgent ?? "";
  const chromiumVersion = /Chrome\/([\d.]+)/.exec(ua)?.[1];
  const version = (pkg: string) => (JSON.parse(readFileSync(path.resolve("node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  return {
    startedAt,
    revision,
    buildNote,
    machine: `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}`,
    node: process.version,
    lighthouse: version("lighthouse"),
    next: version("next"),
    chromium: chromiumVersion ? `Chromium ${chromiumVersion}` : "Chromium",
    runs: RUNS,
    retries,
    serviceName,
    day,
    pages,
  };
}

let exitCode = 0;
try {
  const results = FROM_FILE ? (JSON.parse(readFileSync(FROM_FILE, "utf8")) as TResults) : await measureAll();
  if (RESULTS_FILE && !FROM_FILE) writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
  const { section, console: text } = report(results);
  writeSection(section);
  console.log(`\n${text}\n\nWritten to docs/benchmarks.md${RESULTS_FILE && !FROM_FILE ? `; raw results in ${RESULTS_FILE}` : ""}`);
} catch (error) {
  console.error("\nbench/weight failed:", error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
