import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ServiceTabs } from "@/components/appointments/service-tabs";
import { ActionForm } from "@/components/form/action-form";
import { SelectField, TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { deleteRuleAction, saveRuleAction } from "@/lib/appointments/config-actions";
import { formatRanges, ruleProblems, WEEKDAYS } from "@/lib/appointments/rule-check";
import { ruleCandidate } from "@/lib/appointments/rule-form";
import { ZRuleInput } from "@/lib/appointments/schemas";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { existingRules, previewRule } from "@/lib/appointments/service/configure";
import { requireConfigurableService } from "@/lib/appointments/service/config-view";
import { localDate, type TWeekly } from "@/lib/appointments/slots";
import { formatInstant } from "@/lib/core/dates";
import { FieldsError } from "@/lib/core/errors";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("hoursTitle") };
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Opening hours: the service's weekly timetables per site and period; a timetable is edited with a
 * preview of the times it gives over the coming two weeks (the form's "Preview" submits it to this
 * page by GET, nothing saved), and refused with an explanation when it contradicts another.
 */
export default async function HoursPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const { service, base } = await requireConfigurableService(tenant, locale, id, "hours");
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const errors = await getTranslations({ locale, namespace: "Errors" });
  const query = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Record<string, string | undefined>;
  const labels = await formLabels(locale);
  const siteName = (siteId: string) => textIn(tenant, service.sites.find((s) => s.siteId === siteId)?.site.names, locale)?.text ?? "";
  const weekdayName = (d: string) => new Intl.DateTimeFormat(locale, { weekday: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, Number(d)))); // 2024-01-01 is a Monday
  const editing = query.edit ? service.rules.find((r) => r.id === query.edit) : undefined;
  const today = localDate(new Date(), tenant.timeZone);

  // The form's values: what was previewed, else the rule being edited, else a usual week.
  let values: Record<string, string>;
  if (query.preview) {
    values = Object.fromEntries(["ruleId", "siteId", "validFrom", "validUntil", "slotMinutes", "capacity", ...WEEKDAYS.map((d) => `day${d}`)].map((k) => [k, query[k] ?? ""]));
  } else if (editing) {
    const weekly = editing.weekly as TWeekly;
    values = {
      ruleId: editing.id,
      siteId: editing.siteId,
      validFrom: isoDay(editing.validFrom),
      validUntil: editing.validUntil ? isoDay(editing.validUntil) : "",
      slotMinutes: String(editing.slotMinutes),
      capacity: String(editing.capacity),
      ...Object.fromEntries(WEEKDAYS.map((d) => [`day${d}`, formatRanges(weekly[d])])),
    };
  } else {
    values = { ruleId: "", siteId: service.sites[0]?.siteId ?? "", validFrom: today, validUntil: "", slotMinutes: String(service.durationMinutes), capacity: "1", ...Object.fromEntries(WEEKDAYS.map((d) => [`day${d}`, Number(d) <= 5 ? "09:00-12:00, 13:30-17:00" : ""])) };
  }

  // The preview: the problems explained, or the times citizens would be offered.
  let problems: string[] = [];
  let preview: Awaited<ReturnType<typeof previewRule>> | null = null;
  if (query.preview) {
    const parsed = ZRuleInput.safeParse({ ...values, serviceId: service.id });
    if (!parsed.success) problems = [t("previewInvalid")];
    else if (!service.sites.some((s) => s.siteId === parsed.data.siteId)) problems = [t("previewInvalid")];
    else {
      try {
        const candidate = ruleCandidate(parsed.data);
        problems = ruleProblems(candidate, existingRules(service), service.durationMinutes).map((p) => `${p.field.startsWith("day") ? `${weekdayName(p.field.slice(3))} : ` : ""}${errors(p.key, p.params ?? {})}`);
        preview = await previewRule(tenant, service, candidate);
      } catch (error) {
        if (!(error instanceof FieldsError)) throw error;
        problems = Object.entries(error.fields).map(([field, e]) => `${weekdayName(field.slice(3))} : ${errors(e.key, e.params ?? {})}`);
      }
    }
  }

  const summary = (weekly: TWeekly) =>
    WEEKDAYS.filter((d) => weekly[d]?.length)
      .map((d) => `${weekdayName(d)} ${formatRanges(weekly[d])}`)
      .join("\n");
  return (
    <>
      <ServiceTabs locale={locale} tenant={tenant} service={service} current="hours" />
      {query.saved === "1" ? <Notice title={t("hoursSaved")}>{query.kept ? t("slotsKeptLarger", { count: Number(query.kept) }) : null}</Notice> : null}
      <h2 className="mt-8 text-2xl font-bold">{t("timetables")}</h2>
      {service.rules.length === 0 ? (
        <p className="mt-2">{t("noTimetable")}</p>
      ) : (
        <Table caption={t("timetables")} headers={[t("site"), t("period"), t("week"), t("slotAndDesks"), t("actions")]} wide>
          {service.rules.map((r) => (
            <Row key={r.id}>
              <Cell>{siteName(r.siteId)}</Cell>
              <Cell>{r.validUntil ? t("periodFromTo", { from: isoDay(r.validFrom), to: isoDay(r.validUntil) }) : t("periodFrom", { from: isoDay(r.validFrom) })}</Cell>
              <Cell className="whitespace-pre-line">{summary(r.weekly as TWeekly)}</Cell>
              <Cell>{t("slotAndDesksValue", { minutes: r.slotMinutes, desks: r.capacity })}</Cell>
              <Cell>
                <a href={`${base}/hours?edit=${r.id}#rule-form`}>
                  {t("edit")}
                  <span className="sr-only"> {t("periodFrom", { from: isoDay(r.validFrom) })}</span>
                </a>
                <ActionForm id={`delete-rule-${r.id}`} action={deleteRuleAction} submitLabel={t("delete")} submitStyle="secondary" labels={labels} hidden={{ serviceId: service.id, ruleId: r.id }} />
              </Cell>
            </Row>
          ))}
        </Table>
      )}

      <section aria-labelledby="rule-form-title" className="mt-10 max-w-4xl">
        <h2 id="rule-form-title" className="text-2xl font-bold">{values.ruleId ? t("editTimetable") : t("newTimetable")}</h2>
        <p className="max-w-prose text-muted">{t("timetableLead")}</p>
        <ActionForm id="rule-form" action={saveRuleAction} submitLabel={t("saveTimetable")} labels={labels} hidden={{ serviceId: service.id, ruleId: values.ruleId ?? "" }}>
          <SelectField name="siteId" label={t("site")} defaultValue={values.siteId} options={service.sites.map((s) => ({ value: s.siteId, label: siteName(s.siteId) }))} />
          <div className="grid gap-x-6 sm:grid-cols-2">
            <TextField name="validFrom" type="date" width="short" label={t("validFrom")} defaultValue={values.validFrom} />
            <TextField name="validUntil" type="date" width="short" label={t("validUntil")} hint={t("validUntilHint")} defaultValue={values.validUntil} />
            <TextField name="slotMinutes" type="number" inputMode="numeric" width="short" label={t("slotMinutes")} hint={t("slotMinutesHint", { duration: service.durationMinutes })} defaultValue={values.slotMinutes} />
            <TextField name="capacity" type="number" inputMode="numeric" width="short" label={t("desks")} hint={t("desksHint")} defaultValue={values.capacity} />
          </div>
          <fieldset className="mt-8">
            <legend className="text-xl font-bold">{t("weekLegend")}</legend>
            <p className="mt-1 text-muted">{t("weekHint")}</p>
            <div className="grid gap-x-6 sm:grid-cols-2">
              {WEEKDAYS.map((d) => (
                <TextField key={d} name={`day${d}`} label={weekdayName(d)} dir="ltr" defaultValue={values[`day${d}`]} className="mt-3" />
              ))}
            </div>
          </fieldset>
          <div className="mt-6">
            <button type="submit" formAction={`${base}/hours#preview`} formMethod="get" name="preview" value="1" className="min-h-11 rounded-town border-2 border-primary bg-white px-5 py-2 text-lg font-bold text-primary">
              {t("preview")}
            </button>
          </div>
        </ActionForm>
      </section>

      {query.preview ? (
        <section id="preview" aria-labelledby="preview-title" className="mt-10">
          <h2 id="preview-title" className="text-2xl font-bold" tabIndex={-1}>{t("previewTitle")}</h2>
          {problems.length > 0 ? (
            <Notice kind="warning" title={t("previewProblems")}>
              <ul className="list-disc ps-6">
                {problems.map((p) => (
                  <li key={p}>{p}</li>
                ))}
              </ul>
            </Notice>
          ) : (
            <p className="text-muted">{t("previewOk")}</p>
          )}
          {preview ? (
            <Table caption={t("previewCaption", { site: siteName(values.siteId ?? "") })} headers={[t("day"), t("times"), t("placesPerDay")]} wide>
              {preview.map((day) => (
                <Row key={day.date}>
                  <Cell className="whitespace-nowrap font-bold">{new Intl.DateTimeFormat(locale, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(new Date(`${day.date}T12:00:00Z`))}</Cell>
                  <Cell>
                    {day.slots.length > 0 ? (
                      <span dir="ltr" className="inline-block">{day.slots.map((s) => formatInstant(s.start, locale, tenant.timeZone, { timeStyle: "short" })).join(" · ")}</span>
                    ) : day.closed ? (
                      t(day.closed === "holiday" ? "closedHoliday" : "closedClosure")
                    ) : (
                      t("closedDay")
                    )}
                  </Cell>
                  <Cell>{day.slots.reduce((n, s) => n + s.capacity, 0)}</Cell>
                </Row>
              ))}
            </Table>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
