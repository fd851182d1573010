// The migrations in prisma/migrations build exactly the schema described in prisma/schema: a
// database migrated step by step and one created in a single step from the schema must have the same
// tables, columns, constraints, indexes and enums.
import { readFile } from "node:fs/promises";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { applyMigrations, migrationStatus } from "@/lib/core/migrate";
import { diffSchemas } from "@/scripts/lib/schema-diff";
import { readSchemaFiles, SNAPSHOT_FILE, snapshotOf } from "@/scripts/lib/migration-new";
import { createDatabase } from "@/tests/fixtures/databases";

// Objects Prisma's schema cannot express, added by hand at the end of a migration. They are left out of
// the comparison with the schema and must exist in the migrated database instead.
const HAND_WRITTEN = [
  "appointment_slot_capacity_check",
  "appointment_place_seat_check",
  "appointment_people_check",
  "appointment_service_numbers_check",
  "appointment_rule_numbers_check",
  "appointment_closure_range_check",
  "appointment_place_free_idx",
  "appointment_service_reminders_check",
  "appointment_service_retention_check",
  "appointment_service_offer_check",
  "appointment_reminder_due_idx",
  "appointment_waiter_offer_idx",
  "appointment_first_name_trgm_idx",
  "appointment_last_name_trgm_idx",
  "appointment_email_trgm_idx",
  "appointment_reference_trgm_idx",
];
const handWritten = (line: string) => HAND_WRITTEN.some((name) => line.split(" | ")[1] === name);

async function describeSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows.map((r) => Object.values(r).join(" | "));
    return {
      columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, ''), coalesce(character_maximum_length::text, '')
                        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations' ORDER BY 1, 2`),
      constraints: await q(`SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                            FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                            WHERE n.nspname = 'public' AND c.conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"') ORDER BY 1, 2`),
      indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY 1, 2`),
      enums: await q(`SELECT t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                      FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY 1`),
    };
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  const adminUrl = inject("adminDatabaseUrl");
  const dbs: Awaited<ReturnType<typeof createDatabase>>[] = [];
  let migrated: string;
  let direct: string;

  beforeAll(async () => {
    const a = await createDatabase(adminUrl, "mig_steps");
    const b = await createDatabase(adminUrl, "mig_direct");
    const scratch = await createDatabase(adminUrl, "mig_scratch");
    dbs.push(a, b, scratch);
    migrated = a.url;
    direct = b.url;
    await applyMigrations(migrated);
    const sql = await diffSchemas({
      connectionString: scratch.url,
      from: { tag: "empty" },
      to: { tag: "schemaDatamodel", files: await readSchemaFiles() },
    });
    const client = new pg.Client({ connectionString: direct });
    await client.connect();
    await client.query(sql);
    await client.end();
  });

  afterAll(async () => {
    for (const db of dbs) await db.drop();
  });

  it("produce exactly the schema in prisma/schema (no drift)", async () => {
    const [fromMigrations, fromSchema] = await Promise.all([describeSchema(migrated), describeSchema(direct)]);
    expect(fromMigrations.columns.length).toBeGreaterThan(0);
    const present = [...fromMigrations.constraints, ...fromMigrations.indexes].filter(handWritten).map((line) => line.split(" | ")[1]);
    expect(present.sort()).toEqual([...HAND_WRITTEN].sort());
    expect({ ...fromMigrations, constraints: fromMigrations.constraints.filter((l) => !handWritten(l)), indexes: fromMigrations.indexes.filter((l) => !handWritten(l)) }).toEqual(fromSchema);
  });

  it("have a snapshot matching the schema, so no change is waiting for its migration", async () => {
    const snapshot = await readFile(SNAPSHOT_FILE, "utf8");
    expect(snapshot, "prisma/schema changed without a migration: run npm run db:migration:new -- <name>").toBe(snapshotOf(await readSchemaFiles()));
  });

  it("are recorded like Prisma records them, and applying again does nothing", async () => {
    const status = await migrationStatus(migrated);
    expect(status.pending).toEqual([]);
    expect(status.failed).toEqual([]);
    expect(status.applied.length).toBeGreaterThan(0);
    expect(await applyMigrations(migrated)).toEqual([]);
  });

  it("roll back a failing migration and leave it retryable", async () => {
    const { mkdtemp, mkdir, writeFile } = await import("node:fs/promises");
    const os = await import("node:os");
    const path = await import("node:path");
    const dir = await mkdtemp(path.join(os.tmpdir(), "civitas-migrations-"));
    await mkdir(path.join(dir, "20260101000000_ok"));
    await writeFile(path.join(dir, "20260101000000_ok", "migration.sql"), "CREATE TABLE t_ok (id int);");
    await mkdir(path.join(dir, "20260102000000_bad"));
    await writeFile(path.join(dir, "20260102000000_bad", "migration.sql"), "CREATE TABLE t_bad (id int); SELECT nonsense FROM nowhere;");
    const db = await createDatabase(adminUrl, "mig_fail");
    dbs.push(db);
    await expect(applyMigrations(db.url, { dir })).rejects.toThrow(/20260102000000_bad failed and was rolled back/);
    const status = await migrationStatus(db.url, dir);
    expect(status.applied).toEqual(["20260101000000_ok"]);
    expect(status.pending).toEqual(["20260102000000_bad"]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query(`SELECT to_regclass('t_bad') AS t`);
    await client.end();
    expect(rows[0].t).toBeNull();
  });
});
