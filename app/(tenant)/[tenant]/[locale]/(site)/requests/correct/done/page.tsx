import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireFormsPage } from "@/lib/forms/service/page-guard";

type TParams = Promise<{ tenant: string; locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  return { title: t("correctDoneTitle"), robots: { index: false } };
}

/**
 * After answering a request for correction. The follow-up link cannot be repeated here (only its hash
 * is stored): the page thanks the citizen, repeats the reference and points to the first e-mail.
 */
export default async function CorrectionDonePage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  const raw = (await searchParam(searchParams, "reference")) ?? "";
  const reference = /^[A-Z0-9]{1,8}-\d{4}-[A-Z0-9]{6}$/.test(raw) ? raw : null;
  return (
    <>
      <div className="mb-8 rounded-town bg-success p-6 text-center text-white" role="status">
        <h1 className="text-3xl font-bold">{t("correctDoneTitle")}</h1>
        {reference ? (
          <>
            <p className="mt-4 text-lg">{t("correctDoneReference")}</p>
            <p className="mt-1 text-2xl font-bold" dir="ltr">
              {reference}
            </p>
          </>
        ) : null}
      </div>
      <p className="max-w-prose text-lg">{t("correctDoneLead")}</p>
      <p className="mt-4 max-w-prose text-lg">{t("correctDoneFollow")}</p>
      <p className="mt-6">
        <a href={`/${locale}/requests`}>{t("otherRequests")}</a>
      </p>
    </>
  );
}
