import { z } from "zod";
import { list, ZEmail, ZId, ZNewPassword, ZPersonName } from "@/lib/core/form-schemas";

/** A membership scope: a service or a language ("service:<uuid>", "locale:ar"). */
export const ZScope = z.string().regex(/^(service:[0-9a-f-]{36}|locale:[a-z]{2,3})$/, "invalid");

export const ZInviteAgent = z.object({
  email: ZEmail,
  name: ZPersonName,
  roles: list(ZId).pipe(z.array(ZId).min(1, "chooseRole")),
  scope: list(ZScope),
});

export const ZUpdateAgentAccess = z.object({
  agentId: ZId,
  roles: list(ZId).pipe(z.array(ZId).min(1, "chooseRole")),
  scope: list(ZScope),
});

export const ZAgentId = z.object({ agentId: ZId });

export const ZToken = z.string().min(20).max(100).regex(/^[A-Za-z0-9_-]+$/);

export const ZAcceptInvitation = z.intersection(z.object({ token: ZToken }), ZNewPassword);
export const ZResetPassword = z.intersection(z.object({ token: ZToken }), ZNewPassword);
export const ZRequestReset = z.object({ email: ZEmail });
export const ZSignIn = z.object({
  email: ZEmail,
  password: z.string().min(1, "passwordRequired").max(200, "tooLong"),
  next: z.string().max(500).optional(),
});

export const ZRoleInput = z
  .object({
    roleId: ZId.optional(),
    permissions: list(z.string().max(100)),
  })
  .catchall(z.unknown());

export type TInviteAgent = z.output<typeof ZInviteAgent>;
