// Regression: loading the embedded database module must not change a process's exit code (the
// package it wraps used to force 0 on beforeExit, which hid failing test runs).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

describe("embedded PostgreSQL module", () => {
  it("keeps the exit code a process sets", () => {
    const script = `import "@/lib/core/embedded-postgres"; process.exitCode = 3;`;
    const result = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--eval", script], { encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(3);
  });
});
