import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { NewPasswordForm } from "@/components/admin/new-password-form";
import { acceptInvitationAction } from "@/lib/agents/actions";
import { peekAgentLink } from "@/lib/agents/service/peek-link";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Password" }))("invitationTitle") };
}

export default async function InvitationPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Password" });
  const token = (await searchParam(searchParams, "token")) ?? null;
  const link = await peekAgentLink(tenant.id, token ?? undefined, "invitation");
  return (
    <NewPasswordForm
      locale={locale}
      token={token}
      valid={link.valid}
      email={link.email}
      title={t("invitationTitle")}
      lead={t("invitationLead", { name: link.name ?? "", town: tenantName(tenant, locale) })}
      submit={t("invitationSubmit")}
      action={acceptInvitationAction}
      expiredHref={`/${locale}/admin/sign-in`}
      expiredLink={t("invitationExpiredLink")}
    />
  );
}
