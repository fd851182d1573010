import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SiteForm } from "@/components/appointments/site-form";
import { ActionForm } from "@/components/form/action-form";
import { Notice, PageHeader } from "@/components/ui/notice";
import { archiveSiteAction } from "@/lib/appointments/config-actions";
import { findSite } from "@/lib/appointments/repo";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { requirePermission } from "@/lib/auth/session";
import { ZId } from "@/lib/core/form-schemas";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("siteTitle") };
}

export default async function SitePage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const base = `/${locale}/admin/appointment-sites`;
  await requirePermission(locale, "appointments:configure", { returnTo: `${base}/${id}` });
  const site = ZId.safeParse(id).success ? await findSite(tenant.id, id) : null;
  if (!site) notFound();
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const labels = await formLabels(locale);
  const saved = (await searchParams).saved === "1";
  return (
    <>
      <p>
        <a href={base}>{t("backToSites")}</a>
      </p>
      <PageHeader title={textIn(tenant, site.names, locale)?.text ?? t("siteTitle")} />
      {saved ? <Notice title={t("siteSaved")} /> : null}
      {site.archivedAt ? <Notice kind="warning" title={t("siteArchivedNotice")} /> : null}
      <div className="max-w-4xl">
        <SiteForm tenant={tenant} locale={locale} site={site} labels={labels} />
      </div>
      <section aria-labelledby="archive" className="mt-12 border-t border-line pt-6">
        <h2 id="archive" className="text-2xl font-bold">{site.archivedAt ? t("restore") : t("archive")}</h2>
        <p className="max-w-prose">{site.archivedAt ? t("restoreSiteLead") : t("archiveSiteLead")}</p>
        <ActionForm id="archive-site" action={archiveSiteAction} submitLabel={site.archivedAt ? t("restore") : t("archive")} submitStyle={site.archivedAt ? "secondary" : "warning"} labels={labels} hidden={{ id: site.id, archived: site.archivedAt ? "no" : "yes" }} />
      </section>
    </>
  );
}
