// Agents' calendar feeds: an ICS address with a secret token for the bookings of a site, a service or
// one desk, to subscribe to from a calendar application. The token is random (256 bits), shown once,
// stored as a SHA-256 hash. Each fetch checks again that the feed is not revoked, that its agent is
// still active and still holds appointments:manage for what it shows; otherwise "not found". The
// feed carries no e-mail address or phone number.
import { createEvents, type EventAttributes } from "ics";
import { z } from "zod";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { can } from "@/lib/auth/permissions";
import type { TAgentActor } from "@/lib/auth/session";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { getEnv } from "@/lib/core/env";
import { FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { translator } from "@/lib/i18n/translator";
import { desksOf, feedAppointments, findFeedByHash, findSite, insertFeed, listFeedsOfAgent, revokeFeed, touchFeed } from "@/lib/appointments/repo";
import { mayWorkOn, servicesFor } from "@/lib/appointments/service/agent-scope";
import { sitesOf } from "@/lib/appointments/service/calendar-view";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { tenantName, tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

const DAY = 86_400_000;
/** What a feed shows: from a week ago to two months ahead. */
export const FEED_PAST_DAYS = 7;
export const FEED_FUTURE_DAYS = 60;

const blank = (v: unknown) => (v === "" || v === null ? undefined : v);

export const ZFeedInput = z.object({
  name: z.string().trim().min(1, "nameRequired").max(100, "tooLong"),
  siteId: z.preprocess(blank, ZId.optional()),
  serviceId: z.preprocess(blank, ZId.optional()),
  desk: z.preprocess(blank, z.coerce.number({ message: "number" }).int("number").min(1, "number").max(999, "number").optional()),
});
export type TFeedInput = z.infer<typeof ZFeedInput>;
export const ZFeedRevoke = z.object({ id: ZId });

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The address of a feed (the token is the secret). */
export function feedUrl(tenant: Pick<TTenant, "slug">, token: string): string {
  return `${tenantOrigin(tenant)}/api/feeds/${token}.ics`;
}

/** A new feed of the agent for a site or a service of their scope (and maybe one desk); its URL once. */
export async function createFeed(tenant: TTenant, actor: Pick<TAgentActor, "id" | "grants">, input: TFeedInput): Promise<{ id: string; key: string; prefix: string }> {
  if (!input.siteId && !input.serviceId) throw new FieldsError({ siteId: { key: "feedTarget" } });
  const services = await servicesFor(tenant.id, actor, "appointments:manage");
  if (input.serviceId && !services.some((s) => s.id === input.serviceId)) throw new FieldsError({ serviceId: { key: "choose" } });
  if (input.siteId && !sitesOf(services).some((s) => s.id === input.siteId)) throw new FieldsError({ siteId: { key: "choose" } });
  const service = services.find((s) => s.id === input.serviceId);
  if (service && input.siteId && !service.sites.some((l) => l.siteId === input.siteId)) throw new FieldsError({ serviceId: { key: "serviceNotAtSite" } });
  const token = newSecret();
  const prefix = token.slice(0, 8);
  const row = await insertFeed({ tenantId: tenant.id, agentId: actor.id, name: input.name, siteId: input.siteId ?? null, serviceId: input.serviceId ?? null, desk: input.desk ?? null, prefix, tokenHash: hashSecret(token) });
  return { id: row.id, key: feedUrl(tenant, token), prefix };
}

/** The feeds page: the agent's feeds (what each shows, named), and the sites and services to choose from. */
export async function feedsPage(tenant: TTenant, actor: Pick<TAgentActor, "id" | "grants">, locale: string) {
  const [services, feeds] = await Promise.all([servicesFor(tenant.id, actor, "appointments:manage"), listFeedsOfAgent(tenant.id, actor.id)]);
  const sites = sitesOf(services);
  const text = (value: unknown) => textIn(tenant, value, locale)?.text ?? "";
  const serviceNames = new Map(services.map((s) => [s.id, text(s.names)]));
  const siteNames = new Map(sites.map((s) => [s.id, text(s.names)]));
  for (const feed of feeds) {
    // A site archived since (no longer among the options): named anyway.
    if (feed.siteId && !siteNames.has(feed.siteId)) {
      const site = await findSite(tenant.id, feed.siteId);
      if (site) siteNames.set(site.id, text(site.names));
    }
  }
  return {
    sites: sites.map((s) => ({ id: s.id, name: siteNames.get(s.id) ?? "" })),
    services: services.map((s) => ({ id: s.id, name: serviceNames.get(s.id) ?? "" })),
    feeds: feeds.map((f) => ({ ...f, siteName: f.siteId ? (siteNames.get(f.siteId) ?? null) : null, serviceName: f.serviceId ? (serviceNames.get(f.serviceId) ?? null) : null })),
  };
}

/** Revokes one of the agent's own feeds; another agent's or town's is "not found". */
export async function revokeOwnFeed(tenantId: string, agentId: string, id: string): Promise<void> {
  if ((await revokeFeed(tenantId, agentId, id)).count === 0) throw new NotFoundError();
}

export type TFeedBody = { name: string; body: string };

/**
 * The ICS of the feed behind `token` in this town, or null (unknown, revoked, another town's, its agent
 * deactivated or no longer allowed to see what it shows, module switched off).
 */
export async function feedCalendar(tenant: TTenant, rawToken: string, now = new Date()): Promise<TFeedBody | null> {
  if (!tenant.modules.includes("appointments")) return null;
  const token = rawToken.endsWith(".ics") ? rawToken.slice(0, -4) : rawToken;
  if (!TOKEN.test(token)) return null;
  const feed = await findFeedByHash(tenant.id, hashSecret(token));
  if (!feed) return null;
  const agent = await getAgentForSession(tenant.id, feed.agentId);
  if (!agent || !can(agent.grants, "appointments:manage")) return null;
  if (feed.serviceId && !mayWorkOn(agent, "appointments:manage", feed.serviceId)) return null;
  const inScope = await servicesFor(tenant.id, agent, "appointments:manage");
  const services = feed.serviceId ? inScope.filter((s) => s.id === feed.serviceId) : inScope;
  if (services.length === 0) return null;
  await touchFeed(tenant.id, feed.id);

  const rows = await feedAppointments(tenant.id, {
    serviceIds: services.map((s) => s.id),
    siteId: feed.siteId,
    desk: feed.desk,
    from: new Date(now.getTime() - FEED_PAST_DAYS * DAY),
    to: new Date(now.getTime() + FEED_FUTURE_DAYS * DAY),
  });
  const desks = await desksOf(tenant.id, rows.map((r) => r.id));
  const locale = agent.locale && tenant.enabledLocales.includes(agent.locale) ? agent.locale : tenant.defaultLocale;
  const t = await translator(locale, "AppointmentFeeds");
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const siteNames = new Map(sitesOf(services).map((s) => [s.id, textIn(tenant, s.names, locale)?.text ?? ""]));
  const parts = (d: Date): [number, number, number, number, number] => [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()];
  const domain = getEnv().ROOT_DOMAIN;
  const events: EventAttributes[] = rows.map((a) => {
    const service = serviceById.get(a.serviceId);
    const serviceName = service ? (textIn(tenant, service.names, locale)?.text ?? "") : "";
    const who = `${a.firstName} ${a.lastName}`.trim();
    const seats = desks.get(a.id) ?? [];
    const description = [
      t("icsPeople", { count: a.people }),
      seats.length > 0 ? t("icsDesk", { desks: seats.join(", ") }) : null,
      a.overbooked ? t("icsOverbooked") : null,
    ].filter(Boolean).join("\n");
    return {
      uid: `${a.id}@${domain}`,
      start: parts(a.startsAt),
      startInputType: "utc",
      startOutputType: "utc",
      end: parts(a.endsAt),
      endInputType: "utc",
      endOutputType: "utc",
      title: [serviceName, who, a.reference].filter(Boolean).join(" – "),
      description,
      location: siteNames.get(a.siteId) || undefined,
      status: "CONFIRMED",
      // Grows with each change (seconds since 2023), so calendars replace the copy they have.
      sequence: Math.max(0, Math.floor(a.updatedAt.getTime() / 1000) - 1_672_531_200),
      productId: "civitas/appointments",
    };
  });
  const calendarName = `${feed.name} (${tenantName(tenant, locale)})`;
  const { error, value } = createEvents(events, { calName: calendarName, productId: "civitas/appointments", method: "PUBLISH" });
  if (error || !value) throw error ?? new Error("could not build the feed");
  return { name: feed.name, body: value };
}
