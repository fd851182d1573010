import type { TModuleManifest } from "@/lib/module-types";

export const FORMS_MANIFEST = {
  id: "forms",
  optional: true,
  permissions: ["forms:design", "requests:process"],
  roles: {
    "service-manager": ["forms:design", "requests:process"],
    agent: ["requests:process"],
  },
  adminNav: [
    { href: "/requests", label: "requests", permission: "requests:process", order: 30 },
    { href: "/forms", label: "forms", permission: "forms:design", order: 31 },
  ],
  // An agent may be limited to some forms ("form:<id>"): the inbox, request pages and actions narrow to them.
  scopes: async (tenant, locale) => {
    if (!tenant.modules.includes("forms")) return [];
    const { townForms } = await import("@/lib/forms/service/form-scope");
    const { pickLocalized } = await import("@/lib/i18n/localized");
    return (await townForms(tenant.id)).map((f) => {
      const title = pickLocalized(f.titles, locale, [tenant.defaultLocale]);
      return { value: `form:${f.id}`, label: title?.text ?? f.slug, lang: title?.lang };
    });
  },
  citizenServices: () => [{ href: "/requests", title: "requestsTitle", description: "requestsDescription" }],
} as const satisfies TModuleManifest;
