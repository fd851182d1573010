// The agent behind a session, with what they may do: only an active agent of this town.
import { getAgent } from "@/lib/agents/repo";
import { grantsOf, type TGrant } from "@/lib/auth/permissions";

export async function getAgentForSession(tenantId: string, agentId: string): Promise<{ tenantId: string; id: string; email: string; name: string; locale: string | null; grants: TGrant[] } | null> {
  const agent = await getAgent(tenantId, agentId);
  if (!agent || agent.status !== "active") return null;
  return { tenantId, id: agent.id, email: agent.email, name: agent.name, locale: agent.locale, grants: grantsOf(agent.memberships) };
}
