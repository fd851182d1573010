import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { languageOptions } from "@/components/site/languages";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

// The citizen site's frame: the town's header and navigation, the footer with the legal pages.
export default async function SiteLayout({ children, params }: { children: ReactNode; params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Site" });
  const common = await getTranslations({ locale, namespace: "Common" });
  const name = tenantName(tenant, locale);
  const base = `/${locale}`;
  return (
    <>
      <SiteHeader
        homeHref={base}
        homeLabel={t("homeLink", { town: name })}
        name={name}
        logoUrl={tenant.theme.logoUrl}
        locale={locale}
        languages={languageOptions(tenant.enabledLocales)}
        languageLabel={common("languageSwitcher")}
        navLabel={t("mainNavigation")}
        nav={[
          { href: base, label: t("navHome") },
          ...(tenant.modules.includes("appointments") ? [{ href: `${base}/appointments`, label: t("navAppointments") }] : []),
          ...(tenant.modules.includes("forms") ? [{ href: `${base}/requests`, label: t("navRequests") }] : []),
          { href: `${base}/contact`, label: t("navContact") },
          // The same link for everyone (public pages are cached): signed out, it leads to the sign-in page.
          { href: `${base}/account`, label: t("navAccount") },
        ]}
      />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 outline-none">
        {children}
      </main>
      <SiteFooter
        label={t("footerNavigation")}
        links={[
          { href: `${base}/legal-notice`, label: t("legalNotice") },
          { href: `${base}/accessibility`, label: t("accessibility", { status: tenant.accessibilityCompliance }) },
          { href: `${base}/contact`, label: t("contact") },
        ]}
        note={t("poweredBy")}
      />
    </>
  );
}
