import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { BookingStatusTags } from "@/components/appointments/booking-status";
import { ButtonLink, PageHeader } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { servicesFor } from "@/lib/appointments/service/agent-scope";
import { BOOKING_STATUSES, filtersQuery, listBookings, parseBookingFilters, parseCursor } from "@/lib/appointments/service/booking-list";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { localDate } from "@/lib/appointments/slots";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AgentAppointments" }))("title") };
}

/** The bookings of the agent's services: filters, search, pages, and the way to exports and new bookings. */
export default async function BookingsPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const base = `/${locale}/admin/appointments`;
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: base });
  const t = await getTranslations({ locale, namespace: "AgentAppointments" });
  const query = await searchParams;
  // Without any filter in the address, the list starts today (an emptied "from" shows the past too).
  const filters = parseBookingFilters(query.from === undefined ? { ...query, from: localDate(new Date(), tenant.timeZone) } : query);
  const services = await servicesFor(tenant.id, actor, "appointments:manage");
  const sites = new Map(services.flatMap((s) => s.sites.map((l) => [l.siteId, l.site] as const)));
  const page = await listBookings(tenant, actor, filters, parseCursor(query.after));
  const serviceName = new Map(services.map((s) => [s.id, textIn(tenant, s.names, locale)?.text ?? ""]));
  const siteName = (id: string) => textIn(tenant, sites.get(id)?.names, locale)?.text ?? "";
  const qs = filtersQuery(filters).toString();
  const input = "mt-1 block w-full rounded-town border-2 border-ink bg-white px-3 py-2";
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")}>
        <ButtonLink href={`${base}/new`}>{t("bookForCitizen")}</ButtonLink>
      </PageHeader>
      <form method="get" action={base} className="mb-6 grid gap-4 rounded-town bg-surface p-4 sm:grid-cols-2 lg:grid-cols-3" role="search" aria-label={t("filters")}>
        <div className="sm:col-span-2 lg:col-span-3">
          <label htmlFor="q" className="font-bold">{t("search")}</label>
          <p id="q-hint" className="text-muted">{t("searchHint")}</p>
          <input id="q" name="q" type="search" aria-describedby="q-hint" defaultValue={filters.q ?? ""} className={`${input} max-w-xl`} />
        </div>
        <div>
          <label htmlFor="service" className="font-bold">{t("service")}</label>
          <select id="service" name="service" defaultValue={filters.service ?? ""} className={input}>
            <option value="">{t("allServices")}</option>
            {services.map((s) => (
              <option key={s.id} value={s.id}>{serviceName.get(s.id)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="site" className="font-bold">{t("site")}</label>
          <select id="site" name="site" defaultValue={filters.site ?? ""} className={input}>
            <option value="">{t("allSites")}</option>
            {[...sites.keys()].map((id) => (
              <option key={id} value={id}>{siteName(id)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="font-bold">{t("status")}</label>
          <select id="status" name="status" defaultValue={filters.status ?? ""} className={input}>
            <option value="">{t("allStatuses")}</option>
            {BOOKING_STATUSES.map((s) => (
              <option key={s} value={s}>{t(`statusName.${s}`)}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="from" className="font-bold">{t("from")}</label>
          <input id="from" name="from" type="date" defaultValue={filters.from ?? ""} className={input} />
        </div>
        <div>
          <label htmlFor="to" className="font-bold">{t("to")}</label>
          <input id="to" name="to" type="date" defaultValue={filters.to ?? ""} className={input} />
        </div>
        <div className="flex flex-wrap items-end gap-4 sm:col-span-2 lg:col-span-3">
          <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("apply")}</button>
          <a href={`${base}?from=`}>{t("clear")}</a>
          <a href={`${base}/export${qs ? `?${qs}` : ""}`} className="ms-auto">{t("export")}</a>
        </div>
      </form>
      <p role="status" className="mb-4">{t("count", { count: page.total })}</p>
      {page.rows.length > 0 ? (
        <Table caption={t("title")} headers={[t("reference"), t("when"), t("service"), t("person"), t("people"), t("status")]} wide>
          {page.rows.map((a) => (
            <Row key={a.id}>
              <Cell>
                <a href={`${base}/${a.id}`} className="whitespace-nowrap font-bold" dir="ltr">{a.reference}</a>
              </Cell>
              <Cell>
                {formatInstant(a.startsAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" })}
                <br />
                <span className="text-muted">{siteName(a.siteId)}</span>
              </Cell>
              <Cell>{serviceName.get(a.serviceId)}</Cell>
              <Cell>
                {a.anonymisedAt ? t("anonymised") : `${a.firstName} ${a.lastName}`}
                {a.email ? (
                  <>
                    <br />
                    <span className="text-muted break-all">{a.email}</span>
                  </>
                ) : null}
              </Cell>
              <Cell>{a.people}</Cell>
              <Cell>
                <BookingStatusTags locale={locale} appointment={a} />
              </Cell>
            </Row>
          ))}
        </Table>
      ) : null}
      {page.next ? (
        <nav aria-label={t("pagination")} className="mt-6">
          <a href={`${base}?${new URLSearchParams([...filtersQuery(filters), ...(filters.from ? [] : [["from", ""]]), ["after", page.next]]).toString()}`}>{t("nextPage")}</a>
        </nav>
      ) : null}
    </>
  );
}
