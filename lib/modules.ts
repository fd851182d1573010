// The registry of modules (appointments, requests, …). Each module declares a manifest in
// lib/<module>/manifest.ts and is listed here; a town switches modules on through TenantModule rows.
// The home page and navigation list only the services of modules that exist and are enabled.
import type { TTenant } from "@/lib/tenancy/registry";

export type TCitizenService = { href: string; title: string; description: string };

export type TModuleManifest = {
  id: string;
  /** The citizen-facing services this module offers a town, in a locale. */
  citizenServices?: (tenant: TTenant, locale: string) => TCitizenService[];
};

export const MODULES: readonly TModuleManifest[] = [];

export function listTenantServices(tenant: TTenant, locale: string): TCitizenService[] {
  return MODULES.filter((m) => tenant.modules.includes(m.id)).flatMap((m) => m.citizenServices?.(tenant, locale) ?? []);
}
