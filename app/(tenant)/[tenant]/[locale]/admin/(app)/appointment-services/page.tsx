import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { PageHeader, Tag } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { createServiceAction } from "@/lib/appointments/config-actions";
import { listSites } from "@/lib/appointments/repo";
import { servicesFor } from "@/lib/appointments/service/agent-scope";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { allTownServices } from "@/lib/appointments/service/definitions";
import { retentionOverview } from "@/lib/appointments/service/retention";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("servicesTitle") };
}

/** The appointment services of the town: their sites, status and data retention; a new service. */
export default async function ServicesPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const base = `/${locale}/admin/appointment-services`;
  const actor = await requirePermission(locale, "appointments:configure", { returnTo: base });
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const inScope = new Set((await servicesFor(tenant.id, actor, "appointments:configure")).map((s) => s.id));
  const all = await allTownServices(tenant.id);
  // Creating services is for agents configuring the whole town; they also see archived services.
  const townWide = can(actor.grants, "appointments:configure", "town");
  const services = all.filter((s) => inScope.has(s.id) || (s.archivedAt && townWide));
  const [retention, sites] = await Promise.all([retentionOverview(tenant.id, services), listSites(tenant.id)]);
  const activeSites = sites.filter((s) => !s.archivedAt);
  const date = (d: Date) => formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium" });
  return (
    <>
      <PageHeader title={t("servicesTitle")} lead={t("servicesLead")} />
      {services.length === 0 ? (
        <p>{t("noServices")}</p>
      ) : (
        <Table caption={t("servicesTitle")} headers={[t("service"), t("sites"), t("duration"), t("retention"), t("status")]} wide>
          {services.map((s) => {
            const r = retention.get(s.id);
            return (
              <Row key={s.id}>
                <Cell>
                  <a href={`${base}/${s.id}`} className="font-bold">{textIn(tenant, s.names, locale)?.text}</a>
                </Cell>
                <Cell>{s.sites.map((l) => textIn(tenant, l.site.names, locale)?.text).join(", ")}</Cell>
                <Cell>{t("minutes", { count: s.durationMinutes })}</Cell>
                <Cell>
                  {t("retentionDays", { count: s.retentionDays })}
                  <br />
                  <span className="text-muted">{r?.nextAt ? t("retentionNext", { date: date(r.nextAt < new Date() ? new Date() : r.nextAt), count: r.pending }) : t("retentionNone")}</span>
                </Cell>
                <Cell>{s.archivedAt ? <Tag tone="grey">{t("archived")}</Tag> : <Tag tone="green">{t("active")}</Tag>}</Cell>
              </Row>
            );
          })}
        </Table>
      )}
      {townWide ? (
        <section aria-labelledby="new-service" className="mt-10 max-w-4xl">
          <h2 id="new-service" className="text-2xl font-bold">{t("newService")}</h2>
          {activeSites.length === 0 ? (
            <p className="mt-2">
              {t("needSite")} <a href={`/${locale}/admin/appointment-sites`}>{t("sitesLink")}</a>
            </p>
          ) : (
            <ActionForm id="new-service-form" action={createServiceAction} submitLabel={t("createService")} labels={await formLabels(locale)}>
              <LocalizedFields name="names" label={t("name")} locales={tenant.enabledLocales} defaultLocale={tenant.defaultLocale} values={{}} uiLocale={locale} />
              <TextField name="durationMinutes" type="number" inputMode="numeric" width="short" label={t("durationMinutes")} defaultValue="20" />
              <ChoiceGroup kind="checkbox" name="siteIds" label={t("sites")} options={activeSites.map((s) => ({ value: s.id, label: textIn(tenant, s.names, locale)?.text ?? s.id }))} defaultValue={activeSites.length === 1 ? [activeSites[0]!.id] : []} />
              <div className="mb-6" />
            </ActionForm>
          )}
        </section>
      ) : null}
    </>
  );
}
