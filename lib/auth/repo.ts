// The only code of the auth module that uses Prisma: sessions and one-time tokens. A session is looked
// up by its id (a 256-bit secret carried inside the sealed cookie), then checked against the town of
// the request by the caller: the id alone never grants anything on another host.
import { db } from "@/lib/core/db";
import type { AuthTokenPurpose, Prisma } from "@/lib/generated/prisma/client";

export type TSessionOwner = { tenantId: string; agentId: string } | { tenantId: null; operatorId: string } | { tenantId: string; citizenId: string };

export async function insertSession(id: string, owner: TSessionOwner, expiresAt: Date, meta: { ip: string | null; userAgent: string | null }) {
  await db().authSession.create({
    data: {
      id,
      tenantId: owner.tenantId,
      agentId: "agentId" in owner ? owner.agentId : null,
      operatorId: "operatorId" in owner ? owner.operatorId : null,
      citizenId: "citizenId" in owner ? owner.citizenId : null,
      expiresAt,
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent?.slice(0, 255) ?? null,
    },
  });
}

export async function findSession(id: string) {
  return db().authSession.findUnique({
    where: { id },
    select: { id: true, tenantId: true, agentId: true, operatorId: true, citizenId: true, expiresAt: true, revokedAt: true, lastSeenAt: true },
  });
}

/** A citizen session of this town opened in the last minute and still valid: only these are sealed into a cookie. */
export async function isFreshCitizenSession(id: string, tenantId: string): Promise<boolean> {
  if (!id) return false;
  const row = await db().authSession.findFirst({
    where: { id, tenantId, citizenId: { not: null }, revokedAt: null, expiresAt: { gt: new Date() }, createdAt: { gt: new Date(Date.now() - 60_000) } },
    select: { id: true },
  });
  return row !== null;
}

/** Ends every session of a citizen (account deleted). */
export async function revokeCitizenSessions(tenantId: string, citizenId: string): Promise<number> {
  const { count } = await db().authSession.updateMany({ where: { tenantId, citizenId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export async function touchSession(id: string): Promise<void> {
  await db().authSession.updateMany({ where: { id, revokedAt: null }, data: { lastSeenAt: new Date() } });
}

export async function revokeSession(id: string): Promise<void> {
  await db().authSession.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of an agent of this town (deactivation, password reset). */
export async function revokeAgentSessions(tenantId: string, agentId: string): Promise<number> {
  const { count } = await db().authSession.updateMany({ where: { tenantId, agentId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export async function revokeOperatorSessions(operatorId: string): Promise<number> {
  const { count } = await db().authSession.updateMany({ where: { tenantId: null, operatorId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export async function insertToken(data: {
  tenantId: string | null;
  agentId?: string;
  operatorId?: string;
  email?: string;
  data?: Prisma.InputJsonValue;
  purpose: AuthTokenPurpose;
  tokenHash: string;
  expiresAt: Date;
}): Promise<void> {
  await db().authToken.create({ data });
}

/** Older unused links of the same purpose stop working when a new one is sent. */
export async function expireTokens(where: { tenantId: string | null; agentId?: string; operatorId?: string; email?: string; purpose: AuthTokenPurpose }): Promise<void> {
  await db().authToken.updateMany({ where: { ...where, usedAt: null }, data: { usedAt: new Date() } });
}

/**
 * Consumes a one-time token of this realm (town or platform): marks it used in the same statement
 * that checks it is unused and unexpired, so two concurrent uses cannot both succeed.
 */
export async function consumeToken(tokenHash: string, purpose: AuthTokenPurpose, tenantId: string | null) {
  const now = new Date();
  const { count } = await db().authToken.updateMany({
    where: { tokenHash, purpose, tenantId, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (count !== 1) return null;
  return db().authToken.findUnique({ where: { tokenHash }, select: { agentId: true, operatorId: true, tenantId: true, email: true, data: true } });
}

/** Whether a token is still usable (to show the form, before it is consumed). */
export async function peekToken(tokenHash: string, purpose: AuthTokenPurpose, tenantId: string | null) {
  return db().authToken.findFirst({
    where: { tokenHash, purpose, tenantId, usedAt: null, expiresAt: { gt: new Date() } },
    select: { agentId: true, operatorId: true, email: true, expiresAt: true },
  });
}

/** A citizen's sessions, newest first (for "my data": when and from where they signed in). */
export function listCitizenSessionRows(tenantId: string, citizenId: string) {
  return db().authSession.findMany({
    where: { tenantId, citizenId },
    select: { createdAt: true, lastSeenAt: true, revokedAt: true, expiresAt: true, ip: true, userAgent: true },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}

/** Account deleted: its sessions and unused sign-in links go. */
export async function deleteCitizenAuthRows(tenantId: string, citizenId: string, email: string): Promise<void> {
  await db().authSession.deleteMany({ where: { tenantId, citizenId } });
  await db().authToken.deleteMany({ where: { tenantId, purpose: "citizen_sign_in", email } });
}

/**
 * Housekeeping: one-time links and logins in progress that were used or expired more than a day ago,
 * and sessions ended more than `sessionDays` ago (kept meanwhile: "my data" lists recent sign-ins).
 */
export async function purgeAuthRows(now: Date, sessionDays: number, only: { tenantId?: string } = {}): Promise<{ tokens: number; sessions: number }> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const tokens = await db().authToken.deleteMany({ where: { ...only, OR: [{ usedAt: { lt: dayAgo } }, { expiresAt: { lt: dayAgo } }] } });
  const cutoff = new Date(now.getTime() - sessionDays * 86_400_000);
  const sessions = await db().authSession.deleteMany({ where: { ...only, OR: [{ expiresAt: { lt: cutoff } }, { revokedAt: { lt: cutoff } }] } });
  return { tokens: tokens.count, sessions: sessions.count };
}
