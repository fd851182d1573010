// Which citizen is signed in on this request, checked against the database on every request: the
// session row must exist, be unexpired and unrevoked, be a citizen's, and belong to this host's town.
// A session opened in one town is useless on another (the cookie is host-only, and even if it were
// copied the row's town would not match). Pages, actions and route handlers call these helpers.
import { cache } from "react";
import { redirect } from "next/navigation";
import { citizenSessionIdFromCookie } from "@/lib/auth/config";
import { findSession, touchSession } from "@/lib/auth/repo";
import { findCitizen, type TCitizenRow } from "@/lib/citizens/repo";
import { currentSite } from "@/lib/tenancy/current";

export type TCitizenActor = { kind: "citizen"; sessionId: string; tenantId: string; id: string; citizen: TCitizenRow };

const TOUCH_EVERY_MS = 5 * 60_000;

export const getCitizen = cache(async (): Promise<TCitizenActor | null> => {
  const sessionId = await citizenSessionIdFromCookie().catch(() => null);
  if (!sessionId) return null;
  const site = await currentSite();
  if (site?.kind !== "tenant") return null;
  const session = await findSession(sessionId);
  if (!session || session.revokedAt || session.expiresAt.getTime() <= Date.now()) return null;
  if (session.tenantId !== site.tenant.id || !session.citizenId) return null;
  const citizen = await findCitizen(site.tenant.id, session.citizenId);
  if (!citizen) return null;
  if (Date.now() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(sessionId);
  return { kind: "citizen", sessionId, tenantId: site.tenant.id, id: citizen.id, citizen };
});

/** Where a signed-out citizen goes: the sign-in page, coming back to `returnTo` afterwards. */
export function citizenSignInPath(locale: string, returnTo?: string): string {
  return `/${locale}/account/sign-in${returnTo ? `?next=${encodeURIComponent(returnTo)}` : ""}`;
}

/** For the citizen space's pages: the signed-in citizen of this town, else the sign-in page. */
export async function requireCitizen(locale: string, returnTo?: string): Promise<TCitizenActor> {
  const citizen = await getCitizen();
  if (citizen) return citizen;
  redirect(citizenSignInPath(locale, returnTo));
}

/** Only a path of this site (never another host): where to go after signing in. */
export function safeCitizenNext(next: string | null | undefined, locale: string): string {
  const fallback = `/${locale}/account`;
  if (!next || !next.startsWith("/") || next.startsWith("//") || /[\\\s]/.test(next) || next.includes("/account/sign-in")) return fallback;
  return next;
}
