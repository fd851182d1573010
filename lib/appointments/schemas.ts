// zod input schemas of the appointments module. The citizen's details depend on the service (which
// fields it asks, its custom questions), so their schema is built per service; the pages and the API
// use the same one. Messages are keys of the "Errors" namespace.
import { z } from "zod";
import { list, ZEmail, ZId } from "@/lib/core/form-schemas";
import { ZLocalizedText } from "@/lib/i18n/localized";
import { isIsoDate } from "@/lib/appointments/slots";

export const CUSTOM_FIELD_TYPES = ["text", "number", "date", "choice", "checkbox"] as const;

export const ZCustomField = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/),
  type: z.enum(CUSTOM_FIELD_TYPES),
  required: z.boolean().default(false),
  labels: ZLocalizedText,
  hints: ZLocalizedText.optional(),
  options: z.array(z.object({ value: z.string().regex(/^[a-z0-9-]{1,40}$/), labels: ZLocalizedText })).optional(),
});
export type TCustomField = z.infer<typeof ZCustomField>;

export function customFieldsOf(value: unknown): TCustomField[] {
  const parsed = z.array(ZCustomField).safeParse(value);
  return parsed.success ? parsed.data : [];
}

/** ANTS pre-application number: 10 letters or digits (spaces and dashes ignored, case-insensitive). */
export const ANTS_NUMBER = /^[A-Z0-9]{10}$/;
export function normalizeAntsNumber(value: string): string {
  return value.replace(/[\s-]/g, "").toUpperCase();
}

const PHONE = /^\+?[0-9][0-9 ().-]{5,22}$/;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

type TServiceFields = { phoneField: "off" | "optional" | "required"; antsField: "off" | "optional" | "required"; customFields: unknown; maxPeople: number };

/** The form name of a custom field. */
export const customFieldName = (id: string) => `f_${id}`;

/**
 * The citizen's details for a service, from flat form-like input: firstName, lastName, email, phone,
 * antsNumber, people, and f_<id> per custom field. Output: the same, with `fields` gathered.
 */
export function detailsSchema(service: TServiceFields, options: { agent?: boolean } = {}) {
  const shape: Record<string, z.ZodType> = {
    firstName: z.preprocess((v) => v ?? "", z.string().trim().min(1, "firstNameRequired").max(100, "tooLong")),
    lastName: z.preprocess((v) => v ?? "", z.string().trim().min(1, "lastNameRequired").max(100, "tooLong")),
    // An agent booking for someone on the phone may have no e-mail address (then a phone number).
    email: options.agent ? z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : (v ?? undefined)), ZEmail.optional()) : z.preprocess((v) => v ?? "", ZEmail),
  };
  if (service.phoneField !== "off" || options.agent) {
    const phone = z.string().trim().max(32, "tooLong").regex(PHONE, "phone");
    shape.phone = service.phoneField === "required" ? z.preprocess((v) => v ?? "", z.string().trim().min(1, "phoneRequired").regex(PHONE, "phone").max(32, "tooLong")) : z.preprocess(blankToUndefined, phone.optional());
  }
  if (service.antsField !== "off") {
    const normalize = (v: unknown) => (typeof v === "string" ? normalizeAntsNumber(v) : v);
    shape.antsNumber =
      service.antsField === "required"
        ? z.preprocess((v) => normalize(v ?? ""), z.string().min(1, "antsNumberRequired").regex(ANTS_NUMBER, "antsNumber"))
        : z.preprocess((v) => blankToUndefined(normalize(v)), z.string().regex(ANTS_NUMBER, "antsNumber").optional());
  }
  for (const field of customFieldsOf(service.customFields)) {
    const name = customFieldName(field.id);
    let schema: z.ZodType;
    switch (field.type) {
      case "text":
        schema = z.string().trim().max(500, "tooLong");
        break;
      case "number":
        schema = z.preprocess((v) => (typeof v === "string" ? Number(v.replace(",", ".")) : v), z.number({ message: "number" }).finite("number"));
        break;
      case "date":
        schema = z.string().refine(isIsoDate, "date");
        break;
      case "choice":
        schema = z.enum((field.options ?? []).map((o) => o.value) as [string, ...string[]], { message: "choose" });
        break;
      case "checkbox":
        schema = field.required ? z.literal(["on", "true", true], { message: "mustAccept" }).transform(() => true) : z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
        break;
    }
    // An empty answer is "no answer": required fields then fail with "required" (see issueKey).
    shape[name] = field.type === "checkbox" ? schema : z.preprocess(blankToUndefined, field.required ? schema : schema.optional());
  }
  return z.object(shape).superRefine((input, ctx) => {
    if (options.agent && !input.email && !input.phone) ctx.addIssue({ code: "custom", path: ["email"], message: "emailOrPhone" });
  }).transform((input) => {
    const fields: Record<string, string | number | boolean> = {};
    for (const field of customFieldsOf(service.customFields)) {
      const value = input[customFieldName(field.id)];
      if (value !== undefined) fields[field.id] = value as string | number | boolean;
    }
    return {
      firstName: input.firstName as string,
      lastName: input.lastName as string,
      email: (input.email as string | undefined) ?? "",
      phone: (input.phone as string | undefined) ?? null,
      antsNumber: (input.antsNumber as string | undefined) ?? null,
      fields,
    };
  });
}
export type TCitizenDetails = z.output<ReturnType<typeof detailsSchema>>;

/** The details as they were typed (strings), to put back in a form: stored with the hold. */
export const ZTypedDetails = z.record(z.string(), z.string().max(1000));

const ZInstant = z.iso.datetime({ offset: true, message: "invalid" });

