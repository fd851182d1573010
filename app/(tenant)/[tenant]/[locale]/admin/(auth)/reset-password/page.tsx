import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NewPasswordForm } from "@/components/admin/new-password-form";
import { resetPasswordAction } from "@/lib/agents/actions";
import { peekAgentLink } from "@/lib/agents/service/peek-link";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Password" }))("resetTitle") };
}

export default async function ResetPasswordPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Password" });
  const token = (await searchParam(searchParams, "token")) ?? null;
  const link = await peekAgentLink(tenant.id, token ?? undefined, "password_reset");
  return (
    <NewPasswordForm
      locale={locale}
      token={token}
      valid={link.valid}
      email={link.email}
      title={t("resetTitle")}
      lead={t("resetLead")}
      submit={t("resetSubmit")}
      action={resetPasswordAction}
      expiredHref={`/${locale}/admin/forgot-password`}
      expiredLink={t("resetExpiredLink")}
    />
  );
}
