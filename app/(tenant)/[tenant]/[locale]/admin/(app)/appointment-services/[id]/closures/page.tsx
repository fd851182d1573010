import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ClosureImport } from "@/components/appointments/closure-import";
import { ServiceTabs } from "@/components/appointments/service-tabs";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextArea, TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { addClosureAction, cancelInClosuresAction, deleteClosureAction, importIcsAction, previewIcsAction } from "@/lib/appointments/config-actions";
import { listServiceClosures } from "@/lib/appointments/repo";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { bookingsInClosures } from "@/lib/appointments/service/configure";
import { requireConfigurableService } from "@/lib/appointments/service/config-view";
import { can } from "@/lib/auth/permissions";
import { localDate } from "@/lib/appointments/slots";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage } from "@/lib/tenancy/current";
import { publicHolidayDates } from "@/lib/core/holidays";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("closuresTitle") };
}

/**
 * Closures of a service: public holidays on or off, manual closures, an .ics import with a preview,
 * and the booked appointments that fall in a closure, cancelled with one message to their citizens.
 */
export default async function ClosuresPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const { service, actor } = await requireConfigurableService(tenant, locale, id, "closures");
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const query = await searchParams;
  const labels = await formLabels(locale);
  const closures = await listServiceClosures(tenant.id, service.id, new Date());
  const affected = (await bookingsInClosures(tenant.id, closures.map((c) => c.id))).filter((a) => a.serviceId === service.id);
  const siteName = (siteId: string | null) => (siteId ? (textIn(tenant, service.sites.find((s) => s.siteId === siteId)?.site.names, locale)?.text ?? "") : t("allSites"));
  const when = (d: Date) => formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" });
  const townWide = can(actor.grants, "appointments:configure", "town");
  const today = localDate(new Date(), tenant.timeZone);
  const year = Number(today.slice(0, 4));
  const holidays = [...publicHolidayDates(tenant.holidayRegion, [year, year + 1])].filter((d) => d >= today).slice(0, 8);
  const sites = service.sites.map((s) => ({ id: s.siteId, name: siteName(s.siteId) }));
  return (
    <>
      <ServiceTabs locale={locale} tenant={tenant} service={service} current="closures" />
      {query.imported === "1" ? <Notice title={t("icsImported")} /> : null}

      {affected.length > 0 ? (
        <section aria-labelledby="affected" className="mt-8 border-4 border-danger p-4">
          <h2 id="affected" className="text-2xl font-bold">{t("affectedTitle", { count: affected.length })}</h2>
          <ul className="mt-2 list-disc ps-6">
            {affected.map((a) => (
              <li key={a.id}>
                <a href={`/${locale}/admin/appointments/${a.id}`} dir="ltr">{a.reference}</a> — {when(a.startsAt)} — {a.firstName} {a.lastName}
              </li>
            ))}
          </ul>
          <ActionForm id="cancel-affected" action={cancelInClosuresAction} submitLabel={t("cancelAffected", { count: affected.length })} submitStyle="warning" labels={labels} hidden={{ serviceId: service.id }}>
            <TextArea name="reason" label={t("affectedMessage")} hint={t("affectedMessageHint")} rows={3} defaultValue={t("affectedDefaultMessage")} required />
          </ActionForm>
        </section>
      ) : null}

      <section aria-labelledby="holidays" className="mt-8">
        <h2 id="holidays" className="text-2xl font-bold">{t("holidays")}</h2>
        <p>{service.closedOnHolidays ? t("holidaysOn") : t("holidaysOff")}</p>
        {service.closedOnHolidays && holidays.length > 0 ? (
          <p className="text-muted">{t("nextHolidays", { list: holidays.map((d) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(new Date(`${d}T12:00:00Z`))).join(", ") })}</p>
        ) : null}
        <p className="mt-1">
          <a href={`/${locale}/admin/appointment-services/${service.id}#f-closedOnHolidays`}>{t("holidaysChange")}</a>
        </p>
      </section>

      <section aria-labelledby="closures" className="mt-10">
        <h2 id="closures" className="text-2xl font-bold">{t("closuresComing")}</h2>
        {closures.length === 0 ? (
          <p>{t("noClosure")}</p>
        ) : (
          <Table caption={t("closuresComing")} headers={[t("from"), t("to"), t("appliesTo"), t("reason"), t("actions")]} wide>
            {closures.map((c) => (
              <Row key={c.id}>
                <Cell>{when(c.startsAt)}</Cell>
                <Cell>{when(c.endsAt)}</Cell>
                <Cell>
                  {c.serviceId ? t("thisService") : t("everyService")}
                  <br />
                  <span className="text-muted">{siteName(c.siteId)}</span>
                </Cell>
                <Cell>{pickLocalized(c.reason, locale, [tenant.defaultLocale, "und"])?.text ?? ""}</Cell>
                <Cell>
                  {c.serviceId || townWide ? (
                    <ActionForm id={`delete-closure-${c.id}`} action={deleteClosureAction} submitLabel={t("delete")} submitStyle="secondary" labels={labels} hidden={{ serviceId: service.id, closureId: c.id }} />
                  ) : null}
                </Cell>
              </Row>
            ))}
          </Table>
        )}
      </section>

      <section aria-labelledby="new-closure" className="mt-10 max-w-4xl">
        <h2 id="new-closure" className="text-2xl font-bold">{t("newClosure")}</h2>
        <ActionForm id="closure-form" action={addClosureAction} submitLabel={t("addClosure")} labels={labels} hidden={{ serviceId: service.id, ...(townWide ? {} : { scope: "service" }) }}>
          {townWide ? (
            <ChoiceGroup kind="radio" name="scope" label={t("appliesTo")} defaultValue="service" options={[{ value: "service", label: t("thisService") }, { value: "all", label: t("everyService") }]} />
          ) : null}
          {sites.length > 1 ? <SelectField name="siteId" label={t("site")} defaultValue="" options={[{ value: "", label: t("allSites") }, ...sites.map((s) => ({ value: s.id, label: s.name }))]} /> : null}
          <div className="grid gap-x-6 sm:grid-cols-2">
            <TextField name="startDate" type="date" width="short" label={t("startDate")} defaultValue={today} />
            <TextField name="startTime" type="text" width="short" label={t("startTime")} hint={t("timeHint")} defaultValue="00:00" dir="ltr" />
            <TextField name="endDate" type="date" width="short" label={t("endDate")} defaultValue={today} />
            <TextField name="endTime" type="text" width="short" label={t("endTime")} hint={t("timeHintEnd")} defaultValue="24:00" dir="ltr" />
          </div>
          <LocalizedFields name="reason" label={t("reason")} hint={t("reasonHint")} locales={tenant.enabledLocales} defaultLocale={tenant.defaultLocale} values={{}} uiLocale={locale} />
          <div className="mb-6" />
        </ActionForm>
      </section>

      <section aria-labelledby="ics" className="mt-10 max-w-4xl">
        <h2 id="ics" className="text-2xl font-bold">{t("icsTitle")}</h2>
        <p className="max-w-prose text-muted">{t("icsLead")}</p>
        <ClosureImport
          previewAction={previewIcsAction}
          importAction={importIcsAction}
          serviceId={service.id}
          sites={sites}
          labels={labels}
          locale={locale}
          timeZone={tenant.timeZone}
          allowAll={townWide}
          texts={{
            file: t("icsFile"),
            fileHint: t("icsFileHint"),
            scope: t("appliesTo"),
            scopeService: t("thisService"),
            scopeAll: t("everyService"),
            site: t("site"),
            allSites: t("allSites"),
            previewButton: t("icsPreview"),
            previewTitle: t("icsPreviewTitle"),
            caption: t("icsPreviewTitle"),
            summary: t("reason"),
            from: t("from"),
            to: t("to"),
            none: t("icsNone"),
            importButton: t("icsImport"),
            affectedCaption: t("icsAffectedCaption"),
            reference: t("reference"),
            when: t("when"),
            citizen: t("citizen"),
          }}
        />
      </section>
    </>
  );
}
