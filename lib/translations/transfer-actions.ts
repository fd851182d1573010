"use server";
// Importing a translation file (JSON, XLIFF 2.0, PO) into a layer of a language: translations:edit for
// that language. The changed messages become proposals waiting for review; one invalid message refuses
// the whole file (the answer lists each, with its translated reason). The town comes from the Host.
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { ActionError } from "@/lib/core/errors";
import { SOURCE_LOCALE } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";
import { PLATFORM_SCOPE } from "@/lib/translations/repo";
import { ZLayer } from "@/lib/translations/schemas";
import { MAX_IMPORT_BYTES, TRANSFER_FORMATS, type TImportAnswer } from "@/lib/translations/service/transfer-format";
import { importLayer } from "@/lib/translations/service/transfer";
import { isPlatformLanguage } from "@/lib/translations/service/languages";

const ZImport = z.object({
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "invalid"),
  layer: ZLayer,
  format: z.enum(TRANSFER_FORMATS),
  file: z.instanceof(File, { message: "chooseFile" }).refine((f) => f.size > 0 && f.size <= MAX_IMPORT_BYTES, "translationImportTooLarge"),
});

export const importTranslationsAction = defineAction({
  name: "translations.import",
  input: ZImport,
  access: { realm: "town", permission: (input: { locale: string }) => ({ permission: "translations:edit", scope: `locale:${input.locale}` }) },
  run: async (input, ctx) => {
    if (!(await isPlatformLanguage(input.locale))) throw new ActionError("translationLanguageUnknown");
    if (input.layer === "platform" && input.locale === SOURCE_LOCALE) throw new ActionError("translationSourceLocale");
    const scope = input.layer === "town" ? ctx.tenant.id : PLATFORM_SCOPE;
    const body = await input.file.text();
    const report = await importLayer({ scope, locale: input.locale, format: input.format, body, actor: { type: "agent", id: ctx.actor.id, label: ctx.actor.email } });
    const t = await translator(ctx.locale, "TranslationsTransfer", ctx.tenant.id);
    const answer: TImportAnswer = {
      ...report,
      summary: { changed: t("reportChanged", { count: report.changed.length }), unchanged: t("reportUnchanged", { count: report.unchanged }), unknown: t("reportUnknown", { count: report.unknownKeys.length }) },
    };
    return answer;
  },
  audit: (input, report) => ({
    action: "translations.import",
    targetType: "translation-layer",
    targetId: `${input.layer}:${input.locale}`,
    summary: { locale: input.locale, layer: input.layer, format: input.format, changed: report.changed.length, unchanged: report.unchanged, unknownKeys: report.unknownKeys.length },
  }),
  success: "translationsImported",
});
