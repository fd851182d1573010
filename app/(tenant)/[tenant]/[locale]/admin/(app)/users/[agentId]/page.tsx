import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AccessFields } from "@/components/admin/access-fields";
import { ActionForm } from "@/components/form/action-form";
import { PageHeader, Tag } from "@/components/ui/notice";
import { deactivateAgentAction, reactivateAgentAction, resendInvitationAction, updateAgentAccessAction } from "@/lib/agents/actions";
import { agentOfTown } from "@/lib/agents/service/queries";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; agentId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Users" }))("agentTitle") };
}

export default async function AgentPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { agentId } = await params;
  const me = await requirePermission(locale, "users:manage", { returnTo: `/${locale}/admin/users` });
  if (!/^[0-9a-f-]{36}$/.test(agentId)) notFound();
  const agent = await agentOfTown(tenant.id, agentId);
  if (!agent) notFound();
  const t = await getTranslations({ locale, namespace: "Users" });
  const labels = await formLabels(locale);
  const tone = { active: "green", invited: "blue", deactivated: "grey" } as const;
  const scope = [...new Set(agent.memberships.flatMap((m) => m.scope ?? []))];
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <a href={`/${locale}/admin/users`}>{t("back")}</a>
      </p>
      <PageHeader title={agent.name} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-bold">{t("email")}</dt>
        <dd className="break-words">{agent.email}</dd>
        <dt className="font-bold">{t("status")}</dt>
        <dd>
          <Tag tone={tone[agent.status]}>{t(`statusValue.${agent.status}`)}</Tag>
        </dd>
        <dt className="font-bold">{t("lastSignIn")}</dt>
        <dd>{agent.lastSignInAt ? formatInstant(agent.lastSignInAt, locale, tenant.timeZone) : t("never")}</dd>
        <dt className="font-bold">{t("since")}</dt>
        <dd>{formatInstant(agent.createdAt, locale, tenant.timeZone, { dateStyle: "long" })}</dd>
      </dl>

      <section className="mt-10" aria-labelledby="access">
        <h2 id="access" className="text-2xl font-bold">{t("accessTitle")}</h2>
        <ActionForm action={updateAgentAccessAction} submitLabel={t("accessSubmit")} labels={labels} hidden={{ agentId: agent.id }} id="access-form">
          <AccessFields tenant={tenant} locale={locale} roles={agent.memberships.map((m) => m.role.id)} scope={scope} />
        </ActionForm>
      </section>

      {agent.status === "invited" ? (
        <section className="mt-10" aria-labelledby="invitation">
          <h2 id="invitation" className="text-2xl font-bold">{t("invitationTitle")}</h2>
          <p className="mt-2">{t("invitationPending")}</p>
          <ActionForm action={resendInvitationAction} submitLabel={t("resend")} submitStyle="secondary" labels={labels} hidden={{ agentId: agent.id }} id="resend-form" />
        </section>
      ) : null}

      {agent.id !== me.id ? (
        <section className="mt-10" aria-labelledby="status-title">
          <h2 id="status-title" className="text-2xl font-bold">{agent.status === "deactivated" ? t("reactivateTitle") : t("deactivateTitle")}</h2>
          <p className="mt-2">{agent.status === "deactivated" ? t("reactivateLead") : t("deactivateLead")}</p>
          {agent.status === "deactivated" ? (
            <ActionForm action={reactivateAgentAction} submitLabel={t("reactivate")} submitStyle="secondary" labels={labels} hidden={{ agentId: agent.id }} id="reactivate-form" />
          ) : (
            <ActionForm action={deactivateAgentAction} submitLabel={t("deactivate")} submitStyle="warning" labels={labels} hidden={{ agentId: agent.id }} id="deactivate-form" />
          )}
        </section>
      ) : null}
    </div>
  );
}