export const ZHoldInput = z.object({
  serviceId: ZId,
  siteId: ZId,
  start: z.string({ message: "chooseTime" }).pipe(ZInstant),
  people: z.coerce.number().int().min(1).max(20).default(1),
  /** A booking in progress whose answers are kept (back from the check page or after an expired hold). */
  draft: z.string().max(100).optional(),
});

export const ZHoldToken = z.object({ token: z.string().min(20).max(100) });

/** The confirmation: the booking's token and the ALTCHA widget's payload (absent without JavaScript). */
export const ZConfirmBooking = ZHoldToken.extend({ altcha: z.string().max(8000).optional() });

export const ZRescheduleInput = z.object({
  token: z.string().min(20).max(100),
  siteId: ZId,
  start: z.string({ message: "chooseTime" }).pipe(ZInstant),
});

export const ZApiKeyInput = z.object({ name: z.string().trim().min(1, "nameRequired").max(100, "tooLong") });
export const ZApiKeyRevoke = z.object({ id: ZId });

// The agents' editor (issue 5). Texts per locale arrive as "<name>.<locale>" form fields.

/** The texts of `prefix` per locale from a form ("names.fr" → { fr }), blanks dropped. */
export function localizedFrom(input: Record<string, unknown>, prefix: string, locales: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const locale of locales) {
    const value = input[`${prefix}.${locale}`];
    if (typeof value === "string" && value.trim()) out[locale] = value.trim().slice(0, 5000);
  }
  return out;
}

const intIn = (min: number, max: number) =>
  z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.replace(",", "."))) : v), z.number({ message: "number" }).int("wholeNumber").min(min, "numberTooSmall").max(max, "numberTooBig"));
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());
const hoursBefore = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.replace(",", "."))) : v),
  z.number({ message: "number" }).min(0.25, "reminderRange").max(24 * 30, "reminderRange").optional(),
);

export const ZServiceCreate = z.looseObject({
  durationMinutes: intIn(5, 480),
  siteIds: list(ZId).pipe(z.array(ZId).min(1, "chooseSite")),
});

export const ZServiceSettings = z.looseObject({
  id: ZId,
  durationMinutes: intIn(5, 480),
  maxPeople: intIn(1, 20),
  phoneField: z.enum(["off", "optional", "required"]),
  antsField: z.enum(["off", "optional", "required"]),
  loginRequired: checkbox,
  closedOnHolidays: checkbox,
  minNoticeHours: intIn(0, 24 * 90),
  horizonWeeks: intIn(1, 104),
  maxActivePerCitizen: intIn(0, 50),
  limitPeriodDays: intIn(1, 3650),
  minDaysBetween: intIn(0, 3650),
  holdMinutes: intIn(2, 60),
  reminder1: hoursBefore,
  reminder2: hoursBefore,
  reminder3: hoursBefore,
  reminderSms: checkbox,
  waitingList: checkbox,
  offerHours: intIn(1, 168),
  retentionDays: intIn(1, 3650),
  siteIds: list(ZId).pipe(z.array(ZId).min(1, "chooseSite")),
});

export const ZSiteInput = z.looseObject({
  id: ZId.optional(),
  phone: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), z.string().trim().max(32, "tooLong").regex(PHONE, "phone").optional()),
  latitude: z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.replace(",", "."))) : v), z.number({ message: "number" }).min(-90, "numberTooSmall").max(90, "numberTooBig").optional()),
  longitude: z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.replace(",", "."))) : v), z.number({ message: "number" }).min(-180, "numberTooSmall").max(180, "numberTooBig").optional()),
});

export const ZRuleInput = z.object({
  serviceId: ZId,
  ruleId: z.preprocess((v) => (v === "" ? undefined : v), ZId.optional()),
  siteId: ZId,
  validFrom: z.string().refine(isIsoDate, "date"),
  validUntil: z.preprocess((v) => (v === "" ? undefined : v), z.string().refine(isIsoDate, "date").optional()),
  slotMinutes: intIn(5, 480),
  capacity: intIn(1, 100),
  day1: z.string().max(200).default(""),
  day2: z.string().max(200).default(""),
  day3: z.string().max(200).default(""),
  day4: z.string().max(200).default(""),
  day5: z.string().max(200).default(""),
  day6: z.string().max(200).default(""),
  day7: z.string().max(200).default(""),
});

export const ZCustomFieldInput = z.looseObject({
  serviceId: ZId,
  type: z.enum(CUSTOM_FIELD_TYPES),
  required: checkbox,
});

/** Changing a question: the same form as adding one, naming the question; its kind cannot change. */
export const ZCustomFieldEdit = ZCustomFieldInput.omit({ type: true }).extend({ field: ZCustomField.shape.id });

export const ZClosureInput = z.looseObject({
  serviceId: ZId,
  scope: z.enum(["service", "all"]),
  siteId: z.preprocess((v) => (v === "" ? undefined : v), ZId.optional()),
  startDate: z.string().refine(isIsoDate, "date"),
  startTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time").default("00:00"),
  endDate: z.string().refine(isIsoDate, "date"),
  endTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "time").default("24:00"),
});

/** An announced release (admin): when, which days, how fast the waiting room lets visitors in. */
export const ZReleaseInput = z.looseObject({
  serviceId: ZId,
  opensDate: z.string().refine(isIsoDate, "date"),
  opensTime: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "time"),
  slotsFrom: z.string().refine(isIsoDate, "date"),
  slotsUntil: z.string().refine(isIsoDate, "date"),
  admitPerMinute: intIn(1, 10_000),
  queueBeforeMinutes: intIn(0, 24 * 60),
  queueAfterMinutes: intIn(10, 24 * 60),
});
