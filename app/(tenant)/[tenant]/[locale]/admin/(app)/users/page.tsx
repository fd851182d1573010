import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ButtonLink, Notice, PageHeader, Tag } from "@/components/ui/notice";
import { roleLabel } from "@/lib/agents/role-label";
import { agentsOfTown } from "@/lib/agents/service/queries";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/page-params";
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
      <div className="overflow-x-auto">
        <table className="w-full border-collapse">
          <caption className="sr-only">{t("title")}</caption>
          <thead>
            <tr className="border-b-2 border-ink">
              <th scope="col" className="py-2 pe-4 text-start">{t("name")}</th>
              <th scope="col" className="py-2 pe-4 text-start">{t("roles")}</th>
              <th scope="col" className="py-2 pe-4 text-start">{t("status")}</th>
              <th scope="col" className="py-2 text-start">{t("lastSignIn")}</th>
            </tr>
          </thead>
          <tbody>
            {agents.map((agent) => (
              <tr key={agent.id} className="border-b border-line align-top">
                <td className="py-2 pe-4">
                  <a href={`/${locale}/admin/users/${agent.id}`} className="font-bold">
                    {agent.name}
                  </a>
                  <span className="block text-sm break-all text-muted">{agent.email}</span>
                </td>
                <td className="py-2 pe-4">
                  {agent.memberships.map((m) => roleLabel(m.role, locale, tenant.defaultLocale, roles)).join(", ") || "–"}
                  {agent.memberships.some((m) => (m.scope ?? []).length > 0) ? <span className="block text-sm text-muted">{t("limited")}</span> : null}
                </td>
                <td className="py-2 pe-4">
                  <Tag tone={tone[agent.status]}>{t(`statusValue.${agent.status}`)}</Tag>
                </td>
                <td className="py-2">{agent.lastSignInAt ? formatInstant(agent.lastSignInAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }) : t("never")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
