import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { TownText } from "@/components/appointments/summary-list";
import { listServiceViews } from "@/lib/appointments/service/citizen-view";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import type { TTenantParams } from "@/lib/tenancy/current";
import { LeanPageMarker } from "@/components/lean-page-marker";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  return { title: t("servicesTitle") };
}

export default async function AppointmentServicesPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const t = await getTranslations({ locale, namespace: "Booking" });
  const services = await listServiceViews(tenant, locale);
  return (
    <>
      <LeanPageMarker />
      <PublicCacheMarker />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("servicesTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("servicesLead")}</p>
      {services.length === 0 ? (
        <p className="mt-6">{t("noServices")}</p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2">
          {services.map((service) => (
            <li key={service.id} className="rounded-town border border-line p-4">
              <h2 className="text-xl font-bold" lang={service.name && service.name.lang !== locale ? service.name.lang : undefined}>
                <a href={`/${locale}/appointments/${service.id}`}>{service.name?.text}</a>
              </h2>
              <TownText text={service.description} locale={locale} className="mt-1" />
              <p className="mt-2 text-muted">{t("duration", { minutes: service.durationMinutes })}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
