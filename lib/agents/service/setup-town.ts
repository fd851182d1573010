// What every new town needs in this module: its built-in roles.
import { ensureBuiltinRoles, findBuiltinRole } from "@/lib/agents/repo";

export async function setupTownRoles(tenantId: string): Promise<void> {
  await ensureBuiltinRoles(tenantId);
}

export async function builtinRoleId(tenantId: string, builtin: string): Promise<string | null> {
  return (await findBuiltinRole(tenantId, builtin))?.id ?? null;
}
