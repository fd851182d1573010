// Setting up sites, services, opening rules and closures. Used by the demo seed, the tests and the
// command line; every reference to another row is checked against the town.
import { z } from "zod";
import { publicHolidayDates } from "@/lib/core/holidays";
import { inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { ruleProblems, type TExistingRule, type TRuleCandidate } from "@/lib/appointments/rule-check";
import { ruleInputs } from "@/lib/appointments/service/availability";
import { placesFreed } from "@/lib/appointments/service/waiting-list";
import { addDays, computeSlots, isoWeekday, localDate, localInstant, ruleFor } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";
import { ZLocalizedText, type TLocalizedText } from "@/lib/i18n/localized";
import {
  bookingsDuring,
  deleteClosureRow,
  deleteRuleRow,
  findClosures,
  findImportedClosure,
  findService,
  findServiceAny,
  futureSlots,
  listClosures,
  replaceServiceSites,
  resizeSlot,
  updateRuleRow,
  updateServiceRow,
  updateSiteRow,
  type TAppointmentRow,
  type TServiceRow,
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
  reminderOffsets?: number[];
  reminderSms?: boolean;
  waitingList?: boolean;
  offerMinutes?: number;
  retentionDays?: number;
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

// ---------------------------------------------------------------------------------------------
// The agents' editor (issue 5): every change re-checks that what it references is the town's,
// and announces itself so every server reloads the town's definitions.

export type TServiceSettings = Omit<TServiceInput, "customFields" | "position"> & {
  reminderOffsets: number[];
  reminderSms: boolean;
  waitingList: boolean;
  offerMinutes: number;
  retentionDays: number;
};

export async function updateService(tenantId: string, serviceId: string, input: TServiceSettings) {
  const service = await findServiceAny(tenantId, serviceId);
  if (!service) throw new NotFoundError();
  const { siteIds, ...rest } = input;
  if ((await siteBelongsToTenant(tenantId, siteIds)) !== new Set(siteIds).size) throw new NotFoundError();
  await updateServiceRow(tenantId, serviceId, rest);
  await replaceServiceSites(tenantId, serviceId, siteIds);
  await afterScheduleChange(tenantId, serviceId);
  return service;
}

export async function setServiceArchived(tenantId: string, serviceId: string, archived: boolean) {
  const service = await findServiceAny(tenantId, serviceId);
  if (!service) throw new NotFoundError();
  await updateServiceRow(tenantId, serviceId, { archivedAt: archived ? new Date() : null });
  await announceChange(tenantId);
  return service;
}

export async function setCustomFields(tenantId: string, serviceId: string, fields: TCustomField[]) {
  const service = await findServiceAny(tenantId, serviceId);
  if (!service) throw new NotFoundError();
  if (customFieldsOf(fields).length !== fields.length) throw new ActionError("invalid");
  await updateServiceRow(tenantId, serviceId, { customFields: fields });
  await announceChange(tenantId);
  return service;
}

export async function updateSite(tenantId: string, siteId: string, input: TSiteInput) {
  if ((await siteBelongsToTenant(tenantId, [siteId])) !== 1) throw new NotFoundError();
  await updateSiteRow(tenantId, siteId, { ...input, latitude: input.latitude ?? null, longitude: input.longitude ?? null, phone: input.phone ?? null });
  await announceChange(tenantId);
}

export async function setSiteArchived(tenantId: string, siteId: string, archived: boolean) {
  if ((await siteBelongsToTenant(tenantId, [siteId])) !== 1) throw new NotFoundError();
  await updateSiteRow(tenantId, siteId, { archivedAt: archived ? new Date() : null });
  await announceChange(tenantId);
}

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

export function existingRules(service: TServiceRow): TExistingRule[] {
  return service.rules.map((r) => ({ id: r.id, siteId: r.siteId, validFrom: isoDay(r.validFrom), validUntil: r.validUntil ? isoDay(r.validUntil) : null }));
}

/** Problems as the fields' messages (FieldsError), or nothing. */
export function checkRule(service: TServiceRow, candidate: TRuleCandidate): void {
  const problems = ruleProblems(candidate, existingRules(service), service.durationMinutes);
  if (problems.length > 0) {
    const fields: Record<string, { key: string; params?: Record<string, string | number> }> = {};
    for (const p of problems) fields[p.field] ??= { key: p.key, params: p.params };
    throw new FieldsError(fields);
  }
}

/**
 * Creates or changes an opening rule. Slots already in use take the capacity of the rule that now
 * governs them (new places, or free places removed); new places are offered to the waiting list.
 */
export async function saveRule(tenant: Pick<TTenant, "id" | "timeZone">, serviceId: string, candidate: TRuleCandidate): Promise<{ id: string; keptLarger: number }> {
  const tenantId = tenant.id;
  const service = await findServiceAny(tenantId, serviceId);
  if (!service || !service.sites.some((s) => s.siteId === candidate.siteId)) throw new NotFoundError();
  if (candidate.id && !service.rules.some((r) => r.id === candidate.id)) throw new NotFoundError();
  checkRule(service, candidate);
  const data = {
    siteId: candidate.siteId,
    validFrom: new Date(`${candidate.validFrom}T00:00:00Z`),
    validUntil: candidate.validUntil ? new Date(`${candidate.validUntil}T00:00:00Z`) : null,
    weekly: candidate.weekly,
    slotMinutes: candidate.slotMinutes,
    capacity: candidate.capacity,
  };
  let id = candidate.id ?? null;
  if (id) await updateRuleRow(tenantId, id, data);
  else id = (await insertRule({ tenantId, serviceId, ...data })).id;
  const keptLarger = await resizeUsedSlots(tenantId, tenant.timeZone, serviceId);
  await afterScheduleChange(tenantId, serviceId);
  return { id, keptLarger };
}

export async function deleteRule(tenant: Pick<TTenant, "id" | "timeZone">, serviceId: string, ruleId: string) {
  const tenantId = tenant.id;
  if ((await deleteRuleRow(tenantId, serviceId, ruleId)).count !== 1) throw new NotFoundError();
  await resizeUsedSlots(tenantId, tenant.timeZone, serviceId);
  await announceChange(tenantId);
}

/** Brings the future slots already materialised to the capacity their rule now gives them. */
async function resizeUsedSlots(tenantId: string, timeZone: string, serviceId: string): Promise<number> {
  const service = await findServiceAny(tenantId, serviceId);
  if (!service) return 0;
  const rules = ruleInputs(service);
  let keptLarger = 0;
  for (const { siteId } of service.sites) {
    for (const slot of await futureSlots(tenantId, serviceId, siteId, new Date())) {
      const rule = ruleFor(rules, siteId, localDate(slot.startsAt, timeZone));
      if (!rule || rule.capacity === slot.capacity) continue;
      const reached = await resizeSlot(tenantId, slot.id, rule.capacity);
      if (reached > rule.capacity) keptLarger++;
    }
  }
  return keptLarger;
}

async function afterScheduleChange(tenantId: string, serviceId: string) {
  await announceChange(tenantId);
  // New hours or places may let someone on the waiting list in.
  await placesFreed(tenantId, serviceId);
}

export type TPreviewDay = { date: string; closed: "holiday" | "closure" | null; slots: { start: Date; capacity: number }[] };

/**
 * The slots a rule would open over the coming weeks (from its start or today), at its site, with
 * the service's other rules, closures and holidays applied: what citizens would be offered.
 */
export async function previewRule(tenant: TTenant, service: TServiceRow, candidate: TRuleCandidate, weeks = 2): Promise<TPreviewDay[]> {
  const today = localDate(new Date(), tenant.timeZone);
  const from = candidate.validFrom > today ? candidate.validFrom : today;
  const to = addDays(from, weeks * 7 - 1);
  const others = ruleInputs(service).filter((r, i) => service.rules[i]!.id !== candidate.id && r.siteId === candidate.siteId);
  const rules = [...others, { siteId: candidate.siteId, validFrom: candidate.validFrom, validUntil: candidate.validUntil, weekly: candidate.weekly, slotMinutes: candidate.slotMinutes, capacity: candidate.capacity }];
  const fromInstant = localInstant(from, "00:00", tenant.timeZone);
  const toInstant = localInstant(addDays(to, 1), "00:00", tenant.timeZone);
  const closures = await listClosures(tenant.id, service.id, fromInstant, toInstant);
  const holidays = service.closedOnHolidays ? publicHolidayDates(tenant.holidayRegion, [Number(from.slice(0, 4)), Number(to.slice(0, 4))]) : new Set<string>();
  const slots = computeSlots({ rules, closures, closedDates: holidays, timeZone: tenant.timeZone, from, to, durationMinutes: service.durationMinutes, siteId: candidate.siteId });
  const days: TPreviewDay[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) {
    const own = slots.filter((s) => localDate(s.start, tenant.timeZone) === date).map((s) => ({ start: s.start, capacity: s.capacity }));
    const rule = ruleFor(rules, candidate.siteId, date);
    const weekday = String(isoWeekday(date)) as keyof TWeekly;
    const wouldOpen = Boolean(rule?.weekly[weekday]?.length);
    const closed = own.length === 0 && wouldOpen ? (holidays.has(date) ? "holiday" : "closure") : null;
    days.push({ date, closed, slots: own });
  }
  return days;
}

export async function removeClosure(tenantId: string, serviceId: string, closureId: string) {
  if ((await deleteClosureRow(tenantId, closureId, serviceId)).count !== 1) throw new NotFoundError();
  await afterScheduleChange(tenantId, serviceId);
}

/** What importing an .ics file would close, and the booked appointments inside those periods. */
export async function previewClosureImport(tenant: TTenant, input: { ics: string; serviceId: string | null; siteId: string | null }) {
  const from = new Date();
  const parsed = parseClosuresIcs(input.ics, { timeZone: tenant.timeZone, from, until: new Date(from.getTime() + 2 * 365 * 86_400_000) });
  const affected = await bookingsDuring(tenant.id, { serviceIds: input.serviceId ? [input.serviceId] : null, siteId: input.siteId }, parsed.closures);
  return { closures: parsed.closures, problems: parsed.problems, affected };
}

/** The booked appointments inside closures of the town (to tell those citizens). */
export async function bookingsInClosures(tenantId: string, closureIds: string[]) {
  const closures = await findClosures(tenantId, closureIds);
  const byScope = new Map<string, TAppointmentRow>();
  for (const c of closures) {
    for (const a of await bookingsDuring(tenantId, { serviceIds: c.serviceId ? [c.serviceId] : null, siteId: c.siteId }, [c])) byScope.set(a.id, a);
  }
  return [...byScope.values()].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
}
