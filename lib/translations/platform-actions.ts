"use server";
// The platform operator's side of the translation workspace (root domain): adding or removing a
// platform language, and approving or sending back the proposals that change every town's texts
// (the platform layer), which a town's reviewers cannot approve.
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/core/action";
import { ActionError } from "@/lib/core/errors";
import { ZAddLanguage, ZPlatformReview, ZRemoveLanguage } from "@/lib/translations/schemas";
import { reviewTranslation } from "@/lib/translations/service/edit-translation";
import { addPlatformLanguage, isPlatformLanguage, removePlatformLanguage } from "@/lib/translations/service/languages";
import { PLATFORM_SCOPE } from "@/lib/translations/repo";
import { SOURCE_LOCALE } from "@/lib/i18n/locales";

export const addLanguageAction = defineAction({
  name: "translations.add-language",
  input: ZAddLanguage,
  access: { realm: "platform", operator: true },
  run: (input, ctx) => addPlatformLanguage(input.code, ctx.actor.email),
  audit: (_input, result) => ({ action: "translations.add-language", targetType: "language", targetId: result.code }),
  success: "languageAdded",
});

export const removeLanguageAction = defineAction({
  name: "translations.remove-language",
  input: ZRemoveLanguage,
  access: { realm: "platform", operator: true },
  run: (input) => removePlatformLanguage(input.code),
  audit: (input) => ({ action: "translations.remove-language", targetType: "language", targetId: input.code }),
  // The row and its form are gone: the page says so at its top.
  after: (_result, ctx) => redirect(`/${ctx.locale}/operator/languages?done=removed`),
});

export const reviewPlatformTranslationAction = defineAction({
  name: "translations.review-platform",
  input: ZPlatformReview,
  access: { realm: "platform", operator: true },
  run: async (input, ctx) => {
    if (input.locale === SOURCE_LOCALE || !(await isPlatformLanguage(input.locale))) throw new ActionError("translationLanguageUnknown");
    const row = await reviewTranslation({ scope: PLATFORM_SCOPE, locale: input.locale, key: input.key, decision: input.decision, comment: input.comment ?? null, actor: { type: "operator", id: ctx.actor.id, label: ctx.actor.email } });
    return { id: row.id };
  },
  audit: (input, result) => ({ action: `translations.${input.decision}`, targetType: "translation", targetId: result.id, summary: { locale: input.locale, key: input.key, layer: "platform" } }),
  // The proposal leaves the queue with its forms: the page says what was done at its top.
  after: (_result, ctx, input) => redirect(`/${ctx.locale}/operator/languages/${input.locale}?done=${input.decision}`),
});
