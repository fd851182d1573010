// Who is signed in on this request, checked on every request against the database: the session row
// must exist, be unexpired and unrevoked, belong to this host's town (or to the platform on the root
// domain), and its account must be active. Pages, actions and route handlers call these helpers;
// layouts may too, but never only they.
import { cache } from "react";
import { forbidden, redirect } from "next/navigation";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { sessionIdFromCookie } from "@/lib/auth/config";
import { can, type TGrant } from "@/lib/auth/permissions";
import { findSession, touchSession } from "@/lib/auth/repo";
import { getOperatorForSession } from "@/lib/platform/service/get-operator-for-session";
import { currentSite } from "@/lib/tenancy/current";

export type TAgentActor = {
  kind: "agent";
  sessionId: string;
  tenantId: string;
  id: string;
  email: string;
  name: string;
  locale: string | null;
  grants: TGrant[];
};
export type TOperatorActor = { kind: "operator"; sessionId: string; id: string; email: string; name: string };
export type TActor = TAgentActor | TOperatorActor;

const TOUCH_EVERY_MS = 5 * 60_000;

export const getActor = cache(async (): Promise<TActor | null> => {
  const sessionId = await sessionIdFromCookie().catch(() => null);
  if (!sessionId) return null;
  const site = await currentSite();
  if (!site) return null;
  const session = await findSession(sessionId);
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
  let actor: TActor | null = null;
  if (site.kind === "tenant") {
    if (session.tenantId !== site.tenant.id || !session.agentId) return null;
    const agent = await getAgentForSession(site.tenant.id, session.agentId);
    if (agent) actor = { kind: "agent", sessionId, ...agent };
  } else {
    if (session.tenantId !== null || !session.operatorId) return null;
    const operator = await getOperatorForSession(session.operatorId);
    if (operator) actor = { kind: "operator", sessionId, ...operator };
  }
  if (actor && Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(sessionId);
  return actor;
});

/** For admin pages: the signed-in agent of this town, else a redirect to the sign-in page. */
export async function requireAgent(locale: string, returnTo?: string): Promise<TAgentActor> {
  const actor = await getActor();
  if (actor?.kind === "agent") return actor;
  const next = returnTo ? `?next=${encodeURIComponent(returnTo)}` : "";
  redirect(`/${locale}/admin/sign-in${next}`);
}

/** For admin pages: the agent, who must hold `permission` (for `scope` if given), else 403. */
export async function requirePermission(locale: string, permission: string, options: { scope?: string; returnTo?: string } = {}): Promise<TAgentActor> {
  const agent = await requireAgent(locale, options.returnTo);
  if (!can(agent.grants, permission, options.scope)) forbidden();
  return agent;
}

/** For the operator's pages on the root domain. */
export async function requireOperator(locale: string, returnTo?: string): Promise<TOperatorActor> {
  const actor = await getActor();
  if (actor?.kind === "operator") return actor;
  const next = returnTo ? `?next=${encodeURIComponent(returnTo)}` : "";
  redirect(`/${locale}/operator/sign-in${next}`);
}
