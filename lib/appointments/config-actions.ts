"use server";
// The agents' editor of appointment services, sites, opening hours and closures (permission
// appointments:configure; for one service, the agent's scope must include it). Texts are per locale
// ("names.fr"); the town's enabled locales decide which are read.
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { translator } from "@/lib/i18n/translator";
import { ActionError, FieldsError, ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { can } from "@/lib/auth/permissions";
import { ZId } from "@/lib/core/form-schemas";
import { ruleCandidate } from "@/lib/appointments/rule-form";
import {
  CUSTOM_FIELD_TYPES,
  customFieldsOf,
  localizedFrom,
  ZClosureInput,
  ZCustomFieldEdit,
  ZCustomFieldInput,
  ZRuleInput,
  ZServiceCreate,
  ZServiceSettings,
  ZSiteInput,
} from "@/lib/appointments/schemas";
import { customFieldFromForm } from "@/lib/appointments/custom-field-form";
import {
  addClosure,
  bookingsInClosures,
  createService,
  createSite,
  deleteRule,
  importClosures,
  removeClosure,
  saveRule,
  setCustomFields,
  setServiceArchived,
  setSiteArchived,
  updateService,
  updateSite,
} from "@/lib/appointments/service/configure";
import { anyTownService } from "@/lib/appointments/service/definitions";
import { cancelAppointment } from "@/lib/appointments/service/manage-appointment";
import { findClosures, listServiceClosures } from "@/lib/appointments/repo";
import { localInstant, addDays } from "@/lib/appointments/slots";
import { formatInstant } from "@/lib/core/dates";
import type { TTenant } from "@/lib/tenancy/registry";

const CONFIGURE = "appointments:configure";
/** Creating services and sites, and closing every service: the permission for the whole town. */
const TOWN_WIDE = { permission: CONFIGURE, scope: "town" };
const forService = (input: { serviceId?: string; id?: string }) => ({ permission: CONFIGURE, scope: `service:${input.serviceId ?? input.id}` });
const servicesPage = (locale: string) => `/${locale}/admin/appointment-services`;

function requireNames(tenant: TTenant, names: Record<string, string>, field = "names") {
  if (!names[tenant.defaultLocale]) throw new FieldsError({ [`${field}.${tenant.defaultLocale}`]: { key: "nameRequired" } });
}

async function serviceOf(tenant: TTenant, id: string) {
  const service = await anyTownService(tenant.id, id);
  if (!service) throw new NotFoundError();
  return service;
}

export const createServiceAction = defineAction({
  name: "appointments.service-create",
  input: ZServiceCreate,
  access: { realm: "town", permission: () => TOWN_WIDE },
  run: async (input, { tenant }) => {
    const names = localizedFrom(input, "names", tenant.enabledLocales);
    requireNames(tenant, names);
    return createService(tenant.id, { names, durationMinutes: input.durationMinutes, siteIds: input.siteIds, position: 100 });
  },
  audit: (_input, service) => ({ action: "appointments.service-create", targetType: "appointment-service", targetId: service.id }),
  after: (service, { locale }) => redirect(`${servicesPage(locale)}/${service.id}?created=1`),
});

export const updateServiceAction = defineAction({
  name: "appointments.service-update",
  input: ZServiceSettings,
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => {
    await serviceOf(tenant, input.id);
    const text = (prefix: string) => localizedFrom(input, prefix, tenant.enabledLocales);
    const names = text("names");
    requireNames(tenant, names);
    const reminders = [input.reminder1, input.reminder2, input.reminder3].filter((h): h is number => h !== undefined).map((h) => Math.round(h * 60));
    if (new Set(reminders).size !== reminders.length) throw new FieldsError({ reminder2: { key: "reminderTwice" } });
    return updateService(tenant.id, input.id, {
      names,
      descriptions: text("descriptions"),
      whatToBring: text("whatToBring"),
      confirmationTexts: text("confirmationTexts"),
      cancellationTexts: text("cancellationTexts"),
      durationMinutes: input.durationMinutes,
      maxPeople: input.maxPeople,
      loginRequired: input.loginRequired,
      phoneField: input.phoneField,
      antsField: input.antsField,
      closedOnHolidays: input.closedOnHolidays,
      minNoticeHours: input.minNoticeHours,
      horizonWeeks: input.horizonWeeks,
      maxActivePerCitizen: input.maxActivePerCitizen,
      limitPeriodDays: input.limitPeriodDays,
      minDaysBetween: input.minDaysBetween,
      holdMinutes: input.holdMinutes,
      reminderOffsets: reminders.sort((a, b) => b - a),
      reminderSms: input.reminderSms,
      waitingList: input.waitingList,
      offerMinutes: input.offerHours * 60,
      retentionDays: input.retentionDays,
      siteIds: input.siteIds,
    });
  },
  audit: (input) => ({ action: "appointments.service-update", targetType: "appointment-service", targetId: input.id }),
  success: "saved",
});

export const archiveServiceAction = defineAction({
  name: "appointments.service-archive",
  input: z.object({ id: ZId, archived: z.enum(["yes", "no"]) }),
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => setServiceArchived(tenant.id, input.id, input.archived === "yes"),
  audit: (input) => ({ action: input.archived === "yes" ? "appointments.service-archive" : "appointments.service-restore", targetType: "appointment-service", targetId: input.id }),
  success: "saved",
});

export const addCustomFieldAction = defineAction({
  name: "appointments.field-add",
  input: ZCustomFieldInput,
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => {
    if (!CUSTOM_FIELD_TYPES.includes(input.type)) throw new ActionError("invalid");
    const service = await serviceOf(tenant, input.serviceId);
    const fields = customFieldsOf(service.customFields);
    if (fields.length >= 20) throw new ActionError("tooManyFields");
    const field = customFieldFromForm(input, tenant, fields, input.type);
    await setCustomFields(tenant.id, service.id, [...fields, field]);
    return field;
  },
  audit: (input, field) => ({ action: "appointments.field-add", targetType: "appointment-service", targetId: input.serviceId, summary: { field: field.id, type: field.type } }),
  success: "saved",
});

export const changeCustomFieldAction = defineAction({
  name: "appointments.field-change",
  input: z.object({ serviceId: ZId, field: z.string().max(40), move: z.enum(["up", "down", "remove"]) }),
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => {
    const service = await serviceOf(tenant, input.serviceId);
    const fields = customFieldsOf(service.customFields);
    const i = fields.findIndex((f) => f.id === input.field);
    if (i < 0) throw new NotFoundError();
    if (input.move === "remove") fields.splice(i, 1);
    else {
      const j = input.move === "up" ? i - 1 : i + 1;
      if (j >= 0 && j < fields.length) [fields[i], fields[j]] = [fields[j]!, fields[i]!];
    }
    await setCustomFields(tenant.id, service.id, fields);
  },
  audit: (input) => ({ action: "appointments.field-change", targetType: "appointment-service", targetId: input.serviceId, summary: { field: input.field, change: input.move } }),
  success: "saved",
});

/** Changes a question's texts, whether it is required and its options (its id and kind stay). */
export const editCustomFieldAction = defineAction({
  name: "appointments.field-edit",
  input: ZCustomFieldEdit,
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => {
    const service = await serviceOf(tenant, input.serviceId);
    const fields = customFieldsOf(service.customFields);
    const i = fields.findIndex((f) => f.id === input.field);
    if (i < 0) throw new NotFoundError();
    const previous = fields[i]!;
    fields[i] = customFieldFromForm(input, tenant, fields, previous.type, previous);
    await setCustomFields(tenant.id, service.id, fields);
    return fields[i];
  },
  // The same entry as the other changes of the questions (one wording in the audit trail).
  audit: (input, field) => ({ action: "appointments.field-change", targetType: "appointment-service", targetId: input.serviceId, summary: { field: field.id, change: "edit", required: field.required, options: field.options?.length ?? null } }),
  after: (_field, { locale }, input) => redirect(`${servicesPage(locale)}/${input.serviceId}/fields?saved=1`),
});

export const saveRuleAction = defineAction({
  name: "appointments.rule-save",
  input: ZRuleInput,
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => {
    await serviceOf(tenant, input.serviceId);
    return saveRule(tenant, input.serviceId, ruleCandidate(input));
  },
  audit: (input, result) => ({ action: "appointments.rule-save", targetType: "appointment-service", targetId: input.serviceId, summary: { ruleId: result.id, siteId: input.siteId, validFrom: input.validFrom, validUntil: input.validUntil ?? null, capacity: input.capacity, slotMinutes: input.slotMinutes } }),
  after: (result, { locale }, input) => redirect(`${servicesPage(locale)}/${input.serviceId}/hours?saved=1${result.keptLarger ? `&kept=${result.keptLarger}` : ""}`),
});

export const deleteRuleAction = defineAction({
  name: "appointments.rule-delete",
  input: z.object({ serviceId: ZId, ruleId: ZId }),
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => deleteRule(tenant, input.serviceId, input.ruleId),
  audit: (input) => ({ action: "appointments.rule-delete", targetType: "appointment-service", targetId: input.serviceId, summary: { ruleId: input.ruleId } }),
  success: "deleted",
});

export const addClosureAction = defineAction({
  name: "appointments.closure-add",
  input: ZClosureInput,
  // Closing every service of the town needs the permission for the whole town.
  access: { realm: "town", permission: (input: z.output<typeof ZClosureInput>) => (input.scope === "all" ? TOWN_WIDE : forService(input)) },
  run: async (input, { tenant }) => {
    const service = await serviceOf(tenant, input.serviceId);
    if (input.siteId && !service.sites.some((s) => s.siteId === input.siteId) && input.scope === "service") throw new NotFoundError();
    const startsAt = localInstant(input.startDate, input.startTime, tenant.timeZone);
    const endsAt = input.endTime === "24:00" ? localInstant(addDays(input.endDate, 1), "00:00", tenant.timeZone) : localInstant(input.endDate, input.endTime, tenant.timeZone);
    if (!(endsAt > startsAt)) throw new FieldsError({ endDate: { key: "closureEndsBeforeStart" } });
    return addClosure(tenant.id, { serviceId: input.scope === "all" ? null : service.id, siteId: input.siteId ?? null, startsAt, endsAt, reason: localizedFrom(input, "reason", tenant.enabledLocales) });
  },
  audit: (input, closure) => ({ action: "appointments.closure-add", targetType: "appointment-closure", targetId: closure.id, summary: { serviceId: input.scope === "all" ? null : input.serviceId, siteId: input.siteId ?? null, startsAt: closure.startsAt.toISOString(), endsAt: closure.endsAt.toISOString() } }),
  success: "closureAdded",
});

export const deleteClosureAction = defineAction({
  name: "appointments.closure-delete",
  input: z.object({ serviceId: ZId, closureId: ZId }),
  access: { realm: "town", permission: forService },
  run: async (input, { tenant, actor }) => {
    // A closure of every service is the town's: only an agent configuring the whole town removes it.
    const [closure] = await findClosures(tenant.id, [input.closureId]);
    if (closure && closure.serviceId === null && !can(actor.grants, CONFIGURE, "town")) throw new ForbiddenError();
    await removeClosure(tenant.id, input.serviceId, input.closureId);
  },
  audit: (input) => ({ action: "appointments.closure-delete", targetType: "appointment-closure", targetId: input.closureId }),
  success: "deleted",
});

const ZIcsFile = z.instanceof(File, { message: "chooseFile" }).refine((f) => f.size > 0 && f.size <= 900_000, "fileTooLarge");

/** At most this many affected bookings are listed in an .ics preview (the count says how many in all). */
const PREVIEW_LISTED = 200;

/**
 * Step 1 of an .ics import: what it would close and which booked appointments fall inside (reference,
 * the town's local date and time, citizen), nothing saved. Previewing a closure of every service
 * shows other services' citizens: like the import itself, it needs the permission for the whole town.
 */
export const previewIcsAction = defineAction({
  name: "appointments.closure-import-preview",
  input: z.object({ serviceId: ZId, scope: z.enum(["service", "all"]), siteId: z.preprocess((v) => (v === "" ? undefined : v), ZId.optional()), file: ZIcsFile }),
  access: { realm: "town", permission: (input: { serviceId: string; scope: string }) => (input.scope === "all" ? TOWN_WIDE : forService(input)) },
  run: async (input, { tenant, locale }) => {
    await serviceOf(tenant, input.serviceId);
    const ics = await input.file.text();
    const t = await translator(locale, "AppointmentConfig");
    const { previewClosureImport } = await import("@/lib/appointments/service/configure");
    let preview: Awaited<ReturnType<typeof previewClosureImport>>;
    try {
      preview = await previewClosureImport(tenant, { ics, serviceId: input.scope === "all" ? null : input.serviceId, siteId: input.siteId ?? null });
    } catch {
      throw new FieldsError({ file: { key: "icsUnreadable" } });
    }
    const listed = preview.affected.slice(0, PREVIEW_LISTED);
    return {
      ics,
      scope: input.scope,
      siteId: input.siteId ?? "",
      closures: preview.closures.map((c) => ({ summary: c.summary, startsAt: c.startsAt.toISOString(), endsAt: c.endsAt.toISOString() })),
      affectedText: t("icsAffected", { count: preview.affected.length }),
      // Formatted here, in the town's time zone, as the closures page lists them after the import.
      affected: listed.map((a) => ({ id: a.id, reference: a.reference, when: formatInstant(a.startsAt, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }), name: `${a.firstName} ${a.lastName}`.trim() })),
      affectedMoreText: preview.affected.length > listed.length ? t("icsAffectedMore", { count: preview.affected.length - listed.length }) : "",
      problemsText: preview.problems.length ? t("icsProblems", { count: preview.problems.length }) : "",
    };
  },
  audit: null,
});

