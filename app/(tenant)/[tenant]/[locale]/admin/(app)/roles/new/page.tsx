import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { RoleFields } from "@/components/admin/role-fields";
import { ActionForm } from "@/components/form/action-form";
import { PageHeader } from "@/components/ui/notice";
import { createRoleAction } from "@/lib/agents/actions";
import { requirePermission } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Roles" }))("create") };
}

export default async function NewRolePage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "roles:manage", { returnTo: `/${locale}/admin/roles/new` });
  const t = await getTranslations({ locale, namespace: "Roles" });
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <a href={`/${locale}/admin/roles`}>{t("back")}</a>
      </p>
      <PageHeader title={t("create")} lead={t("createLead")} />
      <ActionForm action={createRoleAction} submitLabel={t("createSubmit")} labels={await formLabels(locale)} id="role">
        <RoleFields tenant={tenant} locale={locale} />
      </ActionForm>
    </div>
  );
}
