// The appointment as an .ics file ("add to calendar"), for the holder of its manage link.
import { getTranslations } from "next-intl/server";
import { appointmentIcs } from "@/lib/appointments/calendar";
import { findBookingForCalendar } from "@/lib/appointments/service/calendar-file";
import { getTenantBySlug, tenantName, tenantOrigin } from "@/lib/tenancy/registry";

type TParams = Promise<{ tenant: string; locale: string; token: string }>;

export async function GET(_request: Request, { params }: { params: TParams }) {
  const { tenant: slug, locale, token } = await params;
  const tenant = await getTenantBySlug(slug);
  const found = tenant ? await findBookingForCalendar(tenant, token, locale) : null;
  if (!tenant || !found) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  const t = await getTranslations({ locale: found.locale, namespace: "Booking" });
  const body = appointmentIcs({
    uid: found.uid,
    start: found.appointment.startsAt,
    end: found.appointment.endsAt,
    title: `${found.service} (${tenantName(tenant, found.locale)})`,
    location: found.place,
    description: [`${t("reference")}: ${found.appointment.reference}`, found.whatToBring].filter(Boolean).join("\n\n"),
    url: `${tenantOrigin(tenant)}/${found.locale}/appointments/manage/${token}`,
    cancelled: found.appointment.status === "cancelled",
  });
  return new Response(body, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="appointment-${found.appointment.reference}.ics"`,
      "cache-control": "private, no-store",
      "referrer-policy": "no-referrer",
    },
  });
}
