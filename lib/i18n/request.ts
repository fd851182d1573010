// next-intl's request configuration. The locale comes from the [locale] route segment, which the
// custom server has already checked against the town's enabled languages.
import { getRequestConfig } from "next-intl/server";
import { isPlatformLocale, SOURCE_LOCALE } from "@/lib/i18n/locales";
import { loadMessages } from "@/lib/i18n/messages";

export default getRequestConfig(async ({ requestLocale }) => {
  const requested = await requestLocale;
  const locale = requested && isPlatformLocale(requested) ? requested : SOURCE_LOCALE;
  return {
    locale,
    messages: await loadMessages(locale),
    // Date-only values (stored at midnight UTC) are formatted in UTC. Instants are formatted in the
    // town's time zone through lib/core/dates.ts, never in the server's.
    timeZone: "UTC",
  };
});
