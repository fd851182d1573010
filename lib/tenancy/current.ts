// The town a page is rendered for. The [tenant] segment is set by the custom server from the Host
// (next.config.ts rewrites its header into the route), never by a visitor.
import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import { requestInfo } from "@/lib/core/request";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";

export type TTenantParams = Promise<{ tenant: string; locale: string }>;

export async function requireTenantPage(params: TTenantParams): Promise<{ tenant: TTenant; locale: string }> {
  const { tenant: slug, locale } = await params;
  const tenant = await getTenantBySlug(slug);
  if (!tenant || tenant.status !== "active" || !tenant.enabledLocales.includes(locale)) notFound();
  setRequestLocale(locale);
  return { tenant, locale };
}

export type TCurrentSite = { kind: "tenant"; tenant: TTenant } | { kind: "platform" };

/** The site of the current request (server actions, route handlers), from the custom server's headers. */
export async function currentSite(): Promise<TCurrentSite | null> {
  const info = await requestInfo();
  if (info.tenantSlug) {
    const tenant = await getTenantBySlug(info.tenantSlug);
    return tenant && tenant.status === "active" ? { kind: "tenant", tenant } : null;
  }
  return info.platform ? { kind: "platform" } : null;
}
