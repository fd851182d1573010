// Citizen sign-in at a town's OpenID Connect identity provider, on a real PostgreSQL and against a real
// provider (oidc-provider on loopback, tests/fixtures/oidc-provider.ts): the whole flow from the
// authorisation address to a citizen session; a signed userinfo answer when the town requires one (and
// a refusal when the provider answers plain JSON); the state bound to the browser's cookie, used once,
// and to its town; an ID token whose signature does not match the provider's published keys refused;
// earlier appointments and requests attached only for an address the provider says is verified, and an
// unverified address of an existing account refused.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bookDirect } from "@/lib/appointments/service/book-appointment";
import { sealSecret } from "@/lib/auth/secret-box";
import { signInWithIdentity, type TRequestMeta } from "@/lib/auth/service/citizen-sign-in";
import { completeOidcLogin, PROVIDER_SECRET_PURPOSE, redirectUriFor, startOidcLogin } from "@/lib/auth/service/oidc";
import { insertCitizen, insertProvider } from "@/lib/citizens/repo";
import { db } from "@/lib/core/db";
import { ActionError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createPublishedForm, createSubmittedRequest } from "@/tests/fixtures/forms";
import { browseLogin, startOidcProvider, type TOidcProvider } from "@/tests/fixtures/oidc-provider";
import { createVisibleTown } from "@/tests/fixtures/towns";

const meta: TRequestMeta = { ip: "127.0.0.1", userAgent: "vitest", requestId: null };
const SECRET = { a: "secret-a-" + randomBytes(8).toString("hex"), jwt: "secret-jwt-" + randomBytes(8).toString("hex"), b: "secret-b-" + randomBytes(8).toString("hex") };

let database: TAppDatabase;
let idp: TOidcProvider;
let townA: TTenant;
let townB: TTenant;
/** Provider rows: plain userinfo; signed userinfo (client signs it); signed required but the client answers JSON; town B's. */
const providers = { plain: "", signed: "", strict: "", b: "" };

async function expectRefusal(promise: Promise<unknown>, key: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  expect((error as ActionError).key).toBe(key);
}

/** Expects refusal `key` and returns the message of the underlying error the service logged (the real cause). */
async function refusalCause(promise: () => Promise<unknown>, key: string): Promise<string> {
  const warn = vi.spyOn(getLogger(), "warn").mockImplementation(() => undefined);
  try {
    await expectRefusal(promise(), key);
    const [fields] = (warn.mock.calls.at(-1) ?? []) as unknown as [{ err?: { cause?: { message?: string }; message?: string } }?];
    return fields?.err?.cause?.message ?? fields?.err?.message ?? "";
  } finally {
    warn.mockRestore();
  }
}

/** A new account at the provider (its sub is also the login typed on the provider's form). */
function account(email: string, emailVerified = true): string {
  const sub = `sub-${randomBytes(6).toString("hex")}`;
  idp.addAccount({ sub, email, email_verified: emailVerified, given_name: "Camille", family_name: "Martin" });
  return sub;
}

/** Starts a login at the town, signs in at the provider as `sub`: the callback's query and the browser's state cookie. */
async function providerCallback(town: TTenant, providerId: string, sub: string) {
  const { url, state } = await startOidcLogin({ tenant: town, providerId, locale: "en", next: "/en/account" });
  const callback = await browseLogin(url, sub);
  return { state, callback, search: callback.search };
}

const uniqueEmail = (label: string) => `${label}-${randomBytes(3).toString("hex")}@example.net`;

