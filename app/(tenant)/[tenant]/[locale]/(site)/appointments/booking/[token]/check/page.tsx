import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { BookingChallenge } from "@/components/appointments/booking-challenge";
import { HoldNotice } from "@/components/appointments/hold-notice";
import { BackLink, SummaryList, type TSummaryRow } from "@/components/appointments/summary-list";
import { confirmBookingAction } from "@/lib/appointments/actions";
import { answerRows } from "@/lib/appointments/service/answers-view";
import { parseDetails } from "@/lib/appointments/service/book-appointment";
import { requireHold, serviceView } from "@/lib/appointments/service/citizen-view";
import { holdView } from "@/lib/appointments/service/hold-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { formLabels } from "@/lib/i18n/form-labels";
import { LeanPageMarker } from "@/components/lean-page-marker";

type TParams = Promise<{ tenant: string; locale: string; token: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("checkTitle") };
}

/** Step "check your answers": everything chosen and typed, each with a Change link, then confirm. */
export default async function CheckPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const { token } = await params;
  const t = await getTranslations({ locale, namespace: "Booking" });
  const { hold, service: row } = await requireHold(tenant, token);
  if (hold.appointmentId) redirect(`/${locale}/appointments/manage/${token}`);
  const view = holdView(tenant, hold, token, locale);
  if (!hold.startsAt) redirect(view.daysHref);
  const parsed = parseDetails(row, view.typed);
  if (!parsed.ok) redirect(view.detailsHref);
  const details = parsed.details;
  const service = serviceView(tenant, row, locale);
  const site = service.sites.find((s) => s.id === hold.siteId);
  const change = (href: string) => ({ href, label: t("change") });
  const typed = view.typed;
  const rows: TSummaryRow[] = [
    { key: "service", label: t("service"), value: service.name?.text ?? "", lang: service.name?.lang !== locale ? service.name?.lang : undefined },
    ...(site ? [{ key: "site", label: t("place"), value: [site.name?.text, site.address?.text].filter(Boolean).join("\n"), change: service.sites.length > 1 ? change(view.serviceHref) : undefined }] : []),
    { key: "when", label: t("dateAndTime"), value: view.when, change: change(view.daysHref) },
    ...(row.maxPeople > 1 ? [{ key: "people", label: t("people"), value: String(hold.people), change: change(view.timesHref) }] : []),
    { key: "name", label: t("name"), value: `${details.firstName} ${details.lastName}`, change: change(view.detailsHref) },
    { key: "email", label: t("email"), value: details.email, change: change(view.detailsHref) },
    ...(details.phone ? [{ key: "phone", label: t("phone"), value: details.phone, change: change(view.detailsHref) }] : []),
    ...(details.antsNumber ? [{ key: "ants", label: t("antsNumber"), value: details.antsNumber, change: change(view.detailsHref) }] : []),
    ...answerRows(tenant, row, locale, typed, true, t("yes"), t("no")).map((r) => ({ ...r, change: change(view.detailsHref) })),
  ];
  return (
    <>
      <LeanPageMarker />
      <BackLink href={view.detailsHref} label={t("backToDetails")} />
      <HoldNotice locale={locale} when={view.when} until={view.until} expired={view.expired} timesHref={view.timesHref} />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("checkTitle")}</h1>
      <SummaryList rows={rows} />
      <h2 className="mt-8 text-2xl font-bold">{t("confirmHeading")}</h2>
      <p className="mt-2 max-w-prose break-words">{t("confirmLead", { email: details.email })}</p>
      <ActionForm action={confirmBookingAction} submitLabel={t("confirm")} labels={await formLabels(locale)} hidden={{ token }} className="mt-4">
        <BookingChallenge holdId={hold.id} locale={locale} />
      </ActionForm>
    </>
  );
}
