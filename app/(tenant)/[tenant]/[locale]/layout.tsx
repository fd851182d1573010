import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import "@/app/globals.css";
import { SkipLink } from "@/components/site/skip-link";
import { localeDirection } from "@/lib/i18n/locales";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";
import { themeToCss } from "@/lib/tenancy/theme";

// The document of every page of a town (citizen site and admin): language, direction, the town's
// theme as CSS variables. The frames are in (site)/layout.tsx and admin/*/layout.tsx.
// Rendered per request; the custom server keeps the HTML of public pages until the town changes.
export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { tenant, locale } = await requireTenantPage(params);
  const name = tenantName(tenant, locale);
  const t = await getTranslations({ locale, namespace: "Common" });
  return {
    title: { default: name, template: t("pageTitle", { page: "%s", site: name }) },
    icons: { icon: tenant.theme.faviconUrl },
  };
}

export default async function TownDocument({ children, params }: { children: ReactNode; params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const common = await getTranslations({ locale, namespace: "Common" });
  return (
    <html lang={locale} dir={localeDirection(locale)}>
      <head>
        <style>{themeToCss(tenant.theme)}</style>
      </head>
      <body className="font-town">
        <SkipLink label={common("skipLink")} />
        {children}
      </body>
    </html>
  );
}
