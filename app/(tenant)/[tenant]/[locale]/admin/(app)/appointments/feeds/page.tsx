import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { SelectField, TextField } from "@/components/form/fields";
import { PageHeader, Tag } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { createFeedAction, revokeFeedAction } from "@/lib/appointments/feed-actions";
import { FEED_FUTURE_DAYS, FEED_PAST_DAYS, feedsPage } from "@/lib/appointments/service/feeds";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { formLabels } from "@/lib/i18n/form-labels";
import type { TTenantParams } from "@/lib/tenancy/current";
import { tenantOrigin } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentFeeds" }))("title") };
}

/** The agent's own calendar feeds: create one (its address shown once), see when each was last used, revoke. */
export default async function AppointmentFeedsPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: `/${locale}/admin/appointments/feeds` });
  const t = await getTranslations({ locale, namespace: "AppointmentFeeds" });
  const [{ sites, services, feeds }, labels] = await Promise.all([feedsPage(tenant, actor, locale), formLabels(locale)]);
  const when = (d: Date | null) => (d ? formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }) : t("never"));
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")}>
        <p>
          <a href={`/${locale}/admin/appointments/calendar`}>{t("backToCalendar")}</a>
        </p>
      </PageHeader>
      <div className="mb-8 max-w-prose space-y-2">
        <p>{t("warning")}</p>
        <p>{t("period", { past: FEED_PAST_DAYS, future: FEED_FUTURE_DAYS })}</p>
      </div>
      <section aria-labelledby="new-feed" className="mb-10 max-w-xl">
        <h2 id="new-feed" className="text-2xl font-bold">{t("create")}</h2>
        <ActionForm action={createFeedAction} submitLabel={t("createButton")} labels={labels} secretLabel={t("shownOnce")} id="new-feed-form">
          <TextField name="name" label={t("name")} hint={t("nameHint")} />
          <SelectField name="siteId" label={t("site")} hint={t("targetHint")} options={[{ value: "", label: t("anySite") }, ...sites.map((s) => ({ value: s.id, label: s.name }))]} />
          <SelectField name="serviceId" label={t("service")} options={[{ value: "", label: t("anyService") }, ...services.map((s) => ({ value: s.id, label: s.name }))]} />
          <TextField name="desk" label={t("desk")} hint={t("deskHint")} type="number" inputMode="numeric" width="short" />
          <div className="mb-6" />
        </ActionForm>
      </section>
      {feeds.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <Table caption={t("listCaption")} headers={[t("colName"), t("colShows"), t("colAddress"), t("colCreated"), t("colLastUsed"), t("colStatus")]} wide>
          {feeds.map((feed) => (
            <Row key={feed.id}>
              <Cell className="font-bold">{feed.name}</Cell>
              <Cell>
                <ul className="list-none">
                  {feed.siteId ? <li>{t("showsSite", { site: feed.siteName ?? "" })}</li> : null}
                  <li>{feed.serviceId ? t("showsService", { service: feed.serviceName ?? "" }) : t("showsAllServices")}</li>
                  {feed.desk ? <li>{t("showsDesk", { desk: feed.desk })}</li> : null}
                </ul>
              </Cell>
              <Cell>
                <code dir="ltr" className="break-all">{`${tenantOrigin(tenant)}/api/feeds/${feed.prefix}…`}</code>
              </Cell>
              <Cell>{when(feed.createdAt)}</Cell>
              <Cell>{when(feed.lastUsedAt)}</Cell>
              <Cell>
                {feed.revokedAt ? (
                  <Tag tone="grey">{t("revoked")}</Tag>
                ) : (
                  <ActionForm action={revokeFeedAction} submitLabel={t("revoke")} submitStyle="warning" labels={labels} hidden={{ id: feed.id }} id={`revoke-${feed.id}`} />
                )}
              </Cell>
            </Row>
          ))}
        </Table>
      )}
    </>
  );
}
