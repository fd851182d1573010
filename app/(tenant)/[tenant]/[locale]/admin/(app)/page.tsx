import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditTable } from "@/components/admin/audit-table";
import { PageHeader } from "@/components/ui/notice";
import { agentCounts } from "@/lib/agents/service/queries";
import { auditPage } from "@/lib/audit/service/list-audit";
import { can } from "@/lib/auth/permissions";
import { requireAgent } from "@/lib/auth/session";
import { outboxCounts } from "@/lib/notifications/service/list-mail";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Dashboard" }))("title") };
}

function Card({ title, children, href, link }: { title: string; children: React.ReactNode; href?: string; link?: string }) {
  return (
    <section className="rounded-town border border-line p-5">
      <h2 className="text-xl font-bold">{title}</h2>
      <div className="mt-2">{children}</div>
      {href && link ? (
        <p className="mt-3">
          <a href={href}>{link}</a>
        </p>
      ) : null}
    </section>
  );
}

export default async function DashboardPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const agent = await requireAgent(locale, `/${locale}/admin`);
  const t = await getTranslations({ locale, namespace: "Dashboard" });
  const base = `/${locale}/admin`;
  const canUsers = can(agent.grants, "users:manage");
  const canMail = can(agent.grants, "mail:read");
  const canAudit = can(agent.grants, "audit:read");
  const canSettings = can(agent.grants, "settings:manage");
  const [agents, mail, audit] = await Promise.all([
    canUsers ? agentCounts(tenant.id) : null,
    canMail ? outboxCounts(tenant.id) : null,
    canAudit ? auditPage(tenant.id, tenant.timeZone, {}, 8) : null,
  ]);
  return (
    <>
      <PageHeader title={t("title")} lead={t("welcome", { name: agent.name, town: tenantName(tenant, locale) })} />
      <div className="grid gap-4 lg:grid-cols-2">
        {agents ? (
          <Card title={t("agentsTitle")} href={`${base}/users`} link={t("agentsLink")}>
            <p>{t("agentsCounts", { active: agents.active ?? 0, invited: agents.invited ?? 0, deactivated: agents.deactivated ?? 0 })}</p>
          </Card>
        ) : null}
        {mail ? (
          <Card title={t("mailTitle")} href={`${base}/mail`} link={t("mailLink")}>
            <p>{t("mailCounts", { sent: mail.sent ?? 0, pending: mail.pending ?? 0, failed: mail.failed ?? 0 })}</p>
            {(mail.failed ?? 0) > 0 ? <p className="mt-1 font-bold text-danger">{t("mailFailed", { count: mail.failed ?? 0 })}</p> : null}
          </Card>
        ) : null}
        {canSettings ? (
          <Card title={t("settingsTitle")}>
            <ul className="list-disc ps-5">
              <li>
                <a href={`${base}/settings`}>{t("settingsLink")}</a>
              </li>
              <li>
                <a href={`${base}/settings/theme`}>{t("themeLink")}</a>
              </li>
              <li>
                <a href={`/${locale}`}>{t("siteLink")}</a>
              </li>
            </ul>
          </Card>
        ) : null}
        {!canUsers && !canMail && !canSettings && !canAudit ? (
          <Card title={t("nothingTitle")}>
            <p>{t("nothingBody")}</p>
          </Card>
        ) : null}
      </div>
      {audit ? (
        <section className="mt-8">
          <h2 className="text-2xl font-bold">{t("recentTitle")}</h2>
          {audit.rows.length === 0 ? <p className="mt-2">{t("recentNone")}</p> : <div className="mt-3"><AuditTable rows={audit.rows} locale={locale} timeZone={tenant.timeZone} caption={t("recentTitle")} /></div>}
          <p className="mt-3">
            <a href={`${base}/audit`}>{t("auditLink")}</a>
          </p>
        </section>
      ) : null}
    </>
  );
}
