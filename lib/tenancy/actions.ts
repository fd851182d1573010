"use server";
// Town settings (admin, permission settings:manage). Each section of the settings page is its own
// form and action; each change applies to the citizen site at once and is audited with what changed.
import { defineAction } from "@/lib/core/action";
import { ZIdentitySettings, ZLanguageSettings, ZLegalSettings, ZServiceSettings, ZThemeSettings, ZTimeSettings } from "@/lib/tenancy/schemas-settings";
import { updateIdentity, updateLanguages, updateLegal, updateServices, updateTheme, updateTime } from "@/lib/tenancy/service/update-settings";

const audit = (action: string) => (_input: unknown, changed: Record<string, unknown>, ctx: { tenant: { id: string } }) => ({
  action,
  targetType: "tenant",
  targetId: ctx.tenant.id,
  summary: { changed },
});

export const updateIdentityAction = defineAction({
  name: "settings.identity",
  input: ZIdentitySettings,
  access: { realm: "town", permission: "settings:manage" },
  run: (input, ctx) => updateIdentity(ctx.tenant, input as Record<string, string | undefined>),
  audit: audit("settings.identity"),
  success: "settingsSaved",
});

export const updateLegalAction = defineAction({
  name: "settings.legal",
  input: ZLegalSettings,
  access: { realm: "town", permission: "settings:manage" },
  run: (input, ctx) => updateLegal(ctx.tenant, input as never),
  audit: audit("settings.legal"),
  success: "settingsSaved",
});

export const updateLanguagesAction = defineAction({
  name: "settings.languages",
  input: ZLanguageSettings,
  access: { realm: "town", permission: "settings:manage" },
  run: (input, ctx) => updateLanguages(ctx.tenant, input.enabledLocales, input.defaultLocale),
  audit: audit("settings.languages"),
  success: "settingsSaved",
});

export const updateTimeAction = defineAction({
  name: "settings.time",
  input: ZTimeSettings,
  access: { realm: "town", permission: "settings:manage" },
  run: (input, ctx) => updateTime(ctx.tenant, input.timeZone, input.holidayRegion),
  audit: audit("settings.time"),
  success: "settingsSaved",
});

export const updateServicesAction = defineAction({
  name: "settings.services",
  input: ZServiceSettings,
  access: { realm: "town", permission: "settings:manage" },
  run: (input, ctx) => updateServices(ctx.tenant, input.modules),
  audit: audit("settings.services"),
  success: "settingsSaved",
});

export const updateThemeAction = defineAction({
  name: "settings.theme",
  input: ZThemeSettings,
  access: { realm: "town", permission: "settings:manage" },
  run: (input, ctx) => updateTheme(ctx.tenant, input),
  audit: audit("settings.theme"),
  success: "themeSaved",
});
