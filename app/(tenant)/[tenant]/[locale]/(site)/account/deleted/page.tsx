import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("deletedTitle"), robots: { index: false } };
}

/** After deleting the account (signed out). */
export default async function AccountDeletedPage({ params }: { params: TTenantParams }) {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return (
    <>
      <div className="mb-8 rounded-town bg-success p-6 text-center text-white" role="status">
        <h1 className="text-3xl font-bold">{t("deletedTitle")}</h1>
      </div>
      <p className="max-w-prose text-lg">{t("deletedLead")}</p>
      <p className="mt-6">
        <a href={`/${locale}`}>{t("deletedHome")}</a>
      </p>
    </>
  );
}
