"use server";
// The agents' actions on bookings (permission appointments:manage, narrowed to the agent's services
// by the service layer): book for a citizen, move, cancel, arrived / no-show, comments.
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { issueKey } from "@/lib/core/zod-issues";
import { detailsSchema } from "@/lib/appointments/schemas";
import { addBookingComment, agentCancel, agentMove, bookOnBehalf, setAttendance } from "@/lib/appointments/service/agent-bookings";
import { requireServiceAccess } from "@/lib/appointments/service/agent-scope";
import { townService } from "@/lib/appointments/service/definitions";

const ZInstant = z.iso.datetime({ offset: true, message: "chooseTime" });
const ZReason = z.string().trim().min(1, "reasonRequired").max(500, "tooLong");
const admin = (locale: string) => `/${locale}/admin/appointments`;

const ZOnBehalf = z.looseObject({
  serviceId: ZId,
  siteId: ZId,
  start: z.string({ message: "chooseTime" }).pipe(ZInstant),
  people: z.coerce.number().int().min(1).max(20).default(1),
  citizenLocale: z.string().max(16),
  overbook: z.preprocess((v) => v === "on" || v === "true", z.boolean()).default(false),
});

/** Books for a citizen (phone call, desk). */
export const bookOnBehalfAction = defineAction({
  name: "appointments.book-on-behalf",
  input: ZOnBehalf,
  // Overbooking needs its own permission, for this service (a refusal is audited by the wrapper).
  access: { realm: "town", permission: (input: z.output<typeof ZOnBehalf>) => ({ permission: input.overbook ? "appointments:overbook" : "appointments:manage", scope: `service:${input.serviceId}` }) },
  run: async (input, { tenant, actor, audit }) => {
    const service = await townService(tenant.id, input.serviceId);
    if (!service || !service.sites.some((s) => s.siteId === input.siteId)) throw new NotFoundError();
    requireServiceAccess(actor, "appointments:manage", service.id);
    const parsed = detailsSchema(service, { agent: true }).safeParse(input);
    if (!parsed.success) {
      const fields: Record<string, ReturnType<typeof issueKey>> = {};
      for (const issue of parsed.error.issues) fields[issue.path.join(".") || "_form"] ??= issueKey(issue);
      throw new FieldsError(fields);
    }
    const locale = tenant.enabledLocales.includes(input.citizenLocale) ? input.citizenLocale : tenant.defaultLocale;
    return bookOnBehalf({ tenant, actor, service, siteId: input.siteId, start: new Date(input.start), people: input.people, details: parsed.data, locale, overbook: input.overbook, audit });
  },
  audit: null,
  after: (row, { locale }) => redirect(`${admin(locale)}/${row.id}?booked=1`),
});

export const agentCancelAction = defineAction({
  name: "appointments.agent-cancel",
  input: z.object({ id: ZId, reason: ZReason }),
  access: { realm: "town", permission: "appointments:manage" },
  run: async (input, { tenant, actor }) => agentCancel(tenant, actor, input.id, input.reason),
  audit: (input, result) => (result.changed ? { action: "appointments.cancel", targetType: "appointment", targetId: input.id, summary: { reference: result.appointment.reference, by: "agent", reason: input.reason } } : null),
  after: (_result, { locale }, input) => redirect(`${admin(locale)}/${input.id}?cancelled=1`),
});

export const agentMoveAction = defineAction({
  name: "appointments.agent-move",
  input: z.object({ id: ZId, siteId: ZId, start: z.string({ message: "chooseTime" }).pipe(ZInstant), moveReason: ZReason }),
  access: { realm: "town", permission: "appointments:manage" },
  run: async (input, { tenant, actor }) => agentMove(tenant, actor, input.id, { siteId: input.siteId, start: new Date(input.start) }, input.moveReason),
  audit: (input, result) => ({
    action: "appointments.reschedule",
    targetType: "appointment",
    targetId: input.id,
    summary: { reference: result.appointment.reference, from: result.before.startsAt.toISOString(), to: result.appointment.startsAt.toISOString(), by: "agent", reason: input.moveReason },
  }),
  after: (_result, { locale }, input) => redirect(`${admin(locale)}/${input.id}?moved=1`),
});

export const attendanceAction = defineAction({
  name: "appointments.attendance",
  input: z.object({ id: ZId, attendance: z.enum(["arrived", "no_show", "clear"]) }),
  access: { realm: "town", permission: "appointments:manage" },
  run: async (input, { tenant, actor }) => setAttendance(tenant, actor, input.id, input.attendance === "clear" ? null : input.attendance),
  audit: (input, result) => ({ action: "appointments.attendance", targetType: "appointment", targetId: input.id, summary: { reference: result.appointment.reference, attendance: input.attendance } }),
  success: "attendanceSaved",
});

export const commentAction = defineAction({
  name: "appointments.comment",
  input: z.object({ id: ZId, body: z.string().trim().min(1, "commentRequired").max(2000, "tooLong") }),
  access: { realm: "town", permission: "appointments:manage" },
  run: async (input, { tenant, actor }) => addBookingComment(tenant, actor, input.id, input.body),
  audit: (input, result) => ({ action: "appointments.comment", targetType: "appointment", targetId: input.id, summary: { reference: result.appointment.reference, commentId: result.comment.id } }),
  success: "commentAdded",
});
