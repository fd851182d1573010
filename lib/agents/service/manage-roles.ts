// Custom roles of a town: a name per language and a set of the permissions modules declare. Built-in
// roles cannot be edited or removed; a role still given to agents cannot be removed.
import { deleteCustomRole, getRole, insertRole, updateCustomRole } from "@/lib/agents/repo";
import { allPermissions } from "@/lib/auth/permissions";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import type { TTenant } from "@/lib/tenancy/registry";

export type TRoleDraft = { names: Record<string, string>; permissions: string[] };

/** Keeps the town's languages only, trimmed; the default language's name is required. */
export function cleanRoleDraft(tenant: TTenant, raw: { names: Record<string, unknown>; permissions: string[] }): TRoleDraft {
  const names: Record<string, string> = {};
  for (const locale of tenant.enabledLocales) {
    const value = raw.names[locale];
    if (typeof value === "string" && value.trim()) names[locale] = value.trim().slice(0, 80);
  }
  if (!names[tenant.defaultLocale]) throw new ActionError("roleNameRequired", {}, `name_${tenant.defaultLocale}`);
  const known = new Set(allPermissions());
  const permissions = [...new Set(raw.permissions)].filter((p) => known.has(p)).sort();
  if (permissions.length !== new Set(raw.permissions).size) throw new ActionError("invalid", {}, "permissions");
  if (permissions.length === 0) throw new ActionError("choosePermission", {}, "permissions");
  return { names, permissions };
}

export async function createRole(tenantId: string, draft: TRoleDraft): Promise<{ id: string }> {
  return insertRole(tenantId, draft);
}

export async function editRole(tenantId: string, roleId: string, draft: TRoleDraft) {
  const before = await getRole(tenantId, roleId);
  if (!before) throw new NotFoundError();
  if (before.builtin) throw new ActionError("builtinRole");
  await updateCustomRole(tenantId, roleId, draft);
  return { before: { names: before.names, permissions: before.permissions } };
}

export async function removeRole(tenantId: string, roleId: string) {
  const role = await getRole(tenantId, roleId);
  if (!role) throw new NotFoundError();
  if (role.builtin) throw new ActionError("builtinRole");
  if (role._count.memberships > 0) throw new ActionError("roleInUse", { count: role._count.memberships });
  await deleteCustomRole(tenantId, roleId);
  return { names: role.names };
}
