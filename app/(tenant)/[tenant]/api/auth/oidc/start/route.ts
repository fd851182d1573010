// GET /api/auth/oidc/start?provider=<id>&locale=<l>&next=<path>: sends the browser to the town's
// identity provider (lib/auth/service/oidc.ts), keeping `state` in a host-only cookie of this browser.
import { NextResponse } from "next/server";
import { safeCitizenNext } from "@/lib/auth/citizen-session";
import { consumeRequest } from "@/lib/auth/rate-limit";
import { OIDC_LOGIN_MINUTES, OIDC_STATE_COOKIE, startOidcLogin } from "@/lib/auth/service/oidc";
import { getEnv } from "@/lib/core/env";
import { ActionError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { requestInfo } from "@/lib/core/request";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ tenant: string }> }) {
  const { tenant: slug } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active") return new Response("Not found", { status: 404 });
  const query = new URL(request.url).searchParams;
  const requested = query.get("locale") ?? "";
  const locale = tenant.enabledLocales.includes(requested) ? requested : tenant.defaultLocale;
  const next = query.get("next");
  const back = (error: string) => new Response(null, { status: 303, headers: { location: `/${locale}/account/sign-in?error=${encodeURIComponent(error)}`, "cache-control": "no-store" } });
  // Each start writes a login in progress: a client starting too many is sent back with a message.
  const info = await requestInfo();
  if ((await consumeRequest("ip", `oidc-start:${info.ip ?? "unknown"}`)) > 0) return back("providerTooMany");
  try {
    const { url, state } = await startOidcLogin({ tenant, providerId: query.get("provider") ?? "", locale, next: next ? safeCitizenNext(next, locale) : null });
    const response = new NextResponse(null, { status: 303, headers: { location: url, "cache-control": "no-store" } });
    response.cookies.set(OIDC_STATE_COOKIE, state, {
      httpOnly: true,
      sameSite: "lax",
      secure: getEnv().PUBLIC_PROTOCOL === "https",
      path: "/api/auth/oidc",
      maxAge: OIDC_LOGIN_MINUTES * 60,
    });
    return response;
  } catch (error) {
    if (error instanceof ActionError) return back(error.key);
    getLogger().error({ err: error }, "identity provider start failed");
    return back("providerUnavailable");
  }
}
