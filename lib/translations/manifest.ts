// Permissions of the translation workspace. Translators and reviewers may be limited to languages
// through their membership's scope ("locale:ar"). The workspace itself arrives with its own issue.
import type { TModuleManifest } from "@/lib/module-types";

export const TRANSLATIONS_MANIFEST = {
  id: "translations",
  permissions: ["translations:edit", "translations:review"],
  roles: {
    translator: ["translations:edit"],
    reviewer: ["translations:edit", "translations:review"],
  },
  scopes: (tenant, locale) =>
    tenant.enabledLocales.map((code) => ({ value: `locale:${code}`, label: new Intl.DisplayNames([locale], { type: "language" }).of(code) ?? code })),
} satisfies TModuleManifest;
