"use server";
// The citizen's waiting-list forms, as server actions through the action wrapper. Public (no sign-in):
// the town comes from the Host, the waiter from the secret of their link. Rate-limited per address
// like holding a time.
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/core/action";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { overLimit } from "@/lib/appointments/limits";
import { townService } from "@/lib/appointments/service/definitions";
import { joinWaitingList, leaveWaitingList, ZWaitingListJoin, ZWaitingListToken } from "@/lib/appointments/service/waiting-list";

async function limit(ip: string | null): Promise<void> {
  const wait = await overLimit("hold", `waiting:${ip ?? "unknown"}`);
  if (wait > 0) throw new ActionError("waitingListTooMany", { minutes: Math.ceil(wait / 60) });
}

/** Joins a service's waiting list, then shows the confirmation (the page of the leave link). */
export const joinWaitingListAction = defineAction({
  name: "appointments.waiting-list.join",
  input: ZWaitingListJoin,
  access: { realm: "town", public: true },
  run: async (input, { tenant, locale, request }) => {
    await limit(request.ip);
    if (!tenant.modules.includes("appointments")) throw new NotFoundError();
    const service = await townService(tenant.id, input.serviceId);
    if (!service) throw new NotFoundError();
    return joinWaitingList(tenant, service, { email: input.email, siteId: input.siteId ?? null, weekdays: input.weekdays, locale });
  },
  audit: (input, result) => ({ action: "appointments.waiting-list.join", targetType: "appointment-waiter", targetId: result.waiter.id, summary: { serviceId: input.serviceId, again: !result.created } }),
  after: (result, { locale }) => redirect(`/${locale}/appointments/waiting-list/${result.token}?joined=1`),
});

/** Leaves the waiting list (after the confirmation page: following the link alone changes nothing). */
export const leaveWaitingListAction = defineAction({
  name: "appointments.waiting-list.leave",
  input: ZWaitingListToken,
  access: { realm: "town", public: true },
  run: async (input, { tenant, request }) => {
    await limit(request.ip);
    return leaveWaitingList(tenant, input.token);
  },
  audit: (_input, result) => (result.changed ? { action: "appointments.waiting-list.leave", targetType: "appointment-waiter", targetId: result.waiter.id, summary: { serviceId: result.waiter.serviceId } } : null),
  after: (_result, { locale }, input) => redirect(`/${locale}/appointments/waiting-list/${input.token}`),
});
