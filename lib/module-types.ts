// Shapes of a module manifest (kept apart from lib/modules.ts so manifests can import them without a cycle).
import type { TTenant } from "@/lib/tenancy/registry";

/** A service on the town's home page: path under /<locale>, and keys of the "Services" namespace. */
export type TCitizenService = { href: string; title: string; description: string };

/** The built-in roles every town has. The administrator holds every permission. */
export const BUILTIN_ROLES = ["administrator", "service-manager", "agent", "translator", "reviewer"] as const;
export type TBuiltinRole = (typeof BUILTIN_ROLES)[number];

export type TAdminNavItem = {
  /** Path under /<locale>/admin, e.g. "/users". */
  href: string;
  /** Key in the "AdminNav" message namespace. */
  label: string;
  /** Shown to agents who hold this permission (anywhere in the town); null: every agent. */
  permission: string | null;
  order: number;
};

export type TModuleManifest = {
  id: string;
  /** A town may switch this module on or off (its citizen services). Core modules are always on. */
  optional?: boolean;
  /** Permissions this module checks; each has a label "Permissions.<id>" in the catalogues. */
  permissions?: readonly string[];
  /** Which of its permissions the built-in roles (other than administrator) receive. */
  roles?: Partial<Record<Exclude<TBuiltinRole, "administrator">, readonly string[]>>;
  adminNav?: readonly TAdminNavItem[];
  /**
   * Parts of the town a membership can be limited to ("service:<id>", "locale:ar"), with labels in
   * `locale`; shown when inviting an agent or changing their access.
   */
  scopes?: (tenant: TTenant, locale: string) => Promise<{ value: string; label: string; lang?: string }[]> | { value: string; label: string; lang?: string }[];
  citizenServices?: (tenant: TTenant, locale: string) => TCitizenService[];
};
