import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { BackLink } from "@/components/appointments/summary-list";
import { formatDay, requireService, serviceView } from "@/lib/appointments/service/citizen-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { openWeekdays } from "@/lib/appointments/service/waiting-list";
import { joinWaitingListAction } from "@/lib/appointments/waiting-list-actions";
import { addDays } from "@/lib/appointments/slots";
import { ZId } from "@/lib/core/form-schemas";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";

type TParams = Promise<{ tenant: string; locale: string; serviceId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "WaitingList" });
  return { title: t("joinTitle") };
}

/** Joining a service's waiting list: an e-mail address, and if the citizen wishes a place and days. */
export default async function JoinWaitingListPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "WaitingList" });
  const row = await requireService(tenant, (await params).serviceId);
  if (!row.waitingList || row.loginRequired) notFound();
  const service = serviceView(tenant, row, locale);
  const site = await searchParam(searchParams, "site");
  const siteId = site && ZId.safeParse(site).success && service.sites.some((s) => s.id === site) ? site : null;
  const base = `/${locale}/appointments/${service.id}`;
  const duration = row.offerMinutes % 60 === 0 ? t("hours", { count: row.offerMinutes / 60 }) : t("minutes", { count: row.offerMinutes });
  // 2024-01-01 was a Monday: ISO weekday d is 2024-01-0d.
  const weekdays = openWeekdays(row).map((d) => ({ value: String(d), label: formatDay(addDays("2024-01-01", d - 1), locale, { weekday: "long" }) }));
  return (
    <>
      <BackLink href={siteId ? `${base}/days?site=${siteId}` : base} label={t("back")} />
      <p className="text-lg text-muted" lang={service.name && service.name.lang !== locale ? service.name.lang : undefined}>
        {service.name?.text}
      </p>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("joinTitle")}</h1>
      <p className="mt-2 max-w-prose text-lg">{t("joinLead", { duration })}</p>
      <ActionForm action={joinWaitingListAction} submitLabel={t("submit")} labels={await formLabels(locale)} hidden={{ serviceId: service.id }}>
        <TextField name="email" type="email" label={t("email")} hint={t("emailHint")} autoComplete="email" inputMode="email" required />
        {service.sites.length > 1 ? (
          <ChoiceGroup
            kind="radio"
            name="siteId"
            label={t("siteLegend")}
            defaultValue={siteId ?? ""}
            options={[{ value: "", label: t("anySite") }, ...service.sites.map((s) => ({ value: s.id, label: s.name?.text ?? "", hint: s.address?.text }))]}
          />
        ) : null}
        {weekdays.length > 1 ? <ChoiceGroup kind="checkbox" name="weekdays" label={t("weekdaysLegend")} hint={t("weekdaysHint")} options={weekdays} /> : null}
      </ActionForm>
    </>
  );
}
