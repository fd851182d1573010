import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { Paragraphs } from "@/components/ui/paragraphs";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { LeanPageMarker } from "@/components/lean-page-marker";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Legal" });
  return { title: t("title") };
}

export default async function LegalNoticePage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Legal" });
  const notice = pickLocalized(tenant.legalNotice, locale, [tenant.defaultLocale]);
  return (
    <>
      <LeanPageMarker />
      <PublicCacheMarker />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("title")}</h1>
      {notice ? (
        <Paragraphs text={notice.text} lang={notice.lang !== locale ? notice.lang : undefined} className="mt-6 max-w-prose" />
      ) : (
        <p className="mt-6">{t("none")}</p>
      )}
    </>
  );
}
