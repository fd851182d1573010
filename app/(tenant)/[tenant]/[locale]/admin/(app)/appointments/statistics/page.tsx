import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BookingsPerDayChart } from "@/components/appointments/bookings-per-day-chart";
import { Notice, PageHeader } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { bookingStatistics, MAX_PERIOD_DAYS, parseStatsFilters } from "@/lib/appointments/service/statistics";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { localeDirection } from "@/lib/i18n/locales";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentStats" }))("title") };
}

/** Bookings, attendance and how full the services were, per service and per day, over a period. */
export default async function StatisticsPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const base = `/${locale}/admin/appointments/statistics`;
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: base });
  const t = await getTranslations({ locale, namespace: "AppointmentStats" });
  const filters = parseStatsFilters(await searchParams, tenant.timeZone);
  const stats = await bookingStatistics(tenant, actor, locale, filters);

  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const rate = (value: number | null) => (value === null ? "—" : percent.format(value));
  const longDate = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const dayDate = new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  const date = (iso: string, format = longDate) => format.format(new Date(`${iso}T00:00:00Z`));
  const total = stats.days.reduce((sum, d) => sum + d.bookings, 0);
  const busiest = stats.days.reduce<{ date: string; bookings: number } | null>((best, d) => (d.bookings > (best?.bookings ?? 0) ? d : best), null);
  const chartLabel = busiest
    ? t("chartLabel", { from: date(stats.from), to: date(stats.to), total, max: busiest.bookings, busiest: date(busiest.date) })
    : t("chartEmpty", { from: date(stats.from), to: date(stats.to) });
  const input = "mt-1 block w-full rounded-town border-2 border-ink bg-white px-3 py-2";
  const headers = [t("service"), t("bookings"), t("people"), t("cancellations"), t("arrived"), t("noShows"), t("noShowRate"), t("placesOffered"), t("fillRate")];

  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      <form method="get" action={base} className="mb-6 grid gap-4 rounded-town bg-surface p-4 sm:grid-cols-2 lg:grid-cols-4" aria-label={t("filters")}>
        <div>
          <label htmlFor="from" className="font-bold">{t("from")}</label>
          <input id="from" name="from" type="date" defaultValue={stats.from} className={input} />
        </div>
        <div>
          <label htmlFor="to" className="font-bold">{t("to")}</label>
          <input id="to" name="to" type="date" defaultValue={stats.to} className={input} />
        </div>
        <div>
          <label htmlFor="service" className="font-bold">{t("service")}</label>
          <select id="service" name="service" defaultValue={filters.serviceId ?? ""} className={input}>
            <option value="">{t("allServices")}</option>
            {stats.choices.map((s) => (
              <option key={s.id} value={s.id} lang={s.lang}>{s.name}</option>
            ))}
          </select>
        </div>
        <div className="flex items-end gap-4">
          <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("apply")}</button>
          <a href={base}>{t("reset")}</a>
        </div>
      </form>
      {filters.adjusted ? <Notice kind="info" title={t("adjusted", { max: MAX_PERIOD_DAYS })} /> : null}
      <p className="mb-6 text-lg">{t("period", { from: date(stats.from), to: date(stats.to) })}</p>

      <section aria-labelledby="by-service" className="mb-10">
        <h2 id="by-service" className="mb-3 text-2xl font-bold">{t("byService")}</h2>
        {stats.services.length === 0 ? (
          <p>{t("noServices")}</p>
        ) : (
          <Table caption={t("byServiceCaption", { from: date(stats.from), to: date(stats.to) })} headers={headers} wide>
            {stats.services.map((s) => (
              <Row key={s.serviceId}>
                <Cell className="font-bold">
                  <span lang={s.lang}>{s.name}</span>
                </Cell>
                <Cell>{number.format(s.bookings)}</Cell>
                <Cell>{number.format(s.people)}</Cell>
                <Cell>{number.format(s.cancellations)}</Cell>
                <Cell>{number.format(s.arrived)}</Cell>
                <Cell>{number.format(s.noShows)}</Cell>
                <Cell>{rate(s.noShowRate)}</Cell>
                <Cell>{number.format(s.placesOffered)}</Cell>
                <Cell>{rate(s.fillRate)}</Cell>
              </Row>
            ))}
            {stats.services.length > 1 ? (
              <Row>
                <Cell className="font-bold">{t("total")}</Cell>
                <Cell className="font-bold">{number.format(stats.totals.bookings)}</Cell>
                <Cell className="font-bold">{number.format(stats.totals.people)}</Cell>
                <Cell className="font-bold">{number.format(stats.totals.cancellations)}</Cell>
                <Cell className="font-bold">{number.format(stats.totals.arrived)}</Cell>
                <Cell className="font-bold">{number.format(stats.totals.noShows)}</Cell>
                <Cell className="font-bold">{rate(stats.totals.noShowRate)}</Cell>
                <Cell className="font-bold">{number.format(stats.totals.placesOffered)}</Cell>
                <Cell className="font-bold">{rate(stats.totals.fillRate)}</Cell>
              </Row>
            ) : null}
          </Table>
        )}
      </section>

      <section aria-labelledby="per-day" className="mb-10">
        <h2 id="per-day" className="mb-3 text-2xl font-bold">{t("perDay")}</h2>
        <BookingsPerDayChart days={stats.days} locale={locale} rtl={localeDirection(locale) === "rtl"} label={chartLabel} />
        <details className="mt-4">
          <summary className="cursor-pointer font-bold">{t("perDayTable")}</summary>
          <div className="mt-3 max-w-xl">
            <Table caption={t("perDayCaption", { from: date(stats.from), to: date(stats.to) })} headers={[t("day"), t("bookings")]}>
              {stats.days.map((d) => (
                <Row key={d.date}>
                  <Cell>
                    <time dateTime={d.date}>{date(d.date, dayDate)}</time>
                  </Cell>
                  <Cell>{number.format(d.bookings)}</Cell>
                </Row>
              ))}
            </Table>
          </div>
        </details>
      </section>

      <section aria-labelledby="definitions" className="max-w-prose">
        <h2 id="definitions" className="mb-3 text-2xl font-bold">{t("definitions")}</h2>
        <dl className="space-y-3">
          {(["bookings", "people", "cancellations", "arrived", "noShows", "noShowRate", "placesOffered", "fillRate"] as const).map((key) => (
            <div key={key}>
              <dt className="font-bold">{t(key)}</dt>
              <dd>{t(`define.${key}`)}</dd>
            </div>
          ))}
        </dl>
      </section>
    </>
  );
}
