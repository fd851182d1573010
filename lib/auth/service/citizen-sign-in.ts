// How a citizen signs in to their town's citizen space, by either of two proofs:
//   - an e-mail link: a one-time secret (only its SHA-256 is stored) mailed through the outbox,
//     valid SIGN_IN_LINK_MINUTES, limited per address and per client address. Following the link
//     shows a button: mail scanners that open links do not use them up;
//   - an identity provider of the town (OpenID Connect, lib/auth/service/oidc.ts), whose signed ID
//     token has been verified.
// Either way the account is the town's own (found or created), what was made with the proved e-mail
// address is attached to it, and an auth_session row is opened; lib/auth/config.ts seals its id into
// the host-only citizen cookie.
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import { consumeRequest } from "@/lib/auth/rate-limit";
import { consumeToken, expireTokens, insertSession, insertToken } from "@/lib/auth/repo";
import { normaliseEmail } from "@/lib/auth/service/sign-in";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { attachByEmail } from "@/lib/citizens/service/attach-items";
import { deleteIdentitiesOf, findCitizen, findCitizenByEmail, findIdentity, insertCitizen, insertIdentity, touchIdentity, updateCitizen, type TCitizenRow } from "@/lib/citizens/repo";
import { inTransaction } from "@/lib/core/db";
import { ActionError } from "@/lib/core/errors";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { tenantName, tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

export const CITIZEN_SESSION_DAYS = 1;
export const SIGN_IN_LINK_MINUTES = 20;

export type TRequestMeta = { ip: string | null; userAgent: string | null; requestId: string | null };

const auditContext = (tenant: TTenant, meta: TRequestMeta, actor: TAuditContext["actor"] = { type: "anonymous" }): TAuditContext => ({
  tenantId: tenant.id,
  actor,
  requestId: meta.requestId,
  ip: meta.ip,
});

const citizenRef = (citizen: Pick<TCitizenRow, "id">) => ({ type: "citizen" as const, id: citizen.id });

/** The citizen's language when it is one of the town's, else the page's. */
export function citizenLocale(tenant: TTenant, citizen: Pick<TCitizenRow, "locale"> | null, fallback: string): string {
  return citizen && tenant.enabledLocales.includes(citizen.locale) ? citizen.locale : fallback;
}

export const signInLinkUrl = (tenant: TTenant, locale: string, secret: string) => `${tenantOrigin(tenant)}/${locale}/account/sign-in/link/${secret}`;

/**
 * Mails a sign-in link to `email`. The answer does not say whether an account exists. Refused with
 * `signInLinkLimited` when the address or the client asked too often.
 */
export async function requestSignInLink(input: { tenant: TTenant; email: string; locale: string; next: string | null; meta: TRequestMeta }): Promise<void> {
  const { tenant, meta } = input;
  const email = normaliseEmail(input.email);
  const wait = Math.max(await consumeRequest("reset", `citizen-link:${tenant.id}:${email}`), await consumeRequest("ip", `citizen-link:${meta.ip ?? "unknown"}`));
  if (wait > 0) {
    // No address in the audit trail (it outlives accounts): the client's address is in the entry.
    await recordAudit(auditContext(tenant, meta), { action: "citizen.sign-in-link-limited" });
    throw new ActionError("signInLinkLimited", { minutes: Math.max(1, Math.ceil(wait / 60)) });
  }
  const citizen = await findCitizenByEmail(tenant.id, email);
  const locale = citizenLocale(tenant, citizen, input.locale);
  const secret = newSecret();
  await inTransaction(async () => {
    await expireTokens({ tenantId: tenant.id, email, purpose: "citizen_sign_in" });
    await insertToken({
      tenantId: tenant.id,
      purpose: "citizen_sign_in",
      email,
      data: { next: input.next, locale: input.locale },
      tokenHash: hashSecret(secret),
      expiresAt: new Date(Date.now() + SIGN_IN_LINK_MINUTES * 60_000),
    });
    await queueMail({
      tenantId: tenant.id,
      to: email,
      template: "citizen-sign-in",
      locale,
      params: { town: tenantName(tenant, locale), expiresMinutes: SIGN_IN_LINK_MINUTES },
      secret: { link: signInLinkUrl(tenant, input.locale, secret) },
    });
    await recordAudit(auditContext(tenant, meta), { action: "citizen.sign-in-link-sent", targetType: "citizen", targetId: citizen?.id ?? null });
  });
}

/** Opens a session for the account (in the caller's transaction). */
async function openSession(tenant: TTenant, citizenId: string, meta: TRequestMeta): Promise<string> {
  const sessionId = newSecret(32);
  await insertSession(sessionId, { tenantId: tenant.id, citizenId }, new Date(Date.now() + CITIZEN_SESSION_DAYS * 86_400_000), meta);
  await updateCitizen(tenant.id, citizenId, { lastSignInAt: new Date() });
  return sessionId;
}

export type TCitizenSignIn = { sessionId: string; citizenId: string; next: string | null; locale: string | null; attached: Record<string, number> };

/** Uses a sign-in link (once): the address is proved, so the account is found or created and what was made with it attached. */
export async function signInWithLink(input: { tenant: TTenant; secret: string; meta: TRequestMeta }): Promise<TCitizenSignIn> {
  const { tenant, meta } = input;
  return inTransaction(async () => {
    const token = await consumeToken(hashSecret(input.secret), "citizen_sign_in", tenant.id);
    if (!token?.email) throw new ActionError("signInLinkInvalid");
    const data = (token.data ?? {}) as { next?: string | null; locale?: string };
    const pageLocale = data.locale && tenant.enabledLocales.includes(data.locale) ? data.locale : tenant.defaultLocale;
    let citizen = await findCitizenByEmail(tenant.id, token.email);
    const created = !citizen;
    if (!citizen) citizen = await insertCitizen({ tenantId: tenant.id, email: token.email, emailVerifiedAt: new Date(), name: null, locale: pageLocale });
    let unlinked = 0;
    if (citizen && !created && !citizen.emailVerifiedAt) {
      // The account was opened by a provider that did not vouch for this address: whoever signed in
      // there never proved it. The address's owner takes the account; those identities no longer open it.
      await updateCitizen(tenant.id, citizen.id, { emailVerifiedAt: new Date() });
      unlinked = await deleteIdentitiesOf(tenant.id, citizen.id);
    }
    const attached = await attachByEmail(tenant.id, citizen.id, citizen.email, citizen.locale);
    const sessionId = await openSession(tenant, citizen.id, meta);
    const audit = auditContext(tenant, meta, citizenRef(citizen));
    if (created) await recordAudit(audit, { action: "citizen.create", targetType: "citizen", targetId: citizen.id, summary: { method: "email-link" } });
    await recordAudit(audit, { action: "citizen.sign-in", targetType: "citizen", targetId: citizen.id, summary: { method: "email-link", attached, ...(unlinked > 0 ? { unlinkedIdentities: unlinked } : {}) } });
    return { sessionId, citizenId: citizen.id, next: data.next ?? null, locale: data.locale ?? null, attached };
  });
}

export type TVerifiedIdentity = { providerId: string; subject: string; email: string | null; emailVerified: boolean; name: string | null };

/**
 * Signs in with an identity the provider vouched for (ID token verified). The identity finds its
 * account; a new identity joins the account of its e-mail address only if the provider says the
 * address is verified, and attaches earlier items only then.
 */
export async function signInWithIdentity(input: { tenant: TTenant; identity: TVerifiedIdentity; locale: string; meta: TRequestMeta }): Promise<TCitizenSignIn> {
  const { tenant, identity, meta } = input;
  return inTransaction(async () => {
    const known = await findIdentity(tenant.id, identity.providerId, identity.subject);
    let citizen: TCitizenRow | null = null;
    let created = false;
    if (known) {
      await touchIdentity(tenant.id, known.id);
      citizen = await findCitizen(tenant.id, known.citizenId);
    }
    if (!citizen) {
      if (!identity.email) throw new ActionError("providerNoEmail");
      const email = normaliseEmail(identity.email);
      const existing = await findCitizenByEmail(tenant.id, email);
      if (existing && !identity.emailVerified) throw new ActionError("providerEmailUnverified");
      citizen = existing ?? (await insertCitizen({ tenantId: tenant.id, email, emailVerifiedAt: identity.emailVerified ? new Date() : null, name: identity.name?.slice(0, 200) ?? null, locale: input.locale }));
      created = !existing;
      await insertIdentity({ tenantId: tenant.id, citizenId: citizen.id, providerId: identity.providerId, subject: identity.subject });
    }
    if (identity.emailVerified && normaliseEmail(identity.email ?? "") === citizen.email && !citizen.emailVerifiedAt) await updateCitizen(tenant.id, citizen.id, { emailVerifiedAt: new Date() });
    const verified = citizen.emailVerifiedAt !== null || (identity.emailVerified && normaliseEmail(identity.email ?? "") === citizen.email);
    const attached = verified ? await attachByEmail(tenant.id, citizen.id, citizen.email, citizen.locale) : {};
    const sessionId = await openSession(tenant, citizen.id, meta);
    const audit = auditContext(tenant, meta, citizenRef(citizen));
    if (created) await recordAudit(audit, { action: "citizen.create", targetType: "citizen", targetId: citizen.id, summary: { method: "oidc", provider: identity.providerId } });
    await recordAudit(audit, { action: "citizen.sign-in", targetType: "citizen", targetId: citizen.id, summary: { method: "oidc", provider: identity.providerId, attached } });
    return { sessionId, citizenId: citizen.id, next: null, locale: null, attached };
  });
}
