// The only code of the agents module that uses Prisma. Every function takes the town's id and puts it
// in every where clause: an id from another town finds nothing.
import { db } from "@/lib/core/db";
import { Prisma, type AccountStatus } from "@/lib/generated/prisma/client";
import { BUILTIN_ROLES } from "@/lib/module-types";

const roleSelect = { id: true, builtin: true, names: true, permissions: true } satisfies Prisma.RoleSelect;
const membershipSelect = { id: true, scope: true, role: { select: roleSelect } } satisfies Prisma.MembershipSelect;
const agentSelect = {
  id: true,
  tenantId: true,
  email: true,
  name: true,
  status: true,
  locale: true,
  lastSignInAt: true,
  createdAt: true,
  memberships: { select: membershipSelect, orderBy: { createdAt: "asc" } },
} satisfies Prisma.AgentSelect;

export type TAgentRow = Prisma.AgentGetPayload<{ select: typeof agentSelect }>;
export type TRoleRow = Prisma.RoleGetPayload<{ select: typeof roleSelect }>;

export class AgentConflictError extends Error {}

export async function findAgentForSignIn(tenantId: string, email: string) {
  return db().agent.findUnique({
    where: { tenantId_email: { tenantId, email } },
    select: { id: true, email: true, name: true, status: true, passwordHash: true },
  });
}

export async function getAgent(tenantId: string, agentId: string): Promise<TAgentRow | null> {
  return db().agent.findFirst({ where: { tenantId, id: agentId }, select: agentSelect });
}

export async function findAgentByEmail(tenantId: string, email: string): Promise<TAgentRow | null> {
  return db().agent.findFirst({ where: { tenantId, email }, select: agentSelect });
}

export async function listAgents(tenantId: string): Promise<TAgentRow[]> {
  return db().agent.findMany({ where: { tenantId }, select: agentSelect, orderBy: [{ status: "asc" }, { name: "asc" }] });
}

export async function insertAgent(tenantId: string, data: { email: string; name: string; locale: string | null }): Promise<{ id: string }> {
  try {
    return await db().agent.create({ data: { tenantId, ...data }, select: { id: true } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new AgentConflictError();
    throw error;
  }
}

export async function updateAgent(tenantId: string, agentId: string, data: { name?: string; status?: AccountStatus; passwordHash?: string; locale?: string | null }): Promise<boolean> {
  const { count } = await db().agent.updateMany({ where: { tenantId, id: agentId }, data });
  return count === 1;
}

export async function agentHasPassword(tenantId: string, agentId: string): Promise<boolean> {
  return (await db().agent.count({ where: { tenantId, id: agentId, passwordHash: { not: null } } })) === 1;
}

export async function touchLastSignIn(tenantId: string, agentId: string): Promise<void> {
  await db().agent.updateMany({ where: { tenantId, id: agentId }, data: { lastSignInAt: new Date() } });
}

/** Replaces an agent's memberships. Role ids of another town violate the (tenantId, roleId) foreign key. */
export async function replaceMemberships(tenantId: string, agentId: string, memberships: { roleId: string; scope: string[] }[]): Promise<void> {
  const tx = db();
  await tx.membership.deleteMany({ where: { tenantId, agentId } });
  if (memberships.length > 0) {
    await tx.membership.createMany({ data: memberships.map((m) => ({ tenantId, agentId, roleId: m.roleId, scope: m.scope })) });
  }
}

export async function ensureBuiltinRoles(tenantId: string): Promise<void> {
  await db().role.createMany({ data: BUILTIN_ROLES.map((builtin) => ({ tenantId, builtin })), skipDuplicates: true });
}

export async function listRoles(tenantId: string) {
  return db().role.findMany({
    where: { tenantId },
    select: { ...roleSelect, _count: { select: { memberships: true } } },
    orderBy: [{ builtin: { sort: "asc", nulls: "last" } }, { createdAt: "asc" }],
  });
}

export async function getRole(tenantId: string, roleId: string) {
  return db().role.findFirst({ where: { tenantId, id: roleId }, select: { ...roleSelect, _count: { select: { memberships: true } } } });
}

export async function findBuiltinRole(tenantId: string, builtin: string): Promise<TRoleRow | null> {
  return db().role.findFirst({ where: { tenantId, builtin }, select: roleSelect });
}

/** The roles among `ids` that belong to this town. */
export async function rolesOfTown(tenantId: string, ids: string[]): Promise<TRoleRow[]> {
  if (ids.length === 0) return [];
  return db().role.findMany({ where: { tenantId, id: { in: ids } }, select: roleSelect });
}

export async function insertRole(tenantId: string, data: { names: Prisma.InputJsonValue; permissions: string[] }): Promise<{ id: string }> {
  return db().role.create({ data: { tenantId, ...data }, select: { id: true } });
}

export async function updateCustomRole(tenantId: string, roleId: string, data: { names: Prisma.InputJsonValue; permissions: string[] }): Promise<boolean> {
  const { count } = await db().role.updateMany({ where: { tenantId, id: roleId, builtin: null }, data });
  return count === 1;
}

export async function deleteCustomRole(tenantId: string, roleId: string): Promise<boolean> {
  const { count } = await db().role.deleteMany({ where: { tenantId, id: roleId, builtin: null, memberships: { none: {} } } });
  return count === 1;
}

/** Active agents holding the administrator role for the whole town. */
export async function countActiveAdministrators(tenantId: string, exceptAgentId?: string): Promise<number> {
  return db().agent.count({
    where: {
      tenantId,
      status: "active",
      ...(exceptAgentId ? { id: { not: exceptAgentId } } : {}),
      memberships: { some: { scope: { isEmpty: true }, role: { builtin: "administrator" } } },
    },
  });
}

/** Agents per town and status, in one query (the operator's list of towns). */
export async function countAgentsByTownAndStatus(): Promise<Map<string, Partial<Record<AccountStatus, number>>>> {
  const rows = await db().agent.groupBy({ by: ["tenantId", "status"], _count: { _all: true } });
  const out = new Map<string, Partial<Record<AccountStatus, number>>>();
  for (const r of rows) out.set(r.tenantId, { ...out.get(r.tenantId), [r.status]: r._count._all });
  return out;
}

export async function countAgentsByStatus(tenantId: string) {
  const rows = await db().agent.groupBy({ by: ["status"], where: { tenantId }, _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.status, r._count._all])) as Partial<Record<AccountStatus, number>>;
}
