import type { TModuleManifest } from "@/lib/module-types";

// The citizens' accounts (always on): how they sign in, including the town's OpenID Connect identity
// providers, which the town's administrators configure.
export const CITIZENS_MANIFEST = {
  id: "citizens",
  permissions: ["identity-providers:manage"],
  adminNav: [{ href: "/identity-providers", label: "identityProviders", permission: "identity-providers:manage", order: 82 }],
} as const satisfies TModuleManifest;
