// GET /<locale>/appointments/<serviceId>/queue: joins the service's open waiting room (an announced
// release) and goes to the waiting page (303). A visitor already in it, and not spent, keeps their
// place; without an open waiting room, straight to the choice of a day.
import { cookies } from "next/headers";
import { ZId } from "@/lib/core/form-schemas";
import { getEnv } from "@/lib/core/env";
import { readRequestInfo } from "@/lib/core/request";
import { overLimit } from "@/lib/appointments/limits";
import { townService } from "@/lib/appointments/service/definitions";
import { admission, entryOfToken, joinQueue, queueCookieName, signToken } from "@/lib/appointments/service/waiting-room";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

type TParams = Promise<{ tenant: string; locale: string; serviceId: string }>;

const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "private, no-store" } });

export async function GET(request: Request, { params }: { params: TParams }) {
  const { tenant: slug, locale, serviceId } = await params;
  const tenant = await getTenantBySlug(slug);
  const service = tenant && tenant.status === "active" && tenant.modules.includes("appointments") && tenant.enabledLocales.includes(locale) && ZId.safeParse(serviceId).success ? await townService(tenant.id, serviceId) : null;
  if (!tenant || !service) return new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  const site = new URL(request.url).searchParams.get("site");
  const siteQuery = site && ZId.safeParse(site).success ? `?site=${site}` : "";
  const base = `/${locale}/appointments/${service.id}`;
  const jar = await cookies();
  const now = new Date();
  const gate = await admission(tenant.id, service.id, (name) => jar.get(name)?.value, now);
  if (gate.kind === "open") return seeOther(`${base}/days${siteQuery}`);
  if (gate.kind === "admitted") return seeOther(`${base}/days${siteQuery}`);
  // Already in the room (waiting, not spent): keep the place.
  if (!gate.spent && jar.get(queueCookieName(gate.release))) {
    if (await entryOfToken(gate.release, jar.get(queueCookieName(gate.release))?.value)) return seeOther(`${base}/waiting-room${siteQuery}`);
  }
  // Each join writes a row: limited per client address like the holds.
  const wait = await overLimit("hold", `queue:${readRequestInfo(request.headers).ip ?? "unknown"}`);
  if (wait > 0) return seeOther(`/${locale}/too-many-requests?wait=${wait}&reason=address`);
  const entry = await joinQueue(gate.release, now);
  const closes = new Date(gate.release.opensAt.getTime() + gate.release.queueAfterMinutes * 60_000);
  jar.set(queueCookieName(gate.release), signToken(gate.release, entry), {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().PUBLIC_PROTOCOL === "https",
    path: "/",
    expires: closes,
  });
  return seeOther(`${base}/waiting-room${siteQuery}`);
}
