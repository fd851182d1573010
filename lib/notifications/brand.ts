// How a town (or the platform) signs its e-mails: name in the recipient's language, colours, logo.
import type { TMailBrand } from "@/components/mail/mail-layout";
import { getTenantTable, platformOrigin, tenantName, tenantOrigin } from "@/lib/tenancy/registry";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";

export async function mailBrand(tenantId: string | null, locale: string): Promise<TMailBrand> {
  if (tenantId) {
    const tenant = (await getTenantTable()).byId.get(tenantId);
    if (tenant) {
      const origin = tenantOrigin(tenant);
      return { name: tenantName(tenant, locale), primary: tenant.theme.primary, onPrimary: tenant.theme.onPrimary, logoUrl: `${origin}${tenant.theme.logoUrl}`, siteUrl: `${origin}/${locale}` };
    }
  }
  const origin = platformOrigin();
  return { name: "Civitas", primary: PLATFORM_THEME.primary, onPrimary: PLATFORM_THEME.onPrimary, logoUrl: `${origin}${PLATFORM_THEME.logoUrl}`, siteUrl: `${origin}/${locale}` };
}
