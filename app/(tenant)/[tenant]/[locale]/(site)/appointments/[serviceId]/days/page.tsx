import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { cookies } from "next/headers";
import { admission } from "@/lib/appointments/service/waiting-room";
import { getTranslations } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { BackLink } from "@/components/appointments/summary-list";
import { ButtonLink, Notice } from "@/components/ui/notice";
import { availableSlots, bookableDates } from "@/lib/appointments/service/availability";
import { dateParam, stepContext, stepQuery } from "@/lib/appointments/service/booking-steps";
import { formatDay, requireService, serviceView } from "@/lib/appointments/service/citizen-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { waitingListSuggested } from "@/lib/appointments/service/waiting-list";
import { addDays, localDate, mondayOf } from "@/lib/appointments/slots";
import type { TSearchParams } from "@/lib/core/page-params";
import { serviceSlotsTag, slotDayTag } from "@/lib/core/cache-tags";
import { LeanPageMarker } from "@/components/lean-page-marker";

type TParams = Promise<{ tenant: string; locale: string; serviceId: string }>;
const WEEKS_PER_PAGE = 2;
/** Seconds a cached list lives at most: holds run out and times pass the minimum notice without a write. */
const SLOT_LIST_MAX_AGE = 30;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("chooseDayTitle") };
}

/** Step "day": the days with free slots, grouped by week, two weeks at a time. */
export default async function ChooseDayPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  const row = await requireService(tenant, (await params).serviceId);
  const service = serviceView(tenant, row, locale);
  const ctx = await stepContext(searchParams, service);
  const base = `/${locale}/appointments/${service.id}`;
  if (!ctx) redirect(base);
  // An announced release's waiting room: only admitted visitors choose a time (the queue says where they stand).
  const jar = await cookies();
  const gate = await admission(tenant.id, service.id, (name) => jar.get(name)?.value);
  if (gate.kind === "queue") redirect(`${base}/queue?site=${ctx.siteId}`);
  const now = new Date();
  const window = bookableDates(tenant, row, now);
  const firstWeek = mondayOf(window.first);
  const lastWeek = mondayOf(window.last);
  const asked = await dateParam(searchParams, "week");
  let week = asked ? mondayOf(asked) : firstWeek;
  if (week < firstWeek) week = firstWeek;
  if (week > lastWeek) week = lastWeek;
  const end = addDays(week, WEEKS_PER_PAGE * 7 - 1);
  const from = week < window.first ? window.first : week;
  const to = end > window.last ? window.last : end;
  const slots = from <= to ? await availableSlots(tenant, row, { from, to, siteId: ctx.siteId, now }) : [];
  const perDay = new Map<string, number>();
  for (const slot of slots) {
    const day = localDate(slot.start, tenant.timeZone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const site = service.sites.find((s) => s.id === ctx.siteId);
  // Nothing free on these weeks: if nothing is free on any week either, the waiting list (not when moving).
  const waitingList = slots.length === 0 && !ctx.manage && (await waitingListSuggested(tenant, row, ctx.siteId, now));
  const tw = await getTranslations({ locale, namespace: "WaitingList" });
  const weeks = Array.from({ length: WEEKS_PER_PAGE }, (_, i) => addDays(week, i * 7));
  const previous = week > firstWeek ? addDays(week, -WEEKS_PER_PAGE * 7) : null;
  const next = addDays(week, WEEKS_PER_PAGE * 7) <= lastWeek ? addDays(week, WEEKS_PER_PAGE * 7) : null;
  const back = ctx.manage ? `/${locale}/appointments/manage/${ctx.manage}` : service.sites.length > 1 ? `${base}?${stepQuery(ctx)}` : base;
  // Cached for everyone when it carries neither a booking nor an appointment: until a place is taken
  // or freed on one of its days (or anywhere in the service, when it offers the waiting list).
  const shownDays = from <= to ? Array.from({ length: Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000) + 1 }, (_, i) => addDays(from, i)) : [];
  const tags = [...shownDays.map((day) => slotDayTag(service.id, day)), ...(slots.length === 0 ? [serviceSlotsTag(service.id)] : [])];
  return (
    <>
      <LeanPageMarker />
      {!ctx.manage && !ctx.draft && gate.kind === "open" ? <PublicCacheMarker tags={tags} maxAge={SLOT_LIST_MAX_AGE} query={["site", "week"]} /> : null}
      <BackLink href={back} label={t("back")} />
      <p className="text-lg text-muted" lang={service.name && service.name.lang !== locale ? service.name.lang : undefined}>
        {service.name?.text}
      </p>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("chooseDayTitle")}</h1>
      {site && service.sites.length > 1 ? <p className="mt-2 text-lg">{t("atSite", { site: site.name?.text ?? "" })}</p> : null}
      {waitingList ? (
        <div className="mt-8">
          <Notice kind="info" title={tw("offerTitle")}>
            <p>{tw("offerLead")}</p>
          </Notice>
          <ButtonLink href={`${base}/waiting-list?site=${ctx.siteId}`}>{tw("offerButton")}</ButtonLink>
        </div>
      ) : null}
      {weeks.map((monday) => {
        const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i)).filter((d) => perDay.has(d));
        return (
          <section key={monday} aria-labelledby={`week-${monday}`} className="mt-8">
            <h2 id={`week-${monday}`} className="text-xl font-bold">
              {t("weekOf", { date: formatDay(monday, locale, { day: "numeric", month: "long", year: "numeric" }) })}
            </h2>
            {days.length === 0 ? (
              <p className="mt-2 text-muted">{t("noDayThisWeek")}</p>
            ) : (
              <ul className="mt-3 grid gap-2 sm:grid-cols-2">
                {days.map((day) => (
                  <li key={day}>
                    <a href={`${base}/times?${stepQuery(ctx, { day })}`} className="block rounded-town border-2 border-line p-3 no-underline hover:border-primary">
                      <span className="block text-lg font-bold text-primary underline">{formatDay(day, locale)}</span>
                      <span className="text-ink">{t("timesAvailable", { count: perDay.get(day) ?? 0 })}</span>
                    </a>
                  </li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      <nav aria-label={t("weeksNavigation")} className="mt-8 flex flex-wrap justify-between gap-4">
        {previous ? (
          <a href={`${base}/days?${stepQuery(ctx, { week: previous })}`} rel="prev">
            {t("previousWeeks")}
          </a>
        ) : (
          <span />
        )}
        {next ? (
          <a href={`${base}/days?${stepQuery(ctx, { week: next })}`} rel="next">
            {t("nextWeeks")}
          </a>
        ) : null}
      </nav>
    </>
  );
}
