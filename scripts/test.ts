// `npm test`: the whole suite, on a real PostgreSQL and a real Chromium.
//   1. i18n check of messages/        2. unit + integration tests (vitest, embedded PostgreSQL)
//   3. production build when stale    4. end-to-end tests (Playwright) against `npm start`'s server
// Options: --only i18n|unit|integration|e2e (repeatable). Prints "N passed, N failed" at the end.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { findFreePort, startEmbeddedPostgres } from "@/lib/core/embedded-postgres";
import { chromiumPath } from "@/tests/fixtures/chromium";
import { startClamd } from "@/tests/fixtures/clamd";
import { ensureBuild } from "./lib/build";

const args = process.argv.slice(2);
const only = args.flatMap((a, i) => (a === "--only" && args[i + 1] ? [args[i + 1]!] : []));
const wants = (stage: string) => only.length === 0 || only.includes(stage);
const OUT = path.resolve("tests/.output");
mkdirSync(OUT, { recursive: true });

const tally = { passed: 0, failed: 0, skipped: 0 };
let failedStages: string[] = [];

type TEnvVars = Record<string, string | undefined>;

function run(command: string, commandArgs: string[], env: TEnvVars = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, commandArgs, { stdio: "inherit", env: { ...process.env, ...env } as NodeJS.ProcessEnv });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on("error", () => resolve(1));
  });
}

const node = process.execPath;
const tsx = path.resolve("node_modules/tsx/dist/cli.mjs");

function readVitest(file: string) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
  tally.passed += report.numPassedTests;
  tally.failed += report.numFailedTests;
  tally.skipped += report.numPendingTests + report.numTodoTests;
}

function readPlaywright(file: string) {
  if (!existsSync(file)) return;
  const report = JSON.parse(readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
  tally.passed += report.stats.expected + report.stats.flaky;
  tally.failed += report.stats.unexpected;
  tally.skipped += report.stats.skipped;
}

async function waitFor(url: string, timeoutMs: number, alive: () => boolean) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error("the server exited before it was ready");
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not yet listening
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
}

const dbDir = path.join(os.tmpdir(), `civitas-test-${process.pid}`);
const state: { db: Awaited<ReturnType<typeof startEmbeddedPostgres>> | null; stopClamd: (() => Promise<void>) | null } = { db: null, stopClamd: null };

async function main() {
  if (wants("i18n")) {
    if ((await run(node, [tsx, "scripts/i18n-check.ts"])) !== 0) {
      failedStages.push("i18n");
      tally.failed++;
    } else tally.passed++;
  }
  const needsDb = wants("unit") || wants("integration") || wants("e2e");
  if (!needsDb) return;

  console.log("\n[test] starting PostgreSQL for the tests");
  const db = await startEmbeddedPostgres({ dir: dbDir, port: 0 });
  state.db = db;

  const projects = ["unit", "integration"].filter(wants);
  if (projects.length > 0) {
    const file = path.join(OUT, "vitest.json");
    rmSync(file, { force: true });
    const code = await run(
      node,
      [path.resolve("node_modules/vitest/vitest.mjs"), "run", ...projects.flatMap((p) => ["--project", p]), "--reporter=default", "--reporter=json", `--outputFile.json=${file}`],
      { TEST_ADMIN_DATABASE_URL: db.adminUrl },
    );
    readVitest(file);
    if (code !== 0) {
      failedStages.push("vitest");
      if (!existsSync(file)) tally.failed++;
    }
  }

  if (wants("e2e")) {
    const browser = chromiumPath();
    console.log(`\n[test] end-to-end tests in ${browser ?? "Playwright's own Chromium"}`);
    const e2eDb = "civitas_e2e";
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${e2eDb} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${e2eDb}`);
    await admin.end();
    const databaseUrl = db.adminUrl.replace(/\/postgres$/, `/${e2eDb}`);
    await ensureBuild({ info: (m: string) => console.log(`[test] ${m}`) } as never);

    // A real clamd (Debian's, with an EICAR test signature) for the upload tests' virus scan: the
    // server scans with it and the Playwright process knows it runs (E2E_CLAMD). Without it, the
    // EICAR test is skipped and says why.
    const clamd = await startClamd().catch((error: unknown) => ({ ok: false as const, reason: error instanceof Error ? error.message : String(error) }));
    const clamdEnv: TEnvVars = {};
    if (clamd.ok) {
      state.stopClamd = clamd.stop;
      Object.assign(clamdEnv, { CLAMD_HOST: clamd.host, CLAMD_PORT: String(clamd.port), E2E_CLAMD: "1" });
      console.log(`[test] clamd listening on ${clamd.host}:${clamd.port} (EICAR test signature)`);
    } else console.log(`[test] clamd not available: ${clamd.reason} — the EICAR end-to-end test will be skipped`);

    const port = await findFreePort();
    const env: TEnvVars = {
      ...clamdEnv,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: randomBytes(32).toString("base64url"),
      PORT: String(port),
      PUBLIC_PORT: String(port),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      ACCESS_LOG: "off",
      CIVITAS_SKIP_BUILD: "1",
      // As behind one reverse proxy: a test that needs an address of its own sends X-Forwarded-For
      // (the per-address rate limits); the others are all 127.0.0.1.
      TRUST_PROXY: "1",
    };
    const server = spawn(node, [tsx, "scripts/start.ts"], { stdio: "inherit", env: { ...process.env, ...env } as NodeJS.ProcessEnv });
    let alive = true;
    server.on("exit", () => (alive = false));
    try {
      await waitFor(`http://localhost:${port}/api/ready`, 180_000, () => alive);
      const file = path.join(OUT, "e2e-results.json");
      rmSync(file, { force: true });
      const code = await run(node, [path.resolve("node_modules/@playwright/test/cli.js"), "test"], {
        ...env,
        E2E_PORT: String(port),
        E2E_EXTERNAL_SERVER: "1",
      });
      readPlaywright(file);
      if (code !== 0) {
        failedStages.push("e2e");
        if (!existsSync(file)) tally.failed++;
      }
    } finally {
      if (alive) {
        const exited = new Promise((r) => server.once("exit", r));
        server.kill("SIGTERM");
        await exited;
      }
    }
  }
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  console.error(`\n[test] ${error instanceof Error ? error.message : String(error)}`);
  failedStages.push("harness");
  tally.failed++;
} finally {
  await state.stopClamd?.().catch(() => {});
  await state.db?.stop().catch(() => {});
  rmSync(dbDir, { recursive: true, force: true });
}
if (failedStages.length > 0) exitCode = 1;
console.log(`\n[test] stages failed: ${failedStages.join(", ") || "none"}`);
console.log(`${tally.passed} passed, ${tally.failed} failed${tally.skipped ? `, ${tally.skipped} skipped` : ""}`);
process.exit(exitCode);
