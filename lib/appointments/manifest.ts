import type { TModuleManifest } from "@/lib/module-types";

export const APPOINTMENTS_MANIFEST = {
  id: "appointments",
  optional: true,
  permissions: ["appointments:configure", "appointments:manage", "appointments:overbook", "api-keys:manage"],
  roles: {
    "service-manager": ["appointments:configure", "appointments:manage", "appointments:overbook"],
    agent: ["appointments:manage"],
  },
  adminNav: [
    { href: "/appointments", label: "appointments", permission: "appointments:manage", order: 20 },
    { href: "/appointments/calendar", label: "appointmentsCalendar", permission: "appointments:manage", order: 21 },
    { href: "/appointments/statistics", label: "appointmentsStatistics", permission: "appointments:manage", order: 22 },
    { href: "/appointment-services", label: "appointmentServices", permission: "appointments:configure", order: 23 },
    { href: "/appointment-sites", label: "appointmentSites", permission: "appointments:configure", order: 24 },
    { href: "/api-keys", label: "apiKeys", permission: "api-keys:manage", order: 84 },
  ],
  // An agent may be limited to some services ("service:<id>"): lists, calendar and actions narrow to them.
  scopes: async (tenant, locale) => {
    if (!tenant.modules.includes("appointments")) return [];
    const { townServices } = await import("@/lib/appointments/service/definitions");
    const { pickLocalized } = await import("@/lib/i18n/localized");
    return (await townServices(tenant.id)).map((s) => {
      const name = pickLocalized(s.names, locale, [tenant.defaultLocale]);
      return { value: `service:${s.id}`, label: name?.text ?? s.id, lang: name?.lang };
    });
  },
  citizenServices: () => [{ href: "/appointments", title: "appointmentsTitle", description: "appointmentsDescription" }],
} as const satisfies TModuleManifest;
