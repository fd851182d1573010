// Generates the Prisma client (lib/generated/prisma, not committed) after `npm install`.
// Client generation is WebAssembly; the Prisma CLI still wants a native schema engine at start and
// tries to download it, which fails offline. Pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing
// file skips that download (see docs/decisions/003-migrations-without-the-schema-engine.md).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const cli = path.join(root, "node_modules", "prisma", "build", "index.js");
if (!existsSync(cli)) {
  console.error("[civitas] prisma CLI not installed yet; skipping client generation");
  process.exit(0);
}
const env = { ...process.env };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(root, "package.json");
env.PRISMA_HIDE_UPDATE_MESSAGE = "1";
const result = spawnSync(process.execPath, [cli, "generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);
