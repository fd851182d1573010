// Reading and removing a request's documents. The caller has already found the request the visitor
// may reach (their draft's cookie, a correction or follow-up secret, an agent's scope); these
// functions only ever look inside that request, in that town.
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { getLogger } from "@/lib/core/logger";
import { deleteDocumentRows, findDocument, listRequestDocuments, touchRequest, type TDocumentRow, type TRequestRow } from "@/lib/forms/repo";
import { getStorage, type TStoredObject } from "@/lib/storage/storage";
import type { TTenant } from "@/lib/tenancy/registry";

/** What the file widget shows of a document. */
export type TDocumentSummary = { id: string; fieldId: string; groupIndex: number | null; originalName: string; size: number; mediaType: string };

export function summariseDocument(row: TDocumentRow): TDocumentSummary {
  return { id: row.id, fieldId: row.fieldId, groupIndex: row.groupIndex, originalName: row.originalName, size: row.size, mediaType: row.mediaType };
}

/** A request's documents by field: key `<fieldId>`, or `<fieldId>#<groupIndex>` inside a repeatable group. */
export async function documentsByField(tenantId: string, requestId: string): Promise<Map<string, TDocumentSummary[]>> {
  const out = new Map<string, TDocumentSummary[]>();
  for (const row of await listRequestDocuments(tenantId, requestId)) {
    const key = row.groupIndex === null ? row.fieldId : `${row.fieldId}#${row.groupIndex}`;
    out.set(key, [...(out.get(key) ?? []), summariseDocument(row)]);
  }
  return out;
}

/** Deletes stored files whose rows are gone (best effort: a failure is logged, the row is already deleted). */
export async function removeStoredFiles(rows: Pick<TDocumentRow, "storageKey">[]): Promise<void> {
  const storage = getStorage();
  for (const row of rows) {
    await storage.delete(row.storageKey).catch((error: unknown) => getLogger().error({ err: error, key: row.storageKey }, "stored file could not be deleted"));
  }
}

/** One document of the request, if it exists there and (for a correction) belongs to an allowed field. */
export async function findRequestDocument(tenant: TTenant, request: TRequestRow, documentId: string, allowedFields: string[] | null = null): Promise<TDocumentRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(documentId)) return null;
  const row = await findDocument(tenant.id, request.id, documentId);
  if (!row || (allowedFields && !allowedFields.includes(row.fieldId))) return null;
  return row;
}

/** The document's row and bytes, or null (unknown, another request's, another town's, file missing). */
export async function openDocument(tenant: TTenant, request: TRequestRow, documentId: string, allowedFields: string[] | null = null): Promise<(TStoredObject & { document: TDocumentRow }) | null> {
  const document = await findRequestDocument(tenant, request, documentId, allowedFields);
  if (!document) return null;
  const stored = await getStorage().get(document.storageKey);
  if (!stored) {
    getLogger().error({ tenant: tenant.slug, document: document.id }, "a document's file is missing from the storage");
    return null;
  }
  return { ...stored, document };
}

/** Removes a document (row, audit, then its file). Returns the row removed, or null if there was none. */
export async function deleteDocument(input: { tenant: TTenant; request: TRequestRow; documentId: string; allowedFields: string[] | null; audit: TAuditContext }): Promise<TDocumentRow | null> {
  const { tenant, request } = input;
  const found = await findRequestDocument(tenant, request, input.documentId, input.allowedFields);
  if (!found) return null;
  const removed = await inTransaction(async () => {
    const rows = await deleteDocumentRows(tenant.id, request.id, [found.id]);
    if (rows.length === 0) return null;
    await touchRequest(tenant.id, request.id);
    await recordAudit(input.audit, { action: "requests.document-delete", targetType: "request", targetId: request.id, summary: { document: found.id, field: found.fieldId } });
    return rows[0]!;
  });
  if (removed) await removeStoredFiles([removed]);
  return removed;
}
