// The rows whose texts translators translate (the town, its sites, appointment services and forms),
// read and written by the translation workspace. Every function takes the town's id and puts it in
// every WHERE: another town's row is simply not found. Only text columns are written here; the
// structure of a row (steps, fields, states…) is never changed by a translation.
import { db } from "@/lib/core/db";
import { publishInvalidation } from "@/lib/core/invalidation";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TContentKind } from "@/lib/translations/content-paths";

type TColumns = Record<string, Prisma.InputJsonValue>;

export type TContentRow = { kind: TContentKind; id: string; columns: Record<string, unknown>; currentVersionId?: string | null };

const TOWN = { id: true, names: true, contactAddress: true, contactHours: true, legalNotice: true, accessibilityNotes: true } as const;
const SITE = { id: true, names: true, address: true, access: true, accessibility: true } as const;
const SERVICE = { id: true, names: true, descriptions: true, whatToBring: true, confirmationTexts: true, cancellationTexts: true, customFields: true } as const;
const FORM = { id: true, titles: true, descriptions: true, nextSteps: true, closedMessages: true, definition: true, workflow: true, currentVersionId: true } as const;

function asRow(kind: TContentKind, row: Record<string, unknown> & { id: string }): TContentRow {
  const { id, currentVersionId, ...columns } = row;
  return { kind, id, columns, ...(kind === "form" ? { currentVersionId: (currentVersionId as string | null) ?? null } : {}) };
}

/** Every row of the town with texts to translate: the town, then its sites, services and forms (not archived). */
export async function listContentRows(tenantId: string): Promise<TContentRow[]> {
  const [town, sites, services, forms] = await Promise.all([
    db().tenant.findFirst({ where: { id: tenantId }, select: TOWN }),
    db().appointmentSite.findMany({ where: { tenantId, archivedAt: null }, select: SITE, orderBy: { createdAt: "asc" } }),
    db().appointmentService.findMany({ where: { tenantId, archivedAt: null }, select: SERVICE, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }),
    db().form.findMany({ where: { tenantId, archivedAt: null }, select: FORM, orderBy: [{ position: "asc" }, { createdAt: "asc" }] }),
  ]);
  return [
    ...(town ? [asRow("town", town)] : []),
    ...sites.map((s) => asRow("site", s)),
    ...services.map((s) => asRow("service", s)),
    ...forms.map((f) => asRow("form", f)),
  ];
}

/** One row of the town, locked for the rest of the transaction (FOR UPDATE); null when it is not one (or archived). */
export async function lockContentRow(tenantId: string, kind: TContentKind, id: string): Promise<TContentRow | null> {
  const tx = db();
  switch (kind) {
    case "town": {
      if (id !== tenantId) return null;
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM tenant WHERE id = ${tenantId}::uuid FOR UPDATE`;
      if (locked.length === 0) return null;
      const row = await tx.tenant.findFirst({ where: { id: tenantId }, select: TOWN });
      return row ? asRow(kind, row) : null;
    }
    case "site": {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM appointment_site WHERE "tenantId" = ${tenantId}::uuid AND id = ${id}::uuid AND "archivedAt" IS NULL FOR UPDATE`;
      if (locked.length === 0) return null;
      const row = await tx.appointmentSite.findFirst({ where: { tenantId, id }, select: SITE });
      return row ? asRow(kind, row) : null;
    }
    case "service": {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM appointment_service WHERE "tenantId" = ${tenantId}::uuid AND id = ${id}::uuid AND "archivedAt" IS NULL FOR UPDATE`;
      if (locked.length === 0) return null;
      const row = await tx.appointmentService.findFirst({ where: { tenantId, id }, select: SERVICE });
      return row ? asRow(kind, row) : null;
    }
    case "form": {
      const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM form WHERE "tenantId" = ${tenantId}::uuid AND id = ${id}::uuid AND "archivedAt" IS NULL FOR UPDATE`;
      if (locked.length === 0) return null;
      const row = await tx.form.findFirst({ where: { tenantId, id }, select: FORM });
      return row ? asRow(kind, row) : null;
    }
  }
}

/**
 * Writes text columns of a row of the town. The town's own row: every process drops its copy of the
 * town and its cached pages on commit (as the town's settings do).
 */
export async function updateContentColumns(tenantId: string, kind: TContentKind, id: string, columns: TColumns): Promise<boolean> {
  const tx = db();
  let count = 0;
  switch (kind) {
    case "town":
      if (id !== tenantId) return false;
      ({ count } = await tx.tenant.updateMany({ where: { id: tenantId }, data: columns }));
      if (count > 0) await publishInvalidation(tx, { scope: "tenant", tenantId });
      break;
    case "site":
      ({ count } = await tx.appointmentSite.updateMany({ where: { tenantId, id }, data: columns }));
      break;
    case "service":
      ({ count } = await tx.appointmentService.updateMany({ where: { tenantId, id }, data: columns }));
      break;
    case "form":
      ({ count } = await tx.form.updateMany({ where: { tenantId, id }, data: columns }));
      break;
  }
  return count > 0;
}

export type TVersionTexts = { id: string; titles: unknown; definition: unknown; workflow: unknown };

/** The published version of a form of the town (the one citizens fill), or null. */
export function findFormVersionTexts(tenantId: string, formId: string, versionId: string): Promise<TVersionTexts | null> {
  return db().formVersion.findFirst({ where: { tenantId, formId, id: versionId }, select: { id: true, titles: true, definition: true, workflow: true } });
}

/** The texts of a published version in a newly translated language (its structure is left as it is). */
export async function updateFormVersionTexts(tenantId: string, formId: string, versionId: string, columns: TColumns): Promise<boolean> {
  const { count } = await db().formVersion.updateMany({ where: { tenantId, formId, id: versionId }, data: columns });
  return count > 0;
}
