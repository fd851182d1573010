"use server";
// The translation workspace's writes. Translating needs translations:edit for the language
// (`locale:<l>` scope), reviewing translations:review for it; the layer is this town's (its own
// wording) or the platform's (shared by every town). The town comes from the Host, never the form.
import { defineAction, type TTownContext } from "@/lib/core/action";
import { ActionError } from "@/lib/core/errors";
import { ZPropose, ZReview, ZRevert, type TLayer } from "@/lib/translations/schemas";
import { proposeTranslation, reviewTranslation, revertTranslation } from "@/lib/translations/service/edit-translation";
import { PLATFORM_SCOPE, type TActor } from "@/lib/translations/repo";
import { SOURCE_LOCALE } from "@/lib/i18n/locales";
import { isPlatformLanguage } from "@/lib/translations/service/languages";

async function scopeOf(layer: TLayer, ctx: TTownContext, locale: string): Promise<string> {
  if (!(await isPlatformLanguage(locale))) throw new ActionError("translationLanguageUnknown");
  if (layer === "platform" && locale === SOURCE_LOCALE) throw new ActionError("translationSourceLocale");
  return layer === "town" ? ctx.tenant.id : PLATFORM_SCOPE;
}

const actorOf = (ctx: TTownContext): TActor => ({ type: "agent", id: ctx.actor.id, label: ctx.actor.email });

export const proposeTranslationAction = defineAction({
  name: "translations.propose",
  input: ZPropose,
  access: { realm: "town", permission: (input: { locale: string }) => ({ permission: "translations:edit", scope: `locale:${input.locale}` }) },
  success: "translationProposed",
  run: async (input, ctx) => {
    const row = await proposeTranslation({ scope: await scopeOf(input.layer, ctx, input.locale), locale: input.locale, key: input.key, value: input.value, actor: actorOf(ctx) });
    return { id: row.id };
  },
  audit: (input, result) => ({ action: "translations.propose", targetType: "translation", targetId: result.id, summary: { locale: input.locale, key: input.key, layer: input.layer } }),
});

export const reviewTranslationAction = defineAction({
  name: "translations.review",
  input: ZReview,
  access: { realm: "town", permission: (input: { locale: string }) => ({ permission: "translations:review", scope: `locale:${input.locale}` }) },
  run: async (input, ctx) => {
    // The platform layer changes every town's texts: a town's reviewer cannot approve it (the operator does).
    if (input.layer === "platform") throw new ActionError("translationPlatformReview");
    const row = await reviewTranslation({ scope: await scopeOf(input.layer, ctx, input.locale), locale: input.locale, key: input.key, decision: input.decision, comment: input.comment ?? null, actor: actorOf(ctx) });
    return { id: row.id, decision: input.decision };
  },
  audit: (input, result) => ({ action: `translations.${input.decision}`, targetType: "translation", targetId: result.id, summary: { locale: input.locale, key: input.key, layer: input.layer } }),
  success: "translationReviewed",
});

export const revertTranslationAction = defineAction({
  name: "translations.revert",
  input: ZRevert,
  access: { realm: "town", permission: (input: { locale: string }) => ({ permission: "translations:edit", scope: `locale:${input.locale}` }) },
  success: "translationProposed",
  run: async (input, ctx) => {
    const row = await revertTranslation({ scope: await scopeOf(input.layer, ctx, input.locale), eventId: input.eventId, actor: actorOf(ctx) });
    if (row.locale !== input.locale) throw new ActionError("forbidden");
    return { id: row.id, key: row.key };
  },
  audit: (input, result) => ({ action: "translations.revert", targetType: "translation", targetId: result.id, summary: { locale: input.locale, key: result.key, layer: input.layer } }),
});
