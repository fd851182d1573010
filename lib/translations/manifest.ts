// Permissions of the translation workspace. Translators and reviewers may be limited to languages
// through their membership's scope ("locale:ar"). The workspace: /admin/translations.
import type { TModuleManifest } from "@/lib/module-types";

export const TRANSLATIONS_MANIFEST = {
  id: "translations",
  permissions: ["translations:edit", "translations:review"],
  adminNav: [{ href: "/translations", label: "translations", permission: "translations:edit", order: 88 }],
  roles: {
    translator: ["translations:edit"],
    reviewer: ["translations:edit", "translations:review"],
  },
  // Every platform language (translators may work on one the town has not enabled yet).
  scopes: async (_tenant, locale) => {
    const { platformLanguageCodes } = await import("@/lib/translations/service/languages");
    return (await platformLanguageCodes()).map((code) => ({ value: `locale:${code}`, label: new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code }));
  },
} satisfies TModuleManifest;
