import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import { PublicCacheMarker } from "@/components/public-cache-marker";
import { languageOptions } from "@/components/site/languages";
import { isPlatformLocale } from "@/lib/i18n/locales";
import { listActiveTenants, tenantName, tenantOrigin } from "@/lib/tenancy/registry";

export default async function PlatformHomePage({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isPlatformLocale(locale)) notFound();
  setRequestLocale(locale);
  const t = await getTranslations({ locale, namespace: "Platform" });
  const towns = (await listActiveTenants())
    .map((tenant) => ({ tenant, name: tenantName(tenant, locale) }))
    .sort((a, b) => a.name.localeCompare(b.name, locale));
  return (
    <>
      <PublicCacheMarker />
      <h1 className="text-3xl font-bold sm:text-4xl">{t("tagline")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("intro")}</p>
      <h2 className="mt-10 text-2xl">{t("townsHeading")}</h2>
      {towns.length === 0 ? (
        <p className="mt-3">{t("noTowns")}</p>
      ) : (
        <ul className="mt-4 grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {towns.map(({ tenant, name }) => (
            <li key={tenant.id} className="flex items-center gap-4 rounded-town border border-line p-4">
              <img src={tenant.theme.logoUrl} alt="" width={48} height={48} className="h-12 w-12 shrink-0" />
              <div>
                <a href={`${tenantOrigin(tenant)}/`} className="text-lg font-bold">
                  {name}
                </a>
                <p className="text-sm text-muted">
                  {languageOptions(tenant.enabledLocales).map((l) => l.name).join(" · ")}
                </p>
              </div>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
