// An agent created with a password at once (demo data, tests, scripted set-ups): no invitation mail.
import { findAgentByEmail, insertAgent, replaceMemberships, updateAgent } from "@/lib/agents/repo";
import { builtinRoleId } from "@/lib/agents/service/setup-town";
import { hashPassword } from "@/lib/auth/password";
import { inTransaction } from "@/lib/core/db";
import type { TBuiltinRole } from "@/lib/module-types";

export async function createAgentWithPassword(input: {
  tenantId: string;
  email: string;
  name: string;
  password: string;
  roles: TBuiltinRole[];
  scope?: string[];
  locale?: string | null;
}): Promise<{ id: string; created: boolean }> {
  return inTransaction(async () => {
    const existing = await findAgentByEmail(input.tenantId, input.email);
    if (existing) return { id: existing.id, created: false };
    const { id } = await insertAgent(input.tenantId, { email: input.email, name: input.name, locale: input.locale ?? null });
    await updateAgent(input.tenantId, id, { passwordHash: await hashPassword(input.password), status: "active" });
    const roleIds: string[] = [];
    for (const role of input.roles) {
      const roleId = await builtinRoleId(input.tenantId, role);
      if (!roleId) throw new Error(`town has no ${role} role`);
      roleIds.push(roleId);
    }
    await replaceMemberships(input.tenantId, id, roleIds.map((roleId) => ({ roleId, scope: input.scope ?? [] })));
    return { id, created: true };
  });
}

export async function agentExists(tenantId: string, email: string): Promise<boolean> {
  return (await findAgentByEmail(tenantId, email)) !== null;
}
