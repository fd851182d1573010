// next-intl's request configuration. The locale comes from the [locale] route segment, which the
// custom server has already checked against the town's enabled languages.
import { getRequestConfig } from "next-intl/server";
import { isPlatformLocale, SOURCE_LOCALE } from "@/lib/i18n/locales";
import { loadLiveMessages } from "@/lib/i18n/messages";
import { currentSite } from "@/lib/tenancy/current";

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = (await requestLocale) ?? "";
  const site = await currentSite().catch(() => null);
  const tenantId = site?.kind === "tenant" ? site.tenant.id : null;
  // A town's languages are those it enabled (platform languages, some added by the operator); the
  // platform's own pages and status pages use the built-in ones.
  const locale = (site?.kind === "tenant" ? site.tenant.enabledLocales.includes(requested) : isPlatformLocale(requested)) ? requested : SOURCE_LOCALE;
  return {
    locale,
    // The town's texts: its own wording, then the platform's translations, then the files.
    messages: await loadLiveMessages(locale, tenantId),
    // Date-only values (stored at midnight UTC) are formatted in UTC. Instants are formatted in the
    // town's time zone through lib/core/dates.ts, never in the server's.
    timeZone: "UTC",
  };
});
