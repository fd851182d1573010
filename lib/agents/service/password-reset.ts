// Forgotten password: the agent gives an address; if an active agent of this town has it, a one-time
// link (60 minutes) is mailed. The answer is the same either way (nobody learns who has an account),
// and requests are limited per address and per e-mail. Choosing the new password ends every session.
import { findAgentByEmail, updateAgent } from "@/lib/agents/repo";
import { hashPassword } from "@/lib/auth/password";
import { consume } from "@/lib/auth/rate-limit";
import { consumeToken, expireTokens, insertToken, revokeAgentSessions } from "@/lib/auth/repo";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { ActionError } from "@/lib/core/errors";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

export const RESET_MINUTES = 60;

export async function requestPasswordReset(tenant: TTenant, email: string, locale: string, ip: string | null): Promise<{ sent: boolean; agentId: string | null }> {
  const limited = (await consume("reset", `${tenant.id}:${email}`)) > 0 || (await consume("reset", `ip:${ip ?? "unknown"}`)) > 0;
  const agent = await findAgentByEmail(tenant.id, email);
  if (limited || !agent || agent.status !== "active") return { sent: false, agentId: agent?.id ?? null };
  const secret = newSecret();
  const mailLocale = agent.locale && tenant.enabledLocales.includes(agent.locale) ? agent.locale : locale;
  await expireTokens({ tenantId: tenant.id, agentId: agent.id, purpose: "password_reset" });
  await insertToken({ tenantId: tenant.id, agentId: agent.id, purpose: "password_reset", tokenHash: hashSecret(secret), expiresAt: new Date(Date.now() + RESET_MINUTES * 60_000) });
  await queueMail({
    tenantId: tenant.id,
    to: agent.email,
    template: "password-reset",
    locale: mailLocale,
    params: { name: agent.name, expiresMinutes: RESET_MINUTES },
    secret: { link: `${tenantOrigin(tenant)}/${mailLocale}/admin/reset-password?token=${secret}` },
  });
  return { sent: true, agentId: agent.id };
}

export async function resetPassword(tenantId: string, token: string, password: string): Promise<{ agentId: string; sessionsEnded: number }> {
  const used = await consumeToken(hashSecret(token), "password_reset", tenantId);
  if (!used?.agentId) throw new ActionError("linkInvalid");
  const ok = await updateAgent(tenantId, used.agentId, { passwordHash: await hashPassword(password) });
  if (!ok) throw new ActionError("linkInvalid");
  return { agentId: used.agentId, sessionsEnded: await revokeAgentSessions(tenantId, used.agentId) };
}
