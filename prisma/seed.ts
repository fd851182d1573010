// Seeds the demo towns into an empty database (`npm run db:seed`, and `npm start` on first run).
import { getLogger } from "@/lib/core/logger";
import { countTenants, tenantSlugExists } from "@/lib/tenancy/repo";
import { createTenant } from "@/lib/tenancy/service/create-tenant";
import { DEMO_TOWNS } from "./seed/demo-towns";

export type TDemoAccount = { town: string; email: string; password: string; role: string };
export type TSeedResult = { seeded: boolean; towns: string[]; accounts: TDemoAccount[] };

/**
 * `onlyIfEmpty` (npm start): seed only a database without any town, so a production database never
 * receives demo towns. Otherwise (npm run db:seed): add the demo towns that are missing.
 */
export async function seedDemo(options: { onlyIfEmpty: boolean }): Promise<TSeedResult> {
  if (options.onlyIfEmpty && (await countTenants()) > 0) return { seeded: false, towns: DEMO_TOWNS.map((t) => t.slug), accounts: [] };
  for (const town of DEMO_TOWNS) {
    if (await tenantSlugExists(town.slug)) continue;
    await createTenant(town);
    getLogger().info({ tenant: town.slug }, "seeded demo town");
  }
  // Agent accounts arrive with the back office; until then there is nothing to sign in to.
  return { seeded: true, towns: DEMO_TOWNS.map((t) => t.slug), accounts: [] };
}
