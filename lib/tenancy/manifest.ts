import type { TModuleManifest } from "@/lib/module-types";

export const TENANCY_MANIFEST = {
  id: "tenancy",
  permissions: ["settings:manage"],
  adminNav: [
    { href: "/settings", label: "settings", permission: "settings:manage", order: 80 },
    { href: "/settings/theme", label: "theme", permission: "settings:manage", order: 81 },
  ],
} as const satisfies TModuleManifest;
