import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { ContactSummary } from "@/components/site/contact-details";
import { listTenantServices } from "@/lib/modules";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";
import { LeanPageMarker } from "@/components/lean-page-marker";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Home" });
  return { title: { absolute: `${t("title")} – ${tenantName(tenant, locale)}` } };
}

export default async function TownHomePage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "Home" });
  const name = tenantName(tenant, locale);
  const services = listTenantServices(tenant, locale);
  const ts = await getTranslations({ locale, namespace: "Services" });
  return (
    <>
      <LeanPageMarker />
      <PublicCacheMarker />
      <h1 className="text-3xl font-bold sm:text-4xl">{name}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("intro", { town: name })}</p>

      <section aria-labelledby="services" className="mt-10">
        <h2 id="services" className="text-2xl">{t("servicesHeading")}</h2>
        {services.length === 0 ? (
          <p className="mt-3 max-w-prose">{t("noServices")}</p>
        ) : (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2">
            {services.map((service) => (
              <li key={service.href} className="rounded-town border border-line p-4">
                <a href={`/${locale}${service.href}`} className="text-lg font-bold">
                  {ts(service.title)}
                </a>
                <p className="mt-1">{ts(service.description)}</p>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="contact" className="mt-10 rounded-town bg-secondary p-6 text-on-secondary">
        <h2 id="contact" className="text-2xl">{t("contactHeading")}</h2>
        <ContactSummary tenant={tenant} locale={locale} />
        <p className="mt-4">
          <a href={`/${locale}/contact`} className="text-on-secondary">{t("contactLink")}</a>
        </p>
      </section>
    </>
  );
}
