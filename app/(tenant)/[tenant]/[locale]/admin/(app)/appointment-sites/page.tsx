import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SiteForm } from "@/components/appointments/site-form";
import { PageHeader, Tag } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { listSites } from "@/lib/appointments/repo";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("sitesTitle") };
}

/** Where appointments take place: the town's sites, and a new one. */
export default async function SitesPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const base = `/${locale}/admin/appointment-sites`;
  const actor = await requirePermission(locale, "appointments:configure", { returnTo: base });
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const sites = await listSites(tenant.id);
  return (
    <>
      <PageHeader title={t("sitesTitle")} lead={t("sitesLead")} />
      {sites.length === 0 ? (
        <p>{t("noSites")}</p>
      ) : (
        <Table caption={t("sitesTitle")} headers={[t("name"), t("address"), t("phone"), t("status")]} wide>
          {sites.map((s) => (
            <Row key={s.id}>
              <Cell>
                <a href={`${base}/${s.id}`} className="font-bold">{textIn(tenant, s.names, locale)?.text}</a>
              </Cell>
              <Cell className="whitespace-pre-line">{textIn(tenant, s.address, locale)?.text}</Cell>
              <Cell>{s.phone ? <span dir="ltr">{s.phone}</span> : "—"}</Cell>
              <Cell>{s.archivedAt ? <Tag tone="grey">{t("archived")}</Tag> : <Tag tone="green">{t("active")}</Tag>}</Cell>
            </Row>
          ))}
        </Table>
      )}
      {can(actor.grants, "appointments:configure", "town") ? (
        <section aria-labelledby="new-site" className="mt-10 max-w-4xl">
          <h2 id="new-site" className="text-2xl font-bold">{t("newSite")}</h2>
          <SiteForm tenant={tenant} locale={locale} site={null} labels={await formLabels(locale)} />
        </section>
      ) : null}
    </>
  );
}