describe("citizen sign-in with an OpenID Connect provider", () => {
  beforeAll(async () => {
    database = await openAppDatabase("citizen_oidc");
    townA = await createVisibleTown("oidc-a");
    townB = await createVisibleTown("oidc-b");
    idp = await startOidcProvider({
      clients: [
        { client_id: "civitas-a", client_secret: SECRET.a, redirect_uris: [redirectUriFor(townA)] },
        { client_id: "civitas-a-jwt", client_secret: SECRET.jwt, redirect_uris: [redirectUriFor(townA)], signedUserinfo: true },
        { client_id: "civitas-b", client_secret: SECRET.b, redirect_uris: [redirectUriFor(townB)] },
      ],
    });
    const row = (town: TTenant, clientId: string, secret: string, signedUserinfo: boolean) =>
      insertProvider({
        tenantId: town.id,
        labels: { en: "Sign in with Test ID", fr: "Se connecter avec Test ID" },
        issuer: idp.issuer,
        clientId,
        clientSecretEnc: sealSecret(secret, PROVIDER_SECRET_PURPOSE),
        scopes: "openid email profile",
        signingAlg: "RS256",
        signedUserinfo,
        acrValues: null,
        enabled: true,
      });
    providers.plain = (await row(townA, "civitas-a", SECRET.a, false)).id;
    providers.signed = (await row(townA, "civitas-a-jwt", SECRET.jwt, true)).id;
    providers.strict = (await row(townA, "civitas-a", SECRET.a, true)).id;
    providers.b = (await row(townB, "civitas-b", SECRET.b, false)).id;
  });

  afterAll(async () => {
    await idp?.close();
    await closeAppDatabase(database);
  });

  it("goes from the provider's authorisation address to a citizen account, identity and session of the town", async () => {
    const email = uniqueEmail("whole");
    const sub = account(email.toUpperCase());
    const { url } = await startOidcLogin({ tenant: townA, providerId: providers.plain, locale: "en", next: "/en/account" });
    const authorization = new URL(url);
    expect(authorization.origin).toBe(idp.issuer);
    expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
    expect(authorization.searchParams.get("redirect_uri")).toBe(redirectUriFor(townA));

    const { state, callback, search } = await providerCallback(townA, providers.plain, sub);
    expect(`${callback.origin}${callback.pathname}`).toBe(redirectUriFor(townA));
    expect(callback.searchParams.get("iss")).toBe(idp.issuer);
    expect(callback.searchParams.get("state")).toBe(state);

    const result = await completeOidcLogin({ tenant: townA, search, cookieState: state });
    expect(result).toEqual({
      identity: { providerId: providers.plain, subject: sub, email: email.toUpperCase(), emailVerified: true, name: "Camille Martin" },
      locale: "en",
      next: "/en/account",
    });

    const signIn = await signInWithIdentity({ tenant: townA, identity: result.identity, locale: result.locale, meta });
    const row = await db().citizen.findFirst({ where: { tenantId: townA.id, email } });
    expect(row).toMatchObject({ id: signIn.citizenId, name: "Camille Martin", locale: "en" });
    expect(row?.emailVerifiedAt).not.toBeNull();
    expect(await db().citizenIdentity.findMany({ where: { tenantId: townA.id, citizenId: signIn.citizenId }, select: { providerId: true, subject: true } })).toEqual([{ providerId: providers.plain, subject: sub }]);
    const session = await db().authSession.findUnique({ where: { id: signIn.sessionId } });
    expect(session).toMatchObject({ tenantId: townA.id, citizenId: signIn.citizenId, agentId: null, operatorId: null, revokedAt: null });

    // The same identity later finds the same account.
    const again = await providerCallback(townA, providers.plain, sub);
    const second = await completeOidcLogin({ tenant: townA, search: again.search, cookieState: again.state });
    expect((await signInWithIdentity({ tenant: townA, identity: second.identity, locale: "en", meta })).citizenId).toBe(signIn.citizenId);
    expect(await db().citizen.count({ where: { tenantId: townA.id, email } })).toBe(1);
  });

  it("verifies a signed userinfo answer when the town requires one, and refuses a plain JSON answer then", async () => {
    const email = uniqueEmail("signed");
    const sub = account(email);
    const signed = await providerCallback(townA, providers.signed, sub);
    const result = await completeOidcLogin({ tenant: townA, search: signed.search, cookieState: signed.state });
    expect(result.identity).toEqual({ providerId: providers.signed, subject: sub, email, emailVerified: true, name: "Camille Martin" });

    const plain = await providerCallback(townA, providers.strict, sub);
    expect(await refusalCause(() => completeOidcLogin({ tenant: townA, search: plain.search, cookieState: plain.state }), "providerRefused")).toBe("JWT UserInfo Response expected");
  });

  it("binds the state to the browser's cookie, uses it once, and only in its own town", async () => {
    const sub = account(uniqueEmail("state"));
    const first = await providerCallback(townA, providers.plain, sub);
    await expectRefusal(completeOidcLogin({ tenant: townA, search: first.search, cookieState: null }), "providerStateMismatch");
    await expectRefusal(completeOidcLogin({ tenant: townA, search: first.search, cookieState: "another-browser-state" }), "providerStateMismatch");
    // Refusing a foreign cookie did not use the login up: this browser still completes it, once.
    await completeOidcLogin({ tenant: townA, search: first.search, cookieState: first.state });
    await expectRefusal(completeOidcLogin({ tenant: townA, search: first.search, cookieState: first.state }), "providerLoginExpired");

    // Town A's callback brought to town B (its own cookie there) finds no login; town A's still works.
    const crossing = await providerCallback(townA, providers.plain, sub);
    await expectRefusal(completeOidcLogin({ tenant: townB, search: crossing.search, cookieState: crossing.state }), "providerLoginExpired");
    await completeOidcLogin({ tenant: townA, search: crossing.search, cookieState: crossing.state });

    // A provider row of town B cannot be started from town A; town B's own works.
    await expectRefusal(startOidcLogin({ tenant: townA, providerId: providers.b, locale: "en", next: null }), "providerUnknown");
    const inB = await providerCallback(townB, providers.b, sub);
    expect((await completeOidcLogin({ tenant: townB, search: inB.search, cookieState: inB.state })).identity.providerId).toBe(providers.b);
  });

  it("refuses an ID token whose signature does not match the provider's published keys", async () => {
    const sub = account(uniqueEmail("forged"));
    const login = await providerCallback(townA, providers.plain, sub);
    // The provider signs with its own key; its JWKS endpoint now publishes another key under the same kid.
    idp.publishForeignKeys(true);
    try {
      expect(await refusalCause(() => completeOidcLogin({ tenant: townA, search: login.search, cookieState: login.state }), "providerRefused")).toBe("JWT signature verification failed");
      const signed = await providerCallback(townA, providers.signed, sub);
      expect(await refusalCause(() => completeOidcLogin({ tenant: townA, search: signed.search, cookieState: signed.state }), "providerRefused")).toBe("JWT signature verification failed");
    } finally {
      idp.publishForeignKeys(false);
    }
    const honest = await providerCallback(townA, providers.plain, sub);
    expect((await completeOidcLogin({ tenant: townA, search: honest.search, cookieState: honest.state })).identity.subject).toBe(sub);
  });

  describe("earlier items and e-mail addresses", () => {
    async function earlierItems(email: string) {
      const { service } = await createBookableService(townA);
      const { appointment } = await bookDirect({
        tenant: townA,
        service,
        siteId: null,
        start: tomorrowAt(townA, "10:00"),
        people: 1,
        details: { ...citizen("oidc"), email },
        locale: "fr",
        idempotencyKey: null,
        apiKeyId: null,
        source: "web",
        audit: { tenantId: townA.id, actor: { type: "system", label: "test" } },
      });
      const form = await createPublishedForm(townA);
      const request = await createSubmittedRequest(townA, form, { what: "A bench" }, { email, name: "Camille Martin" });
      return { appointmentId: appointment.id, requestId: request.id };
    }

    async function signIn(sub: string, providerId = providers.plain) {
      const login = await providerCallback(townA, providerId, sub);
      const { identity, locale } = await completeOidcLogin({ tenant: townA, search: login.search, cookieState: login.state });
      return signInWithIdentity({ tenant: townA, identity, locale, meta });
    }

    const owners = async (items: { appointmentId: string; requestId: string }) => ({
      appointment: (await db().appointment.findFirst({ where: { tenantId: townA.id, id: items.appointmentId }, select: { citizenId: true } }))?.citizenId,
      request: (await db().formRequest.findFirst({ where: { tenantId: townA.id, id: items.requestId }, select: { citizenId: true } }))?.citizenId,
    });

    it("attaches what was made with an address the provider says is verified", async () => {
      const email = uniqueEmail("verified");
      const items = await earlierItems(email);
      const result = await signIn(account(email, true));
      expect(result.attached).toEqual({ appointments: 1, waitingList: 0, requests: 1 });
      expect(await owners(items)).toEqual({ appointment: result.citizenId, request: result.citizenId });
    });

    it("does not attach anything for an unverified address, and leaves the new account unverified", async () => {
      const email = uniqueEmail("unverified");
      const items = await earlierItems(email);
      const result = await signIn(account(email, false));
      expect(result.attached).toEqual({});
      expect(await owners(items)).toEqual({ appointment: null, request: null });
      const row = await db().citizen.findFirst({ where: { tenantId: townA.id, id: result.citizenId } });
      expect(row).toMatchObject({ email, emailVerifiedAt: null });
    });

    it("refuses an unverified address that an existing account uses; a verified one joins that account", async () => {
      const email = uniqueEmail("taken");
      const existing = await insertCitizen({ tenantId: townA.id, email, emailVerifiedAt: new Date(), name: "Camille Martin", locale: "fr" });
      const login = await providerCallback(townA, providers.plain, account(email, false));
      const { identity } = await completeOidcLogin({ tenant: townA, search: login.search, cookieState: login.state });
      await expectRefusal(signInWithIdentity({ tenant: townA, identity, locale: "en", meta }), "providerEmailUnverified");
      expect(await db().citizenIdentity.count({ where: { tenantId: townA.id, citizenId: existing.id } })).toBe(0);
      expect(await db().authSession.count({ where: { tenantId: townA.id, citizenId: existing.id } })).toBe(0);

      const joined = await signIn(account(email, true), providers.signed);
      expect(joined.citizenId).toBe(existing.id);
      expect(await db().citizenIdentity.count({ where: { tenantId: townA.id, citizenId: existing.id } })).toBe(1);
    });
  });
});
