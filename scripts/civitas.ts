// `npm run civitas -- <command>`: the operator's command line.
//   db migrate                 apply pending migrations
//   db status                  list applied and pending migrations
//   db migration-new <name>    write a migration for the schema changes in prisma/schema
//   db seed                    add the demo towns that are missing
//   town list                  the towns, their status, languages and addresses
//   town create --file <json>  create a town (fields of prisma/seed/demo-towns.ts)
//   town suspend <slug>        suspend a town (its addresses answer 410)
//   town activate <slug>       reactivate a suspended town
//   operator create --email <e> --name <n>   create a platform operator (prints a set-password link)
//   operator link --email <e>  a new set-password link for an operator
//   audit verify [--tenant <slug>]           check the audit hash chains
//   api-key create --tenant <slug> --name <n> create a key of the public REST API (printed once)
//   closures import --tenant <slug> --file <ics> [--service <id>] [--site <id>]
//   i18n export --locale <l> --out <dir>     messages/<l>.json with the approved platform translations
import { readFile } from "node:fs/promises";
import { createApiKey } from "@/lib/appointments/service/api-keys";
import { importClosures } from "@/lib/appointments/service/configure";
import { recordAudit } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { disconnectDb } from "@/lib/core/db";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { migrationStatus } from "@/lib/core/migrate";
import { getTenantBySlug, listTenants, tenantName, tenantOrigin } from "@/lib/tenancy/registry";
import { createTenant, TenantInputError } from "@/lib/tenancy/service/create-tenant";
import { setTenantStatus } from "@/lib/tenancy/service/set-tenant-status";
import { seedDemo } from "@/prisma/seed";
import { verifyAllChains } from "@/lib/audit/service/verify-audit";
import { ActionError } from "@/lib/core/errors";
import { isPlatformLocale, PLATFORM_LOCALES } from "@/lib/i18n/locales";
import { stopBoss } from "@/lib/notifications/boss";
import { createOperator, resetOperatorLink } from "@/lib/platform/service/operators";
import { findTenantIdBySlug } from "@/lib/tenancy/repo";
import { writePlatformCatalogue } from "@/lib/translations/service/transfer";
import { bootstrap, loadDotEnv } from "./lib/bootstrap";
import { createMigration } from "./lib/migration-new";
import { platformLanguageCodes } from "@/lib/translations/service/languages";

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

  operator create --email <address> --name <name> [--locale en]
                             create a platform operator; prints (and mails) a one-time link
                             to choose a password. With CIVITAS_OPERATOR_PASSWORD set, that
                             password is used instead (scripted set-ups).
  operator link --email <address>
                             a new one-time link for an operator (forgotten password)

  audit verify [--tenant <slug>]
                             recompute the audit hash chains (every town and the platform,
                             or one town) and report the first broken link of each

  api-key create --tenant <slug> --name <name>
                             create a key of the town's public REST API; the key is
                             printed once and stored only as a hash
  closures import --tenant <slug> --file <calendar.ics> [--service <id>] [--site <id>]
                             close appointment services during the events of an iCalendar
                             file (all services and sites unless one is given); importing
                             the same file again updates instead of duplicating

  i18n export --locale <locale> --out <dir>
                             write <dir>/<locale>.json: messages/<locale>.json with the
                             translations approved in the platform layer applied (keys in
                             the source's order), to commit back to the repository

Without DATABASE_URL, commands use the embedded database in DATA_DIR (default .data/).`;

async function main(args: string[]): Promise<number> {
  const [group, command, ...rest] = args;
  if (group === "town" && command) return town(command, rest);
  if (group === "operator" && command) return operator(command, rest);
  if (group === "audit" && command) return audit(command, rest);
  if (group === "api-key" && command) return apiKey(command, rest);
  if (group === "closures" && command) return closures(command, rest);
  if (group === "i18n" && command) return i18n(command, rest);
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
  return withApp(async (boot) => {
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
  }, { migrate: command === "migrate" || command === "seed" });
}

async function town(command: string, rest: string[]): Promise<number> {
  return withApp(async () => {
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
  });
}

function option(rest: string[], name: string): string | undefined {
  const i = rest.indexOf(`--${name}`);
  return i >= 0 ? rest[i + 1] : undefined;
}

/** Runs a command with the database ready, then closes everything it opened. */
async function withApp<T>(fn: (boot: Awaited<ReturnType<typeof bootstrap>>) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const boot = await bootstrap(options);
  try {
    return await fn(boot);
  } finally {
    await stopBoss();
    await stopInvalidationListener();
    await disconnectDb();
    await boot.stop();
  }
}

async function operator(command: string, rest: string[]): Promise<number> {
  const email = option(rest, "email")?.trim().toLowerCase();
  const locale = option(rest, "locale") ?? "en";
  if (!email || !/^[^@\s]+@[^@\s]+$/.test(email)) {
    console.error("Give the operator's e-mail address: --email someone@example.org");
    return 2;
  }
  if (!isPlatformLocale(locale)) {
    console.error(`--locale must be one of ${PLATFORM_LOCALES.join(", ")}`);
    return 2;
  }
  return withApp(async () => {
    try {
      if (command === "create") {
        const name = option(rest, "name")?.trim() || email;
        const password = process.env.CIVITAS_OPERATOR_PASSWORD;
        if (password !== undefined && password.length < 12) {
          console.error("CIVITAS_OPERATOR_PASSWORD must have at least 12 characters.");
          return 2;
        }
        const created = await createOperator({ email, name, password, locale });
        console.log(created.link ? `Operator ${email} created. One-time link to choose a password (also mailed):\n  ${created.link}` : `Operator ${email} created with the given password.`);
        return 0;
      }
      if (command === "link") {
        console.log(`One-time link for ${email} (also mailed):\n  ${await resetOperatorLink(email, locale)}`);
        return 0;
      }
    } catch (error) {
      if (error instanceof ActionError) {
        console.error(error.key === "operatorExists" ? `An operator ${email} already exists.` : `No operator ${email}.`);
        return 1;
      }
      throw error;
    }
    console.log(USAGE);
    return 2;
  });
}

async function audit(command: string, rest: string[]): Promise<number> {
  if (command !== "verify") {
    console.log(USAGE);
    return 2;
  }
  return withApp(async () => {
    const slug = option(rest, "tenant");
    let chain: string | undefined;
    if (slug) {
      const id = await findTenantIdBySlug(slug);
      if (!id) {
        console.error(`No town ${slug}.`);
        return 2;
      }
      chain = id;
    }
    const names = new Map((await listTenants()).map((t) => [t.id, t.slug]));
    const reports = await verifyAllChains(chain);
    let broken = 0;
    for (const r of reports) {
      const label = r.chain === "platform" ? "platform" : (names.get(r.chain) ?? r.chain);
      if (r.broken) {
        broken++;
        console.log(`BROKEN  ${label}: first broken link at entry #${r.broken.seq} (${r.broken.reason === "gap" ? "an entry is missing" : r.broken.reason === "link" ? "the entry does not follow the previous one" : "the entry was altered"}), ${r.entries} entries verified before it`);
      } else {
        console.log(`ok      ${label}: ${r.entries} entries, chain intact`);
      }
    }
    if (reports.length === 0) console.log("No audit entries yet.");
    return broken > 0 ? 1 : 0;
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(`[civitas] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

async function apiKey(command: string, rest: string[]): Promise<number> {
  const slug = option(rest, "tenant");
  const name = option(rest, "name")?.trim();
  if (command !== "create" || !slug || !name) {
    console.error("Usage: npm run civitas -- api-key create --tenant <slug> --name <name>");
    return 2;
  }
  return withApp(async () => {
    const tenantId = await findTenantIdBySlug(slug);
    if (!tenantId) {
      console.error(`No town ${slug}.`);
      return 1;
    }
    const created = await inTransaction(async () => {
      const key = await createApiKey(tenantId, name.slice(0, 100), "command line");
      await recordAudit({ tenantId, actor: { type: "system", label: "command line" } }, { action: "api-keys.create", targetType: "api-key", targetId: key.id, summary: { name, prefix: key.prefix } });
      return key;
    });
    console.log(`API key "${name}" created for ${slug}. It is shown only now:\n  ${created.key}`);
    return 0;
  });
}

async function closures(command: string, rest: string[]): Promise<number> {
  const slug = option(rest, "tenant");
  const file = option(rest, "file");
  if (command !== "import" || !slug || !file) {
    console.error("Usage: npm run civitas -- closures import --tenant <slug> --file <calendar.ics> [--service <id>] [--site <id>]");
    return 2;
  }
  let ics: string;
  try {
    ics = await readFile(file, "utf8");
  } catch (error) {
    console.error(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  return withApp(async () => {
    const tenant = await getTenantBySlug(slug);
    if (!tenant) {
      console.error(`No town ${slug}.`);
      return 1;
    }
    try {
      const result = await inTransaction(async () => {
        const r = await importClosures(tenant.id, tenant.timeZone, { ics, serviceId: option(rest, "service") ?? null, siteId: option(rest, "site") ?? null });
        await recordAudit({ tenantId: tenant.id, actor: { type: "system", label: "command line" } }, { action: "appointments.closures-import", summary: { created: r.created, updated: r.updated } });
        return r;
      });
      console.log(`Closures: ${result.created} created, ${result.updated} updated.`);
      for (const problem of result.problems) console.log(`  - ${problem}`);
      return 0;
    } catch (error) {
      console.error(error instanceof Error ? error.message : String(error));
      return 1;
    }
  });
}

async function i18n(command: string, rest: string[]): Promise<number> {
  const locale = option(rest, "locale");
  const out = option(rest, "out");
  if (command !== "export" || !locale || !out) {
    console.error("Usage: npm run civitas -- i18n export --locale <locale> --out <dir>");
    return 2;
  }
  return withApp(async () => {
    // Built-in languages and those the operator added in the app (a new catalogue file for the latter).
    const languages = await platformLanguageCodes();
    if (!languages.includes(locale)) {
      console.error(`${locale} is not a platform language (${languages.join(", ")}).`);
      return 2;
    }
    const result = await writePlatformCatalogue(locale, out);
    console.log(`Wrote ${result.path}: ${result.keys} keys, ${result.changed} changed by approved platform translations.`);
    return 0;
  });
}
