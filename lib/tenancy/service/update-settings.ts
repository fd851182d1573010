// A town administrator changes the town's settings. Each change is checked (languages, time zone,
// holiday region, contrast of the theme), saved, and applies at once to the citizen site of every
// server (NOTIFY drops the town's cached copy and pages). Each returns what changed, for the audit.
import { createHash } from "node:crypto";
import { ActionError, FieldsError } from "@/lib/core/errors";
import type { Prisma } from "@/lib/generated/prisma/client";
import { optionalModules } from "@/lib/modules";
import { assertLanguagesReady } from "@/lib/translations/service/languages";
import { saveTenantAsset, setTenantModules, updateTenant } from "@/lib/tenancy/repo";
import type { TTenant } from "@/lib/tenancy/registry";
import { checkThemeContrast, FONT_STACKS, ZTheme, type TTheme } from "@/lib/tenancy/theme";

type TLocalizedForm = Record<string, string | undefined>;

/** Collects <prefix>_<locale> fields of the town's languages into { locale: text }. */
export function collectLocalized(tenant: TTenant, form: TLocalizedForm, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const locale of tenant.enabledLocales) {
    const value = form[`${prefix}_${locale}`];
    if (value) out[locale] = value;
  }
  return out;
}

/** Keeps texts of languages the form did not show (a language disabled for now keeps its texts). */
function merged(current: Record<string, string>, tenant: TTenant, next: Record<string, string>): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(current).filter(([l]) => !tenant.enabledLocales.includes(l)));
  return { ...kept, ...next };
}

function changes(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null)) out[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return out;
}

async function save(tenant: TTenant, data: Record<string, unknown>) {
  const before = Object.fromEntries(Object.keys(data).map((k) => [k, (tenant as unknown as Record<string, unknown>)[k]]));
  const changed = changes(before, data);
  if (Object.keys(changed).length > 0) await updateTenant(tenant.id, data as Prisma.TenantUpdateInput);
  return changed;
}

export async function updateIdentity(tenant: TTenant, form: TLocalizedForm & { contactEmail?: string; contactPhone?: string }) {
  const names = collectLocalized(tenant, form, "name");
  if (!names[tenant.defaultLocale]) throw new ActionError("townNameRequired", {}, `name_${tenant.defaultLocale}`);
  return save(tenant, {
    names: merged(tenant.names, tenant, names),
    contactAddress: merged(tenant.contactAddress, tenant, collectLocalized(tenant, form, "address")),
    contactHours: merged(tenant.contactHours, tenant, collectLocalized(tenant, form, "hours")),
    contactEmail: form.contactEmail ?? null,
    contactPhone: form.contactPhone ?? null,
  });
}

export async function updateLegal(tenant: TTenant, form: TLocalizedForm & { accessibilityCompliance: "none" | "partial" | "full"; accessibilityAuditedOn?: string }) {
  const audited = form.accessibilityAuditedOn ? new Date(`${form.accessibilityAuditedOn}T00:00:00Z`) : null;
  const changed = await save(tenant, {
    legalNotice: merged(tenant.legalNotice, tenant, collectLocalized(tenant, form, "legal")),
    accessibilityNotes: merged(tenant.accessibilityNotes, tenant, collectLocalized(tenant, form, "a11y")),
    accessibilityCompliance: form.accessibilityCompliance,
    accessibilityAuditedOn: audited,
  });
  return changed;
}

export async function updateLanguages(tenant: TTenant, enabledLocales: string[], defaultLocale: string) {
  if (!enabledLocales.includes(defaultLocale)) throw new ActionError("defaultNotEnabled", {}, "defaultLocale");
  await assertLanguagesReady(enabledLocales, tenant.enabledLocales, tenant.id);
  if (!tenant.names[defaultLocale]) throw new ActionError("nameMissingInDefault", {}, "defaultLocale");
  return save(tenant, { enabledLocales, defaultLocale });
}

export async function updateTime(tenant: TTenant, timeZone: string, holidayRegion: string) {
  return save(tenant, { timeZone, holidayRegion });
}

export async function updateServices(tenant: TTenant, moduleIds: string[]) {
  const known = new Set(optionalModules().map((m) => m.id));
  if (moduleIds.some((id) => !known.has(id))) throw new ActionError("invalid", {}, "modules");
  const before = [...tenant.modules].filter((m) => known.has(m)).sort();
  const after = [...new Set(moduleIds)].sort();
  if (JSON.stringify(before) !== JSON.stringify(after)) await setTenantModules(tenant.id, after);
  return { modules: { from: before, to: after } };
}

const ASSET_TYPES: Record<string, { ext: string; sniff: (b: Uint8Array) => boolean }> = {
  "image/png": { ext: "png", sniff: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  "image/jpeg": { ext: "jpg", sniff: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  "image/webp": { ext: "webp", sniff: (b) => Buffer.from(b.subarray(0, 4)).toString("latin1") === "RIFF" && Buffer.from(b.subarray(8, 12)).toString("latin1") === "WEBP" },
  "image/svg+xml": {
    ext: "svg",
    sniff: (b) => {
      const text = Buffer.from(b).toString("utf8");
      return /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg[\s>]/i.test(text) && !/<script|\son[a-z]+\s*=|javascript:|<foreignObject/i.test(text);
    },
  },
};

export const MAX_ASSET_BYTES = 512 * 1024;

/** Checks an uploaded image by its content (never its name or declared type) and stores it. */
export async function storeAsset(tenant: TTenant, kind: "logo" | "favicon", file: File): Promise<string> {
  if (file.size > MAX_ASSET_BYTES) throw new ActionError("fileTooBig", { max: "512 KB" }, kind);
  const bytes = new Uint8Array(await file.arrayBuffer());
  const type = Object.entries(ASSET_TYPES).find(([, t]) => t.sniff(bytes));
  if (!type) throw new ActionError("imageType", {}, kind);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  await saveTenantAsset(tenant.id, { kind, contentType: type[0], bytes, sha256 });
  return `/media/${sha256}.${type[1].ext}`;
}

export type TThemeForm = Omit<TTheme, "logoUrl" | "faviconUrl" | "fontStack"> & { fontStack: string; logo?: File; favicon?: File };

export async function updateTheme(tenant: TTenant, form: TThemeForm) {
  const fontStack = (Object.values(FONT_STACKS) as string[]).includes(form.fontStack) || form.fontStack === tenant.theme.fontStack ? form.fontStack : null;
  if (!fontStack) throw new ActionError("choose", {}, "fontStack");
  const candidate = ZTheme.parse({
    primary: form.primary,
    onPrimary: form.onPrimary,
    secondary: form.secondary,
    onSecondary: form.onSecondary,
    accent: form.accent,
    onAccent: form.onAccent,
    radius: form.radius,
    fontStack,
    logoUrl: tenant.theme.logoUrl,
    faviconUrl: tenant.theme.faviconUrl,
  });
  const problems = checkThemeContrast(candidate);
  if (problems.length > 0) {
    // One message per field, naming the pair, its ratio and the ratio required (WCAG 2.x AA).
    const fields: Record<string, { key: string; params: Record<string, string | number> }> = {};
    for (const p of problems) fields[p.field] ??= { key: `contrast.${p.id}`, params: { ratio: Math.floor(p.ratio * 100) / 100, required: p.required } };
    throw new FieldsError(fields);
  }
  if (form.logo && form.logo.size > 0) candidate.logoUrl = await storeAsset(tenant, "logo", form.logo);
  if (form.favicon && form.favicon.size > 0) candidate.faviconUrl = await storeAsset(tenant, "favicon", form.favicon);
  return save(tenant, { theme: candidate });
}

