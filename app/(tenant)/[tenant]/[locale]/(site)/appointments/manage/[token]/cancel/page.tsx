import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { BackLink } from "@/components/appointments/summary-list";
import { cancelAction } from "@/lib/appointments/actions";
import { requireAppointment, formatWhen, serviceView } from "@/lib/appointments/service/citizen-view";
import { isChangeable } from "@/lib/appointments/service/manage-appointment";
import { requireTenantPage } from "@/lib/tenancy/current";
import { formLabels } from "@/lib/i18n/form-labels";
import { LeanPageMarker } from "@/components/lean-page-marker";

type TParams = Promise<{ tenant: string; locale: string; token: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("cancelTitle"), referrer: "same-origin" };
}

/** Cancelling asks for a confirmation: following the link alone (a mail scanner does) changes nothing. */
export default async function CancelPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { token } = await params;
  const t = await getTranslations({ locale, namespace: "Booking" });
  const { appointment, service } = await requireAppointment(tenant, token);
  const manage = `/${locale}/appointments/manage/${token}`;
  if (!isChangeable(appointment)) redirect(manage);
  const name = serviceView(tenant, service, locale).name?.text ?? "";
  return (
    <>
      <LeanPageMarker />
      <BackLink href={manage} label={t("keepAppointment")} />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("cancelTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("cancelLead", { service: name, when: formatWhen(appointment.startsAt, locale, tenant), reference: appointment.reference })}</p>
      <ActionForm action={cancelAction} submitLabel={t("confirmCancel")} submitStyle="warning" labels={await formLabels(locale)} hidden={{ token }} className="mt-6" />
      <p className="mt-6">
        <a href={manage}>{t("keepAppointment")}</a>
      </p>
    </>
  );
}
