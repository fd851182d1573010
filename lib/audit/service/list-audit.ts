// The audit page and its CSV export: filters from the query string, dates in the town's time zone.
import { z } from "zod";
import { distinctActions, iterateAuditEntries, listAuditEntries, type TAuditFilter } from "@/lib/audit/repo";
import { startOfDayInZone, startOfNextDayInZone } from "@/lib/core/dates";

const optional = (schema: z.ZodType) => z.preprocess((v) => (v === "" || v === undefined ? undefined : v), schema.optional());

export const ZAuditQuery = z.object({
  actor: optional(z.string().trim().max(254)),
  action: optional(z.string().trim().max(100)),
  targetType: optional(z.string().trim().max(64)),
  targetId: optional(z.string().trim().max(64)),
  from: optional(z.iso.date()),
  to: optional(z.iso.date()),
  before: optional(z.string().regex(/^\d{1,19}$/)),
  after: optional(z.string().regex(/^\d{1,19}$/)),
});
export type TAuditQuery = { actor?: string; action?: string; targetType?: string; targetId?: string; from?: string; to?: string; before?: string; after?: string };

/** Parses the query string; a malformed filter is dropped (and reported), never a 500. */
export function parseAuditQuery(raw: Record<string, string | string[] | undefined>): { query: TAuditQuery; invalid: string[] } {
  const flat = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const query: TAuditQuery = {};
  const invalid: string[] = [];
  for (const key of Object.keys(ZAuditQuery.shape) as (keyof TAuditQuery)[]) {
    const parsed = ZAuditQuery.shape[key].safeParse(flat[key]);
    if (parsed.success) {
      if (parsed.data !== undefined) query[key] = parsed.data as string;
    } else invalid.push(key);
  }
  return { query, invalid };
}

export function toFilter(query: TAuditQuery, timeZone: string): TAuditFilter {
  return {
    actor: query.actor,
    action: query.action,
    targetType: query.targetType,
    targetId: query.targetId,
    from: query.from ? startOfDayInZone(query.from, timeZone) : undefined,
    to: query.to ? startOfNextDayInZone(query.to, timeZone) : undefined,
  };
}

export const AUDIT_PAGE_SIZE = 50;

export async function auditPage(tenantId: string, timeZone: string, query: TAuditQuery, size = AUDIT_PAGE_SIZE) {
  return listAuditEntries(tenantId, toFilter(query, timeZone), {
    size,
    before: query.before ? BigInt(query.before) : undefined,
    after: query.after ? BigInt(query.after) : undefined,
  });
}

export function auditExport(tenantId: string, timeZone: string, query: TAuditQuery) {
  return iterateAuditEntries(tenantId, toFilter(query, timeZone));
}

export const auditActions = (tenantId: string) => distinctActions(tenantId);
