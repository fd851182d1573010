import { citizenSignInPath, getCitizen } from "@/lib/auth/citizen-session";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { BackLink, TownText } from "@/components/appointments/summary-list";
import { ButtonLink, Notice } from "@/components/ui/notice";
import { formatDay, requireService, serviceView } from "@/lib/appointments/service/citizen-view";
import { townReleases } from "@/lib/appointments/service/definitions";
import { formatInstant } from "@/lib/core/dates";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { LeanPageMarker } from "@/components/lean-page-marker";

type TParams = Promise<{ tenant: string; locale: string; serviceId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const service = serviceView(tenant, await requireService(tenant, (await params).serviceId), locale);
  return { title: service.name?.text };
}

/** The service's start page: what it is, what to bring, and the choice of place when there are several. */
export default async function ServiceStartPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  const row = await requireService(tenant, (await params).serviceId);
  const service = serviceView(tenant, row, locale);
  const draft = await searchParam(searchParams, "draft");
  const manage = await searchParam(searchParams, "manage");
  const carry = `${draft ? `&draft=${encodeURIComponent(draft)}` : ""}${manage ? `&manage=${encodeURIComponent(manage)}` : ""}`;
  const days = `/${locale}/appointments/${service.id}/days`;
  const signedOut = service.loginRequired && !(await getCitizen());
  // Announced releases still to come, shown in advance.
  const now = new Date();
  const coming = (await townReleases(tenant.id, service.id, now)).filter((r) => r.opensAt > now);
  const isoDay = (d: Date) => d.toISOString().slice(0, 10);
  return (
    <>
      <LeanPageMarker />
      {/* The same for everyone, unless it carries a booking or an appointment, or asks to sign in. */}
      {!draft && !manage && !service.loginRequired ? <PublicCacheMarker maxAge={coming.length > 0 ? 60 : undefined} /> : null}
      <BackLink href={`/${locale}/appointments`} label={t("backToServices")} />
      <h1 className="text-3xl font-bold sm:text-4xl" lang={service.name && service.name.lang !== locale ? service.name.lang : undefined}>
        {service.name?.text}
      </h1>
      <TownText text={service.description} locale={locale} className="mt-4 max-w-prose text-lg" />
      <p className="mt-4">{t("duration", { minutes: service.durationMinutes })}</p>
      {coming.map((release) => (
        <Notice key={release.id} kind="info" title={t("releaseAnnounced", { days: `${formatDay(isoDay(release.slotsFrom), locale)} – ${formatDay(isoDay(release.slotsUntil), locale)}`, opensAt: formatInstant(release.opensAt, locale, tenant.timeZone, { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" }) })}>
          {release.queueBeforeMinutes > 0 ? t("releaseQueue", { minutes: release.queueBeforeMinutes }) : null}
        </Notice>
      ))}
      {service.whatToBring ? (
        <section aria-labelledby="bring" className="mt-6 max-w-prose">
          <h2 id="bring" className="text-xl font-bold">{t("whatToBring")}</h2>
          <TownText text={service.whatToBring} locale={locale} className="mt-2" />
        </section>
      ) : null}
      {signedOut ? (
        <div className="mt-8">
          <Notice kind="info" title={t("loginRequiredTitle")}>{t("loginRequired")}</Notice>
          <div className="mt-4">
            <ButtonLink href={citizenSignInPath(locale, `/${locale}/appointments/${service.id}`)}>{t("signInToBook")}</ButtonLink>
          </div>
        </div>
      ) : service.sites.length === 1 ? (
        <div className="mt-8">
          <ButtonLink href={`${days}?site=${service.sites[0]!.id}${carry}`}>{t("start")}</ButtonLink>
        </div>
      ) : (
        <form method="get" action={days} className="mt-8">
          {draft ? <input type="hidden" name="draft" value={draft} /> : null}
          {manage ? <input type="hidden" name="manage" value={manage} /> : null}
          <fieldset>
            <legend className="text-xl font-bold">{t("chooseSite")}</legend>
            <div className="mt-3 space-y-3">
              {service.sites.map((site, i) => (
                <div key={site.id} className="flex items-start gap-3">
                  <input id={`site-${i}`} type="radio" name="site" value={site.id} defaultChecked={i === 0} className="mt-1 h-6 w-6 shrink-0 accent-primary" aria-describedby={`site-${i}-hint`} />
                  <label htmlFor={`site-${i}`} className="text-lg">
                    {site.name?.text}
                    <span id={`site-${i}-hint`} className="block text-base text-muted">
                      {site.address?.text}
                    </span>
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
          <button type="submit" className="mt-6 min-h-11 rounded-town bg-primary px-5 py-2 text-lg font-bold text-on-primary">
            {t("continue")}
          </button>
        </form>
      )}
    </>
  );
}
