// `npm run civitas -- <command>`: the operator's command line.
//   db migrate                 apply pending migrations
//   db status                  list applied and pending migrations
//   db migration-new <name>    write a migration for the schema changes in prisma/schema
//   db seed                    add the demo towns that are missing
//   town list                  the towns, their status, languages and addresses
//   town create --file <json>  create a town (fields of prisma/seed/demo-towns.ts)
//   town suspend <slug>        suspend a town (its addresses answer 410)
//   town activate <slug>       reactivate a suspended town
import { readFile } from "node:fs/promises";
import { disconnectDb } from "@/lib/core/db";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { migrationStatus } from "@/lib/core/migrate";
import { listTenants, tenantName, tenantOrigin } from "@/lib/tenancy/registry";
import { createTenant, TenantInputError } from "@/lib/tenancy/service/create-tenant";
import { setTenantStatus } from "@/lib/tenancy/service/set-tenant-status";
import { seedDemo } from "@/prisma/seed";
import { bootstrap, loadDotEnv } from "./lib/bootstrap";
import { createMigration } from "./lib/migration-new";

const USAGE = `Usage: npm run civitas -- <command>

  db migrate                 apply pending migrations (npm run db:migrate)
  db status                  show applied and pending migrations
  db migration-new <name>    write prisma/migrations/<timestamp>_<name>/migration.sql
                             for the changes in prisma/schema (npm run db:migration:new -- <name>)
  db seed                    add the demo towns that are missing (npm run db:seed)

  town list                  the towns, their status, languages and addresses
  town create --file <json>  create a town from a JSON file with the fields of the demo
                             towns in prisma/seed/demo-towns.ts (slug, names, defaultLocale,
                             enabledLocales, timeZone, holidayRegion, theme, domains, …)
  town suspend <slug>        suspend a town: its addresses answer 410 at once
  town activate <slug>       reactivate a suspended town

Without DATABASE_URL, commands use the embedded database in DATA_DIR (default .data/).`;

async function main(args: string[]): Promise<number> {
  const [group, command, ...rest] = args;
  if (group === "town" && command) return town(command, rest);
  if (group !== "db" || !command) {
    console.log(USAGE);
    return group === undefined || group === "help" || group === "--help" ? 0 : 2;
  }
  if (command === "migration-new") {
    const name = rest[0];
    if (!name) {
      console.error("Give the migration a name: npm run db:migration:new -- add_sites");
      return 2;
    }
    loadDotEnv();
    await createMigration(name);
    return 0;
  }
  const boot = await bootstrap({ migrate: command === "migrate" || command === "seed" });
  try {
    if (command === "migrate") {
      console.log("Migrations are applied.");
    } else if (command === "status") {
      const status = await migrationStatus(boot.env.DATABASE_URL!);
      console.log(`applied: ${status.applied.length}\npending: ${status.pending.join(", ") || "none"}\nfailed: ${status.failed.join(", ") || "none"}`);
    } else if (command === "seed") {
      const result = await seedDemo({ onlyIfEmpty: false });
      console.log(`Demo towns present: ${result.towns.join(", ")}`);
    } else {
      console.log(USAGE);
      return 2;
    }
    return 0;
  } finally {
    await stopInvalidationListener();
    await disconnectDb();
    await boot.stop();
  }
}

async function town(command: string, rest: string[]): Promise<number> {
  const boot = await bootstrap();
  try {
    if (command === "list") {
      for (const t of await listTenants()) {
        console.log(`${t.slug.padEnd(20)} ${t.status.padEnd(10)} ${t.enabledLocales.join(",").padEnd(18)} ${tenantOrigin(t)}/  ${tenantName(t, t.defaultLocale)}`);
      }
      return 0;
    }
    if (command === "create") {
      const i = rest.indexOf("--file");
      const file = i >= 0 ? rest[i + 1] : undefined;
      if (!file) {
        console.error("Give the town's JSON file: npm run civitas -- town create --file my-town.json");
        return 2;
      }
      let input: unknown;
      try {
        input = JSON.parse(await readFile(file, "utf8"));
      } catch (error) {
        console.error(`Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
        return 2;
      }
      try {
        const created = await createTenant(input as Parameters<typeof createTenant>[0]);
        console.log(`Town ${created.slug} created: ${tenantOrigin(created)}/`);
        return 0;
      } catch (error) {
        if (!(error instanceof TenantInputError)) throw error;
        console.error(`The town was not created:\n${error.problems.map((p) => `  - ${p}`).join("\n")}`);
        return 2;
      }
    }
    if (command === "suspend" || command === "activate") {
      const slug = rest[0];
      if (!slug) {
        console.error(`Name the town: npm run civitas -- town ${command} <slug>`);
        return 2;
      }
      const done = await setTenantStatus(slug, command === "suspend" ? "suspended" : "active");
      console.log(done ? `Town ${slug} is ${command === "suspend" ? "suspended" : "active"}.` : `No town ${slug}.`);
      return done ? 0 : 1;
    }
    console.log(USAGE);
    return 2;
  } finally {
    await stopInvalidationListener();
    await disconnectDb();
    await boot.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[civitas] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
