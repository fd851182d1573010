import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { signInAgentAction } from "@/lib/auth/actions";
import { getActor } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "SignIn" }))("title") };
}

export default async function SignInPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const actor = await getActor();
  if (actor?.kind === "agent") redirect(`/${locale}/admin`);
  const t = await getTranslations({ locale, namespace: "SignIn" });
  const next = await searchParam(searchParams, "next");
  const done = await searchParam(searchParams, "done");
  const signedOut = await searchParam(searchParams, "signedOut");
  return (
    <div className="max-w-xl">
      <h1 className="text-3xl font-bold">{t("title")}</h1>
      <p className="mt-2 text-lg">{t("lead", { town: tenantName(tenant, locale) })}</p>
      <div className="mt-6">
        {done === "password" ? <Notice title={t("passwordSet")} /> : null}
        {signedOut ? <Notice kind="info" title={t("signedOut")} /> : null}
        <ActionForm action={signInAgentAction} submitLabel={t("submit")} labels={await formLabels(locale)} hidden={next ? { next } : {}} id="sign-in">
          <TextField name="email" type="email" label={t("email")} autoComplete="username" inputMode="email" />
          <TextField name="password" type="password" label={t("password")} autoComplete="current-password" />
        </ActionForm>
        <p className="mt-6">
          <a href={`/${locale}/admin/forgot-password`}>{t("forgot")}</a>
        </p>
      </div>
    </div>
  );
}