export const importIcsAction = defineAction({
  name: "appointments.closure-import",
  input: z.object({ serviceId: ZId, scope: z.enum(["service", "all"]), siteId: z.preprocess((v) => (v === "" ? undefined : v), ZId.optional()), ics: z.string().min(10).max(1_000_000) }),
  access: { realm: "town", permission: (input: { serviceId: string; scope: string }) => (input.scope === "all" ? TOWN_WIDE : forService(input)) },
  run: async (input, { tenant }) => {
    await serviceOf(tenant, input.serviceId);
    try {
      return await importClosures(tenant.id, tenant.timeZone, { ics: input.ics, serviceId: input.scope === "all" ? null : input.serviceId, siteId: input.siteId ?? null });
    } catch (error) {
      if (error instanceof ActionError) throw error;
      throw new ActionError("icsUnreadable");
    }
  },
  audit: (input, result) => ({ action: "appointments.closure-import", targetType: "appointment-service", targetId: input.serviceId, summary: { created: result.created, updated: result.updated, scope: input.scope } }),
  after: (_result, { locale }, input) => redirect(`${servicesPage(locale)}/${input.serviceId}/closures?imported=1`),
});

/** Cancels this service's bookings that fall in its closures and tells each citizen, with the message. */
export const cancelInClosuresAction = defineAction({
  name: "appointments.closure-cancel-bookings",
  input: z.object({ serviceId: ZId, reason: z.string().trim().min(1, "reasonRequired").max(500, "tooLong") }),
  access: { realm: "town", permission: (input: { serviceId: string }) => ({ permission: "appointments:manage", scope: `service:${input.serviceId}` }) },
  run: async (input, { tenant }) => {
    const service = await serviceOf(tenant, input.serviceId);
    const closures = await listServiceClosures(tenant.id, service.id, new Date());
    const affected = (await bookingsInClosures(tenant.id, closures.map((c) => c.id))).filter((a) => a.serviceId === service.id);
    let cancelled = 0;
    for (const appointment of affected) {
      const result = await cancelAppointment(tenant, appointment.id, null, { reason: input.reason });
      if (result.changed) cancelled++;
    }
    return { cancelled, references: affected.map((a) => a.reference) };
  },
  audit: (input, result) => ({ action: "appointments.closure-cancel-bookings", targetType: "appointment-service", targetId: input.serviceId, summary: { cancelled: result.cancelled, references: result.references, reason: input.reason } }),
  success: "bookingsCancelled",
});

