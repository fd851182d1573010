import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccessFields } from "@/components/admin/access-fields";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { PageHeader } from "@/components/ui/notice";
import { inviteAgentAction } from "@/lib/agents/actions";
import { INVITATION_HOURS } from "@/lib/agents/service/invite-agent";
import { requirePermission } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Users" }))("inviteTitle") };
}

export default async function InviteAgentPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "users:manage", { returnTo: `/${locale}/admin/users/invite` });
  const t = await getTranslations({ locale, namespace: "Users" });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <a href={`/${locale}/admin/users`}>{t("back")}</a>
      </p>
      <PageHeader title={t("inviteTitle")} lead={t("inviteLead", { hours: INVITATION_HOURS })} />
      <ActionForm action={inviteAgentAction} submitLabel={t("inviteSubmit")} labels={await formLabels(locale)} id="invite">
        <TextField name="name" label={t("name")} autoComplete="off" />
        <TextField name="email" type="email" label={t("email")} hint={t("emailHint")} autoComplete="off" inputMode="email" />
        <AccessFields tenant={tenant} locale={locale} />
      </ActionForm>
    </div>
  );
}
