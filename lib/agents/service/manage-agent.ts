// Changing an agent's roles and scope, deactivating (every session ends at once) and reactivating.
// A town never loses its last active administrator, and nobody deactivates themselves.
import { agentHasPassword, countActiveAdministrators, getAgent, replaceMemberships, rolesOfTown, updateAgent, type TAgentRow } from "@/lib/agents/repo";
import { revokeAgentSessions } from "@/lib/auth/repo";
import { ActionError, NotFoundError } from "@/lib/core/errors";

function isWholeTownAdministrator(agent: TAgentRow): boolean {
  return agent.memberships.some((m) => m.role.builtin === "administrator" && (m.scope ?? []).length === 0);
}

async function loadAgent(tenantId: string, agentId: string): Promise<TAgentRow> {
  const agent = await getAgent(tenantId, agentId);
  if (!agent) throw new NotFoundError();
  return agent;
}

export async function updateAgentAccess(tenantId: string, agentId: string, roleIds: string[], scope: string[]) {
  const agent = await loadAgent(tenantId, agentId);
  const roles = await rolesOfTown(tenantId, roleIds);
  if (roles.length !== new Set(roleIds).size) throw new ActionError("chooseRole", {}, "roles");
  const staysAdministrator = roles.some((r) => r.builtin === "administrator") && scope.length === 0;
  if (agent.status === "active" && isWholeTownAdministrator(agent) && !staysAdministrator && (await countActiveAdministrators(tenantId, agentId)) === 0) {
    throw new ActionError("lastAdministrator", {}, "roles");
  }
  await replaceMemberships(tenantId, agentId, roles.map((r) => ({ roleId: r.id, scope })));
  return {
    agent,
    before: agent.memberships.map((m) => ({ role: m.role.builtin ?? m.role.id, scope: m.scope })),
    after: roles.map((r) => ({ role: r.builtin ?? r.id, scope })),
  };
}

export async function deactivateAgent(tenantId: string, agentId: string, actorId: string) {
  if (agentId === actorId) throw new ActionError("cannotDeactivateSelf");
  const agent = await loadAgent(tenantId, agentId);
  if (agent.status === "deactivated") return { agent, sessionsEnded: 0 };
  if (isWholeTownAdministrator(agent) && agent.status === "active" && (await countActiveAdministrators(tenantId, agentId)) === 0) {
    throw new ActionError("lastAdministrator");
  }
  await updateAgent(tenantId, agentId, { status: "deactivated" });
  return { agent, sessionsEnded: await revokeAgentSessions(tenantId, agentId) };
}

export async function reactivateAgent(tenantId: string, agentId: string) {
  const agent = await loadAgent(tenantId, agentId);
  if (agent.status !== "deactivated") return { agent, status: agent.status };
  // An agent who never chose a password goes back to "invited" (a new invitation is needed).
  const hasPassword = await agentHasPassword(tenantId, agentId);
  const status = hasPassword ? ("active" as const) : ("invited" as const);
  await updateAgent(tenantId, agentId, { status });
  return { agent, status };
}
