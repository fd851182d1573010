// A town administrator invites an agent: the account is created without a password, with its roles,
// and an e-mail carries a one-time link (72 hours) to choose one. Inviting an invited agent again sends
// a new link (the old one stops working); inviting an active agent is refused.
import { AgentConflictError, findAgentByEmail, insertAgent, replaceMemberships, rolesOfTown } from "@/lib/agents/repo";
import { expireTokens, insertToken } from "@/lib/auth/repo";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { ActionError } from "@/lib/core/errors";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

export const INVITATION_HOURS = 72;

/** What inviting needs to know of the town. */
export type TTownRef = Pick<TTenant, "id" | "slug" | "enabledLocales" | "defaultLocale">;

export async function issueInvitation(tenant: TTownRef, agent: { id: string; email: string; name: string }, inviter: string, locale: string): Promise<void> {
  const secret = newSecret();
  await expireTokens({ tenantId: tenant.id, agentId: agent.id, purpose: "invitation" });
  await insertToken({ tenantId: tenant.id, agentId: agent.id, purpose: "invitation", tokenHash: hashSecret(secret), expiresAt: new Date(Date.now() + INVITATION_HOURS * 3600_000) });
  await queueMail({
    tenantId: tenant.id,
    to: agent.email,
    template: "agent-invitation",
    locale,
    params: { name: agent.name, inviter, expiresHours: INVITATION_HOURS },
    secret: { link: `${tenantOrigin(tenant)}/${locale}/admin/invitation?token=${secret}` },
  });
}

export async function inviteAgent(input: {
  tenant: TTownRef;
  inviter: string;
  locale: string;
  email: string;
  name: string;
  roleIds: string[];
  scope: string[];
}): Promise<{ agentId: string; resent: boolean }> {
  const roles = await rolesOfTown(input.tenant.id, input.roleIds);
  if (roles.length !== new Set(input.roleIds).size) throw new ActionError("chooseRole", {}, "roles");
  const locale = input.tenant.enabledLocales.includes(input.locale) ? input.locale : input.tenant.defaultLocale;

  const existing = await findAgentByEmail(input.tenant.id, input.email);
  if (existing && existing.status !== "invited") throw new ActionError("agentExists", {}, "email");
  let agentId = existing?.id;
  if (!agentId) {
    try {
      agentId = (await insertAgent(input.tenant.id, { email: input.email, name: input.name, locale })).id;
    } catch (error) {
      if (error instanceof AgentConflictError) throw new ActionError("agentExists", {}, "email");
      throw error;
    }
  }
  await replaceMemberships(input.tenant.id, agentId, roles.map((r) => ({ roleId: r.id, scope: input.scope })));
  await issueInvitation(input.tenant, { id: agentId, email: input.email, name: input.name }, input.inviter, locale);
  return { agentId, resent: Boolean(existing) };
}
