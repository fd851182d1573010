// GET /api/auth/oidc/callback: the identity provider sends the browser back here (the redirect URI a
// town registers). The login is completed and verified (lib/auth/service/oidc.ts), the citizen's
// account found or created, and the citizen cookie set; any refusal goes back to the sign-in page
// with a translated reason.
import { NextResponse } from "next/server";
import { cookies } from "next/headers";
import { safeCitizenNext } from "@/lib/auth/citizen-session";
import { setCitizenSessionCookie } from "@/lib/auth/config";
import { signInWithIdentity } from "@/lib/auth/service/citizen-sign-in";
import { completeOidcLogin, OIDC_STATE_COOKIE } from "@/lib/auth/service/oidc";
import { ActionError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { requestInfo } from "@/lib/core/request";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active") return new Response("Not found", { status: 404 });
  const jar = await cookies();
  const cookieState = jar.get(OIDC_STATE_COOKIE)?.value ?? null;
  const info = await requestInfo();
  let locale = tenant.defaultLocale;
  const go = (path: string) => {
    const response = new NextResponse(null, { status: 303, headers: { location: path, "cache-control": "no-store" } });
    response.cookies.set(OIDC_STATE_COOKIE, "", { path: "/api/auth/oidc", maxAge: 0 });
    return response;
  };
  try {
    const login = await completeOidcLogin({ tenant, search: new URL(request.url).search, cookieState });
    locale = tenant.enabledLocales.includes(login.locale) ? login.locale : tenant.defaultLocale;
    const result = await signInWithIdentity({ tenant, identity: login.identity, locale, meta: { ip: info.ip, userAgent: info.userAgent, requestId: info.requestId } });
    await setCitizenSessionCookie(result.sessionId);
    return go(safeCitizenNext(login.next, locale));
  } catch (error) {
    if (error instanceof ActionError) {
      const errorLocale = (error as ActionError & { locale?: string }).locale;
      if (errorLocale && tenant.enabledLocales.includes(errorLocale)) locale = errorLocale;
      return go(`/${locale}/account/sign-in?error=${encodeURIComponent(error.key)}`);
    }
    getLogger().error({ err: error, requestId: info.requestId }, "identity provider callback failed");
    return go(`/${locale}/account/sign-in?error=providerRefused`);
  }
}
