// The public REST API v1 (route handlers in app/(tenant)/[tenant]/api/): the same services, rules and
// booking code as the pages. The town comes from the Host (through the custom server's header and the
// route's [tenant] segment); errors are JSON with a stable code and a message in the caller's language.
import { timingSafeEqual } from "node:crypto";
import { TZDate } from "@date-fns/tz";
import { z } from "zod";
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import { hashSecret } from "@/lib/auth/tokens";
import { inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { readRequestInfo } from "@/lib/core/request";
import { issueKey } from "@/lib/core/zod-issues";
import { negotiateLocale } from "@/lib/i18n/locales";
import { pickLocalized } from "@/lib/i18n/localized";
import { translator } from "@/lib/i18n/translator";
import { overLimit } from "@/lib/appointments/limits";
import type { TAppointmentRow, TServiceRow } from "@/lib/appointments/repo";
import { townService, townServices } from "@/lib/appointments/service/definitions";
import { customFieldName, customFieldsOf } from "@/lib/appointments/schemas";
import { authenticateApiKey } from "@/lib/appointments/service/api-keys";
import { activeSiteIds, availableSlots } from "@/lib/appointments/service/availability";
import { bookDirect, parseDetails, SlotUnavailableError } from "@/lib/appointments/service/book-appointment";
import { cancelAppointment, findByReference } from "@/lib/appointments/service/manage-appointment";
import { addDays, isIsoDate } from "@/lib/appointments/slots";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";

export const MAX_SLOT_RANGE_DAYS = 62;

export type TApiContext = { tenant: TTenant; locale: string; audit: TAuditContext; requestId: string | null; ip: string | null };

const JSON_HEADERS = { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" };

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { ...JSON_HEADERS, ...headers } });
}

/** A JSON error: { error: { code, message, fields? } }, the message translated (namespace "Api"). */
export async function apiError(locale: string, status: number, code: string, params: Record<string, string | number> = {}, fields?: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
  const t = await translator(locale, "Api");
  return json(status, { error: { code, message: t.has(code) ? t(code, params) : code, ...(fields ? { fields } : {}) } }, headers);
}

/** The town of the request, the caller's language, and the audit context; null for an unknown town. */
export async function apiContext(request: Request, slug: string, bodyLocale?: string): Promise<TApiContext | null> {
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.modules.includes("appointments")) return null;
  const info = readRequestInfo(request.headers);
  const locale = bodyLocale && tenant.enabledLocales.includes(bodyLocale) ? bodyLocale : negotiateLocale(request.headers.get("accept-language") ?? undefined, tenant.enabledLocales, tenant.defaultLocale);
  return { tenant, locale, requestId: info.requestId, ip: info.ip, audit: { tenantId: tenant.id, actor: { type: "anonymous" }, requestId: info.requestId, ip: info.ip } };
}

/** The API key of the Authorization header if it is valid for this town; undefined without a header. */
export async function apiKeyOf(request: Request, tenant: TTenant): Promise<{ id: string; name: string } | null | undefined> {
  const header = request.headers.get("authorization");
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  const key = match ? await authenticateApiKey(match[1]!) : null;
  return key && key.tenantId === tenant.id ? { id: key.id, name: key.name } : null;
}

/** 429 if the caller (key, else address) is over its limit. */
export async function rateLimited(ctx: TApiContext, key: string | null): Promise<Response | null> {
  const wait = await overLimit("api", key ? `key:${key}` : `ip:${ctx.ip ?? "unknown"}`);
  return wait > 0 ? apiError(ctx.locale, 429, "rate_limited", { seconds: wait }, undefined, { "retry-after": String(wait) }) : null;
}

/** An instant with the town's UTC offset: 2026-11-24T09:20:00+01:00. */
export function isoInZone(instant: Date, timeZone: string): string {
  return new TZDate(instant.getTime(), timeZone).toISOString().replace(/\.000(?=[+-]|Z)/, "");
}

function text(tenant: TTenant, value: unknown, locale: string): string {
  return pickLocalized(value, locale, [tenant.defaultLocale])?.text ?? "";
}

export function serviceJson(tenant: TTenant, service: TServiceRow, locale: string) {
  const sites = new Set(activeSiteIds(service));
  return {
    id: service.id,
    name: text(tenant, service.names, locale),
    description: text(tenant, service.descriptions, locale),
    whatToBring: text(tenant, service.whatToBring, locale),
    durationMinutes: service.durationMinutes,
    maxPeople: service.maxPeople,
    loginRequired: service.loginRequired,
    fields: {
      phone: service.phoneField,
      antsNumber: service.antsField,
      custom: customFieldsOf(service.customFields).map((f) => ({ id: f.id, type: f.type, required: f.required, label: text(tenant, f.labels, locale), options: f.options?.map((o) => ({ value: o.value, label: text(tenant, o.labels, locale) })) })),
    },
    sites: service.sites
      .filter((s) => sites.has(s.siteId))
      .map((s) => ({ id: s.site.id, name: text(tenant, s.site.names, locale), address: text(tenant, s.site.address, locale), latitude: s.site.latitude, longitude: s.site.longitude, phone: s.site.phone })),
    rules: { minNoticeHours: service.minNoticeHours, horizonWeeks: service.horizonWeeks, maxActivePerCitizen: service.maxActivePerCitizen, limitPeriodDays: service.limitPeriodDays, minDaysBetween: service.minDaysBetween },
  };
}

