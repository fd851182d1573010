"use server";
// Server actions of the agents module: thin, through the action wrapper (zod, town from the Host,
// permission, transaction, audit).
import { redirect } from "next/navigation";
import { z } from "zod";
import { getAgent } from "@/lib/agents/repo";
import { ZAcceptInvitation, ZAgentId, ZInviteAgent, ZRequestReset, ZResetPassword, ZRoleInput, ZUpdateAgentAccess } from "@/lib/agents/schemas";
import { acceptInvitation } from "@/lib/agents/service/accept-invitation";
import { inviteAgent, issueInvitation } from "@/lib/agents/service/invite-agent";
import { deactivateAgent, reactivateAgent, updateAgentAccess } from "@/lib/agents/service/manage-agent";
import { cleanRoleDraft, createRole, editRole, removeRole } from "@/lib/agents/service/manage-roles";
import { requestPasswordReset, resetPassword } from "@/lib/agents/service/password-reset";
import { defineAction } from "@/lib/core/action";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";

export const inviteAgentAction = defineAction({
  name: "agents.invite",
  input: ZInviteAgent,
  access: { realm: "town", permission: "users:manage" },
  run: (input, ctx) => inviteAgent({ tenant: ctx.tenant, inviter: ctx.actor.name, locale: ctx.locale, email: input.email, name: input.name, roleIds: input.roles, scope: input.scope }),
  audit: (input, result) => ({ action: "agents.invite", targetType: "agent", targetId: result.agentId, summary: { email: input.email, roles: input.roles, scope: input.scope, resent: result.resent } }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/admin/users?done=invited`),
});

export const resendInvitationAction = defineAction({
  name: "agents.resend-invitation",
  input: ZAgentId,
  access: { realm: "town", permission: "users:manage" },
  run: async (input, ctx) => {
    const agent = await getAgent(ctx.tenant.id, input.agentId);
    if (!agent) throw new NotFoundError();
    if (agent.status !== "invited") throw new ActionError("notInvited");
    await issueInvitation(ctx.tenant, agent, ctx.actor.name, agent.locale ?? ctx.locale);
    return agent;
  },
  audit: (_input, agent) => ({ action: "agents.resend-invitation", targetType: "agent", targetId: agent.id, summary: { email: agent.email } }),
  success: "invitationResent",
});

export const updateAgentAccessAction = defineAction({
  name: "agents.update-access",
  input: ZUpdateAgentAccess,
  access: { realm: "town", permission: "users:manage" },
  run: (input, ctx) => updateAgentAccess(ctx.tenant.id, input.agentId, input.roles, input.scope),
  audit: (input, result) => ({ action: "agents.update-access", targetType: "agent", targetId: input.agentId, summary: { email: result.agent.email, from: result.before, to: result.after } }),
  success: "accessSaved",
});

export const deactivateAgentAction = defineAction({
  name: "agents.deactivate",
  input: ZAgentId,
  access: { realm: "town", permission: "users:manage" },
  run: (input, ctx) => deactivateAgent(ctx.tenant.id, input.agentId, ctx.actor.id),
  audit: (input, result) => ({ action: "agents.deactivate", targetType: "agent", targetId: input.agentId, summary: { email: result.agent.email, sessionsEnded: result.sessionsEnded } }),
  success: "agentDeactivated",
});

export const reactivateAgentAction = defineAction({
  name: "agents.reactivate",
  input: ZAgentId,
  access: { realm: "town", permission: "users:manage" },
  run: (input, ctx) => reactivateAgent(ctx.tenant.id, input.agentId),
  audit: (input, result) => ({ action: "agents.reactivate", targetType: "agent", targetId: input.agentId, summary: { email: result.agent.email, status: result.status } }),
  success: "agentReactivated",
});

export const acceptInvitationAction = defineAction({
  name: "agents.accept-invitation",
  input: ZAcceptInvitation,
  access: { realm: "town", public: true },
  run: (input, ctx) => acceptInvitation(ctx.tenant.id, input.token, input.password),
  audit: (_input, result) => ({ action: "agents.accept-invitation", actor: { type: "agent", id: result.agentId }, targetType: "agent", targetId: result.agentId }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/admin/sign-in?done=password`),
});

export const requestPasswordResetAction = defineAction({
  name: "auth.password-reset-request",
  input: ZRequestReset,
  access: { realm: "town", public: true },
  run: (input, ctx) => requestPasswordReset(ctx.tenant, input.email, ctx.locale, ctx.request.ip),
  audit: (input, result) => ({ action: "auth.password-reset-request", targetType: result.agentId ? "agent" : null, targetId: result.agentId, summary: { email: input.email, sent: result.sent } }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/admin/forgot-password?done=1`),
});

export const resetPasswordAction = defineAction({
  name: "auth.password-reset",
  input: ZResetPassword,
  access: { realm: "town", public: true },
  run: (input, ctx) => resetPassword(ctx.tenant.id, input.token, input.password),
  audit: (_input, result) => ({ action: "auth.password-reset", actor: { type: "agent", id: result.agentId }, targetType: "agent", targetId: result.agentId, summary: { sessionsEnded: result.sessionsEnded } }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/admin/sign-in?done=password`),
});

function roleNames(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([k]) => k.startsWith("name_")).map(([k, v]) => [k.slice(5), v]));
}

export const createRoleAction = defineAction({
  name: "roles.create",
  input: ZRoleInput,
  access: { realm: "town", permission: "roles:manage" },
  run: async (input, ctx) => {
    const draft = cleanRoleDraft(ctx.tenant, { names: roleNames(input), permissions: input.permissions });
    return { ...(await createRole(ctx.tenant.id, draft)), draft };
  },
  audit: (_input, result) => ({ action: "roles.create", targetType: "role", targetId: result.id, summary: result.draft }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/admin/roles?done=created`),
});

export const updateRoleAction = defineAction({
  name: "roles.update",
  input: ZRoleInput.extend({ roleId: ZId }),
  access: { realm: "town", permission: "roles:manage" },
  run: async (input, ctx) => {
    const draft = cleanRoleDraft(ctx.tenant, { names: roleNames(input), permissions: input.permissions });
    return { ...(await editRole(ctx.tenant.id, input.roleId, draft)), draft };
  },
  audit: (input, result) => ({ action: "roles.update", targetType: "role", targetId: input.roleId, summary: { from: result.before, to: result.draft } }),
  success: "roleSaved",
});

export const deleteRoleAction = defineAction({
  name: "roles.delete",
  input: z.object({ roleId: ZId }),
  access: { realm: "town", permission: "roles:manage" },
  run: (input, ctx) => removeRole(ctx.tenant.id, input.roleId),
  audit: (input, result) => ({ action: "roles.delete", targetType: "role", targetId: input.roleId, summary: { names: result.names } }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/admin/roles?done=deleted`),
});
