import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { languageOptions } from "@/components/site/languages";
import { SiteFooter } from "@/components/site/site-footer";
import { SiteHeader } from "@/components/site/site-header";
import { SkipLink } from "@/components/site/skip-link";
import { localeDirection, PLATFORM_LOCALES } from "@/lib/i18n/locales";
import { PLATFORM_THEME, themeToCss } from "@/lib/tenancy/theme";

/** The root domain's document, in the platform's own neutral look. */
export async function PlatformDocument({ locale, children }: { locale: string; children: ReactNode }) {
  const common = await getTranslations({ locale, namespace: "Common" });
  return (
    <html lang={locale} dir={localeDirection(locale)}>
      <head>
        <style>{themeToCss(PLATFORM_THEME)}</style>
      </head>
      <body className="font-town">
        <SkipLink label={common("skipLink")} />
        {children}
      </body>
    </html>
  );
}

/** The public frame of the root domain (list of towns, status pages). */
export async function PlatformFrame({ locale, children, switcher = true }: { locale: string; children: ReactNode; switcher?: boolean }) {
  const common = await getTranslations({ locale, namespace: "Common" });
  const t = await getTranslations({ locale, namespace: "Platform" });
  return (
    <>
      <SiteHeader
        homeHref={`/${locale}`}
        homeLabel={t("title")}
        name={t("title")}
        logoUrl={PLATFORM_THEME.logoUrl}
        locale={locale}
        languages={switcher ? languageOptions(PLATFORM_LOCALES) : []}
        languageLabel={common("languageSwitcher")}
        navLabel=""
        nav={[]}
      />
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8 outline-none">
        {children}
      </main>
      <SiteFooter label={t("title")} links={[]} note={t("tagline")} />
    </>
  );
}
