import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { calendarView, type TCalendar, type TCalendarRow } from "@/lib/appointments/service/calendar-view";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { addDays, localInstant } from "@/lib/appointments/slots";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import type { TTenantParams } from "@/lib/tenancy/current";
import { tenantName, type TTenant } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentCalendar" }))("title") };
}

type TLinkState = { site?: string | null; service?: string | null; desk?: number | null; date: string; view: "day" | "week"; print?: boolean };

function calendarHref(base: string, state: TLinkState): string {
  const params = new URLSearchParams();
  if (state.site) params.set("site", state.site);
  if (state.service) params.set("service", state.service);
  if (state.desk) params.set("desk", String(state.desk));
  params.set("date", state.date);
  params.set("view", state.view);
  if (state.print) params.set("print", "1");
  return `${base}?${params.toString()}`;
}

/** A data table that scrolls sideways on phones (and prints whole). */
function DataTable({ caption, headers, children }: { caption: string; headers: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto print:overflow-visible" role="region" aria-label={caption} tabIndex={0}>
      <table className="w-full min-w-[40rem] border-collapse print:min-w-0">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-ink">
            {headers.map((header) => (
              <th key={header} scope="col" className="py-2 pe-4 text-start last:pe-0">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        {children}
      </table>
    </div>
  );
}

/** The agents' calendar: a site's places for a day (or a week's counts), filtered, printable. */
export default async function AppointmentCalendarPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const base = `/${locale}/admin/appointments/calendar`;
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: base });
  const t = await getTranslations({ locale, namespace: "AppointmentCalendar" });
  const calendar = await calendarView(tenant, actor, await searchParams);
  const { filters, site, service, desk, date, view } = calendar;
  const print = filters.print;
  const name = (value: unknown) => textIn(tenant, value, locale);
  const siteName = site ? name(site.names) : null;
  const dayLabel = formatInstant(localInstant(date, "12:00", tenant.timeZone), locale, tenant.timeZone, { dateStyle: "full" });
  const weekLabel = formatInstant(localInstant(calendar.week[0]?.date ?? date, "12:00", tenant.timeZone), locale, tenant.timeZone, { dateStyle: "long" });
  const state = { site: site?.id, service: service?.id, desk, date, view } satisfies TLinkState;
  const step = view === "week" ? 7 : 1;

  if (print) {
    return (
      <div data-print-sheet="only">
        <p className="mb-4 print:hidden">
          <a href={calendarHref(base, { ...state, view: "day" })}>{t("backToCalendar")}</a>
        </p>
        <h1 className="text-2xl font-bold">{t("sheetTitle")}</h1>
        <p className="mt-2 text-lg font-bold">{tenantName(tenant, locale)}</p>
        <p className="text-lg">
          {siteName ? <span lang={siteName.lang !== locale ? siteName.lang : undefined}>{siteName.text}</span> : null}
          {siteName ? " · " : null}
          {dayLabel}
          {service ? " · " : null}
          {service ? <ServiceName tenant={tenant} locale={locale} names={service.names} /> : null}
          {desk ? ` · ${t("deskNumber", { desk })}` : null}
        </p>
        <p className="mt-2 mb-4 text-muted print:hidden">{t("printHint")}</p>
        <div className="mt-4">
          <DayTable calendar={calendar} tenant={tenant} locale={locale} caption={t("dayCaption", { site: siteName?.text ?? "", date: dayLabel })} />
        </div>
      </div>
    );
  }

  const input = "mt-1 block w-full rounded-town border-2 border-ink bg-white px-3 py-2";
  return (
    <div data-print-sheet="day">
      <PageHeader title={t("title")} lead={t("lead")}>
        <p className="print:hidden">
          <a href={`/${locale}/admin/appointments/feeds`}>{t("feeds")}</a>
        </p>
      </PageHeader>
      {calendar.sites.length === 0 ? (
        <Notice kind="info" title={t("noSites")} />
      ) : (
        <>
          <form method="get" action={base} role="search" aria-label={t("filters")} className="mb-6 grid gap-4 rounded-town bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3 print:hidden">
            <div>
              <label htmlFor="cal-site" className="font-bold">{t("site")}</label>
              <select id="cal-site" name="site" defaultValue={site?.id} className={input}>
                {calendar.sites.map((s) => {
                  const n = name(s.names);
                  return (
                    <option key={s.id} value={s.id} lang={n && n.lang !== locale ? n.lang : undefined}>
                      {n?.text ?? s.id}
                    </option>
                  );
                })}
              </select>
            </div>
            <div>
              <label htmlFor="cal-service" className="font-bold">{t("service")}</label>
              <select id="cal-service" name="service" defaultValue={service?.id ?? ""} className={input}>
                <option value="">{t("allServices")}</option>
                {calendar.services.map((s) => {
                  const n = name(s.names);
                  return (
                    <option key={s.id} value={s.id} lang={n && n.lang !== locale ? n.lang : undefined}>
                      {n?.text ?? s.id}
                    </option>
                  );
                })}
              </select>
            </div>
            <div>
              <label htmlFor="cal-desk" className="font-bold">{t("desk")}</label>
              <select id="cal-desk" name="desk" defaultValue={desk ? String(desk) : ""} className={input}>
                <option value="">{t("allDesks")}</option>
                {Array.from({ length: Math.max(calendar.deskCount, desk ?? 0) }, (_, i) => (
                  <option key={i + 1} value={String(i + 1)}>
                    {t("deskNumber", { desk: i + 1 })}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label htmlFor="cal-date" className="font-bold">{t("date")}</label>
              <input id="cal-date" name="date" type="date" defaultValue={date} className={input} />
            </div>
            <div>
              <label htmlFor="cal-view" className="font-bold">{t("view")}</label>
              <select id="cal-view" name="view" defaultValue={view} className={input}>
                <option value="day">{t("viewDay")}</option>
                <option value="week">{t("viewWeek")}</option>
              </select>
            </div>
            <div className="flex items-end">
              <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("show")}</button>
            </div>
          </form>
          <nav aria-label={t("pagination")} className="mb-6 flex flex-wrap items-center gap-x-6 gap-y-2 print:hidden">
            <a href={calendarHref(base, { ...state, date: addDays(date, -step) })}>{view === "week" ? t("previousWeek") : t("previousDay")}</a>
            <a href={calendarHref(base, { ...state, date: calendar.today })}>{t("today")}</a>
            <a href={calendarHref(base, { ...state, date: addDays(date, step) })}>{view === "week" ? t("nextWeek") : t("nextDay")}</a>
            {view === "day" ? (
              <a href={calendarHref(base, { ...state, print: true })} className="ms-auto font-bold">
                {t("printSheet")}
              </a>
            ) : null}
          </nav>
          <h2 className="mb-4 text-2xl font-bold">
            {siteName ? <span lang={siteName.lang !== locale ? siteName.lang : undefined}>{siteName.text}</span> : null}
            {" · "}
            {view === "week" ? t("weekOf", { date: weekLabel }) : dayLabel}
          </h2>
          {calendar.serviceNotAtSite ? <Notice kind="info" title={t("serviceNotAtSite")} /> : null}
          {calendar.holiday ? <Notice kind="info" title={t("holiday")} /> : null}
          {view === "day" ? (
            <DayTable calendar={calendar} tenant={tenant} locale={locale} caption={t("dayCaption", { site: siteName?.text ?? "", date: dayLabel })} />
          ) : (
            <WeekTable calendar={calendar} tenant={tenant} locale={locale} base={base} caption={t("weekCaption", { site: siteName?.text ?? "", date: weekLabel })} />
          )}
        </>
      )}
    </div>
  );
}

function ServiceName({ tenant, locale, names }: { tenant: TTenant; locale: string; names: unknown }) {
  const n = textIn(tenant, names, locale);
  return <span lang={n && n.lang !== locale ? n.lang : undefined}>{n?.text ?? ""}</span>;
}

async function DayTable({ calendar, tenant, locale, caption }: { calendar: TCalendar; tenant: TTenant; locale: string; caption: string }) {
  const t = await getTranslations({ locale, namespace: "AppointmentCalendar" });
  if (calendar.rows.length === 0) return <p>{t("noSlots")}</p>;
  const services = new Map(calendar.services.map((s) => [s.id, s]));
  const time = (d: Date) => formatInstant(d, locale, tenant.timeZone, { timeStyle: "short" });
  const status = (row: TCalendarRow) => {
    switch (row.status) {
      case "booked":
        return <Tag tone="blue">{t("statusBooked")}</Tag>;
      case "held":
        return <Tag tone="grey">{t("statusHeld", { time: row.heldUntil ? time(row.heldUntil) : "" })}</Tag>;
      case "free":
        return <Tag tone="green">{t("statusFree")}</Tag>;
      case "closed":
        return <Tag tone="grey">{t("statusClosed")}</Tag>;
      case "overbooked":
        return <Tag tone="red">{t("statusOverbooked")}</Tag>;
    }
  };
  const attendance = (value: "arrived" | "no_show" | null) => (value === "arrived" ? t("attendanceArrived") : value === "no_show" ? t("attendanceNoShow") : t("attendanceNone"));
  return (
    <DataTable caption={caption} headers={[t("colTime"), t("colService"), t("colDesk"), t("colStatus"), t("colReference"), t("colName"), t("colPeople"), t("colAttendance")]}>
      <tbody>
        {calendar.rows.map((row) => {
          const service = services.get(row.serviceId);
          return (
            <tr key={`${row.serviceId}|${row.start.getTime()}|${row.desk ?? row.booking?.id}`} className="border-b border-line align-top" data-status={row.status}>
              <th scope="row" className="py-2 pe-4 text-start font-normal whitespace-nowrap">
                <span dir="ltr">{time(row.start)}</span>
              </th>
              <td className="py-2 pe-4">{service ? <ServiceName tenant={tenant} locale={locale} names={service.names} /> : null}</td>
              <td className="py-2 pe-4">{row.desk ?? t("noDesk")}</td>
              <td className="py-2 pe-4">{status(row)}</td>
              <td className="py-2 pe-4">
                {row.booking ? (
                  <a href={`/${locale}/admin/appointments/${row.booking.id}`} aria-label={t("viewBooking", { reference: row.booking.reference })}>
                    <span dir="ltr" className="font-mono whitespace-nowrap">{row.booking.reference}</span>
                  </a>
                ) : null}
              </td>
              <td className="py-2 pe-4">{row.booking ? `${row.booking.firstName} ${row.booking.lastName}` : null}</td>
              <td className="py-2 pe-4">{row.booking ? row.booking.people : null}</td>
              <td className="py-2">{row.booking ? attendance(row.booking.attendance) : null}</td>
            </tr>
          );
        })}
      </tbody>
    </DataTable>
  );
}

async function WeekTable({ calendar, tenant, locale, base, caption }: { calendar: TCalendar; tenant: TTenant; locale: string; base: string; caption: string }) {
  const t = await getTranslations({ locale, namespace: "AppointmentCalendar" });
  const services = new Map(calendar.services.map((s) => [s.id, s]));
  const byDesk = calendar.service !== null;
  return (
    <DataTable caption={caption} headers={[t("colDay"), byDesk ? t("colDesk") : t("colService"), t("colBooked"), t("colHeld"), t("colFree"), t("colClosed")]}>
      {calendar.week.map((day) => {
        const label = formatInstant(localInstant(day.date, "12:00", tenant.timeZone), locale, tenant.timeZone, { weekday: "long", day: "numeric", month: "long" });
        const href = calendarHref(base, { site: calendar.site?.id, service: calendar.service?.id, desk: calendar.desk, date: day.date, view: "day" });
        const dayCell = (rowSpan: number) => (
          <th scope="rowgroup" rowSpan={rowSpan} className="py-2 pe-4 text-start align-top">
            <a href={href}>{label}</a>
          </th>
        );
        return (
          <tbody key={day.date} className="border-b-2 border-line" data-date={day.date}>
            {day.groups.length === 0 ? (
              <tr className="align-top">
                {dayCell(1)}
                <td className="py-2 pe-4 text-muted" colSpan={5}>
                  {t("noSlotsShort")}
                </td>
              </tr>
            ) : (
              day.groups.map((group, i) => {
                const service = group.serviceId ? services.get(group.serviceId) : undefined;
                return (
                  <tr key={group.key} className="border-b border-line align-top" data-group={byDesk ? `desk-${group.desk ?? "none"}` : group.serviceId ?? ""}>
                    {i === 0 ? dayCell(day.groups.length) : null}
                    <td className="py-2 pe-4">
                      {byDesk ? (group.desk ? t("deskNumber", { desk: group.desk }) : t("statusOverbooked")) : service ? <ServiceName tenant={tenant} locale={locale} names={service.names} /> : null}
                    </td>
                    <td className="py-2 pe-4" data-count="booked">{group.counts.booked}</td>
                    <td className="py-2 pe-4" data-count="held">{group.counts.held}</td>
                    <td className="py-2 pe-4" data-count="free">{group.counts.free}</td>
                    <td className="py-2" data-count="closed">{group.counts.closed}</td>
                  </tr>
                );
              })
            )}
          </tbody>
        );
      })}
    </DataTable>
  );
}