export async function listServicesJson(ctx: TApiContext) {
  const services = await townServices(ctx.tenant.id);
  return services.filter((s) => activeSiteIds(s).length > 0).map((s) => serviceJson(ctx.tenant, s, ctx.locale));
}

const ZSlotQuery = z.object({
  from: z.string().refine(isIsoDate),
  to: z.string().refine(isIsoDate),
  siteId: z.uuid().optional(),
});

export async function slotsResponse(ctx: TApiContext, serviceId: string, url: URL): Promise<Response> {
  const service = z.uuid().safeParse(serviceId).success ? await townService(ctx.tenant.id, serviceId) : null;
  if (!service) return apiError(ctx.locale, 404, "not_found");
  const parsed = ZSlotQuery.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return apiError(ctx.locale, 422, "invalid_range", { max: MAX_SLOT_RANGE_DAYS });
  const { from, to, siteId } = parsed.data;
  if (to < from || addDays(from, MAX_SLOT_RANGE_DAYS) < to) return apiError(ctx.locale, 422, "invalid_range", { max: MAX_SLOT_RANGE_DAYS });
  const slots = await availableSlots(ctx.tenant, service, { from, to, siteId, includeFull: true });
  return json(
    200,
    slots.map((s) => ({ start: isoInZone(s.start, ctx.tenant.timeZone), end: isoInZone(s.end, ctx.tenant.timeZone), remaining: s.remaining, siteId: s.siteId })),
  );
}

export const ZApiBooking = z.object({
  serviceId: z.uuid(),
  siteId: z.uuid().optional(),
  start: z.iso.datetime({ offset: true }),
  people: z.number().int().min(1).max(20).default(1),
  citizen: z.object({
    firstName: z.string(),
    lastName: z.string(),
    email: z.string(),
    phone: z.string().optional(),
  }),
  antsNumber: z.string().optional(),
  fields: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  locale: z.string().max(16).optional(),
});

export function appointmentJson(ctx: TApiContext, a: TAppointmentRow) {
  return {
    reference: a.reference,
    status: a.status,
    serviceId: a.serviceId,
    siteId: a.siteId,
    start: isoInZone(a.startsAt, ctx.tenant.timeZone),
    end: isoInZone(a.endsAt, ctx.tenant.timeZone),
    people: a.people,
    citizen: { firstName: a.firstName, lastName: a.lastName, email: a.email, phone: a.phone },
    antsNumber: a.antsNumber,
    fields: a.fields,
    locale: a.locale,
    createdAt: a.createdAt.toISOString(),
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
  };
}

/** Maps the booking code's errors to HTTP answers; anything else is logged and answered 500-free. */
export async function bookingErrorResponse(ctx: TApiContext, error: unknown): Promise<Response> {
  if (error instanceof SlotUnavailableError) return apiError(ctx.locale, 409, error.reason === "slotTaken" ? "slot_full" : "slot_not_offered");
  if (error instanceof NotFoundError) return apiError(ctx.locale, 404, "not_found");
  if (error instanceof FieldsError) {
    const t = await translator(ctx.locale, "Errors");
    return apiError(ctx.locale, 422, "invalid_input", {}, Object.fromEntries(Object.entries(error.fields).map(([k, v]) => [apiFieldName(k), t.has(v.key) ? t(v.key, v.params) : v.key])));
  }
  if (error instanceof ActionError) {
    const codes: Record<string, string> = {
      tooManyBookings: "too_many_bookings",
      tooSoonAfterBooking: "too_soon_after_booking",
      tooManyPeople: "too_many_people",
      loginRequired: "login_required",
      appointmentPast: "appointment_past",
      appointmentCancelled: "appointment_cancelled",
      sameSlot: "same_slot",
    };
    const params = Object.fromEntries(Object.entries(error.params).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));
    return apiError(ctx.locale, error.key === "loginRequired" ? 403 : 422, codes[error.key] ?? "invalid_input", params);
  }
  getLogger().error({ err: error, requestId: ctx.requestId }, "api request failed");
  return apiError(ctx.locale, 500, "unexpected", { requestId: ctx.requestId ?? "-" });
}

