import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AccountFrame } from "@/components/citizens/account-frame";
import { ActionForm } from "@/components/form/action-form";
import { Tag } from "@/components/ui/notice";
import { requireCitizen } from "@/lib/auth/citizen-session";
import { leaveMyWaitingListAction } from "@/lib/citizens/actions";
import { citizenTimeline, TIMELINE_KINDS, type TTimelineItem, type TTimelineKind } from "@/lib/citizens/service/timeline";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import type { TPicked } from "@/lib/i18n/localized";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("timelineTitle"), robots: { index: false } };
}

const langOf = (picked: TPicked | null | undefined, locale: string) => (picked && picked.lang !== locale && picked.lang !== "und" ? picked.lang : undefined);

const TONES: Record<string, "green" | "grey" | "red" | "blue"> = {
  booked: "green",
  attended: "grey",
  past: "grey",
  cancelled: "red",
  noShow: "red",
  open: "blue",
  final: "grey",
  anonymised: "grey",
  draft: "blue",
  waiting: "blue",
  offered: "green",
  booked_waiter: "grey",
  left: "grey",
  expired: "grey",
};

/**
 * The citizen's one timeline: appointments ahead first, then everything else newest first
 * (appointments, requests and their state, drafts, messages from the town, waiting lists),
 * filtered by kind with a plain GET form (no JavaScript needed).
 */
export default async function TimelinePage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const citizen = await requireCitizen(locale, `/${locale}/account`);
  const t = await getTranslations({ locale, namespace: "Account" });
  const requested = await searchParam(searchParams, "kind");
  const kind = TIMELINE_KINDS.includes(requested as TTimelineKind) ? (requested as TTimelineKind) : null;
  const timeline = await citizenTimeline(tenant, citizen.id, locale, kind);
  const labels = await formLabels(locale);
  const when = (at: Date, time = true) => formatInstant(at, locale, tenant.timeZone, time ? { dateStyle: "full", timeStyle: "short" } : { dateStyle: "long" });
  const total = Object.values(timeline.counts).reduce((a, b) => a + b, 0);

  const statusText = (item: TTimelineItem): { text: string; lang?: string } => {
    if (item.kind === "request" && item.statusLabel) return { text: item.statusLabel.text, lang: langOf(item.statusLabel, locale) };
    if (item.kind === "waiting") return { text: t(`waiting_${item.status}`) };
    if (item.kind === "message") return { text: t(item.status === "correction-asked" ? "messageCorrection" : "messageFromTown") };
    return { text: t(`status_${item.status}`) };
  };

  const Item = async ({ item }: { item: TTimelineItem }) => {
    const status = statusText(item);
    const tone = TONES[item.kind === "waiting" && item.status === "booked" ? "booked_waiter" : item.status] ?? "grey";
    return (
      <li className="border-s-4 border-primary ps-4">
        <p className="text-muted">
          {t(`kind_${item.kind}`)} · <time dateTime={item.at.toISOString()}>{when(item.at, item.kind === "appointment")}</time>
        </p>
        <h3 className="mt-1 text-xl font-bold" lang={langOf(item.title, locale)}>
          {item.href ? <a href={item.href}>{item.title?.text ?? t("untitled")}</a> : (item.title?.text ?? t("untitled"))}
        </h3>
        <p className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1">
          <span lang={status.lang}>
            <Tag tone={tone}>{status.text}</Tag>
          </span>
          {item.reference ? (
            <span>
              {t("reference")} <span dir="ltr">{item.reference}</span>
            </span>
          ) : null}
          {item.place ? <span lang={langOf(item.place, locale)}>{item.place.text}</span> : null}
        </p>
        {item.body ? <p className="mt-2 max-w-prose whitespace-pre-line">{item.body}</p> : null}
        {item.deleteOn ? <p className="mt-1 text-muted">{t("draftDeleteOn", { date: when(item.deleteOn, false) })}</p> : null}
        {item.kind === "draft" && item.href ? (
          <p className="mt-1">
            <a href={item.href}>{t("continueDraft")}</a>
          </p>
        ) : null}
        {item.leavable ? <ActionForm action={leaveMyWaitingListAction} submitLabel={t("leaveWaitingList")} submitStyle="secondary" labels={labels} hidden={{ id: item.id }} /> : null}
      </li>
    );
  };

  return (
    <AccountFrame locale={locale} citizen={citizen} current="timeline" title={t("timelineTitle")}>
      <form method="get" action={`/${locale}/account`} className="flex flex-wrap items-end gap-3">
        <div>
          <label htmlFor="kind" className="block font-bold">
            {t("filterLabel")}
          </label>
          <select id="kind" name="kind" defaultValue={kind ?? ""} className="mt-1 min-h-11 rounded-town border-2 border-ink bg-white px-3 py-2 text-lg">
            <option value="">{t("filterAll", { count: total })}</option>
            {TIMELINE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`filter_${k}`, { count: timeline.counts[k] })}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="min-h-11 rounded-town border-2 border-primary px-5 py-2 text-lg font-bold">
          {t("filterApply")}
        </button>
      </form>

      <section aria-labelledby="upcoming" className="mt-8">
        <h2 id="upcoming" className="text-2xl font-bold">{t("upcoming")}</h2>
        {timeline.upcoming.length === 0 ? (
          <p className="mt-2 text-muted">{t("upcomingNone")}</p>
        ) : (
          <ol className="mt-4 space-y-6">
            {timeline.upcoming.map((item) => (
              <Item key={`${item.kind}-${item.id}`} item={item} />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="history" className="mt-10">
        <h2 id="history" className="text-2xl font-bold">{t("history")}</h2>
        {timeline.history.length === 0 ? (
          <p className="mt-2 text-muted">{kind ? t("historyNoneOfKind") : t("historyNone")}</p>
        ) : (
          <ol className="mt-4 space-y-6">
            {timeline.history.map((item) => (
              <Item key={`${item.kind}-${item.id}`} item={item} />
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="start" className="mt-10 max-w-prose">
        <h2 id="start" className="text-2xl font-bold">{t("startSomething")}</h2>
        <ul className="mt-2 list-disc ps-6">
          {tenant.modules.includes("appointments") ? (
            <li>
              <a href={`/${locale}/appointments`}>{t("bookAppointment")}</a>
            </li>
          ) : null}
          {tenant.modules.includes("forms") ? (
            <li>
              <a href={`/${locale}/requests`}>{t("makeRequest")}</a>
            </li>
          ) : null}
        </ul>
      </section>
    </AccountFrame>
  );
}
