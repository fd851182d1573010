"use server";
// A translator saves the texts of one item of the town's content (the town, a site, a service, a form)
// in one language. It needs translations:edit for that language (`locale:<l>` scope) and no other
// right; the town comes from the Host, the item is looked up in that town only.
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { ActionError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { CONTENT_KINDS, postedTexts } from "@/lib/translations/content-paths";
import { saveContentTexts } from "@/lib/translations/service/content";

const FIXED = ["locale", "kind", "id"];

const ZTranslateContent = z
  .looseObject({
    locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, "invalid"),
    kind: z.enum(CONTENT_KINDS),
    id: ZId,
  })
  .transform((input, ctx) => {
    const posted = postedTexts(input.id, input, FIXED);
    const texts: Record<string, string> = {};
    if (!posted) {
      ctx.addIssue({ code: "custom", message: "invalid", path: ["_form"] });
      return z.NEVER;
    }
    for (const [key, value] of Object.entries(posted)) {
      if (typeof value !== "string") {
        ctx.addIssue({ code: "custom", message: "invalid", path: ["_form"] });
        return z.NEVER;
      }
      texts[key] = value;
    }
    return { locale: input.locale, kind: input.kind, id: input.id, texts };
  });

export const translateContentAction = defineAction({
  name: "translations.content",
  input: ZTranslateContent,
  access: { realm: "town", permission: (input: { locale: string }) => ({ permission: "translations:edit", scope: `locale:${input.locale}` }) },
  success: "contentTranslated",
  run: async (input, ctx) => {
    if (!ctx.tenant.enabledLocales.includes(input.locale)) throw new ActionError("translationLocaleNotEnabled");
    return saveContentTexts(ctx.tenant, input);
  },
  audit: (input, result) => ({ action: "translations.content", targetType: input.kind, targetId: input.id, summary: { locale: input.locale, kind: input.kind, id: input.id, count: result.count } }),
});
