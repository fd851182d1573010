import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountFrame } from "@/components/citizens/account-frame";
import { ButtonLink } from "@/components/ui/notice";
import { requireCitizen } from "@/lib/auth/citizen-session";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("dataTitle"), robots: { index: false } };
}

/** "My data": what the town holds, to download (JSON or a readable page), and deleting the account. */
export default async function MyDataPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const citizen = await requireCitizen(locale, `/${locale}/account/data`);
  const t = await getTranslations({ locale, namespace: "Account" });
  const town = tenantName(tenant, locale);
  return (
    <AccountFrame locale={locale} citizen={citizen} current="data" title={t("dataTitle")}>
      <div className="max-w-prose">
        <p className="text-lg">{t("dataLead", { town })}</p>
        <h2 className="mt-8 text-2xl font-bold">{t("dataDownloadTitle")}</h2>
        <p className="mt-2">{t("dataDownloadLead")}</p>
        <ul className="mt-4 space-y-3">
          <li>
            <a href={`/${locale}/account/data/html`} download="my-data.html">
              {t("dataDownloadHtml")}
            </a>
          </li>
          <li>
            <a href={`/${locale}/account/data/json`} download="my-data.json">
              {t("dataDownloadJson")}
            </a>
          </li>
        </ul>
        <h2 className="mt-10 text-2xl font-bold">{t("deleteTitle")}</h2>
        <p className="mt-2">{t("deleteTeaser")}</p>
        <div className="mt-4">
          <ButtonLink href={`/${locale}/account/delete`} variant="secondary">
            {t("deleteStart")}
          </ButtonLink>
        </div>
        <p className="mt-10 text-muted">{tenant.contactEmail ? t("dataRights", { town, email: tenant.contactEmail }) : t("dataRightsNoEmail", { town })}</p>
      </div>
    </AccountFrame>
  );
}
