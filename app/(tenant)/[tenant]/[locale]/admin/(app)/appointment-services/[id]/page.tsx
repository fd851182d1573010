import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ServiceTabs } from "@/components/appointments/service-tabs";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { archiveServiceAction, updateServiceAction } from "@/lib/appointments/config-actions";
import { listSites } from "@/lib/appointments/repo";
import { requireConfigurableService } from "@/lib/appointments/service/config-view";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { retentionOverview } from "@/lib/appointments/service/retention";
import { waitingListOf } from "@/lib/appointments/service/waiting-list";
import { Cell, Row, Table } from "@/components/ui/table";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("settingsTitle") };
}

const hours = (minutes: number | undefined) => (minutes === undefined ? "" : String(Math.round((minutes / 60) * 100) / 100));

/** A service's settings: texts in every language side by side, booking rules, reminders, waiting list, retention. */
export default async function ServiceSettingsPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const { service } = await requireConfigurableService(tenant, locale, id, "");
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const query = await searchParams;
  const labels = await formLabels(locale);
  const sites = (await listSites(tenant.id)).filter((s) => !s.archivedAt || service.sites.some((l) => l.siteId === s.id));
  const retention = (await retentionOverview(tenant.id, [service])).get(service.id);
  const waiting = await waitingListOf(tenant.id, service.id);
  const present = waiting.waiters.filter((w) => w.status === "waiting" || w.status === "offered");
  const weekday = (d: number) => new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, d)));
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  const requirement = (name: string, label: string, value: string) => (
    <SelectField name={name} label={label} defaultValue={value} options={["off", "optional", "required"].map((v) => ({ value: v, label: t(`requirement.${v}`) }))} />
  );
  const yes = (value: boolean) => (value ? ["on"] : []);
  return (
    <>
      <ServiceTabs locale={locale} tenant={tenant} service={service} current="" />
      {query.created === "1" ? <Notice title={t("serviceCreated")}>{t("serviceCreatedNext")}</Notice> : null}
      {service.archivedAt ? <Notice kind="warning" title={t("archivedNotice")} /> : null}
      <ActionForm id="service-settings" action={updateServiceAction} submitLabel={t("save")} labels={labels} hidden={{ id: service.id }}>
        <h2 className="mt-6 text-2xl font-bold">{t("texts")}</h2>
        <p className="text-muted">{t("textsLead")}</p>
        <LocalizedFields name="names" label={t("name")} values={service.names} {...L} />
        <LocalizedFields name="descriptions" label={t("description")} values={service.descriptions} multiline {...L} />
        <LocalizedFields name="whatToBring" label={t("whatToBring")} values={service.whatToBring} multiline {...L} />
        <LocalizedFields name="confirmationTexts" label={t("confirmationText")} hint={t("confirmationTextHint")} values={service.confirmationTexts} multiline {...L} />
        <LocalizedFields name="cancellationTexts" label={t("cancellationText")} values={service.cancellationTexts} multiline {...L} />

        <h2 className="mt-10 text-2xl font-bold">{t("bookingRules")}</h2>
        <ChoiceGroup kind="checkbox" name="siteIds" label={t("sites")} options={sites.map((s) => ({ value: s.id, label: textIn(tenant, s.names, locale)?.text ?? s.id }))} defaultValue={service.sites.map((s) => s.siteId)} />
        <div className="grid gap-x-6 sm:grid-cols-2">
          <TextField name="durationMinutes" type="number" inputMode="numeric" width="short" label={t("durationMinutes")} defaultValue={String(service.durationMinutes)} />
          <TextField name="maxPeople" type="number" inputMode="numeric" width="short" label={t("maxPeople")} hint={t("maxPeopleHint")} defaultValue={String(service.maxPeople)} />
          <TextField name="minNoticeHours" type="number" inputMode="numeric" width="short" label={t("minNoticeHours")} defaultValue={String(service.minNoticeHours)} />
          <TextField name="horizonWeeks" type="number" inputMode="numeric" width="short" label={t("horizonWeeks")} defaultValue={String(service.horizonWeeks)} />
          <TextField name="maxActivePerCitizen" type="number" inputMode="numeric" width="short" label={t("maxActivePerCitizen")} hint={t("zeroNoLimit")} defaultValue={String(service.maxActivePerCitizen)} />
          <TextField name="limitPeriodDays" type="number" inputMode="numeric" width="short" label={t("limitPeriodDays")} defaultValue={String(service.limitPeriodDays)} />
          <TextField name="minDaysBetween" type="number" inputMode="numeric" width="short" label={t("minDaysBetween")} hint={t("zeroNoLimit")} defaultValue={String(service.minDaysBetween)} />
          <TextField name="holdMinutes" type="number" inputMode="numeric" width="short" label={t("holdMinutes")} hint={t("holdMinutesHint")} defaultValue={String(service.holdMinutes)} />
        </div>
        {requirement("phoneField", t("phoneField"), service.phoneField)}
        {requirement("antsField", t("antsField"), service.antsField)}
        <ChoiceGroup kind="checkbox" name="closedOnHolidays" label={t("holidays")} options={[{ value: "on", label: t("closedOnHolidays") }]} defaultValue={yes(service.closedOnHolidays)} />
        <ChoiceGroup kind="checkbox" name="loginRequired" label={t("login")} options={[{ value: "on", label: t("loginRequired") }]} defaultValue={yes(service.loginRequired)} />

        <h2 className="mt-10 text-2xl font-bold">{t("reminders")}</h2>
        <p className="text-muted">{t("remindersLead")}</p>
        <div className="grid gap-x-6 sm:grid-cols-3">
          {[0, 1, 2].map((i) => (
            <TextField key={i} name={`reminder${i + 1}`} type="text" inputMode="numeric" width="short" label={t("reminderHours", { n: i + 1 })} defaultValue={hours(service.reminderOffsets[i])} />
          ))}
        </div>
        <ChoiceGroup kind="checkbox" name="reminderSms" label={t("sms")} options={[{ value: "on", label: t("reminderSms") }]} defaultValue={yes(service.reminderSms)} />

        <h2 className="mt-10 text-2xl font-bold">{t("waitingList")}</h2>
        <ChoiceGroup kind="checkbox" name="waitingList" label={t("waitingList")} options={[{ value: "on", label: t("waitingListOn") }]} defaultValue={yes(service.waitingList)} />
        <TextField name="offerHours" type="number" inputMode="numeric" width="short" label={t("offerHours")} hint={t("offerHoursHint")} defaultValue={String(Math.max(1, Math.round(service.offerMinutes / 60)))} />

        <h2 className="mt-10 text-2xl font-bold">{t("dataProtection")}</h2>
        <TextField name="retentionDays" type="number" inputMode="numeric" width="short" label={t("retentionDaysLabel")} hint={t("retentionHint")} defaultValue={String(service.retentionDays)} />
        <p className="mt-2 text-muted">
          {retention?.nextAt ? t("retentionNext", { date: formatInstant(retention.nextAt < new Date() ? new Date() : retention.nextAt, locale, tenant.timeZone, { dateStyle: "long" }), count: retention.pending }) : t("retentionNone")}
        </p>
        <div className="mb-6" />
      </ActionForm>

      <section aria-labelledby="waiters" className="mt-12 border-t border-line pt-6">
        <h2 id="waiters" className="text-2xl font-bold">{t("waitersTitle")}</h2>
        <p>{t("waitersCounts", { waiting: waiting.counts.waiting, offered: waiting.counts.offered, booked: waiting.counts.booked })}</p>
        {present.length > 0 ? (
          <Table caption={t("waitersTitle")} headers={[t("waiterEmail"), t("waiterSince"), t("waiterDays"), t("status")]} wide>
            {present.map((w) => (
              <Row key={w.id}>
                <Cell className="break-all">{w.email}</Cell>
                <Cell>{formatInstant(w.createdAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" })}</Cell>
                <Cell>{w.weekdays.length ? w.weekdays.map((d) => weekday(d)).join(", ") : t("anyDay")}</Cell>
                <Cell>{w.status === "offered" && w.offerExpiresAt ? t("offeredUntil", { until: formatInstant(w.offerExpiresAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }) }) : t("waiting")}</Cell>
              </Row>
            ))}
          </Table>
        ) : null}
      </section>

      <section aria-labelledby="archive" className="mt-12 border-t border-line pt-6">
        <h2 id="archive" className="text-2xl font-bold">{service.archivedAt ? t("restore") : t("archive")}</h2>
        <p className="max-w-prose">{service.archivedAt ? t("restoreLead") : t("archiveLead")}</p>
        <ActionForm
          id="archive-form"
          action={archiveServiceAction}
          submitLabel={service.archivedAt ? t("restore") : t("archive")}
          submitStyle={service.archivedAt ? "secondary" : "warning"}
          labels={labels}
          hidden={{ id: service.id, archived: service.archivedAt ? "no" : "yes" }}
        />
      </section>
    </>
  );
}
