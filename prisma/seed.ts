// Seeds the demo towns, their demo agents and a platform operator into an empty database
// (`npm run db:seed`, and `npm start` on first run).
import { agentExists, createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { getLogger } from "@/lib/core/logger";
import type { TBuiltinRole } from "@/lib/module-types";
import { findOperatorByEmail } from "@/lib/platform/repo";
import { createOperator } from "@/lib/platform/service/operators";
import { countTenants, findTenantIdBySlug, tenantSlugExists } from "@/lib/tenancy/repo";
import { createTenant } from "@/lib/tenancy/service/create-tenant";
import { seedDemoAppointments } from "@/lib/appointments/service/seed-demo";
import { getTenantBySlug } from "@/lib/tenancy/registry";
import { setTenantModules } from "@/lib/tenancy/repo";
import { DEMO_APPOINTMENTS, DEMO_CITIZENS } from "./seed/demo-appointments";
import { DEMO_FORMS, seedDemoForms } from "./seed/demo-forms";
import { DEMO_TOWNS } from "./seed/demo-towns";
import { addPlatformLanguage, platformLanguageCodes } from "@/lib/translations/service/languages";

/** The demo password of every demo account (change it or remove the accounts on a real platform). */
export const DEMO_PASSWORD = "civitas-demo-2026";

export type TDemoAccount = { town: string; email: string; password: string; role: string };
export type TSeedResult = { seeded: boolean; towns: string[]; accounts: TDemoAccount[] };

const ROLES: { role: TBuiltinRole; local: string; name: string }[] = [
  { role: "administrator", local: "admin", name: "Alex Admin" },
  { role: "agent", local: "agent", name: "Camille Agent" },
  { role: "translator", local: "translator", name: "Sam Translator" },
];

export function demoAgentEmail(slug: string, local: string): string {
  return `${local}@${slug}.example.org`;
}

export const DEMO_OPERATOR_EMAIL = "operator@civitas.example.org";

/** The demo accounts that exist in this database (listed by `npm start` and README). */
export async function presentDemoAccounts(): Promise<TDemoAccount[]> {
  const accounts: TDemoAccount[] = [];
  if (await findOperatorByEmail(DEMO_OPERATOR_EMAIL)) accounts.push({ town: "platform", email: DEMO_OPERATOR_EMAIL, password: DEMO_PASSWORD, role: "operator" });
  for (const town of DEMO_TOWNS) {
    const tenantId = await findTenantIdBySlug(town.slug);
    if (!tenantId) continue;
    for (const r of ROLES) {
      const email = demoAgentEmail(town.slug, r.local);
      if (await agentExists(tenantId, email)) accounts.push({ town: town.slug, email, password: DEMO_PASSWORD, role: r.role });
    }
  }
  return accounts;
}

/**
 * `onlyIfEmpty` (npm start): seed only a database without any town, so a production database never
 * receives demo data. Otherwise (npm run db:seed): add the demo towns and accounts that are missing.
 */
export const DEMO_ADDED_LANGUAGES = ["it", "pt"];

export async function seedDemo(options: { onlyIfEmpty: boolean }): Promise<TSeedResult> {
  if (options.onlyIfEmpty && (await countTenants()) > 0) return { seeded: false, towns: DEMO_TOWNS.map((t) => t.slug), accounts: [] };
  const log = getLogger();
  for (const town of DEMO_TOWNS) {
    if (!(await tenantSlugExists(town.slug))) {
      await createTenant(town);
      log.info({ tenant: town.slug }, "seeded demo town");
    }
    const tenantId = await findTenantIdBySlug(town.slug);
    if (!tenantId) continue;
    let admin: { id: string; email: string; name: string } | null = null;
    for (const r of ROLES) {
      const email = demoAgentEmail(town.slug, r.local);
      const { id } = await createAgentWithPassword({ tenantId, email, name: r.name, password: DEMO_PASSWORD, roles: [r.role], locale: town.defaultLocale });
      if (r.role === "administrator") admin = { id, email, name: r.name };
    }
    const demo = DEMO_APPOINTMENTS[town.slug];
    const tenant = await getTenantBySlug(town.slug);
    if (demo && tenant) {
      if (!tenant.modules.includes("appointments")) await setTenantModules(tenantId, [...tenant.modules, "appointments"]);
      if (await seedDemoAppointments(tenant, demo, DEMO_CITIZENS)) log.info({ tenant: town.slug }, "seeded demo appointments");
    }
    // Démarches (issue 6): the forms module, the ready-made forms published, a few requests.
    const forms = DEMO_FORMS[town.slug];
    if (forms && tenant && admin) {
      const modules = [...new Set([...tenant.modules, ...(demo ? ["appointments"] : []), "forms"])];
      if (!tenant.modules.includes("forms") || modules.length !== tenant.modules.length) await setTenantModules(tenantId, modules);
      if (await seedDemoForms({ ...tenant, modules }, forms, admin)) log.info({ tenant: town.slug }, "seeded demo forms");
    }
  }
  // The operator has added Italian and Portuguese, whose catalogues ship in messages/ (complete enough for towns to enable).
  const languages = await platformLanguageCodes();
  for (const code of DEMO_ADDED_LANGUAGES) if (!languages.includes(code)) await addPlatformLanguage(code, DEMO_OPERATOR_EMAIL);
  if (!(await findOperatorByEmail(DEMO_OPERATOR_EMAIL))) {
    await createOperator({ email: DEMO_OPERATOR_EMAIL, name: "Olivia Operator", password: DEMO_PASSWORD, locale: "en" });
  }
  return { seeded: true, towns: DEMO_TOWNS.map((t) => t.slug), accounts: await presentDemoAccounts() };
}
