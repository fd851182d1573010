import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { signInWithLinkAction } from "@/lib/auth/citizen-actions";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; secret: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  // The address holds the secret: no search engine, no Referer to other sites.
  return { title: t("linkTitle"), robots: { index: false, follow: false }, referrer: "same-origin" };
}

/**
 * The page the sign-in e-mail links to. Opening it uses nothing (mail scanners open links); the
 * button signs in, once. A used or expired link answers with a translated message and a way on.
 */
export default async function SignInLinkPage({ params }: { params: TParams }) {
  const { locale } = await requireTenantPage(params);
  const { secret } = await params;
  const t = await getTranslations({ locale, namespace: "Account" });
  return (
    <>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("linkTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("linkLead")}</p>
      <ActionForm action={signInWithLinkAction} submitLabel={t("linkButton")} labels={await formLabels(locale)} hidden={{ secret: secret.slice(0, 100) }} />
      <p className="mt-8">
        <a href={`/${locale}/account/sign-in`}>{t("linkNew")}</a>
      </p>
    </>
  );
}
