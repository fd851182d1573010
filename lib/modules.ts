// The registry of modules. Each module declares a manifest in lib/<module>/manifest.ts and is listed
// here: the permissions it defines, which built-in roles get them, its entries in the admin navigation,
// and (for optional modules a town switches on through TenantModule rows) the citizen services it
// offers. The home page and navigation list only the services of modules that exist and are enabled.
import { AGENTS_MANIFEST } from "@/lib/agents/manifest";
import { APPOINTMENTS_MANIFEST } from "@/lib/appointments/manifest";
import { AUDIT_MANIFEST } from "@/lib/audit/manifest";
import { CITIZENS_MANIFEST } from "@/lib/citizens/manifest"; // citizens (issue 7): identity providers
import { FORMS_MANIFEST } from "@/lib/forms/manifest";
import { NOTIFICATIONS_MANIFEST } from "@/lib/notifications/manifest";
import { TENANCY_MANIFEST } from "@/lib/tenancy/manifest";
import { TRANSLATIONS_MANIFEST } from "@/lib/translations/manifest";
import type { TModuleManifest } from "@/lib/module-types";
import type { TTenant } from "@/lib/tenancy/registry";

export type { TCitizenService, TModuleManifest } from "@/lib/module-types";

export const MODULES: readonly TModuleManifest[] = [TENANCY_MANIFEST, AGENTS_MANIFEST, AUDIT_MANIFEST, NOTIFICATIONS_MANIFEST, TRANSLATIONS_MANIFEST, APPOINTMENTS_MANIFEST, FORMS_MANIFEST, CITIZENS_MANIFEST];

/** Modules a town can switch on or off (the others are always on). */
export function optionalModules(): TModuleManifest[] {
  return MODULES.filter((m) => m.optional);
}

export function listTenantServices(tenant: TTenant, locale: string) {
  return MODULES.filter((m) => m.optional && tenant.modules.includes(m.id)).flatMap((m) => m.citizenServices?.(tenant, locale) ?? []);
}

/** The admin navigation an agent may see, in order (permission held anywhere in the town). */
export function adminNavFor(grants: readonly { permission: string }[]) {
  const held = new Set(grants.map((g) => g.permission));
  return MODULES.flatMap((m) => m.adminNav ?? [])
    .filter((item) => item.permission === null || held.has(item.permission))
    .sort((a, b) => a.order - b.order);
}

/** Every scope a membership can be limited to in this town. */
export async function scopeOptions(tenant: TTenant, locale: string) {
  return (await Promise.all(MODULES.map(async (m) => (await m.scopes?.(tenant, locale)) ?? []))).flat();
}
