import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Cell, Row, Table } from "@/components/ui/table";
import { ButtonLink, Notice, PageHeader, Tag } from "@/components/ui/notice";
import { roleLabel } from "@/lib/agents/role-label";
import { agentsOfTown } from "@/lib/agents/service/queries";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Users" }))("title") };
}

export default async function UsersPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "users:manage", { returnTo: `/${locale}/admin/users` });
  const t = await getTranslations({ locale, namespace: "Users" });
  const roles = await getTranslations({ locale, namespace: "RoleNames" });
  const agents = await agentsOfTown(tenant.id);
  const done = await searchParam(searchParams, "done");
  const tone = { active: "green", invited: "blue", deactivated: "grey" } as const;
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")}>
        <ButtonLink href={`/${locale}/admin/users/invite`}>{t("invite")}</ButtonLink>
      </PageHeader>
      {done === "invited" ? <Notice title={t("invited")} /> : null}
      <Table caption={t("title")} headers={[t("name"), t("roles"), t("status"), t("lastSignIn")]}>
        {agents.map((agent) => (
          <Row key={agent.id}>
            <Cell>
              <a href={`/${locale}/admin/users/${agent.id}`} className="font-bold">
                {agent.name}
              </a>
              <span className="block text-sm break-words text-muted">{agent.email}</span>
            </Cell>
            <Cell>
              {agent.memberships.map((m) => roleLabel(m.role, locale, tenant.defaultLocale, roles)).join(", ") || "–"}
              {agent.memberships.some((m) => (m.scope ?? []).length > 0) ? <span className="block text-sm text-muted">{t("limited")}</span> : null}
            </Cell>
            <Cell>
              <Tag tone={tone[agent.status]}>{t(`statusValue.${agent.status}`)}</Tag>
            </Cell>
            <Cell>{agent.lastSignInAt ? formatInstant(agent.lastSignInAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }) : t("never")}</Cell>
          </Row>
        ))}
      </Table>
    </>
  );
}
