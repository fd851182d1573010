// Sign-in with e-mail and password, for a town's agents (on the town's host) and for the platform's
// operators (on the root domain). Failed attempts are limited per account and per address in
// PostgreSQL; every attempt is audited; a success opens an auth_session row.
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import { findAgentForSignIn, touchLastSignIn } from "@/lib/agents/repo";
import { insertSession } from "@/lib/auth/repo";
import { verifyPassword } from "@/lib/auth/password";
import { blockedFor, consume, reset } from "@/lib/auth/rate-limit";
import { newSecret } from "@/lib/auth/tokens";
import { inTransaction } from "@/lib/core/db";
import { findOperatorForSignIn, touchOperatorSignIn } from "@/lib/platform/repo";

export const SESSION_HOURS = 12;

export type TSignInSite = { kind: "tenant"; tenantId: string } | { kind: "platform" };
export type TSignInResult = { ok: true; sessionId: string } | { ok: false; reason: "invalid" | "locked"; retryAfterSeconds: number };

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function signInWithPassword(input: {
  site: TSignInSite;
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}): Promise<TSignInResult> {
  const email = normaliseEmail(input.email).slice(0, 254);
  const realm = input.site.kind === "tenant" ? input.site.tenantId : "platform";
  const accountKey = `${realm}:${email}`;
  const ipKey = input.ip ?? "unknown";
  const tenantId = input.site.kind === "tenant" ? input.site.tenantId : null;
  const audit = (actor: TAuditContext["actor"]): TAuditContext => ({ tenantId, actor, requestId: input.requestId, ip: input.ip });

  const wait = Math.max(await blockedFor("account", accountKey), await blockedFor("ip", ipKey));
  if (wait > 0) {
    await recordAudit(audit({ type: "anonymous", label: email }), { action: "auth.sign-in-blocked", summary: { email } });
    return { ok: false, reason: "locked", retryAfterSeconds: wait };
  }

  const account =
    input.site.kind === "tenant" ? await findAgentForSignIn(input.site.tenantId, email) : await findOperatorForSignIn(email);
  const valid = (await verifyPassword(account?.passwordHash, input.password)) && account?.status === "active";
  if (!valid || !account) {
    const locked = Math.max(await consume("account", accountKey), await consume("ip", ipKey));
    await recordAudit(audit({ type: "anonymous", label: email }), { action: "auth.sign-in-failed", summary: { email, locked: locked > 0 } });
    return locked > 0 ? { ok: false, reason: "locked", retryAfterSeconds: locked } : { ok: false, reason: "invalid", retryAfterSeconds: 0 };
  }

  await reset("account", accountKey);
  const sessionId = newSecret(32);
  const kind = input.site.kind === "tenant" ? "agent" : "operator";
  await inTransaction(async () => {
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3600_000);
    if (input.site.kind === "tenant") {
      await insertSession(sessionId, { tenantId: input.site.tenantId, agentId: account.id }, expiresAt, input);
      await touchLastSignIn(input.site.tenantId, account.id);
    } else {
      await insertSession(sessionId, { tenantId: null, operatorId: account.id }, expiresAt, input);
      await touchOperatorSignIn(account.id);
    }
    await recordAudit(audit({ type: kind, id: account.id, label: account.email }), { action: "auth.sign-in", targetType: kind, targetId: account.id });
  });
  return { ok: true, sessionId };
}
