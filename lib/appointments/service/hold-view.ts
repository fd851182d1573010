// The state of a booking in progress, for its pages.
import type { THoldRow } from "@/lib/appointments/repo";
import { formatTime, formatWhen } from "@/lib/appointments/service/citizen-view";
import { stepQuery } from "@/lib/appointments/service/booking-steps";
import { localDate } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";

export function holdView(tenant: TTenant, hold: THoldRow, token: string, locale: string, now = new Date()) {
  const ctx = { siteId: hold.siteId, draft: token };
  const base = `/${locale}/appointments/${hold.serviceId}`;
  return {
    when: hold.startsAt ? formatWhen(hold.startsAt, locale, tenant) : "",
    // A place offered from the waiting list is held for hours: say the day too.
    until: hold.expiresAt ? (hold.waiterId ? formatWhen(hold.expiresAt, locale, tenant) : formatTime(hold.expiresAt, locale, tenant)) : "",
    expired: !hold.expiresAt || hold.expiresAt <= now,
    timesHref: hold.startsAt ? `${base}/times?${stepQuery(ctx, { day: localDate(hold.startsAt, tenant.timeZone) })}` : `${base}/days?${stepQuery(ctx)}`,
    daysHref: `${base}/days?${stepQuery(ctx)}`,
    serviceHref: `${base}?${stepQuery(ctx)}`,
    detailsHref: `/${locale}/appointments/booking/${token}/details`,
    typed: (hold.details ?? {}) as Record<string, string>,
  };
}
