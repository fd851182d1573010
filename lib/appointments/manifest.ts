import type { TModuleManifest } from "@/lib/module-types";

export const APPOINTMENTS_MANIFEST = {
  id: "appointments",
  optional: true,
  permissions: ["appointments:configure", "appointments:manage", "api-keys:manage"],
  roles: {
    "service-manager": ["appointments:configure", "appointments:manage"],
    agent: ["appointments:manage"],
  },
  adminNav: [{ href: "/api-keys", label: "apiKeys", permission: "api-keys:manage", order: 84 }],
  citizenServices: () => [{ href: "/appointments", title: "appointmentsTitle", description: "appointmentsDescription" }],
} as const satisfies TModuleManifest;
