import type { TModuleManifest } from "@/lib/module-types";

export const AGENTS_MANIFEST = {
  id: "agents",
  permissions: ["users:manage", "roles:manage"],
  adminNav: [
    { href: "/users", label: "users", permission: "users:manage", order: 70 },
    { href: "/roles", label: "roles", permission: "roles:manage", order: 71 },
  ],
} as const satisfies TModuleManifest;
