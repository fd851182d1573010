// Integration tests run against a real PostgreSQL: TEST_DATABASE_URL's server if set (npm test sets
// it), else an embedded one started here for the run. Each test file creates its own databases or
// towns; nothing is reset globally.
import os from "node:os";
import path from "node:path";
import { rm } from "node:fs/promises";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "@/lib/core/embedded-postgres";

declare module "vitest" {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_ADMIN_DATABASE_URL) {
    project.provide("adminDatabaseUrl", process.env.TEST_ADMIN_DATABASE_URL);
    return;
  }
  const dir = path.join(os.tmpdir(), `civitas-it-${process.pid}`);
  const db = await startEmbeddedPostgres({ dir, port: 0 });
  project.provide("adminDatabaseUrl", db.adminUrl);
  return async () => {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
