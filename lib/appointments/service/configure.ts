// Setting up sites, services, opening rules and closures. Used by the demo seed, the tests and the
// command line; every reference to another row is checked against the town.
import { z } from "zod";
import { inTransaction } from "@/lib/core/db";
import { ZLocalizedText, type TLocalizedText } from "@/lib/i18n/localized";
import {
  findImportedClosure,
  findService,
  insertClosure,
  insertRule,
  insertService,
  insertSite,
  siteBelongsToTenant,
  updateClosure,
} from "@/lib/appointments/repo";
import { customFieldsOf, type TCustomField } from "@/lib/appointments/schemas";
import { isIsoDate, weeklyProblems, type TWeekly } from "@/lib/appointments/slots";
import { parseClosuresIcs } from "@/lib/appointments/ics-closures";
import { announceChange } from "@/lib/appointments/service/definitions";

export type TSiteInput = {
  names: TLocalizedText;
  address?: TLocalizedText;
  latitude?: number | null;
  longitude?: number | null;
  access?: TLocalizedText;
  accessibility?: TLocalizedText;
  phone?: string | null;
};

export async function createSite(tenantId: string, input: TSiteInput) {
  ZLocalizedText.parse(input.names);
  return inTransaction(async () => {
    const site = await insertSite({ tenantId, ...input, latitude: input.latitude ?? null, longitude: input.longitude ?? null, phone: input.phone ?? null });
    await announceChange(tenantId);
    return site;
  });
}

export type TServiceInput = {
  names: TLocalizedText;
  descriptions?: TLocalizedText;
  whatToBring?: TLocalizedText;
  confirmationTexts?: TLocalizedText;
  cancellationTexts?: TLocalizedText;
  durationMinutes: number;
  maxPeople?: number;
  loginRequired?: boolean;
  phoneField?: "off" | "optional" | "required";
  antsField?: "off" | "optional" | "required";
  customFields?: TCustomField[];
  closedOnHolidays?: boolean;
  minNoticeHours?: number;
  horizonWeeks?: number;
  maxActivePerCitizen?: number;
  limitPeriodDays?: number;
  minDaysBetween?: number;
  holdMinutes?: number;
  position?: number;
  siteIds: string[];
};

export async function createService(tenantId: string, input: TServiceInput) {
  const { siteIds, customFields, ...rest } = input;
  if ((await siteBelongsToTenant(tenantId, siteIds)) !== new Set(siteIds).size) throw new Error("a site is not one of this town's");
  if (customFields && customFieldsOf(customFields).length !== customFields.length) throw new Error("invalid custom fields");
  return inTransaction(async () => {
    const service = await insertService({ tenantId, ...rest, customFields: customFields ?? [] }, siteIds);
    await announceChange(tenantId);
    return service;
  });
}

export type TRuleInputData = { serviceId: string; siteId: string; validFrom: string; validUntil?: string | null; weekly: TWeekly; slotMinutes: number; capacity: number };

export async function addOpeningRule(tenantId: string, input: TRuleInputData) {
  const service = await findService(tenantId, input.serviceId);
  if (!service || !service.sites.some((s) => s.siteId === input.siteId)) throw new Error("unknown service or site for this town");
  const problems = weeklyProblems(input.weekly);
  if (!isIsoDate(input.validFrom) || (input.validUntil && !isIsoDate(input.validUntil))) problems.push("dates must be YYYY-MM-DD");
  if (problems.length) throw new Error(`invalid opening rule: ${problems.join("; ")}`);
  return inTransaction(async () => {
    const rule = await insertRule({
    tenantId,
    serviceId: input.serviceId,
    siteId: input.siteId,
    validFrom: new Date(`${input.validFrom}T00:00:00Z`),
    validUntil: input.validUntil ? new Date(`${input.validUntil}T00:00:00Z`) : null,
    weekly: input.weekly,
    slotMinutes: input.slotMinutes,
    capacity: input.capacity,
    });
    await announceChange(tenantId);
    return rule;
  });
}

export async function addClosure(tenantId: string, input: { serviceId?: string | null; siteId?: string | null; startsAt: Date; endsAt: Date; reason?: TLocalizedText }) {
  if (input.serviceId && !(await findService(tenantId, input.serviceId))) throw new Error("unknown service for this town");
  if (input.siteId && (await siteBelongsToTenant(tenantId, [input.siteId])) !== 1) throw new Error("unknown site for this town");
  z.date().parse(input.startsAt);
  if (!(input.endsAt > input.startsAt)) throw new Error("a closure must end after it starts");
  return inTransaction(async () => {
    const closure = await insertClosure({ tenantId, serviceId: input.serviceId ?? null, siteId: input.siteId ?? null, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason ?? {} });
    await announceChange(tenantId);
    return closure;
  });
}

/**
 * Imports closures from an iCalendar file (a town's holiday calendar, a site's works schedule):
 * each event becomes a closure; importing the same file again updates instead of duplicating.
 */
export async function importClosures(tenantId: string, timeZone: string, input: { ics: string; serviceId?: string | null; siteId?: string | null; from?: Date; until?: Date }) {
  const from = input.from ?? new Date();
  const until = input.until ?? new Date(from.getTime() + 2 * 365 * 86_400_000);
  const parsed = parseClosuresIcs(input.ics, { timeZone, from, until });
  if (input.serviceId && !(await findService(tenantId, input.serviceId))) throw new Error("unknown service for this town");
  if (input.siteId && (await siteBelongsToTenant(tenantId, [input.siteId])) !== 1) throw new Error("unknown site for this town");
  let created = 0;
  let updated = 0;
  await inTransaction(async () => {
    for (const c of parsed.closures) {
      const existing = await findImportedClosure(tenantId, input.serviceId ?? null, c.uid);
      const data = { startsAt: c.startsAt, endsAt: c.endsAt, reason: { und: c.summary }, siteId: input.siteId ?? null };
      if (existing) {
        await updateClosure(tenantId, existing.id, data);
        updated++;
      } else {
        await insertClosure({ tenantId, serviceId: input.serviceId ?? null, source: "ics", externalUid: c.uid, ...data });
        created++;
      }
    }
    await announceChange(tenantId);
  });
  return { created, updated, problems: parsed.problems };
}
