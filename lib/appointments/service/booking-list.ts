// The agents' list of bookings: filters from the address (service, site, dates, status, search),
// always narrowed to the services the agent may work on. The list page, the exports and the
// statistics read bookings through here.
import { z } from "zod";
import type { TAgentActor } from "@/lib/auth/session";
import { countAppointments, searchAppointments, type TAppointmentQuery, type TAppointmentRow } from "@/lib/appointments/repo";
import { serviceIdsFor } from "@/lib/appointments/service/agent-scope";
import { addDays, isIsoDate, localInstant } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";

export const BOOKING_STATUSES = ["booked", "cancelled", "arrived", "no_show", "overbooked"] as const;

const optionalId = z.preprocess((v) => (v === "" ? undefined : v), z.uuid().optional()).catch(undefined);
const optionalDate = z.preprocess((v) => (v === "" ? undefined : v), z.string().refine(isIsoDate).optional()).catch(undefined);

/** Filters as typed in the address; anything malformed is ignored (never an error page). */
export const ZBookingFilters = z.object({
  service: optionalId,
  site: optionalId,
  from: optionalDate,
  to: optionalDate,
  status: z.preprocess((v) => (v === "" ? undefined : v), z.enum(BOOKING_STATUSES).optional()).catch(undefined),
  q: z.preprocess((v) => (typeof v === "string" ? v.trim().slice(0, 100) || undefined : undefined), z.string().optional()),
});
export type TBookingFilters = z.infer<typeof ZBookingFilters>;

export function parseBookingFilters(params: Record<string, string | string[] | undefined>): TBookingFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return ZBookingFilters.parse(flat);
}

/** The filters as an address query (for links that keep them: pages, exports). */
export function filtersQuery(filters: TBookingFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  return params;
}

/** The database query: the agent's services (or the one filtered, if in scope), dates in the town's zone. */
export function bookingQuery(tenant: TTenant, actor: Pick<TAgentActor, "grants">, filters: TBookingFilters): TAppointmentQuery {
  const scope = serviceIdsFor(actor, "appointments:manage");
  let serviceIds: string[] | null = scope === "all" ? null : scope;
  if (filters.service) serviceIds = scope === "all" || scope.includes(filters.service) ? [filters.service] : [];
  return {
    serviceIds,
    siteId: filters.site ?? null,
    from: filters.from ? localInstant(filters.from, "00:00", tenant.timeZone) : null,
    to: filters.to ? localInstant(addDays(filters.to, 1), "00:00", tenant.timeZone) : null,
    status: filters.status ?? null,
    q: filters.q ?? null,
  };
}

export const PAGE_SIZE = 50;

export async function listBookings(tenant: TTenant, actor: Pick<TAgentActor, "grants">, filters: TBookingFilters, after?: { startsAt: Date; id: string } | null): Promise<{ rows: TAppointmentRow[]; total: number; next: string | null }> {
  const query = bookingQuery(tenant, actor, filters);
  const [rows, total] = await Promise.all([searchAppointments(tenant.id, query, { limit: PAGE_SIZE + 1, after }), countAppointments(tenant.id, query)]);
  const last = rows.length > PAGE_SIZE ? rows[PAGE_SIZE - 1] : null;
  return { rows: rows.slice(0, PAGE_SIZE), total, next: last ? `${last.startsAt.toISOString()}_${last.id}` : null };
}

/** The "after" cursor of the address ("<ISO instant>_<id>"), or null. */
export function parseCursor(value: string | string[] | undefined): { startsAt: Date; id: string } | null {
  const raw = Array.isArray(value) ? value[0] : value;
  const match = raw?.match(/^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/);
  if (!match) return null;
  const startsAt = new Date(match[1]!);
  return Number.isNaN(startsAt.getTime()) || !z.uuid().safeParse(match[2]).success ? null : { startsAt, id: match[2]! };
}
