import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SIGN_IN_LINK_MINUTES } from "@/lib/auth/service/citizen-sign-in";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("sentTitle") };
}

/** After asking for a sign-in link: the same answer whether or not an account exists. */
export default async function SignInLinkSentPage({ params }: { params: TTenantParams }) {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return (
    <>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("sentTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("sentLead", { minutes: SIGN_IN_LINK_MINUTES })}</p>
      <p className="mt-4 max-w-prose">{t("sentSpam")}</p>
      <p className="mt-6">
        <a href={`/${locale}/account/sign-in`}>{t("sentAgain")}</a>
      </p>
    </>
  );
}
