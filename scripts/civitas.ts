// `npm run civitas -- <command>`: the operator's command line.
//   db migrate                 apply pending migrations
//   db status                  list applied and pending migrations
//   db migration-new <name>    write a migration for the schema changes in prisma/schema
//   db seed                    add the demo towns that are missing
import { disconnectDb } from "@/lib/core/db";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { migrationStatus } from "@/lib/core/migrate";
import { seedDemo } from "@/prisma/seed";
import { bootstrap, loadDotEnv } from "./lib/bootstrap";
import { createMigration } from "./lib/migration-new";

const USAGE = `Usage: npm run civitas -- <command>

  db migrate                 apply pending migrations (npm run db:migrate)
  db status                  show applied and pending migrations
  db migration-new <name>    write prisma/migrations/<timestamp>_<name>/migration.sql
                             for the changes in prisma/schema (npm run db:migration:new -- <name>)
  db seed                    add the demo towns that are missing (npm run db:seed)

Without DATABASE_URL, commands use the embedded database in DATA_DIR (default .data/).`;

async function main(args: string[]): Promise<number> {
  const [group, command, ...rest] = args;
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

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[civitas] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
