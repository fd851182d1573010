import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { ContactSummary } from "@/components/site/contact-details";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";
import { LeanPageMarker } from "@/components/lean-page-marker";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Contact" });
  return { title: t("title") };
}

export default async function ContactPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Contact" });
  return (
    <>
      <LeanPageMarker />
      <PublicCacheMarker />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("title")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("intro", { town: tenantName(tenant, locale) })}</p>
      <ContactSummary tenant={tenant} locale={locale} />
    </>
  );
}
