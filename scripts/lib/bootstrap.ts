// What every entry point needs before the app runs: a validated environment, a database (the
// embedded one when DATABASE_URL is unset), an AUTH_SECRET, and the migrations applied.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { startEmbeddedPostgres, type TEmbeddedDatabase } from "@/lib/core/embedded-postgres";
import { ConfigError, getEnv, parseEnv, resetEnv, type TEnv } from "@/lib/core/env";
import { getLogger } from "@/lib/core/logger";
import { applyMigrations } from "@/lib/core/migrate";

export type TBootstrap = { env: TEnv; embedded: TEmbeddedDatabase | null; stop: () => Promise<void> };

export function loadDotEnv(): void {
  const file = path.resolve(process.cwd(), ".env");
  if (existsSync(file) && typeof process.loadEnvFile === "function") process.loadEnvFile(file);
}

/** Parses the environment or prints what is wrong and exits with status 1. */
export function validateEnvOrExit(): TEnv {
  try {
    return parseEnv(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`\n[civitas] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

async function persistedSecret(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "auth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, secret + "\n", { mode: 0o600 });
  await chmod(file, 0o600);
  return secret;
}

export async function bootstrap(options: { migrate?: boolean } = {}): Promise<TBootstrap> {
  loadDotEnv();
  let env = validateEnvOrExit();
  const log = getLogger();
  let embedded: TEmbeddedDatabase | null = null;

  if (!env.DATABASE_URL) {
    log.info({ dataDir: env.DATA_DIR, port: env.EMBEDDED_DB_PORT }, "starting the embedded PostgreSQL (DATABASE_URL is unset)");
    embedded = await startEmbeddedPostgres({
      dir: env.DATA_DIR,
      port: env.EMBEDDED_DB_PORT,
      log: (line) => log.debug({ component: "postgres" }, line),
    });
    process.env.DATABASE_URL = embedded.url;
    if (!env.AUTH_SECRET) process.env.AUTH_SECRET = await persistedSecret(env.DATA_DIR);
  } else if (!env.AUTH_SECRET) {
    console.error(
      "\n[civitas] Invalid configuration:\n  - AUTH_SECRET: required when DATABASE_URL is set (e.g. `openssl rand -base64 32`).\n" +
        "    It is generated automatically only with the embedded database.\n",
    );
    process.exit(1);
  }
  resetEnv();
  env = getEnv();

  if (options.migrate !== false) {
    const applied = await applyMigrations(env.DATABASE_URL!, { log: (line) => log.info(line) });
    if (applied.length === 0) log.info("database schema is up to date");
  }
  return {
    env,
    embedded,
    stop: async () => {
      if (embedded) await embedded.stop();
    },
  };
}
