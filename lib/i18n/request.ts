// next-intl's request configuration. The locale comes from the [locale] route segment, which the
// custom server has already checked against the town's enabled languages.
import { getRequestConfig } from "next-intl/server";
import { isPlatformLocale, SOURCE_LOCALE } from "@/lib/i18n/locales";
import { loadLiveMessages } from "@/lib/i18n/messages";
import { currentSite } from "@/lib/tenancy/current";

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = requested && isPlatformLocale(requested) ? requested : SOURCE_LOCALE;
  return {
    locale,
    // The town's texts: its own wording, then the platform's translations, then the files.
    messages: await loadLiveMessages(locale, await siteTenantId()),
    // Date-only values (stored at midnight UTC) are formatted in UTC. Instants are formatted in the
    // town's time zone through lib/core/dates.ts, never in the server's.
    timeZone: "UTC",
  };
});

/** The town of the request (null on the platform's pages and for status pages without a town). */
async function siteTenantId(): Promise<string | null> {
  const site = await currentSite().catch(() => null);
  return site?.kind === "tenant" ? site.tenant.id : null;
}
