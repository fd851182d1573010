import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { signInOperatorAction } from "@/lib/auth/actions";
import { getActor } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("signInTitle") };
}

export default async function OperatorSignInPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { locale } = await params;
  const actor = await getActor();
  if (actor?.kind === "operator") redirect(`/${locale}/operator`);
  const t = await getTranslations({ locale, namespace: "Operator" });
  const s = await getTranslations({ locale, namespace: "SignIn" });
  const next = await searchParam(searchParams, "next");
  const done = await searchParam(searchParams, "done");
  const signedOut = await searchParam(searchParams, "signedOut");
  return (
    <div className="max-w-xl">
      <h1 className="text-3xl font-bold">{t("signInTitle")}</h1>
      <p className="mt-2 text-lg">{t("signInLead")}</p>
      <div className="mt-6">
        {done === "password" ? <Notice title={s("passwordSet")} /> : null}
        {signedOut ? <Notice kind="info" title={s("signedOut")} /> : null}
        <ActionForm action={signInOperatorAction} submitLabel={s("submit")} labels={await formLabels(locale)} hidden={next ? { next } : {}} id="sign-in">
          <TextField name="email" type="email" label={s("email")} autoComplete="username" inputMode="email" />
          <TextField name="password" type="password" label={s("password")} autoComplete="current-password" />
        </ActionForm>
        <p className="mt-6">{t("forgot")}</p>
      </div>
    </div>
  );
}
