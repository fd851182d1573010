// Permissions are data: modules declare them (lib/modules.ts), roles group them per town, memberships
// give an agent a role for the whole town or for some scopes (services, languages). can() is the one
// check; pages, actions and services call it through lib/auth/session.ts.
import { MODULES } from "@/lib/modules";
import { BUILTIN_ROLES, type TBuiltinRole } from "@/lib/module-types";

export type TGrant = { permission: string; scope: readonly string[] };
export type TRoleLike = { builtin: string | null; permissions: readonly string[] };
export type TMembershipLike = { scope: readonly string[]; role: TRoleLike };

export function allPermissions(): string[] {
  return [...new Set(MODULES.flatMap((m) => m.permissions ?? []))].sort();
}

export function isBuiltinRole(value: string | null): value is TBuiltinRole {
  return value !== null && (BUILTIN_ROLES as readonly string[]).includes(value);
}

/** What a built-in role may do, from the manifests (new modules extend it without a migration). */
export function builtinRolePermissions(role: TBuiltinRole): string[] {
  if (role === "administrator") return allPermissions();
  return [...new Set(MODULES.flatMap((m) => m.roles?.[role] ?? []))].sort();
}

export function rolePermissions(role: TRoleLike): string[] {
  if (isBuiltinRole(role.builtin)) return builtinRolePermissions(role.builtin);
  const known = new Set(allPermissions());
  return role.permissions.filter((p) => known.has(p));
}

export function grantsOf(memberships: readonly TMembershipLike[]): TGrant[] {
  return memberships.flatMap((m) => rolePermissions(m.role).map((permission) => ({ permission, scope: m.scope })));
}

/**
 * Whether the grants allow `permission`. Without a scope: held anywhere in the town (the page then
 * narrows its lists with scopesFor). With a scope ("service:<id>"): held for the whole town or for it.
 */
export function can(grants: readonly TGrant[], permission: string, scope?: string): boolean {
  return grants.some((g) => g.permission === permission && (scope === undefined || g.scope.length === 0 || g.scope.includes(scope)));
}

/** The scopes in which `permission` is held: "all" for the whole town, else the list (maybe empty). */
export function scopesFor(grants: readonly TGrant[], permission: string): "all" | string[] {
  const relevant = grants.filter((g) => g.permission === permission);
  if (relevant.some((g) => g.scope.length === 0)) return "all";
  return [...new Set(relevant.flatMap((g) => g.scope))].sort();
}
