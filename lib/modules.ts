// The registry of modules. Each module declares a manifest in lib/<module>/manifest.ts and is listed
// here: the permissions it defines, which built-in roles get them, its entries in the admin navigation,
// and (for optional modules a town switches on through TenantModule rows) the citizen services it
// offers. The home page and navigation list only the services of modules that exist and are enabled.
import { AGENTS_MANIFEST } from "@/lib/agents/manifest";
import { AUDIT_MANIFEST } from "@/lib/audit/manifest";
import { NOTIFICATIONS_MANIFEST } from "@/lib/notifications/manifest";
import { TENANCY_MANIFEST } from "@/lib/tenancy/manifest";
import { TRANSLATIONS_MANIFEST } from "@/lib/translations/manifest";
import type { TModuleManifest } from "@/lib/module-types";
import type { TTenant } from "@/lib/tenancy/registry";

export type { TCitizenService, TModuleManifest } from "@/lib/module-types";

export const MODULES: readonly TModuleManifest[] = [TENANCY_MANIFEST, AGENTS_MANIFEST, AUDIT_MANIFEST, NOTIFICATIONS_MANIFEST, TRANSLATIONS_MANIFEST];

/** Modules a town can switch on or off (the others are always on). */
export function optionalModules(): TModuleManifest[] {
  return MODULES.filter((m) => m.optional);
}

export function listTenantServices(tenant: TTenant, locale: string) {
  return MODULES.filter((m) => m.optional && tenant.modules.includes(m.id)).flatMap((m) => m.citizenServices?.(tenant, locale) ?? []);
}
