// Whether a one-time link still works, to show its form (it is consumed only when the form is sent).
import { getAgent } from "@/lib/agents/repo";
import { peekToken } from "@/lib/auth/repo";
import { hashSecret } from "@/lib/auth/tokens";
import { ZToken } from "@/lib/agents/schemas";

export async function peekAgentLink(tenantId: string, token: string | undefined, purpose: "invitation" | "password_reset"): Promise<{ valid: boolean; name?: string; email?: string }> {
  if (!token || !ZToken.safeParse(token).success) return { valid: false };
  const found = await peekToken(hashSecret(token), purpose, tenantId);
  if (!found?.agentId) return { valid: false };
  const agent = await getAgent(tenantId, found.agentId);
  if (!agent) return { valid: false };
  if (purpose === "invitation" && agent.status !== "invited") return { valid: false };
  if (purpose === "password_reset" && agent.status !== "active") return { valid: false };
  return { valid: true, name: agent.name, email: agent.email };
}
