// What the town's admin frame shows, for the layouts of app/(tenant)/[tenant]/[locale]/admin.
import { getTranslations } from "next-intl/server";
import { signOutAgentAction } from "@/lib/auth/actions";
import type { TAgentActor } from "@/lib/auth/session";
import { adminNavFor } from "@/lib/modules";
import { languageOptions } from "@/components/site/languages";
import { tenantName, type TTenant } from "@/lib/tenancy/registry";

export async function townAdminFrame(tenant: TTenant, locale: string, agent: TAgentActor | null) {
  const t = await getTranslations({ locale, namespace: "Admin" });
  const nav = await getTranslations({ locale, namespace: "AdminNav" });
  const common = await getTranslations({ locale, namespace: "Common" });
  const base = `/${locale}/admin`;
  return {
    homeHref: base,
    siteName: tenantName(tenant, locale),
    areaLabel: t("staffArea"),
    logoUrl: tenant.theme.logoUrl,
    locale,
    languages: languageOptions(tenant.enabledLocales),
    languageLabel: common("languageSwitcher"),
    person: agent ? { name: agent.name, label: t("signedInAs"), signOut: signOutAgentAction, signOutLabel: t("signOut") } : undefined,
    nav: agent
      ? {
          label: t("navigation"),
          links: [{ href: base, label: nav("dashboard") }, ...adminNavFor(agent.grants).map((item) => ({ href: `${base}${item.href}`, label: nav(item.label) }))],
        }
      : undefined,
  };
}
