// The operator opens a town: the town itself (with the platform's neutral theme, which passes AA, until
// its administrator sets its own), its built-in roles, and an invitation for its first administrator.
import { builtinRoleId } from "@/lib/agents/service/setup-town";
import { inviteAgent } from "@/lib/agents/service/invite-agent";
import { inTransaction } from "@/lib/core/db";
import { ActionError } from "@/lib/core/errors";
import { createTenant, TenantInputError } from "@/lib/tenancy/service/create-tenant";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";

export type TNewTown = {
  slug: string;
  names: Record<string, string>;
  enabledLocales: string[];
  defaultLocale: string;
  timeZone: string;
  holidayRegion: string;
  adminEmail: string;
  adminName: string;
};

export async function createTown(input: TNewTown, operator: { name: string }): Promise<{ tenantId: string; adminId: string }> {
  return inTransaction(async () => {
    let tenantId: string;
    try {
      tenantId = (
        await createTenant({
          slug: input.slug,
          names: input.names,
          enabledLocales: input.enabledLocales as never,
          defaultLocale: input.defaultLocale as never,
          timeZone: input.timeZone,
          holidayRegion: input.holidayRegion,
          theme: PLATFORM_THEME,
        })
      ).id;
    } catch (error) {
      if (error instanceof TenantInputError) {
        const [first = ""] = error.problems;
        const field = first.split(":")[0] ?? "";
        throw new ActionError(field === "slug" && /another town/.test(first) ? "slugTaken" : field === "slug" ? "slug" : "invalid", {}, field || undefined);
      }
      throw error;
    }
    const tenant = { id: tenantId, slug: input.slug, enabledLocales: input.enabledLocales, defaultLocale: input.defaultLocale };
    const roleId = await builtinRoleId(tenantId, "administrator");
    if (!roleId) throw new Error("the new town has no administrator role");
    const { agentId } = await inviteAgent({ tenant, inviter: operator.name, locale: input.defaultLocale, email: input.adminEmail, name: input.adminName, roleIds: [roleId], scope: [] });
    return { tenantId, adminId: agentId };
  });
}
