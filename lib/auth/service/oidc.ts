// Signing in at a town's OpenID Connect identity provider (FranceConnect-style requirements), with
// openid-client (which builds on oauth4webapi):
//   - authorization code flow with `state`, `nonce` and PKCE (S256); the three are kept in an
//     auth_token row (state as a hash) for ten minutes, and `state` also in a host-only cookie of the
//     browser that started, so a callback from another browser (login CSRF) is refused;
//   - the ID token is checked (issuer, audience, expiry, nonce) and its signature verified against
//     the provider's JWKS with the configured algorithm (enableNonRepudiationChecks);
//   - when the provider signs userinfo (FranceConnect), the JWT answer is required and verified the
//     same way, and its `sub` must be the ID token's.
// Plain http is allowed only for a provider on loopback (development and tests).
import * as oidc from "openid-client";
import { consumeToken, insertToken } from "@/lib/auth/repo";
import { openSecret } from "@/lib/auth/secret-box";
import type { TVerifiedIdentity } from "@/lib/auth/service/citizen-sign-in";
import { hashSecret } from "@/lib/auth/tokens";
import { findProvider, type TProviderRow } from "@/lib/citizens/repo";
import { ActionError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { tenantOrigin, type TTenant } from "@/lib/tenancy/registry";

export const OIDC_LOGIN_MINUTES = 10;
export const OIDC_STATE_COOKIE = "civitas-oidc-state";
export const OIDC_CALLBACK_PATH = "/api/auth/oidc/callback";
export const PROVIDER_SECRET_PURPOSE = "identity-provider";

export const redirectUriFor = (tenant: Pick<TTenant, "slug">) => `${tenantOrigin(tenant)}${OIDC_CALLBACK_PATH}`;

/** A loopback address: the only place a provider may be reached over plain http. */
export function isLoopbackUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  } catch {
    return false;
  }
}

async function clientConfig(provider: TProviderRow): Promise<oidc.Configuration> {
  const secret = openSecret(provider.clientSecretEnc, PROVIDER_SECRET_PURPOSE);
  if (secret === null) throw new ActionError("providerMisconfigured");
  const metadata: Partial<oidc.ClientMetadata> = {
    client_secret: secret,
    id_token_signed_response_alg: provider.signingAlg,
    ...(provider.signedUserinfo ? { userinfo_signed_response_alg: provider.signingAlg } : {}),
  };
  const insecure = provider.issuer.startsWith("http:") && isLoopbackUrl(provider.issuer);
  const config = await oidc.discovery(new URL(provider.issuer), provider.clientId, metadata, oidc.ClientSecretPost(secret), {
    ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    timeout: 10,
  });
  oidc.enableNonRepudiationChecks(config);
  return config;
}

type TLoginData = { providerId: string; nonce: string; verifier: string; locale: string; next: string | null };

/** The provider's authorisation address to send the browser to, and the state to keep in its cookie. */
export async function startOidcLogin(input: { tenant: TTenant; providerId: string; locale: string; next: string | null }): Promise<{ url: string; state: string }> {
  const provider = await findProvider(input.tenant.id, input.providerId);
  if (!provider?.enabled) throw new ActionError("providerUnknown");
  let config: oidc.Configuration;
  try {
    config = await clientConfig(provider);
  } catch (error) {
    if (error instanceof ActionError) throw error;
    getLogger().warn({ err: error, provider: provider.id }, "identity provider discovery failed");
    throw new ActionError("providerUnavailable");
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const verifier = oidc.randomPKCECodeVerifier();
  const data: TLoginData = { providerId: provider.id, nonce, verifier, locale: input.locale, next: input.next };
  await insertToken({ tenantId: input.tenant.id, purpose: "oidc_login", tokenHash: hashSecret(state), data, expiresAt: new Date(Date.now() + OIDC_LOGIN_MINUTES * 60_000) });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUriFor(input.tenant),
    scope: provider.scopes,
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    ...(provider.acrValues ? { acr_values: provider.acrValues } : {}),
  });
  return { url: url.href, state };
}

export type TOidcResult = { identity: TVerifiedIdentity; locale: string; next: string | null };

/**
 * Completes a login from the provider's redirect: `search` is the callback's query string and
 * `cookieState` the state kept in this browser. Throws ActionError with a key for the sign-in page.
 */
export async function completeOidcLogin(input: { tenant: TTenant; search: string; cookieState: string | null }): Promise<TOidcResult> {
  const params = new URLSearchParams(input.search);
  const state = params.get("state");
  if (!state || !input.cookieState || state !== input.cookieState) throw new ActionError("providerStateMismatch");
  const login = await consumeToken(hashSecret(state), "oidc_login", input.tenant.id);
  const data = login?.data as TLoginData | undefined;
  if (!data) throw new ActionError("providerLoginExpired");
  if (params.get("error")) throw Object.assign(new ActionError("providerCancelled"), { locale: data.locale });
  const provider = await findProvider(input.tenant.id, data.providerId);
  if (!provider?.enabled) throw new ActionError("providerUnknown");
  try {
    const config = await clientConfig(provider);
    const currentUrl = new URL(`${redirectUriFor(input.tenant)}?${params.toString()}`);
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: data.verifier,
      expectedState: state,
      expectedNonce: data.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw new Error("no ID token");
    const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
    const read = (key: string): unknown => userinfo[key] ?? claims[key];
    const email = typeof read("email") === "string" ? (read("email") as string) : null;
    const given = [read("given_name"), read("family_name")].filter((v): v is string => typeof v === "string" && v.length > 0).join(" ");
    const name = typeof read("name") === "string" && read("name") ? (read("name") as string) : given || null;
    return {
      identity: { providerId: provider.id, subject: claims.sub, email, emailVerified: read("email_verified") === true, name },
      locale: data.locale,
      next: data.next,
    };
  } catch (error) {
    if (error instanceof ActionError) throw error;
    getLogger().warn({ err: error, provider: provider.id }, "identity provider sign-in refused");
    throw new ActionError("providerRefused");
  }
}
