// What the custom server (lib/server/http-server.ts) established about the current request, read
// from the headers it sets after deleting any copy a client sent: the site, the client's address, the
// request id, the page's language. Server components, server actions and route handlers use this.
import { headers } from "next/headers";
import { SITE_HEADERS } from "@/lib/core/site-headers";

export { SITE_HEADERS };

export type TRequestInfo = {
  tenantSlug: string | null;
  platform: boolean;
  locale: string | null;
  requestId: string | null;
  ip: string | null;
  origin: string | null;
  host: string | null;
  userAgent: string | null;
};

export function readRequestInfo(h: Pick<Headers, "get">): TRequestInfo {
  return {
    tenantSlug: h.get(SITE_HEADERS.tenant),
    platform: h.get(SITE_HEADERS.platform) === "1",
    locale: h.get(SITE_HEADERS.locale),
    requestId: h.get(SITE_HEADERS.requestId),
    ip: h.get(SITE_HEADERS.clientIp),
    origin: h.get("origin"),
    host: h.get("host"),
    userAgent: h.get("user-agent"),
  };
}

export async function requestInfo(): Promise<TRequestInfo> {
  return readRequestInfo(await headers());
}
