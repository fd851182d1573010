// The appointment services of a town (with their sites and opening rules) and its coming closures,
// held in each process's memory: every slot list and every booking reads them, and they change
// rarely. A change publishes an "appointments" invalidation (LISTEN/NOTIFY, lib/core/invalidation.ts)
// that every process applies; an unknown service id is looked up in the database before answering
// "not found", and the copy is reloaded at least every minute in case an event was ever missed.
import { databaseUrl, db } from "@/lib/core/db";
import { publishInvalidation, subscribeInvalidation } from "@/lib/core/invalidation";
import { getLogger } from "@/lib/core/logger";
import { findSite, listClosures, listComingClosures, listComingReleases, listServices, type TReleaseRow, type TServiceRow, type TSiteRow } from "@/lib/appointments/repo";
import type { TClosureInput } from "@/lib/appointments/slots";

type TDefinitions = {
  services: Map<string, TServiceRow>;
  /** Closures ending after the load (with the service they close, null: every service). */
  closures: (TClosureInput & { serviceId: string | null })[];
  /** Announced releases whose waiting room had not closed at the load. */
  releases: TReleaseRow[];
  loadedAt: number;
};

type TState = { towns: Map<string, Promise<TDefinitions>>; subscribed?: Promise<unknown> };
const store = globalThis as typeof globalThis & { __civitasAppointmentDefinitions?: TState };
function state(): TState {
  store.__civitasAppointmentDefinitions ??= { towns: new Map() };
  return store.__civitasAppointmentDefinitions;
}

const MAX_AGE_MS = 60_000;

function subscribe(): void {
  const s = state();
  s.subscribed ??= subscribeInvalidation(databaseUrl(), (event) => {
    if (event.scope === "appointments") s.towns.delete(event.tenantId);
    else if (event.scope === "all") s.towns.clear();
  }).catch((error) => {
    s.subscribed = undefined;
    getLogger().error({ err: error }, "appointments: cannot listen for changes");
  });
}

async function load(tenantId: string): Promise<TDefinitions> {
  const now = Date.now();
  const [services, closures, releases] = await Promise.all([listServices(tenantId), listComingClosures(tenantId, new Date(now - 86_400_000)), listComingReleases(tenantId, new Date(now))]);
  return { services: new Map(services.map((s) => [s.id, s])), closures, releases, loadedAt: now };
}

async function definitions(tenantId: string, fresh = false): Promise<TDefinitions> {
  subscribe();
  const s = state();
  let current = fresh ? undefined : s.towns.get(tenantId);
  if (current) {
    const value = await current.catch(() => null);
    if (value && value.loadedAt > Date.now() - MAX_AGE_MS) return value;
  }
  current = load(tenantId);
  s.towns.set(tenantId, current);
  current.catch(() => s.towns.delete(tenantId));
  return current;
}

/** The town's services (not archived), in their order. */
export async function townServices(tenantId: string): Promise<TServiceRow[]> {
  return [...(await definitions(tenantId)).services.values()].filter((s) => !s.archivedAt);
}

/** Every service of the town, archived ones last (admin lists). */
export async function allTownServices(tenantId: string): Promise<TServiceRow[]> {
  const all = [...(await definitions(tenantId)).services.values()];
  return [...all.filter((s) => !s.archivedAt), ...all.filter((s) => s.archivedAt)];
}

/** One service of the town, archived ones too (an existing booking's), or null (never another town's). */
export async function anyTownService(tenantId: string, serviceId: string): Promise<TServiceRow | null> {
  const cached = (await definitions(tenantId)).services.get(serviceId);
  if (cached) return cached;
  // Created a moment ago on another server, its event not here yet: look again.
  return (await definitions(tenantId, true)).services.get(serviceId) ?? null;
}

/** One bookable (not archived) service of the town, or null (never another town's). */
export async function townService(tenantId: string, serviceId: string): Promise<TServiceRow | null> {
  const service = await anyTownService(tenantId, serviceId);
  return service && !service.archivedAt ? service : null;
}

/** Closures of the town that close `serviceId` (or every service) and end after `from`. */
export async function townClosures(tenantId: string, serviceId: string, from: Date, to: Date): Promise<TClosureInput[]> {
  if (from.getTime() < Date.now() - 86_400_000) {
    // Older than the copy keeps (the API may list past days): ask the database.
    return listClosures(tenantId, serviceId, from, to);
  }
  return (await definitions(tenantId)).closures.filter((c) => (c.serviceId === null || c.serviceId === serviceId) && c.startsAt < to && c.endsAt > from);
}

/** The site of an appointment of `service`: from the service's own sites, else (since unlinked) the database. */
export async function siteOfService(tenantId: string, service: TServiceRow, siteId: string): Promise<TSiteRow | null> {
  return service.sites.find((s) => s.siteId === siteId)?.site ?? findSite(tenantId, siteId);
}

/** Tells every process that a town's appointment settings changed (after the transaction commits). */
export async function announceChange(tenantId: string): Promise<void> {
  await publishInvalidation(db(), { scope: "appointments", tenantId });
}

/** A service's announced releases whose waiting room has not closed at `now`, soonest first. */
export async function townReleases(tenantId: string, serviceId: string, now = new Date()): Promise<TReleaseRow[]> {
  return (await definitions(tenantId)).releases.filter((r) => r.serviceId === serviceId && r.opensAt.getTime() + r.queueAfterMinutes * 60_000 > now.getTime());
}
