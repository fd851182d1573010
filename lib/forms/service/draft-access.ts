// Who may open a draft: whoever holds its secret. The secret lives in an httpOnly cookie of the town's
// host (set when the draft is created, or when the citizen opens the resume link from their e-mail);
// the database keeps only its SHA-256. One cookie per form, so a citizen may have drafts of several
// forms at once. A signed-in citizen's drafts are also found by their account (citizen space).
import { cookies } from "next/headers";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { getEnv } from "@/lib/core/env";
import { findCitizenDraft, findDraftByTokenHash, type TRequestRow } from "@/lib/forms/repo";

/** Cookie names may not contain "-" in some old proxies' parsers: keep to [a-z0-9_]. */
export const draftCookieName = (formId: string) => `cv_draft_${formId.replaceAll("-", "")}`;

/** Drafts live this long in the browser at most; the purge job deletes them earlier if untouched. */
const COOKIE_MAX_AGE_S = 60 * 60 * 24 * 90;

/** A new draft secret: the value for the cookie and the resume link, and the hash to store. */
export function newDraftSecret(): { secret: string; hash: string } {
  const secret = newSecret();
  return { secret, hash: hashSecret(secret) };
}

/** Remember the draft in this browser (server actions and route handlers only). */
export async function rememberDraft(formId: string, secret: string): Promise<void> {
  (await cookies()).set(draftCookieName(formId), secret, {
    httpOnly: true,
    sameSite: "lax",
    secure: getEnv().PUBLIC_PROTOCOL === "https",
    path: "/",
    maxAge: COOKIE_MAX_AGE_S,
  });
}

/** Forget it (after sending, or when it no longer exists). */
export async function forgetDraft(formId: string): Promise<void> {
  (await cookies()).delete(draftCookieName(formId));
}

/**
 * The draft of this form this browser holds, if any (another town's or a sent one: none); else, for a
 * signed-in citizen, their latest draft of the form (their space lists it, any browser continues it).
 */
export async function draftFromCookie(tenantId: string, formId: string): Promise<TRequestRow | null> {
  const secret = (await cookies()).get(draftCookieName(formId))?.value;
  // Loaded here, not at the top: the session module brings next-auth, which only runs in a request.
  const citizen = await (await import("@/lib/auth/citizen-session")).getCitizen();
  if (secret && secret.length <= 100) {
    const draft = await findDraftByTokenHash(tenantId, hashSecret(secret));
    if (draft && draft.formId === formId) return draft;
  }
  return citizen ? findCitizenDraft(tenantId, citizen.id, formId) : null;
}
