import type { TModuleManifest } from "@/lib/module-types";

export const AUDIT_MANIFEST = {
  id: "audit",
  permissions: ["audit:read"],
  adminNav: [{ href: "/audit", label: "audit", permission: "audit:read", order: 90 }],
} as const satisfies TModuleManifest;
