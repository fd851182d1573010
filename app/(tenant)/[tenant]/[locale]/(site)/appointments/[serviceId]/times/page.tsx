import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { admission } from "@/lib/appointments/service/waiting-room";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField } from "@/components/form/fields";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { BackLink } from "@/components/appointments/summary-list";
import { Notice } from "@/components/ui/notice";
import { holdSlotAction, rescheduleAction } from "@/lib/appointments/actions";
import { availableSlots } from "@/lib/appointments/service/availability";
import { dateParam, stepContext, stepQuery } from "@/lib/appointments/service/booking-steps";
import { formatDay, formatTime, requireService, serviceView } from "@/lib/appointments/service/citizen-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { mondayOf } from "@/lib/appointments/slots";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { slotDayTag } from "@/lib/core/cache-tags";
import { LeanPageMarker } from "@/components/lean-page-marker";

/** Seconds a cached list lives at most: holds run out and times pass the minimum notice without a write. */
const SLOT_LIST_MAX_AGE = 30;

type TParams = Promise<{ tenant: string; locale: string; serviceId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("chooseTimeTitle") };
}

/** Step "time": the free times of a day with the places left; choosing one holds a place. */
export default async function ChooseTimePage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  const row = await requireService(tenant, (await params).serviceId);
  const service = serviceView(tenant, row, locale);
  const ctx = await stepContext(searchParams, service);
  const base = `/${locale}/appointments/${service.id}`;
  const day = await dateParam(searchParams, "day");
  if (!ctx || !day) redirect(base);
  // An announced release's waiting room: only admitted visitors choose a time (the queue says where they stand).
  const jar = await cookies();
  const gate = await admission(tenant.id, service.id, (name) => jar.get(name)?.value);
  if (gate.kind === "queue") redirect(`${base}/queue?site=${ctx.siteId}`);
  const expired = (await searchParam(searchParams, "expired")) === "1";
  const slots = await availableSlots(tenant, row, { from: day, to: day, siteId: ctx.siteId });
  const daysHref = `${base}/days?${stepQuery(ctx, { week: mondayOf(day) })}`;
  const labels = await formLabels(locale);
  return (
    <>
      <LeanPageMarker />
      {/* Cached for everyone until a place of this day is taken or freed, unless it carries a booking or an appointment. */}
      {!ctx.manage && !ctx.draft && gate.kind === "open" ? <PublicCacheMarker tags={[slotDayTag(service.id, day)]} maxAge={SLOT_LIST_MAX_AGE} query={["site", "day", "expired"]} /> : null}
      <BackLink href={daysHref} label={t("backToDays")} />
      {expired ? (
        <Notice kind="warning" title={t("holdExpiredTitle")}>
          {t("holdExpired")}
        </Notice>
      ) : null}
      <p className="text-lg text-muted" lang={service.name && service.name.lang !== locale ? service.name.lang : undefined}>
        {service.name?.text}
      </p>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("chooseTimeTitle")}</h1>
      <p className="mt-2 text-lg">{formatDay(day, locale, { weekday: "long", day: "numeric", month: "long", year: "numeric" })}</p>
      {slots.length === 0 ? (
        <div className="mt-6">
          <p>{t("noTimeThisDay")}</p>
          <p className="mt-4">
            <a href={daysHref}>{t("chooseAnotherDay")}</a>
          </p>
        </div>
      ) : (
        <ActionForm
          action={ctx.manage ? rescheduleAction : holdSlotAction}
          submitLabel={ctx.manage ? t("moveHere") : t("continue")}
          labels={labels}
          hidden={ctx.manage ? { token: ctx.manage, siteId: ctx.siteId } : { serviceId: service.id, siteId: ctx.siteId, ...(ctx.draft ? { draft: ctx.draft } : {}) }}
          className="mt-4"
        >
          <ChoiceGroup
            kind="radio"
            columns
            name="start"
            label={t("timeLegend")}
            hint={t("timeHint", { minutes: service.durationMinutes })}
            options={slots.map((slot) => ({ value: slot.start.toISOString(), label: formatTime(slot.start, locale, tenant), hint: t("placesLeft", { count: slot.remaining }) }))}
          />
          {!ctx.manage && service.maxPeople > 1 ? (
            <SelectField
              name="people"
              label={t("people")}
              hint={t("peopleHint", { max: service.maxPeople })}
              defaultValue="1"
              options={Array.from({ length: service.maxPeople }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }))}
            />
          ) : null}
          <div className="mb-6" />
        </ActionForm>
      )}
    </>
  );
}