export const saveSiteAction = defineAction({
  name: "appointments.site-save",
  input: ZSiteInput,
  access: { realm: "town", permission: () => TOWN_WIDE },
  run: async (input, { tenant }) => {
    const text = (prefix: string) => localizedFrom(input, prefix, tenant.enabledLocales);
    const names = text("names");
    requireNames(tenant, names);
    const data = { names, address: text("address"), access: text("access"), accessibility: text("accessibility"), phone: input.phone ?? null, latitude: input.latitude ?? null, longitude: input.longitude ?? null };
    if (input.id) {
      await updateSite(tenant.id, input.id, data);
      return { id: input.id, created: false };
    }
    return { id: (await createSite(tenant.id, data)).id, created: true };
  },
  audit: (_input, result) => ({ action: result.created ? "appointments.site-create" : "appointments.site-update", targetType: "appointment-site", targetId: result.id }),
  after: (result, { locale }) => redirect(`/${locale}/admin/appointment-sites/${result.id}?saved=1`),
});

export const archiveSiteAction = defineAction({
  name: "appointments.site-archive",
  input: z.object({ id: ZId, archived: z.enum(["yes", "no"]) }),
  access: { realm: "town", permission: () => TOWN_WIDE },
  run: async (input, { tenant }) => setSiteArchived(tenant.id, input.id, input.archived === "yes"),
  audit: (input) => ({ action: input.archived === "yes" ? "appointments.site-archive" : "appointments.site-restore", targetType: "appointment-site", targetId: input.id }),
  success: "saved",
});
