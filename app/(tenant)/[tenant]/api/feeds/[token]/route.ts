// GET /api/feeds/<token>.ics: an agent's calendar feed (lib/appointments/service/feeds.ts). The token
// in the address is the only credential (calendar applications send no cookie); anything wrong with
// it — unknown, revoked, another town's, an agent no longer allowed — answers the same 404.
import { feedCalendar } from "@/lib/appointments/service/feeds";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

const NOT_FOUND = () =>
  new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store", "x-content-type-options": "nosniff" } });

export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string; token: string }> }) {
  const { tenant: slug, token } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active") return NOT_FOUND();
  const feed = await feedCalendar(tenant, token);
  if (!feed) return NOT_FOUND();
  return new Response(feed.body, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": 'inline; filename="appointments.ics"',
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
    },
  });
}
