// The ONLY file that imports next-auth (Auth.js v5). Agents and operators sign in with e-mail and
// password (Credentials provider); the session cookie is a JWT sealed with AUTH_SECRET that carries
// the id of an auth_session row, so every session can be revoked at once (lib/auth/session.ts).
// Citizens have a second instance with its own cookie, so an agent who is also a citizen of the town
// keeps both sessions apart: their sign-in proofs (an e-mail link, an identity provider's signed ID
// token) are checked by lib/auth/service/citizen-sign-in.ts, which opens the auth_session row; the
// instance only seals its id into the cookie (no next-auth route is mounted, so its Credentials
// provider cannot be called over HTTP).
// The cookie is host-only (no Domain attribute), SameSite=Lax, HttpOnly, Secure outside plain http:
// a session opened on one town's host is never sent to another's. Keep next-auth imports here so it
// can be replaced (it receives security fixes only).
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getEnv } from "@/lib/core/env";
import { getLogger } from "@/lib/core/logger";
import { readRequestInfo } from "@/lib/core/request";
import { isFreshCitizenSession } from "@/lib/auth/repo";
import { CITIZEN_SESSION_DAYS } from "@/lib/auth/service/citizen-sign-in";
import { SESSION_HOURS, signInWithPassword } from "@/lib/auth/service/sign-in";
import { getTenantBySlug } from "@/lib/tenancy/registry";

/** A refused sign-in; `code` is "invalid" or "locked" (with the seconds to wait). */
export class SignInRefused extends CredentialsSignin {
  constructor(
    code: "invalid" | "locked",
    public readonly retryAfterSeconds = 0,
  ) {
    super();
    this.code = code;
  }
}

export function sessionCookieName(): string {
  return getEnv().PUBLIC_PROTOCOL === "https" ? "__Host-civitas-session" : "civitas-session";
}

/**
 * A next-auth instance sealing the id of an auth_session row into a host-only JWT cookie: one for
 * agents and operators, one for citizens (each with its own cookie and proof of identity).
 */
function sessionInstance(cookieName: () => string, maxAgeSeconds: number, provider: ReturnType<typeof Credentials>) {
  return NextAuth(() => {
    const env = getEnv();
    const secure = env.PUBLIC_PROTOCOL === "https";
    return {
      secret: env.AUTH_SECRET,
      trustHost: true,
      session: { strategy: "jwt", maxAge: maxAgeSeconds, updateAge: 3600 },
      useSecureCookies: secure,
      cookies: {
        sessionToken: { name: cookieName(), options: { httpOnly: true, sameSite: "lax", path: "/", secure } },
      },
      providers: [provider],
      callbacks: {
        jwt({ token, user }) {
          if (user?.id) token.sid = user.id;
          return token;
        },
        session({ session, token }) {
          return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
        },
      },
      logger: {
        error(error) {
          if (error instanceof CredentialsSignin) return; // an expected refusal, audited by the service
          getLogger().error({ err: error }, "auth error");
        },
        warn(code) {
          getLogger().warn({ code }, "auth warning");
        },
        debug() {},
      },
    };
  });
}

const { auth, signIn, signOut } = sessionInstance(
  sessionCookieName,
  SESSION_HOURS * 3600,
  Credentials({
    credentials: { email: {}, password: {} },
    async authorize(credentials, request) {
      const info = readRequestInfo(request.headers);
      const tenant = info.tenantSlug ? await getTenantBySlug(info.tenantSlug) : null;
      const site = tenant ? { kind: "tenant" as const, tenantId: tenant.id } : info.platform ? { kind: "platform" as const } : null;
      if (!site) throw new SignInRefused("invalid");
      const result = await signInWithPassword({
        site,
        email: String(credentials.email ?? ""),
        password: String(credentials.password ?? ""),
        ip: info.ip,
        userAgent: info.userAgent,
        requestId: info.requestId,
      });
      if (!result.ok) throw new SignInRefused(result.reason, result.retryAfterSeconds);
      return { id: result.sessionId };
    },
  }),
);

export function citizenCookieName(): string {
  return getEnv().PUBLIC_PROTOCOL === "https" ? "__Host-civitas-citizen" : "civitas-citizen";
}

const citizenAuth = sessionInstance(
  citizenCookieName,
  CITIZEN_SESSION_DAYS * 86400,
  Credentials({
    id: "citizen",
    credentials: { sid: {} },
    async authorize(credentials, request) {
      const info = readRequestInfo(request.headers);
      const tenant = info.tenantSlug ? await getTenantBySlug(info.tenantSlug) : null;
      const sid = String(credentials.sid ?? "");
      if (!tenant || !(await isFreshCitizenSession(sid, tenant.id))) return null;
      return { id: sid };
    },
  }),
);

/** The citizen session id in the request's cookie, if the cookie is valid (signature, expiry). */
export async function citizenSessionIdFromCookie(): Promise<string | null> {
  const session = (await citizenAuth.auth()) as { sid?: string } | null;
  return session?.sid ?? null;
}

/** Seals a citizen session just opened by the sign-in service into the citizen cookie. */
export async function setCitizenSessionCookie(sessionId: string): Promise<void> {
  await citizenAuth.signIn("citizen", { sid: sessionId, redirect: false });
}

export async function clearCitizenSessionCookie(): Promise<void> {
  await citizenAuth.signOut({ redirect: false });
}

/** The session id in the request's cookie, if the cookie is valid (signature, expiry). */
export async function sessionIdFromCookie(): Promise<string | null> {
  const session = (await auth()) as { sid?: string } | null;
  return session?.sid ?? null;
}

/** Signs in with the form's e-mail and password; throws SignInRefused. Sets the session cookie. */
export async function signInWithForm(email: string, password: string): Promise<void> {
  await signIn("credentials", { email, password, redirect: false });
}

/** Clears the session cookie. */
export async function clearSessionCookie(): Promise<void> {
  await signOut({ redirect: false });
}
