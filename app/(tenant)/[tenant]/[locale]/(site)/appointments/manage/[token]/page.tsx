import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { SummaryList, TownText, type TSummaryRow } from "@/components/appointments/summary-list";
import { ButtonLink, Notice } from "@/components/ui/notice";
import { appointmentView } from "@/lib/appointments/service/appointment-view";
import { requireAppointment } from "@/lib/appointments/service/citizen-view";
import { requireTenantPage } from "@/lib/tenancy/current";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { LeanPageMarker } from "@/components/lean-page-marker";

type TParams = Promise<{ tenant: string; locale: string; token: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("manageTitle"), referrer: "same-origin" };
}

/**
 * The appointment behind a manage link: the confirmation page right after booking, and the page the
 * e-mail links to. Changing or cancelling goes through further pages (mail scanners follow links).
 * It stays open if the town switches online booking off: citizens can still see and cancel what
 * they booked (moving needs booking, so it is offered only while the module is on).
 */
export default async function ManagePage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { token } = await params;
  const t = await getTranslations({ locale, namespace: "Booking" });
  const { appointment, service, site } = await requireAppointment(tenant, token);
  const view = appointmentView(tenant, appointment, service, site, locale, { yes: t("yes"), no: t("no") });
  const booked = (await searchParam(searchParams, "booked")) === "1";
  const moved = (await searchParam(searchParams, "moved")) === "1";
  const cancelled = appointment.status === "cancelled";
  const base = `/${locale}/appointments`;
  const rows: TSummaryRow[] = [
    { key: "reference", label: t("reference"), value: view.reference },
    { key: "service", label: t("service"), value: view.service.name?.text ?? "", lang: view.service.name?.lang !== locale ? view.service.name?.lang : undefined },
    { key: "when", label: t("dateAndTime"), value: view.when },
    { key: "site", label: t("place"), value: [view.site.name?.text, view.site.address?.text].filter(Boolean).join("\n") },
    ...(view.people > 1 ? [{ key: "people", label: t("people"), value: String(view.people) }] : []),
    { key: "name", label: t("name"), value: view.name },
    { key: "email", label: t("email"), value: view.email },
    ...(view.phone ? [{ key: "phone", label: t("phone"), value: view.phone }] : []),
    ...(view.antsNumber ? [{ key: "ants", label: t("antsNumber"), value: view.antsNumber }] : []),
    ...view.answers,
  ];
  return (
    <>
      <LeanPageMarker />
      {booked && !cancelled ? (
        <div className="mb-8 rounded-town bg-success p-6 text-center text-white" role="status">
          <h1 className="text-3xl font-bold">{t("bookedTitle")}</h1>
          <p className="mt-3 text-xl">
            {t("yourReference")}
            <br />
            <strong className="text-2xl tracking-wider">{view.reference}</strong>
          </p>
        </div>
      ) : (
        <h1 className="text-3xl font-bold sm:text-4xl">{cancelled ? t("cancelledTitle") : t("manageTitle")}</h1>
      )}
      {booked && !cancelled ? <p className="max-w-prose break-words text-lg">{t("confirmationSent", { email: view.email })}</p> : null}
      {moved && !cancelled ? <Notice title={t("movedTitle")}>{t("movedLead", { email: view.email })}</Notice> : null}
      {cancelled ? (
        <Notice kind="info" title={t("cancelledNotice")}>
          <TownText text={view.service.cancellation} locale={locale} />
          {tenant.modules.includes("appointments") ? (
            <p className="mt-2">
              <a href={`${base}/${view.service.id}`}>{t("bookAgain")}</a>
            </p>
          ) : null}
        </Notice>
      ) : null}
      {booked ? <h2 className="mt-8 text-2xl font-bold">{t("yourAppointment")}</h2> : null}
      <SummaryList rows={rows} />
      {!cancelled ? (
        <>
          {view.service.whatToBring ? (
            <section aria-labelledby="bring" className="mt-8 max-w-prose">
              <h2 id="bring" className="text-2xl font-bold">{t("whatToBring")}</h2>
              <TownText text={view.service.whatToBring} locale={locale} className="mt-2" />
            </section>
          ) : null}
          {view.service.confirmation ? <TownText text={view.service.confirmation} locale={locale} className="mt-4 max-w-prose" /> : null}
          {view.site.access || view.site.accessibility || view.site.phone ? (
            <section aria-labelledby="getting-there" className="mt-8 max-w-prose">
              <h2 id="getting-there" className="text-2xl font-bold">{t("gettingThere")}</h2>
              <TownText text={view.site.access} locale={locale} className="mt-2" />
              <TownText text={view.site.accessibility} locale={locale} className="mt-2" />
              {view.site.phone ? (
                <p className="mt-2">
                  {t("sitePhone")} <a href={`tel:${view.site.phone.replace(/\s/g, "")}`} dir="ltr">{view.site.phone}</a>
                </p>
              ) : null}
            </section>
          ) : null}
          <p className="mt-8">
            <a href={`${base}/manage/${token}/calendar`} download="appointment.ics">
              {t("addToCalendar")}
            </a>
          </p>
          {view.changeable ? (
            <section aria-labelledby="change" className="mt-8">
              <h2 id="change" className="text-2xl font-bold">{t("changeHeading")}</h2>
              <div className="mt-4 flex flex-wrap gap-4">
                {tenant.modules.includes("appointments") ? (
                  <ButtonLink href={`${base}/${view.service.id}/days?site=${appointment.siteId}&manage=${token}`} variant="secondary">
                    {t("changeTime")}
                  </ButtonLink>
                ) : null}
                <ButtonLink href={`${base}/manage/${token}/cancel`} variant="secondary">
                  {t("cancelAppointment")}
                </ButtonLink>
              </div>
            </section>
          ) : null}
        </>
      ) : null}
    </>
  );
}
