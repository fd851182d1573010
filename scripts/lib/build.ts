// `npm start` builds when there is no build, or when the sources changed since the last one.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";

const INPUTS = ["app", "components", "lib", "messages", "public", "next.config.ts", "postcss.config.mjs", "tsconfig.json", "package-lock.json", "prisma/schema"];
const STAMP = path.join(".next", "civitas-source-hash");

function walk(entry: string, out: string[]) {
  if (!existsSync(entry)) return;
  const stat = statSync(entry);
  if (stat.isDirectory()) {
    for (const name of readdirSync(entry).sort()) if (name !== "generated" && !name.startsWith(".")) walk(path.join(entry, name), out);
  } else {
    out.push(`${entry}:${stat.size}:${stat.mtimeMs}`);
  }
}

export function sourceHash(): string {
  const files: string[] = [];
  for (const input of INPUTS) walk(input, files);
  return createHash("sha256").update(files.join("\n")).digest("hex");
}

export function buildIsCurrent(): boolean {
  return existsSync(path.join(".next", "BUILD_ID")) && existsSync(STAMP) && readFileSync(STAMP, "utf8") === sourceHash();
}

export async function ensureBuild(log: Pick<Logger, "info">): Promise<void> {
  if (process.env.CIVITAS_SKIP_BUILD === "1" && existsSync(path.join(".next", "BUILD_ID"))) return;
  if (buildIsCurrent()) return;
  log.info("building the application (first start or sources changed); this takes a minute or two");
  const hash = sourceHash();
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [nextBin, "build"], {
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
    });
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`next build failed with exit code ${code}`))));
    child.on("error", reject);
  });
  writeFileSync(STAMP, hash);
}
