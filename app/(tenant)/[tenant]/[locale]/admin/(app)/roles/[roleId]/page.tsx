import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { RoleFields } from "@/components/admin/role-fields";
import { ActionForm } from "@/components/form/action-form";
import { PageHeader } from "@/components/ui/notice";
import { deleteRoleAction, updateRoleAction } from "@/lib/agents/actions";
import { roleLabel } from "@/lib/agents/role-label";
import { roleOfTown } from "@/lib/agents/service/queries";
import { requirePermission } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; roleId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Roles" }))("editTitle") };
}

export default async function RolePage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { roleId } = await params;
  await requirePermission(locale, "roles:manage", { returnTo: `/${locale}/admin/roles` });
  if (!/^[0-9a-f-]{36}$/.test(roleId)) notFound();
  const role = await roleOfTown(tenant.id, roleId);
  if (!role || role.builtin) notFound();
  const t = await getTranslations({ locale, namespace: "Roles" });
  const names = await getTranslations({ locale, namespace: "RoleNames" });
  const labels = await formLabels(locale);
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <a href={`/${locale}/admin/roles`}>{t("back")}</a>
      </p>
      <PageHeader title={roleLabel(role, locale, tenant.defaultLocale, names)} lead={t("membersCount", { count: role._count.memberships })} />
      <ActionForm action={updateRoleAction} submitLabel={t("save")} labels={labels} hidden={{ roleId: role.id }} id="role">
        <RoleFields tenant={tenant} locale={locale} names={role.names as Record<string, string>} permissions={role.permissions} />
      </ActionForm>
      <section className="mt-10" aria-labelledby="delete-title">
        <h2 id="delete-title" className="text-2xl font-bold">{t("deleteTitle")}</h2>
        <p className="mt-2">{role._count.memberships > 0 ? t("deleteInUse", { count: role._count.memberships }) : t("deleteLead")}</p>
        <ActionForm action={deleteRoleAction} submitLabel={t("delete")} submitStyle="warning" labels={labels} hidden={{ roleId: role.id }} id="delete-role" />
      </section>
    </div>
  );
}
