import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NewPasswordForm } from "@/components/admin/new-password-form";
import { acceptOperatorInvitationAction } from "@/lib/platform/actions";
import { peekOperatorLink } from "@/lib/platform/service/peek-link";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Password" }))("invitationTitle") };
}

export default async function OperatorInvitationPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: "Password" });
  const token = (await searchParam(searchParams, "token")) ?? null;
  const link = await peekOperatorLink(token ?? undefined);
  return (
    <NewPasswordForm
      locale={locale}
      token={token}
      valid={link.valid}
      email={link.email}
      title={t("invitationTitle")}
      lead={t("operatorInvitationLead", { name: link.name ?? "" })}
      submit={t("invitationSubmit")}
      action={acceptOperatorInvitationAction}
      expiredHref={`/${locale}/operator/sign-in`}
      expiredLink={t("invitationExpiredLink")}
    />
  );
}
