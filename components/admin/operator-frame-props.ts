// What the operator's frame shows (root domain), for app/(platform)/platform/[locale]/operator layouts.
import { getTranslations } from "next-intl/server";
import { languageOptions } from "@/components/site/languages";
import { signOutOperatorAction } from "@/lib/auth/actions";
import type { TOperatorActor } from "@/lib/auth/session";
import { PLATFORM_LOCALES } from "@/lib/i18n/locales";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";

export async function operatorFrame(locale: string, operator: TOperatorActor | null) {
  const t = await getTranslations({ locale, namespace: "Operator" });
  const common = await getTranslations({ locale, namespace: "Common" });
  const admin = await getTranslations({ locale, namespace: "Admin" });
  const base = `/${locale}/operator`;
  return {
    homeHref: base,
    siteName: "Civitas",
    areaLabel: t("area"),
    logoUrl: PLATFORM_THEME.logoUrl,
    locale,
    languages: languageOptions(PLATFORM_LOCALES),
    languageLabel: common("languageSwitcher"),
    person: operator ? { name: operator.name, label: admin("signedInAs"), signOut: signOutOperatorAction, signOutLabel: admin("signOut") } : undefined,
    nav: operator
      ? {
          label: admin("navigation"),
          links: [
            { href: base, label: t("navTowns") },
            { href: `${base}/towns/new`, label: t("navNewTown") },
            { href: `${base}/languages`, label: t("navLanguages") },
            { href: `${base}/health`, label: t("navHealth") },
            { href: `${base}/mailbox`, label: t("navMailbox") },
          ],
        }
      : undefined,
  };
}