function apiFieldName(field: string): string {
  if (["firstName", "lastName", "email", "phone"].includes(field)) return `citizen.${field}`;
  if (field.startsWith("f_")) return `fields.${field.slice(2)}`;
  return field;
}

export async function createBooking(ctx: TApiContext, request: Request, apiKey: { id: string; name: string } | null): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return apiError(ctx.locale, 422, "invalid_json");
  }
  const parsed = ZApiBooking.safeParse(body);
  if (!parsed.success) {
    const t = await translator(ctx.locale, "Errors");
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const { key, params } = issueKey(issue, (k) => t.has(k));
      fields[issue.path.join(".") || "body"] ??= t(key, params);
    }
    return apiError(ctx.locale, 422, "invalid_input", {}, fields);
  }
  const input = parsed.data;
  const service = await townService(ctx.tenant.id, input.serviceId);
  if (!service) return apiError(ctx.locale, 404, "not_found");
  const flat: Record<string, unknown> = { ...input.citizen, antsNumber: input.antsNumber };
  for (const [id, value] of Object.entries(input.fields ?? {})) flat[customFieldName(id)] = typeof value === "boolean" ? value : String(value);
  const details = parseDetails(service, flat);
  if (!details.ok) return bookingErrorResponse(ctx, new FieldsError(details.fields));
  const idempotencyKey = request.headers.get("idempotency-key");
  if (idempotencyKey !== null && !/^[\x21-\x7e]{1,100}$/.test(idempotencyKey)) return apiError(ctx.locale, 422, "invalid_idempotency_key");
  const locale = input.locale && ctx.tenant.enabledLocales.includes(input.locale) ? input.locale : ctx.locale;
  try {
    const result = await bookDirect({
      tenant: ctx.tenant,
      service,
      siteId: input.siteId ?? null,
      start: new Date(input.start),
      people: input.people,
      details: details.details,
      locale,
      // Keys are per caller: two API clients cannot collide (or read each other's bookings) by key.
      idempotencyKey: idempotencyKey ? `api:${apiKey?.id ?? "anonymous"}:${idempotencyKey}` : null,
      apiKeyId: apiKey?.id ?? null,
      source: "api",
      audit: { ...ctx.audit, actor: apiKey ? { type: "system", id: apiKey.id, label: `api-key:${apiKey.name}` } : ctx.audit.actor },
    });
    const a = result.appointment;
    const body = { reference: a.reference, start: isoInZone(a.startsAt, ctx.tenant.timeZone), end: isoInZone(a.endsAt, ctx.tenant.timeZone), status: a.status, ...(result.manageToken ? { manageToken: result.manageToken } : {}) };
    return json(result.manageToken ? 201 : 200, body, { location: `/api/v1/appointments/${a.reference}`, ...(result.manageToken ? {} : { "idempotent-replayed": "true" }) });
  } catch (error) {
    return bookingErrorResponse(ctx, error);
  }
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The appointment of a reference, if the caller holds its manage token or the town's API key. */
export async function authorisedAppointment(ctx: TApiContext, request: Request, reference: string): Promise<{ appointment: TAppointmentRow; via: string } | Response> {
  const apiKey = await apiKeyOf(request, ctx.tenant);
  if (apiKey === null) return apiError(ctx.locale, 401, "unauthorized");
  const token = request.headers.get("x-manage-token");
  if (!apiKey && !token) return apiError(ctx.locale, 401, "unauthorized");
  const limited = await rateLimited(ctx, apiKey?.id ?? null);
  if (limited) return limited;
  const appointment = /^[A-Z0-9-]{5,16}$/i.test(reference) ? await findByReference(ctx.tenant.id, reference) : null;
  if (apiKey) return appointment ? { appointment, via: `api-key:${apiKey.name}` } : apiError(ctx.locale, 404, "not_found");
  // With a manage token, a wrong token and an unknown reference look the same.
  if (!appointment || !sameHash(appointment.manageTokenHash, hashSecret(token!))) return apiError(ctx.locale, 404, "not_found");
  return { appointment, via: "manage-token" };
}

export async function cancelBooking(ctx: TApiContext, appointment: TAppointmentRow, via: string): Promise<Response> {
  try {
    const result = await inTransaction(async () => {
      const r = await cancelAppointment(ctx.tenant, appointment.id, null);
      if (r.changed) await recordAudit({ ...ctx.audit, actor: { type: via === "manage-token" ? "citizen" : "system", label: via } }, { action: "appointments.cancel", targetType: "appointment", targetId: appointment.id, summary: { reference: appointment.reference, source: "api" } });
      return r;
    });
    return json(200, appointmentJson(ctx, result.appointment));
  } catch (error) {
    return bookingErrorResponse(ctx, error);
  }
}
