import type { Metadata } from "next";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LeanPageMarker } from "@/components/lean-page-marker";
import { BackLink } from "@/components/appointments/summary-list";
import { ButtonLink, Notice } from "@/components/ui/notice";
import { formatDay, requireService, serviceView } from "@/lib/appointments/service/citizen-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { entryOfToken, openRelease, queueCookieName, queueStatus } from "@/lib/appointments/service/waiting-room";
import { formatInstant } from "@/lib/core/dates";
import { ZId } from "@/lib/core/form-schemas";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";

type TParams = Promise<{ tenant: string; locale: string; serviceId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "WaitingRoom" });
  return { title: t("title"), robots: { index: false } };
}

/**
 * The waiting room of an announced release: where the visitor stands, refreshed by the page itself
 * (a meta refresh: no JavaScript needed). Once admitted, on to the choice of a day.
 */
export default async function WaitingRoomPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "WaitingRoom" });
  const row = await requireService(tenant, (await params).serviceId);
  const service = serviceView(tenant, row, locale);
  const site = await searchParam(searchParams, "site");
  const siteQuery = site && ZId.safeParse(site).success ? `?site=${site}` : "";
  const base = `/${locale}/appointments/${service.id}`;
  const now = new Date();
  const release = await openRelease(tenant.id, service.id, now);
  if (!release) redirect(`${base}/days${siteQuery}`);
  const entry = await entryOfToken(release, (await cookies()).get(queueCookieName(release))?.value);
  const status = entry ? await queueStatus(release, entry, now) : null;
  if (status?.state === "admitted" && status.holdsLeft > 0) redirect(`${base}/days${siteQuery}`);
  const when = (instant: Date) => formatInstant(instant, locale, tenant.timeZone, { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" });
  const isoDay = (d: Date) => d.toISOString().slice(0, 10);
  const days = t("days", { from: formatDay(isoDay(release.slotsFrom), locale), until: formatDay(isoDay(release.slotsUntil), locale) });
  // Refresh often enough to move on soon after the turn comes, and not more than every 5 seconds.
  const refresh =
    status?.state === "before"
      ? Math.min(60, Math.max(5, Math.ceil((release.opensAt.getTime() - now.getTime()) / 1000)))
      : status?.state === "waiting"
        ? Math.min(30, Math.max(5, Math.ceil((status.admitAt.getTime() - now.getTime()) / 1000)))
        : null;
  return (
    <>
      <LeanPageMarker />
      {refresh ? (
        <>
          {/* Without JavaScript the browser refreshes the page; with it, our script does (see public/civitas/waiting-room.js). */}
          <noscript>
            <meta httpEquiv="refresh" content={String(refresh)} />
          </noscript>
          <script type="module" src="/civitas/waiting-room.js" />
        </>
      ) : null}
      <BackLink href={base} label={t("back")} />
      <p className="text-lg text-muted" lang={service.name && service.name.lang !== locale ? service.name.lang : undefined}>
        {service.name?.text}
      </p>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("title")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("release", { days, opensAt: when(release.opensAt) })}</p>
      {!status ? (
        <div className="mt-6">
          <p className="max-w-prose">{t("notInQueue")}</p>
          <div className="mt-4">
            <ButtonLink href={`${base}/queue${siteQuery}`}>{t("join")}</ButtonLink>
          </div>
        </div>
      ) : status.state === "admitted" ? (
        <div className="mt-6">
          <Notice kind="warning" title={t("spentTitle")}>
            {t("spent")}
          </Notice>
          <div className="mt-4">
            <ButtonLink href={`${base}/queue${siteQuery}`}>{t("joinAgain")}</ButtonLink>
          </div>
        </div>
      ) : (
        <div className="mt-6 max-w-prose" role="status">
          {status.state === "before" ? (
            <>
              <p className="text-2xl font-bold">{t("beforeTitle", { time: when(release.opensAt) })}</p>
              <p className="mt-2 text-lg">{t("beforeDraw")}</p>
              <p className="mt-2 text-lg">{t("waitingCount", { count: status.waiting })}</p>
            </>
          ) : (
            <>
              <p className="text-2xl font-bold">{t("position", { count: status.ahead })}</p>
              <p className="mt-2 text-lg">{t("eta", { minutes: Math.max(1, Math.ceil((status.admitAt.getTime() - now.getTime()) / 60_000)) })}</p>
            </>
          )}
        </div>
      )}
      {refresh ? (
        <p className="mt-6 max-w-prose text-muted" data-refresh-seconds={refresh}>
          {t("refresh", { seconds: refresh })}
        </p>
      ) : null}
      <p className="mt-2 max-w-prose text-muted">{t("keepBrowser")}</p>
    </>
  );
}
