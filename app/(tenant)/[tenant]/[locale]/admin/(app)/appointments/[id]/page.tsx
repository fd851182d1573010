import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { BookingStatusTags } from "@/components/appointments/booking-status";
import { SlotPickerFields } from "@/components/appointments/slot-picker";
import { SummaryList, type TSummaryRow } from "@/components/appointments/summary-list";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, TextArea } from "@/components/form/fields";
import { Notice, PageHeader } from "@/components/ui/notice";
import { agentCancelAction, agentMoveAction, attendanceAction, commentAction } from "@/lib/appointments/agent-actions";
import { answerRows } from "@/lib/appointments/service/answers-view";
import { bookingDetail } from "@/lib/appointments/service/agent-bookings";
import { agentSlotChoice } from "@/lib/appointments/service/agent-slots";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { isChangeable } from "@/lib/appointments/service/manage-appointment";
import { localDate } from "@/lib/appointments/slots";
import { requirePermission } from "@/lib/auth/session";
import { NotFoundError } from "@/lib/core/errors";
import { formatInstant } from "@/lib/core/dates";
import { ZId } from "@/lib/core/form-schemas";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AgentAppointments" }))("bookingTitle") };
}

async function load(tenant: Parameters<typeof bookingDetail>[0], actor: Parameters<typeof bookingDetail>[1], id: string) {
  if (!ZId.safeParse(id).success) notFound();
  try {
    return await bookingDetail(tenant, actor, id);
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}

/** One booking for an agent: the details, arrived / no-show, move or cancel with a reason, comments. */
export default async function BookingPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const base = `/${locale}/admin/appointments`;
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: `${base}/${id}` });
  const t = await getTranslations({ locale, namespace: "AgentAppointments" });
  const b = await getTranslations({ locale, namespace: "Booking" });
  const { appointment: a, service, site, comments, desks } = await load(tenant, actor, id);
  const query = await searchParams;
  const labels = await formLabels(locale);
  const when = (d: Date) => formatInstant(d, locale, tenant.timeZone, { dateStyle: "full", timeStyle: "short" });
  const serviceName = textIn(tenant, service.names, locale);
  const rows: TSummaryRow[] = [
    { key: "status", label: t("status"), value: <BookingStatusTags locale={locale} appointment={a} /> },
    { key: "when", label: t("when"), value: `${when(a.startsAt)} – ${formatInstant(a.endsAt, locale, tenant.timeZone, { timeStyle: "short" })}` },
    { key: "service", label: t("service"), value: serviceName?.text ?? "", lang: serviceName && serviceName.lang !== locale ? serviceName.lang : undefined },
    { key: "site", label: t("site"), value: textIn(tenant, site?.names, locale)?.text ?? "" },
    { key: "desk", label: t("desk"), value: desks.length > 0 ? desks.join(", ") : a.overbooked ? t("noDeskOverbooked") : "—" },
    { key: "people", label: t("people"), value: String(a.people) },
  ];
  if (a.anonymisedAt) {
    rows.push({ key: "person", label: t("person"), value: t("anonymisedOn", { date: formatInstant(a.anonymisedAt, locale, tenant.timeZone, { dateStyle: "long" }) }) });
  } else {
    rows.push({ key: "person", label: t("person"), value: `${a.firstName} ${a.lastName}` });
    rows.push({ key: "email", label: b("email"), value: a.email ? <span className="break-all">{a.email}</span> : "—" });
    rows.push({ key: "phone", label: b("phone"), value: a.phone ? <span dir="ltr">{a.phone}</span> : "—" });
    if (a.antsNumber) rows.push({ key: "ants", label: b("antsNumber"), value: <span dir="ltr">{a.antsNumber}</span> });
    for (const answer of answerRows(tenant, service, locale, a.fields as Record<string, unknown>, false, b("yes"), b("no"))) rows.push(answer);
  }
  rows.push({ key: "source", label: t("source"), value: a.bookedBy ? t("bookedByAgent", { agent: a.bookedBy }) : t(`sourceName.${a.source}`) });
  rows.push({ key: "created", label: t("created"), value: when(a.createdAt) });
  if (a.reason) rows.push({ key: "reason", label: t("reason"), value: a.reason });
  const changeable = isChangeable(a);
  const today = localDate(new Date(), tenant.timeZone);
  const onTheDay = localDate(a.startsAt, tenant.timeZone) <= today && a.status === "booked";
  const moveSite = typeof query.moveSite === "string" && service.sites.some((s) => s.siteId === query.moveSite) ? query.moveSite : a.siteId;
  const moveDay = typeof query.moveDay === "string" && /^\d{4}-\d{2}-\d{2}$/.test(query.moveDay) ? query.moveDay : null;
  const choice = changeable && moveDay && !service.archivedAt ? await agentSlotChoice(tenant, service, moveSite, moveDay, locale) : null;
  return (
    <>
      <p>
        <a href={base}>{t("backToList")}</a>
      </p>
      <PageHeader title={t("bookingHeading", { reference: a.reference })} />
      {query.booked === "1" ? <Notice title={a.overbooked ? t("overbookedDone") : t("bookedDone")}>{a.email ? t("citizenMailed") : t("citizenNotMailed")}</Notice> : null}
      {query.moved === "1" ? <Notice title={t("movedDone")}>{a.email ? t("citizenMailed") : t("citizenNotMailed")}</Notice> : null}
      {query.cancelled === "1" ? <Notice title={t("cancelledDone")}>{a.email ? t("citizenMailed") : t("citizenNotMailed")}</Notice> : null}
      <SummaryList rows={rows} />

      {onTheDay ? (
        <section aria-labelledby="attendance" className="mt-10">
          <h2 id="attendance" className="text-2xl font-bold">{t("attendance")}</h2>
          <ActionForm id="attendance-form" action={attendanceAction} submitLabel={t("saveAttendance")} submitStyle="secondary" labels={labels} hidden={{ id: a.id }}>
            <ChoiceGroup
              kind="radio"
              name="attendance"
              label={t("attendanceQuestion")}
              defaultValue={a.attendance ?? "clear"}
              options={[
                { value: "arrived", label: t("statusName.arrived") },
                ...(a.startsAt <= new Date() || a.attendance === "no_show" ? [{ value: "no_show", label: t("statusName.no_show") }] : []),
                { value: "clear", label: t("notRecorded") },
              ]}
            />
          </ActionForm>
        </section>
      ) : null}

      {changeable && !service.archivedAt ? (
        <section aria-labelledby="move" className="mt-10">
          <h2 id="move" className="text-2xl font-bold">{t("move")}</h2>
          <form method="get" action={`${base}/${a.id}#move`} className="mt-2 flex flex-wrap items-end gap-4">
            {service.sites.length > 1 ? (
              <div>
                <label htmlFor="moveSite" className="block font-bold">{t("site")}</label>
                <select id="moveSite" name="moveSite" defaultValue={moveSite} className="mt-1 rounded-town border-2 border-ink bg-white px-3 py-2">
                  {service.sites.map((s) => (
                    <option key={s.siteId} value={s.siteId}>{textIn(tenant, s.site.names, locale)?.text}</option>
                  ))}
                </select>
              </div>
            ) : null}
            <div>
              <label htmlFor="moveDay" className="block font-bold">{t("day")}</label>
              <input id="moveDay" name="moveDay" type="date" min={today} defaultValue={moveDay ?? ""} className="mt-1 rounded-town border-2 border-ink bg-white px-3 py-2" />
            </div>
            <button type="submit" className="min-h-11 rounded-town border-2 border-primary px-5 py-2 font-bold text-primary">{t("showTimes")}</button>
          </form>
          {choice ? (
            <ActionForm id="move-form" action={agentMoveAction} submitLabel={t("moveSubmit")} labels={labels} hidden={{ id: a.id, siteId: moveSite }}>
              <SlotPickerFields locale={locale} choice={choice} allowFull={false} />
              <TextArea name="moveReason" label={t("reasonForCitizen")} hint={t("reasonHint")} rows={3} required />
              <div className="mb-6" />
            </ActionForm>
          ) : null}
        </section>
      ) : null}

      {changeable ? (
        <section aria-labelledby="cancel" className="mt-10">
          <h2 id="cancel" className="text-2xl font-bold">{t("cancel")}</h2>
          <ActionForm id="cancel-form" action={agentCancelAction} submitLabel={t("cancelSubmit")} submitStyle="warning" labels={labels} hidden={{ id: a.id }}>
            <TextArea name="reason" label={t("reasonForCitizen")} hint={t("reasonHint")} rows={3} required />
            <div className="mb-6" />
          </ActionForm>
        </section>
      ) : null}

      <section aria-labelledby="comments" className="mt-10">
        <h2 id="comments" className="text-2xl font-bold">{t("comments")}</h2>
        <p className="text-muted">{t("commentsLead")}</p>
        {comments.length > 0 ? (
          <ol className="mt-4 max-w-3xl space-y-4">
            {comments.map((c) => (
              <li key={c.id} className="rounded-town border border-line p-4">
                <p className="text-sm text-muted">{t("commentBy", { name: c.authorName, when: formatInstant(c.createdAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }) })}</p>
                <p className="mt-1 whitespace-pre-line break-words">{c.body}</p>
              </li>
            ))}
          </ol>
        ) : null}
        <ActionForm id="comment-form" action={commentAction} submitLabel={t("addComment")} submitStyle="secondary" labels={labels} hidden={{ id: a.id }}>
          <TextArea name="body" label={t("newComment")} rows={3} required />
          <div className="mb-6" />
        </ActionForm>
      </section>
    </>
  );
}
