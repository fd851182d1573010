import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Notice, PageHeader } from "@/components/ui/notice";
import { DEFAULT_EXPORT_COLUMNS, EXPORT_COLUMN_IDS, EXPORT_FORMATS } from "@/lib/appointments/export-format";
import { filtersQuery, parseBookingFilters } from "@/lib/appointments/service/booking-list";
import { exportPageData } from "@/lib/appointments/service/export-bookings";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentExports" }))("title") };
}

/** Errors the download handler sends back here (anything else in the address is ignored). */
const ERRORS = ["exportColumns", "exportFormat", "unexpected"] as const;

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Export of the bookings list: the list's filters (from the address, shown and sent again as hidden
 * fields), the columns and the format. The form posts to the download handler, without JavaScript.
 */
export default async function ExportBookingsPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const base = `/${locale}/admin/appointments`;
  const query = await searchParams;
  const filters = parseBookingFilters(query);
  const qs = filtersQuery(filters).toString();
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: `${base}/export${qs ? `?${qs}` : ""}` });
  const t = await getTranslations({ locale, namespace: "AppointmentExports" });
  const errors = await getTranslations({ locale, namespace: "Errors" });
  const data = await exportPageData(tenant, actor, locale, filters);

  const error = ERRORS.find((e) => e === list(query.error)[0]);
  const chosenColumns = error ? list(query.columns) : [...DEFAULT_EXPORT_COLUMNS];
  const chosenFormat = error && list(query.format)[0] === "xlsx" ? "xlsx" : "csv";
  const columns = EXPORT_COLUMN_IDS.filter((id) => id !== "customFields" || data.hasQuestions);
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
  const requestId = /^[A-Za-z0-9-]{1,64}$/.test(list(query.ref)[0] ?? "") ? list(query.ref)[0]! : "-";
  const message = error === "unexpected" ? errors("unexpected", { requestId }) : error ? errors(error) : null;

  const summary: { term: string; value: string; lang?: string }[] = [
    { term: t("filterService"), value: filters.service ? (data.serviceName?.text ?? "—") : t("allServices"), lang: data.serviceName && data.serviceName.lang !== locale ? data.serviceName.lang : undefined },
    { term: t("filterSite"), value: filters.site ? (data.siteName?.text ?? "—") : t("allSites"), lang: data.siteName && data.siteName.lang !== locale ? data.siteName.lang : undefined },
    { term: t("filterFrom"), value: filters.from ? date(filters.from) : t("noLimit") },
    { term: t("filterTo"), value: filters.to ? date(filters.to) : t("noLimit") },
    { term: t("filterStatus"), value: filters.status ? t(`status.${filters.status}`) : t("allStatuses") },
    { term: t("filterSearch"), value: filters.q ?? t("noSearch") },
  ];

  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      {message ? (
        <Notice kind="warning" title={t("errorTitle")}>
          <a href={error === "exportFormat" ? "#format" : error === "exportColumns" ? "#columns" : "#export-form"}>{message}</a>
        </Notice>
      ) : null}
      <section aria-labelledby="filters-heading" className="mb-8 max-w-3xl rounded-town bg-surface p-4">
        <h2 id="filters-heading" className="text-xl font-bold">{t("filters")}</h2>
        <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[max-content_1fr]">
          {summary.map((item) => (
            <div key={item.term} className="contents">
              <dt className="font-bold">{item.term}</dt>
              <dd className="break-words" lang={item.lang}>{item.value}</dd>
            </div>
          ))}
        </dl>
        <p className="mt-3">
          <a href={`${base}${qs ? `?${qs}` : ""}`}>{t("changeFilters")}</a>
        </p>
      </section>

      <p className="mb-2 text-lg font-bold" id="row-count">{t("rowCount", { count: data.count })}</p>
      {data.count > data.inlineMax ? <p className="mb-6 max-w-prose">{t("background", { max: data.inlineMax })}</p> : null}

      <form id="export-form" method="post" action={`${base}/export/download`} className="max-w-3xl" aria-describedby="row-count">
        {Object.entries(Object.fromEntries(filtersQuery(filters))).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <div id="columns" tabIndex={-1} className={`mt-6 outline-none ${error === "exportColumns" ? "border-s-4 border-danger ps-4" : ""}`}>
          <fieldset aria-describedby={`columns-hint${error === "exportColumns" ? " columns-error" : ""}`}>
            <legend className="text-lg font-bold">{t("columnsLegend")}</legend>
            <p id="columns-hint" className="mt-1 text-muted">{t("columnsHint")}</p>
            {error === "exportColumns" ? <p id="columns-error" className="mt-1 font-bold text-danger">{message}</p> : null}
            <div className="mt-2 grid gap-x-6 gap-y-3 sm:grid-cols-2 lg:grid-cols-3">
              {columns.map((id) => (
                <div key={id} className="flex items-start gap-3">
                  <input id={`column-${id}`} type="checkbox" name="columns" value={id} defaultChecked={chosenColumns.includes(id)} className="mt-1 h-6 w-6 shrink-0 accent-primary" />
                  <label htmlFor={`column-${id}`} className="text-lg">{t(`columns.${id}`)}</label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div id="format" tabIndex={-1} className={`mt-8 outline-none ${error === "exportFormat" ? "border-s-4 border-danger ps-4" : ""}`}>
          <fieldset aria-describedby={error === "exportFormat" ? "format-error" : undefined}>
            <legend className="text-lg font-bold">{t("format")}</legend>
            {error === "exportFormat" ? <p id="format-error" className="mt-1 font-bold text-danger">{message}</p> : null}
            <div className="mt-2 space-y-3">
              {EXPORT_FORMATS.map((format) => (
                <div key={format} className="flex items-start gap-3">
                  <input id={`format-${format}`} type="radio" name="format" value={format} defaultChecked={chosenFormat === format} aria-describedby={`format-${format}-hint`} className="mt-1 h-6 w-6 shrink-0 accent-primary" />
                  <label htmlFor={`format-${format}`} className="text-lg">
                    {t(`formats.${format}`)}
                    <span id={`format-${format}-hint`} className="block text-base text-muted">{t(`formatHints.${format}`)}</span>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <div className="mt-8 flex flex-wrap items-center gap-6">
          <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 text-lg font-bold text-on-primary">
            {data.count > data.inlineMax ? t("prepare") : t("download")}
          </button>
          <a href={`${base}/exports`}>{t("myExports")}</a>
        </div>
      </form>
    </>
  );
}
