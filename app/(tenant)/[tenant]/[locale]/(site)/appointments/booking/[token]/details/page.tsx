import { getCitizen } from "@/lib/auth/citizen-session";
import { profileDetails } from "@/lib/citizens/service/profile-details";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { CitizenFields } from "@/components/appointments/citizen-fields";
import { HoldNotice } from "@/components/appointments/hold-notice";
import { BackLink } from "@/components/appointments/summary-list";
import { saveDetailsAction } from "@/lib/appointments/actions";
import { requireHold, serviceView } from "@/lib/appointments/service/citizen-view";
import { holdView } from "@/lib/appointments/service/hold-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { formLabels } from "@/lib/i18n/form-labels";
import { LeanPageMarker } from "@/components/lean-page-marker";

type TParams = Promise<{ tenant: string; locale: string; token: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("detailsTitle") };
}

/** Step "details": who the appointment is for, and the service's own questions. */
export default async function DetailsPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const { token } = await params;
  const t = await getTranslations({ locale, namespace: "Booking" });
  const { hold, service: row } = await requireHold(tenant, token);
  if (hold.appointmentId) redirect(`/${locale}/appointments/manage/${token}`);
  const service = serviceView(tenant, row, locale);
  const view = holdView(tenant, hold, token, locale);
  // Signed in (citizen space): the account's name, e-mail and phone fill the empty form.
  const citizen = await getCitizen();
  const typed = Object.keys(view.typed).length === 0 && citizen ? profileDetails(citizen.citizen) : view.typed;
  return (
    <>
      <LeanPageMarker />
      <BackLink href={view.timesHref} label={t("backToTimes")} />
      <HoldNotice locale={locale} when={view.when} until={view.until} expired={view.expired} timesHref={view.timesHref} />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("detailsTitle")}</h1>
      <p className="mt-2 max-w-prose text-lg">{t("detailsLead")}</p>
      <ActionForm action={saveDetailsAction} submitLabel={t("continue")} labels={await formLabels(locale)} hidden={{ token }}>
        <CitizenFields locale={locale} row={row} service={service} typed={typed} />
        <div className="mb-6" />
      </ActionForm>
    </>
  );
}
