import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Cell, Row, Table } from "@/components/ui/table";
import { ButtonLink, Notice, PageHeader, Tag } from "@/components/ui/notice";
import { roleLabel } from "@/lib/agents/role-label";
import { rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { rolePermissions } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Roles" }))("title") };
}

export default async function RolesPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "roles:manage", { returnTo: `/${locale}/admin/roles` });
  const t = await getTranslations({ locale, namespace: "Roles" });
  const names = await getTranslations({ locale, namespace: "RoleNames" });
  const perms = await getTranslations({ locale, namespace: "Permissions" });
  const roles = await rolesOfTownWithCounts(tenant.id);
  const done = await searchParam(searchParams, "done");
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")}>
        <ButtonLink href={`/${locale}/admin/roles/new`}>{t("create")}</ButtonLink>
      </PageHeader>
      {done === "created" ? <Notice title={t("created")} /> : null}
      {done === "deleted" ? <Notice title={t("deleted")} /> : null}
      <Table caption={t("title")} headers={[t("name"), t("permissions"), t("members")]}>
        {roles.map((role) => {
          const label = roleLabel(role, locale, tenant.defaultLocale, names);
          const list = rolePermissions(role);
          return (
            <Row key={role.id}>
              <Cell>
                {role.builtin ? (
                  <>
                    <span className="font-bold">{label}</span> <Tag tone="grey">{t("builtin")}</Tag>
                  </>
                ) : (
                  <a href={`/${locale}/admin/roles/${role.id}`} className="font-bold">
                    {label}
                  </a>
                )}
              </Cell>
              <Cell>{list.length === 0 ? t("noPermissions") : list.map((p) => perms(p)).join(", ")}</Cell>
              <Cell>{role._count.memberships}</Cell>
            </Row>
          );
        })}
      </Table>
    </>
  );
}
