import type { TModuleManifest } from "@/lib/module-types";

export const NOTIFICATIONS_MANIFEST = {
  id: "notifications",
  permissions: ["mail:read"],
  adminNav: [{ href: "/mail", label: "mail", permission: "mail:read", order: 91 }],
} as const satisfies TModuleManifest;
