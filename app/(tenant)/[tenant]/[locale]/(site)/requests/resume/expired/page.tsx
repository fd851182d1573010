import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { requireFormsPage } from "@/lib/forms/service/page-guard";

type TParams = Promise<{ tenant: string; locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  return { title: t("resumeExpiredTitle"), robots: { index: false }, referrer: "same-origin" };
}

/** Where an unknown, expired or already sent draft's resume link leads. */
export default async function ResumeExpiredPage({ params }: { params: TParams }) {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  return (
    <>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("resumeExpiredTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("resumeExpiredLead")}</p>
      <p className="mt-4 max-w-prose text-lg">{t("resumeExpiredSent")}</p>
      <p className="mt-6">
        <a href={`/${locale}/requests`}>{t("resumeExpiredStart")}</a>
      </p>
    </>
  );
}
