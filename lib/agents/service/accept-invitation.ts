// The invited agent chooses a password through the link: the token is consumed (once), the account
// becomes active. Signing in is the next step, on the sign-in page.
import { updateAgent } from "@/lib/agents/repo";
import { hashPassword } from "@/lib/auth/password";
import { consumeToken } from "@/lib/auth/repo";
import { hashSecret } from "@/lib/auth/tokens";
import { ActionError } from "@/lib/core/errors";

export async function acceptInvitation(tenantId: string, token: string, password: string): Promise<{ agentId: string }> {
  const used = await consumeToken(hashSecret(token), "invitation", tenantId);
  if (!used?.agentId) throw new ActionError("linkInvalid");
  const ok = await updateAgent(tenantId, used.agentId, { passwordHash: await hashPassword(password), status: "active" });
  if (!ok) throw new ActionError("linkInvalid");
  return { agentId: used.agentId };
}
