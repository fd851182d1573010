import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SummaryList, type TSummaryRow } from "@/components/appointments/summary-list";
import { AccountFrame } from "@/components/citizens/account-frame";
import { ActionForm } from "@/components/form/action-form";
import { Notice, Tag } from "@/components/ui/notice";
import { citizenAppointment } from "@/lib/appointments/service/citizen-items";
import { requireCitizen } from "@/lib/auth/citizen-session";
import { cancelMyAppointmentAction } from "@/lib/citizens/actions";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Account" });
  return { title: t("appointmentTitle"), robots: { index: false } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One of the citizen's appointments, from their space: what, when, where, and cancelling (with a
 * confirmation step, ?cancel=1). Another citizen's id, or another town's, is not found.
 */
export default async function MyAppointmentPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const citizen = await requireCitizen(locale, `/${locale}/account/appointments/${id}`);
  const t = await getTranslations({ locale, namespace: "Account" });
  const appointment = UUID.test(id) ? await citizenAppointment(tenant, citizen.id, id, locale) : null;
  if (!appointment) notFound();
  const confirming = (await searchParam(searchParams, "cancel")) === "1" && appointment.changeable;
  const cancelled = (await searchParam(searchParams, "cancelled")) === "1";
  const status = appointment.status === "cancelled" ? "cancelled" : appointment.changeable ? "booked" : "past";
  const rows: TSummaryRow[] = [
    { key: "reference", label: t("reference"), value: <span dir="ltr">{appointment.reference}</span> },
    { key: "service", label: t("service"), value: appointment.serviceName?.text ?? "" },
    { key: "when", label: t("when"), value: formatInstant(appointment.startsAt, locale, tenant.timeZone, { dateStyle: "full", timeStyle: "short" }) },
    { key: "place", label: t("place"), value: [appointment.siteName?.text, appointment.siteAddress?.text].filter(Boolean).join("\n") },
    ...(appointment.people > 1 ? [{ key: "people", label: t("people"), value: String(appointment.people) }] : []),
    { key: "name", label: t("name"), value: `${appointment.firstName} ${appointment.lastName}`.trim() },
    { key: "status", label: t("status"), value: <Tag tone={status === "booked" ? "green" : status === "cancelled" ? "red" : "grey"}>{t(`status_${status}`)}</Tag> },
  ];
  return (
    <AccountFrame locale={locale} citizen={citizen} current="timeline" title={t("appointmentTitle")}>
      <p>
        <a href={`/${locale}/account`}>{t("backToTimeline")}</a>
      </p>
      {cancelled ? <Notice title={t("cancelledTitle")}>{t("cancelledLead", { email: appointment.email })}</Notice> : null}
      <div className="mt-4">
        <SummaryList rows={rows} />
      </div>
      {appointment.changeable ? (
        confirming ? (
          <section aria-labelledby="cancel-title" className="mt-8 max-w-prose">
            <h2 id="cancel-title" className="text-2xl font-bold">{t("cancelConfirmTitle")}</h2>
            <p className="mt-2">{t("cancelConfirmLead")}</p>
            <ActionForm action={cancelMyAppointmentAction} submitLabel={t("cancelConfirm")} submitStyle="warning" labels={await formLabels(locale)} hidden={{ id: appointment.id }} />
            <p className="mt-4">
              <a href={`/${locale}/account/appointments/${appointment.id}`}>{t("cancelKeep")}</a>
            </p>
          </section>
        ) : (
          <p className="mt-8">
            <a href={`/${locale}/account/appointments/${appointment.id}?cancel=1`}>{t("cancelStart")}</a>
          </p>
        )
      ) : null}
    </AccountFrame>
  );
}
