import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { requestPasswordResetAction } from "@/lib/agents/actions";
import { RESET_MINUTES } from "@/lib/agents/service/password-reset";
import { formLabels } from "@/lib/i18n/form-labels";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Password" }))("forgotTitle") };
}

export default async function ForgotPasswordPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Password" });
  const done = await searchParam(searchParams, "done");
  return (
    <div className="max-w-xl">
      <h1 className="text-3xl font-bold">{t("forgotTitle")}</h1>
      {done ? (
        <div className="mt-6">
          <Notice title={t("forgotSentTitle")}>
            <p>{t("forgotSentBody", { minutes: RESET_MINUTES })}</p>
          </Notice>
          <p>
            <a href={`/${locale}/admin/sign-in`}>{t("backToSignIn")}</a>
          </p>
        </div>
      ) : (
        <>
          <p className="mt-2 text-lg">{t("forgotLead")}</p>
          <ActionForm action={requestPasswordResetAction} submitLabel={t("forgotSubmit")} labels={await formLabels(locale)} id="forgot">
            <TextField name="email" type="email" label={t("email")} autoComplete="username" inputMode="email" />
          </ActionForm>
          <p className="mt-6">
            <a href={`/${locale}/admin/sign-in`}>{t("backToSignIn")}</a>
          </p>
        </>
      )}
    </div>
  );
}
