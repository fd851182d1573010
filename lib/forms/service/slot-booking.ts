// The slot field: an appointment time of an appointments service, chosen in a form. Choosing only
// records { siteId, start } in the draft; the appointment is booked when the request is sent, inside
// submitRequest's transaction, through the appointments module's one-step booking (the same rules as
// any booking: the time must be offered, the citizen within their limits, the places decided by
// PostgreSQL). A time taken meanwhile rolls the whole submission back with an error on the field, so
// the citizen picks another time and sends again.
import type { TAuditContext } from "@/lib/audit/service/record-audit";
import { db, inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError } from "@/lib/core/errors";
import { bookDirect, SlotUnavailableError } from "@/lib/appointments/service/book-appointment";
import { townService } from "@/lib/appointments/service/definitions";
import type { TField, TFormDefinition } from "@/lib/forms/definition";
import { visibleFieldIds, type TAnswers } from "@/lib/forms/fill/visibility";
import { setRequestData, type TRequestRow } from "@/lib/forms/repo";
import type { TTenant } from "@/lib/tenancy/registry";

/** A slot answer as stored: the time chosen, and once sent the appointment it booked. */
export type TSlotAnswer = { siteId: string; start: string; appointmentId?: string; reference?: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The shape of a slot answer (a site id and an ISO instant), or null. Pure. */
export function readSlotAnswer(value: unknown): TSlotAnswer | null {
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (typeof v.siteId !== "string" || !UUID.test(v.siteId) || typeof v.start !== "string" || Number.isNaN(Date.parse(v.start))) return null;
  return {
    siteId: v.siteId,
    start: new Date(v.start).toISOString(),
    ...(typeof v.appointmentId === "string" ? { appointmentId: v.appointmentId } : {}),
    ...(typeof v.reference === "string" ? { reference: v.reference } : {}),
  };
}

/** Shape check for the form's validation: null when fine, else the error key (namespace "Errors"). */
export function validateSlotAnswer(value: unknown): { key: string } | null {
  return readSlotAnswer(value) ? null : { key: "slotInvalid" };
}

/** "Jean Dupont" → first name "Jean", last name "Dupont"; one word goes to the last name. */
export function splitName(name: string | null, email: string): { firstName: string; lastName: string } {
  const words = (name ?? "").trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return { firstName: "-", lastName: email.split("@")[0] || "-" };
  if (words.length === 1) return { firstName: "-", lastName: words[0]! };
  return { firstName: words.slice(0, -1).join(" "), lastName: words[words.length - 1]! };
}

function phoneOf(definition: TFormDefinition, data: TAnswers, visible: Set<string>): string | null {
  for (const step of definition.steps) {
    for (const field of step.fields) {
      if (field.type === "phone" && visible.has(field.id) && typeof data[field.id] === "string") return data[field.id] as string;
    }
  }
  return null;
}

export type TBookRequestSlots = {
  tenant: TTenant;
  /** The request being sent (its answers, name, e-mail, locale) */
  request: Pick<TRequestRow, "id" | "data" | "name" | "email" | "citizenId"> & { locale?: string };
  /** The definition of the request's version */
  definition: TFormDefinition;
  locale: string;
  audit?: TAuditContext;
};

/**
 * Books an appointment for every visible slot answer of the request (call it INSIDE the submission's
 * transaction) and writes `{ siteId, start, appointmentId, reference }` into the answers. Returns the
 * answers as stored. Throws FieldsError on the slot field when its time is no longer bookable (taken
 * meanwhile, no longer offered, another town's service, citizen over the service's limits).
 */
export function bookRequestSlots(input: TBookRequestSlots): Promise<TAnswers> {
  return inTransaction(() => bookAll(input));
}

async function bookAll(input: TBookRequestSlots): Promise<TAnswers> {
  const { tenant, request, definition } = input;
  const data: TAnswers = { ...((request.data ?? {}) as TAnswers) };
  const visible = visibleFieldIds(definition, data);
  const slotFields: TField[] = definition.steps.flatMap((s) => s.fields).filter((f) => f.type === "slot" && visible.has(f.id));
  if (slotFields.length === 0) return data;
  const email = request.email;
  if (!email) throw new ActionError("emailRequired");
  const names = splitName(request.name, email);
  const phone = phoneOf(definition, data, visible);
  const audit: TAuditContext = input.audit ?? { tenantId: tenant.id, actor: request.citizenId ? { type: "citizen", id: request.citizenId } : { type: "anonymous", label: email } };
  let changed = false;
  for (const field of slotFields) {
    const answer = readSlotAnswer(data[field.id]);
    if (!answer) throw new FieldsError({ [field.id]: { key: "slotInvalid" } });
    if (answer.appointmentId) continue;
    // Only this town's bookable services: another town's id (or an archived service) offers nothing.
    const service = field.serviceId ? await townService(tenant.id, field.serviceId) : null;
    if (!service) throw new FieldsError({ [field.id]: { key: "slotUnavailable" } });
    // A savepoint: a refused booking leaves nothing behind (an appointment row without places) even
    // if the caller catches the error and goes on with its transaction.
    await db().$executeRawUnsafe("SAVEPOINT request_slot");
    try {
      const { appointment } = await bookDirect({
        tenant,
        service,
        siteId: answer.siteId,
        start: new Date(answer.start),
        people: 1,
        details: { ...names, email, phone, antsNumber: null, fields: {} },
        locale: input.locale,
        idempotencyKey: `form-request:${request.id}:${field.id}`,
        apiKeyId: null,
        source: "web",
        audit,
      });
      // bookDirect tries the service's sites when none is given; the given site is the one booked.
      data[field.id] = { siteId: appointment.siteId, start: appointment.startsAt.toISOString(), appointmentId: appointment.id, reference: appointment.reference } satisfies TSlotAnswer;
      await db().$executeRawUnsafe("RELEASE SAVEPOINT request_slot");
      changed = true;
    } catch (error) {
      await db()
        .$executeRawUnsafe("ROLLBACK TO SAVEPOINT request_slot")
        .catch(() => undefined);
      if (error instanceof SlotUnavailableError) throw new FieldsError({ [field.id]: { key: error.reason } });
      if (error instanceof ActionError && !(error instanceof FieldsError)) throw new FieldsError({ [field.id]: { key: error.key, params: error.params } });
      throw error;
    }
  }
  if (changed) await setRequestData(tenant.id, request.id, data as object);
  return data;
}
