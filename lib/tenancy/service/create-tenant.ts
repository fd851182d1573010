import { setupTownRoles } from "@/lib/agents/service/setup-town";
import { inTransaction } from "@/lib/core/db";
import { ZCreateTenantInput, type TCreateTenantInput } from "@/lib/tenancy/schemas";
import { insertTenant, TenantConflictError } from "@/lib/tenancy/repo";
import { checkThemeContrast } from "@/lib/tenancy/theme";
import { normalizeHost } from "@/lib/tenancy/host";

export class TenantInputError extends Error {
  constructor(public readonly problems: string[]) {
    super(problems.join("; "));
  }
}

/** Creates a town with its built-in roles. Refuses a theme whose colours fail WCAG AA contrast. */
export async function createTenant(input: TCreateTenantInput): Promise<{ id: string; slug: string }> {
  const parsed = ZCreateTenantInput.safeParse(input);
  if (!parsed.success) {
    throw new TenantInputError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const data = parsed.data;
  const contrast = checkThemeContrast(data.theme);
  if (contrast.length > 0) {
    throw new TenantInputError(contrast.map((p) => `theme ${p.pair}: contrast ${p.ratio}:1, needs ${p.required}:1`));
  }
  const domains = data.domains.map((d) => normalizeHost(d));
  if (domains.some((d) => d === null)) throw new TenantInputError(["domains: not a host name"]);
  const { domains: _domains, accessibilityAuditedOn, ...rest } = data;
  try {
    return await inTransaction(async () => {
      const { id } = await insertTenant(
        { ...rest, accessibilityAuditedOn: accessibilityAuditedOn ? new Date(accessibilityAuditedOn) : null },
        domains as string[],
      );
      await setupTownRoles(id);
      return { id, slug: data.slug };
    });
  } catch (error) {
    if (error instanceof TenantConflictError) {
      throw new TenantInputError([error.field === "slug" ? "slug: another town already has this address" : "domains: another town already uses this domain"]);
    }
    throw error;
  }
}
