import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import "@/app/globals.css";
import { languageOptions } from "@/components/site/languages";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";
import { SkipLink } from "@/components/site/skip-link";
import { localeDirection } from "@/lib/i18n/locales";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";
import { themeToCss } from "@/lib/tenancy/theme";

// Rendered per request; the custom server keeps the HTML of public pages until the town changes.
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { tenant, locale } = await requireTenantPage(params);
  const name = tenantName(tenant, locale);
  const t = await getTranslations({ locale, namespace: "Common" });
  return {
    title: { default: name, template: t("pageTitle", { page: "%s", site: name }) },
    icons: { icon: tenant.theme.faviconUrl },
    robots: undefined,
  };
}

export default async function TenantLayout({ children, params }: { children: ReactNode; params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Site" });
  const common = await getTranslations({ locale, namespace: "Common" });
  const name = tenantName(tenant, locale);
  const base = `/${locale}`;
  return (
    <html lang={locale} dir={localeDirection(locale)}>
      <head>
        <style>{themeToCss(tenant.theme)}</style>
      </head>
      <body className="font-town">
        <SkipLink label={common("skipLink")} />
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
            { href: `${base}/contact`, label: t("navContact") },
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
      </body>
    </html>
  );
}
