// The only code of the forms module that uses Prisma (forms, versions, requests, their history and
// documents). Every function takes the town's id and puts it in every WHERE: a form, request or
// document of another town is simply not found. Parts of the module append their functions in their
// own section below.
import { db } from "@/lib/core/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export type TFormRow = Prisma.FormGetPayload<object>;
export type TFormVersionRow = Prisma.FormVersionGetPayload<object>;
export type TRequestRow = Prisma.FormRequestGetPayload<object>;
export type TRequestEventRow = Prisma.RequestEventGetPayload<object>;
export type TDocumentRow = Prisma.RequestDocumentGetPayload<object>;

// ——— Forms ———

/** Every form of the town that is not archived, in their order. */
export function listForms(tenantId: string): Promise<TFormRow[]> {
  return db().form.findMany({ where: { tenantId, archivedAt: null }, orderBy: [{ position: "asc" }, { createdAt: "asc" }] });
}

export function findForm(tenantId: string, formId: string): Promise<TFormRow | null> {
  return db().form.findFirst({ where: { tenantId, id: formId } });
}

export function findFormBySlug(tenantId: string, slug: string): Promise<TFormRow | null> {
  return db().form.findFirst({ where: { tenantId, slug, archivedAt: null } });
}

export function findVersion(tenantId: string, versionId: string): Promise<TFormVersionRow | null> {
  return db().formVersion.findFirst({ where: { tenantId, id: versionId } });
}

// ——— Requests ———

export function findRequest(tenantId: string, requestId: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, id: requestId } });
}

export function findRequestByReference(tenantId: string, reference: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, reference } });
}

/** A draft by the hash of its secret (cookie or resume link). */
export function findDraftByTokenHash(tenantId: string, draftTokenHash: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, draftTokenHash, status: "draft" } });
}

/** A sent request by the hash of its follow-up secret. */
export function findRequestByFollowHash(tenantId: string, followTokenHash: string): Promise<TRequestRow | null> {
  return db().formRequest.findFirst({ where: { tenantId, followTokenHash, status: "submitted" } });
}

export function listRequestEvents(tenantId: string, requestId: string): Promise<TRequestEventRow[]> {
  return db().requestEvent.findMany({ where: { tenantId, requestId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export function listRequestDocuments(tenantId: string, requestId: string): Promise<TDocumentRow[]> {
  return db().requestDocument.findMany({ where: { tenantId, requestId }, orderBy: [{ createdAt: "asc" }] });
}

export function findDocument(tenantId: string, requestId: string, documentId: string): Promise<TDocumentRow | null> {
  return db().requestDocument.findFirst({ where: { tenantId, requestId, id: documentId } });
}
