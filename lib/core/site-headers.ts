// The request headers the custom server sets (after deleting any copy a client sent) to tell the
// application which site, language, client address and request id a request belongs to.
export const SITE_HEADERS = {
  tenant: "x-civitas-tenant",
  platform: "x-civitas-platform",
  status: "x-civitas-status",
  locale: "x-civitas-locale",
  clientIp: "x-civitas-client-ip",
  requestId: "x-request-id",
} as const;
