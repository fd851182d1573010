// The only code of the tenancy module that uses Prisma. Resolving a host to a tenant is, by nature,
// the one read that is not scoped by tenantId: it is what finds the tenantId. Every other function
// takes the tenantId and puts it in its where clause.
import { db, inTransaction } from "@/lib/core/db";
import { publishInvalidation } from "@/lib/core/invalidation";
import { Prisma } from "@/lib/generated/prisma/client";

const tenantSelect = {
  id: true,
  slug: true,
  names: true,
  status: true,
  defaultLocale: true,
  enabledLocales: true,
  timeZone: true,
  holidayRegion: true,
  contactEmail: true,
  contactPhone: true,
  contactAddress: true,
  contactHours: true,
  legalNotice: true,
  accessibilityCompliance: true,
  accessibilityAuditedOn: true,
  accessibilityNotes: true,
  theme: true,
  updatedAt: true,
  domains: { select: { host: true } },
  modules: { where: { enabled: true }, select: { moduleId: true } },
} satisfies Prisma.TenantSelect;

export type TTenantRow = Prisma.TenantGetPayload<{ select: typeof tenantSelect }>;

/** Every tenant with its hosts, for the routing table (small: one row per town). */
export async function listTenantsForRouting(): Promise<TTenantRow[]> {
  return db().tenant.findMany({ select: tenantSelect, orderBy: { slug: "asc" } });
}

export async function countTenants(): Promise<number> {
  return db().tenant.count();
}

export async function tenantSlugExists(slug: string): Promise<boolean> {
  return (await db().tenant.count({ where: { slug } })) > 0;
}

/** The id behind a slug (the operator names towns by slug). */
export async function findTenantIdBySlug(slug: string): Promise<string | null> {
  return (await db().tenant.findUnique({ where: { slug }, select: { id: true } }))?.id ?? null;
}

/** A unique slug or custom domain is already taken. */
export class TenantConflictError extends Error {
  constructor(public readonly field: "slug" | "domains") {
    super(`${field} already taken`);
  }
}

export async function insertTenant(data: Prisma.TenantCreateInput & { domains?: never }, domains: string[]): Promise<{ id: string }> {
  try {
    return await inTransaction(async () => {
      const tx = db();
      const tenant = await tx.tenant.create({ data, select: { id: true } });
      if (domains.length > 0) {
        await tx.domain.createMany({ data: domains.map((host) => ({ host, tenantId: tenant.id })) });
      }
      await publishInvalidation(tx, { scope: "tenant", tenantId: tenant.id });
      return tenant;
    });
  } catch (error) {
    // P2002: unique constraint (tenant.slug or domain.host), whether checked first or lost to a race.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const target = JSON.stringify(error.meta ?? {});
      throw new TenantConflictError(target.includes("host") ? "domains" : "slug");
    }
    throw error;
  }
}

export async function updateTenantStatus(tenantId: string, status: "active" | "suspended"): Promise<boolean> {
  return inTransaction(async () => {
    const tx = db();
    const { count } = await tx.tenant.updateMany({ where: { id: tenantId }, data: { status } });
    if (count > 0) await publishInvalidation(tx, { scope: "tenant", tenantId });
    return count > 0;
  });
}

export async function deleteTenant(tenantId: string): Promise<boolean> {
  return inTransaction(async () => {
    const tx = db();
    const { count } = await tx.tenant.deleteMany({ where: { id: tenantId } });
    if (count > 0) await publishInvalidation(tx, { scope: "tenant", tenantId });
    return count > 0;
  });
}

/** Changes a town's settings; every process drops its copy of the town (and its cached pages) on commit. */
export async function updateTenant(tenantId: string, data: Prisma.TenantUpdateInput): Promise<boolean> {
  return inTransaction(async () => {
    const tx = db();
    const { count } = await tx.tenant.updateMany({ where: { id: tenantId }, data: data as Prisma.TenantUpdateManyMutationInput });
    if (count > 0) await publishInvalidation(tx, { scope: "tenant", tenantId });
    return count > 0;
  });
}

/** Switches the town's optional modules: exactly `moduleIds` are on. */
export async function setTenantModules(tenantId: string, moduleIds: string[]): Promise<void> {
  await inTransaction(async () => {
    const tx = db();
    await tx.tenantModule.updateMany({ where: { tenantId, moduleId: { notIn: moduleIds } }, data: { enabled: false } });
    for (const moduleId of moduleIds) {
      await tx.tenantModule.upsert({ where: { tenantId_moduleId: { tenantId, moduleId } }, create: { tenantId, moduleId, enabled: true }, update: { enabled: true } });
    }
    await publishInvalidation(tx, { scope: "tenant", tenantId });
  });
}

export async function saveTenantAsset(tenantId: string, asset: { kind: string; contentType: string; bytes: Uint8Array; sha256: string }): Promise<void> {
  await db().tenantAsset.upsert({
    where: { tenantId_sha256: { tenantId, sha256: asset.sha256 } },
    create: { tenantId, kind: asset.kind, contentType: asset.contentType, bytes: Buffer.from(asset.bytes), sha256: asset.sha256 },
    update: {},
  });
}

export async function findTenantAsset(tenantId: string, sha256: string) {
  return db().tenantAsset.findUnique({ where: { tenantId_sha256: { tenantId, sha256 } }, select: { contentType: true, bytes: true, sha256: true } });
}
