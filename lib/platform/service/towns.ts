// The operator's view of the towns.
import { agentCountsPerTown } from "@/lib/agents/service/queries";
import { listTenants, tenantName, tenantOrigin } from "@/lib/tenancy/registry";

export async function townsOverview(locale: string) {
  const [towns, counts] = await Promise.all([listTenants(), agentCountsPerTown()]);
  return towns
    .map((t) => ({ tenant: t, name: tenantName(t, locale), origin: tenantOrigin(t), agents: counts.get(t.id) ?? {} }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
}

export async function townBySlug(slug: string) {
  return (await listTenants()).find((t) => t.slug === slug) ?? null;
}
