"use server";
// The agents' calendar feeds (permission appointments:manage): create one (its address shown once),
// revoke one of one's own. Both are audited.
import { defineAction } from "@/lib/core/action";
import { NotFoundError } from "@/lib/core/errors";
import { createFeed, revokeOwnFeed, ZFeedInput, ZFeedRevoke } from "@/lib/appointments/service/feeds";

export const createFeedAction = defineAction({
  name: "appointments.feed-create",
  input: ZFeedInput,
  access: { realm: "town", permission: "appointments:manage" },
  run: async (input, { tenant, actor }) => {
    if (!tenant.modules.includes("appointments")) throw new NotFoundError();
    return createFeed(tenant, actor, input);
  },
  audit: (input, result) => ({
    action: "appointments.feed-create",
    targetType: "appointment-feed",
    targetId: result.id,
    summary: { name: input.name, siteId: input.siteId ?? null, serviceId: input.serviceId ?? null, desk: input.desk ?? null, prefix: result.prefix },
  }),
  success: "appointmentFeedCreated",
});

export const revokeFeedAction = defineAction({
  name: "appointments.feed-revoke",
  input: ZFeedRevoke,
  access: { realm: "town", permission: "appointments:manage" },
  run: async (input, { tenant, actor }) => {
    await revokeOwnFeed(tenant.id, actor.id, input.id);
    return { id: input.id };
  },
  audit: (input) => ({ action: "appointments.feed-revoke", targetType: "appointment-feed", targetId: input.id }),
  success: "appointmentFeedRevoked",
});
