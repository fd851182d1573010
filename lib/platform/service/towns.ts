// The operator's view of the towns.
import { agentCounts } from "@/lib/agents/service/queries";
import { listTenants, tenantName, tenantOrigin } from "@/lib/tenancy/registry";

export async function townsOverview(locale: string) {
  const towns = await listTenants();
  return Promise.all(
    towns.map(async (t) => ({ tenant: t, name: tenantName(t, locale), origin: tenantOrigin(t), agents: await agentCounts(t.id) })),
  ).then((rows) => rows.sort((a, b) => a.name.localeCompare(b.name, locale)));
}

export async function townBySlug(slug: string) {
  return (await listTenants()).find((t) => t.slug === slug) ?? null;
}
