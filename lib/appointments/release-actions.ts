"use server";
// Announced releases of a service (admin, permission appointments:configure for that service).
import { redirect } from "next/navigation";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { FieldsError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { ZReleaseInput } from "@/lib/appointments/schemas";
import { anyTownService } from "@/lib/appointments/service/definitions";
import { createRelease, removeRelease } from "@/lib/appointments/service/waiting-room";
import { localInstant } from "@/lib/appointments/slots";

const forService = (input: { serviceId: string }) => ({ permission: "appointments:configure", scope: `service:${input.serviceId}` });

export const createReleaseAction = defineAction({
  name: "appointments.release-create",
  input: ZReleaseInput,
  access: { realm: "town", permission: forService },
  run: async (input, { tenant, actor }) => {
    const service = await anyTownService(tenant.id, input.serviceId);
    if (!service || service.archivedAt) throw new NotFoundError();
    const opensAt = localInstant(input.opensDate, input.opensTime, tenant.timeZone);
    if (opensAt.getTime() <= Date.now()) throw new FieldsError({ opensDate: { key: "releaseInPast" } });
    if (input.slotsUntil < input.slotsFrom) throw new FieldsError({ slotsUntil: { key: "releaseDaysBackwards" } });
    return createRelease(tenant.id, { serviceId: service.id, opensAt, slotsFrom: input.slotsFrom, slotsUntil: input.slotsUntil, admitPerMinute: input.admitPerMinute, queueBeforeMinutes: input.queueBeforeMinutes, queueAfterMinutes: input.queueAfterMinutes, createdBy: actor.email });
  },
  audit: (input, release) => ({
    action: "appointments.release-create",
    targetType: "appointment-release",
    targetId: release.id,
    summary: { serviceId: input.serviceId, opensAt: release.opensAt.toISOString(), slotsFrom: input.slotsFrom, slotsUntil: input.slotsUntil, admitPerMinute: input.admitPerMinute },
  }),
  after: (_release, { locale }, input) => redirect(`/${locale}/admin/appointment-services/${input.serviceId}/releases?done=created`),
});

export const deleteReleaseAction = defineAction({
  name: "appointments.release-delete",
  input: z.object({ serviceId: ZId, releaseId: ZId }),
  access: { realm: "town", permission: forService },
  run: async (input, { tenant }) => {
    if (!(await removeRelease(tenant.id, input.serviceId, input.releaseId))) throw new NotFoundError();
  },
  audit: (input) => ({ action: "appointments.release-delete", targetType: "appointment-release", targetId: input.releaseId, summary: { serviceId: input.serviceId } }),
  after: (_result, { locale }, input) => redirect(`/${locale}/admin/appointment-services/${input.serviceId}/releases?done=deleted`),
});
