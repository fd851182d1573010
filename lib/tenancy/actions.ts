"use server";
// Town settings (admin, permission settings:manage). Each section of the settings page is its own
// form and action; each change applies to the citizen site at once and is audited with what changed.
import type { z } from "zod";
import { defineAction, type TTownContext } from "@/lib/core/action";
import { ZIdentitySettings, ZLanguageSettings, ZLegalSettings, ZServiceSettings, ZThemeSettings, ZTimeSettings } from "@/lib/tenancy/schemas-settings";
import { updateIdentity, updateLanguages, updateLegal, updateServices, updateTheme, updateTime } from "@/lib/tenancy/service/update-settings";

/** A settings section's action: the change, audited with what changed, confirmed with `success`. */
function settingsAction<S extends z.ZodType>(name: string, input: S, run: (input: z.output<S>, ctx: TTownContext) => Promise<Record<string, unknown>>, success = "settingsSaved") {
  return defineAction({
    name,
    input,
    access: { realm: "town", permission: "settings:manage" },
    run,
    audit: (_input, changed, ctx) => ({ action: name, targetType: "tenant", targetId: ctx.tenant.id, summary: { changed } }),
    success,
  });
}

export const updateIdentityAction = settingsAction("settings.identity", ZIdentitySettings, (input, ctx) => updateIdentity(ctx.tenant, input as Record<string, string | undefined>));
export const updateLegalAction = settingsAction("settings.legal", ZLegalSettings, (input, ctx) => updateLegal(ctx.tenant, input as never));
export const updateLanguagesAction = settingsAction("settings.languages", ZLanguageSettings, (input, ctx) => updateLanguages(ctx.tenant, input.enabledLocales, input.defaultLocale));
export const updateTimeAction = settingsAction("settings.time", ZTimeSettings, (input, ctx) => updateTime(ctx.tenant, input.timeZone, input.holidayRegion));
export const updateServicesAction = settingsAction("settings.services", ZServiceSettings, (input, ctx) => updateServices(ctx.tenant, input.modules));
export const updateThemeAction = settingsAction("settings.theme", ZThemeSettings, (input, ctx) => updateTheme(ctx.tenant, input), "themeSaved");
