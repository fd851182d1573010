// The heading of a service's editor pages and the links between them.
import { getTranslations } from "next-intl/server";
import type { TServiceRow } from "@/lib/appointments/repo";
import { textIn } from "@/lib/appointments/service/citizen-view";
import type { TTenant } from "@/lib/tenancy/registry";

const TABS = [
  { path: "", key: "tabSettings" },
  { path: "hours", key: "tabHours" },
  { path: "closures", key: "tabClosures" },
  { path: "fields", key: "tabFields" },
  { path: "releases", key: "tabReleases" },
] as const;

export async function ServiceTabs({ locale, tenant, service, current }: { locale: string; tenant: TTenant; service: TServiceRow; current: (typeof TABS)[number]["path"] }) {
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const base = `/${locale}/admin/appointment-services/${service.id}`;
  const name = textIn(tenant, service.names, locale);
  return (
    <>
      <p>
        <a href={`/${locale}/admin/appointment-services`}>{t("backToServices")}</a>
      </p>
      <h1 className="mt-2 text-3xl font-bold" lang={name && name.lang !== locale ? name.lang : undefined}>
        {name?.text}
      </h1>
      <nav aria-label={t("serviceSections")} className="mt-4 border-b-2 border-line">
        <ul className="flex flex-wrap gap-x-6">
          {TABS.map((tab) => (
            <li key={tab.key}>
              <a
                href={tab.path ? `${base}/${tab.path}` : base}
                aria-current={tab.path === current ? "page" : undefined}
                className={`inline-block py-2 ${tab.path === current ? "border-b-4 border-primary font-bold no-underline" : ""}`}
              >
                {t(tab.key)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
