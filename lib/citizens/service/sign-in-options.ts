// The ways a citizen can sign in on this town's site: its enabled identity providers (buttons that
// start /api/auth/oidc/start), and always the e-mail link.
import { listProviders } from "@/lib/citizens/repo";
import { pickLocalized, type TPicked } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";

export type TProviderButton = { id: string; label: TPicked | null; href: string };

export async function signInProviders(tenant: TTenant, locale: string, next: string | null): Promise<TProviderButton[]> {
  const rows = await listProviders(tenant.id, { enabledOnly: true });
  return rows.map((p) => {
    const query = new URLSearchParams({ provider: p.id, locale, ...(next ? { next } : {}) });
    return { id: p.id, label: pickLocalized(p.labels, locale, [tenant.defaultLocale, ...tenant.enabledLocales]), href: `/api/auth/oidc/start?${query.toString()}` };
  });
}
