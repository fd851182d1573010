// The HTTP side of documents, shared by the route handlers under app/(tenant)/[tenant]/api/…:
// upload and delete answer 303 back to the step (errors in the query) or JSON for the script that
// shows progress; downloads are attachments with nosniff. Finding WHICH request the visitor may reach
// is each route's job (draft cookie, correction or follow-up secret, agent scope).
import { Readable } from "node:stream";
import type { TAuditContext } from "@/lib/audit/service/record-audit";
import { getLogger } from "@/lib/core/logger";
import { readRequestInfo, type TRequestInfo } from "@/lib/core/request";
import { isSameOrigin } from "@/lib/core/same-origin";
import { contentDisposition, safeReturnPath, withOutcome, type TUploadError } from "@/lib/forms/files";
import type { TRequestRow } from "@/lib/forms/repo";
import { deleteDocument, openDocument, summariseDocument } from "@/lib/forms/service/documents";
import { keepTypedAnswers } from "@/lib/forms/service/fill-draft";
import { uploadDocument } from "@/lib/forms/service/upload-document";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";

const NO_STORE = { "cache-control": "private, no-store", "x-content-type-options": "nosniff" };

export const notFoundResponse = () => new Response("Not found", { status: 404, headers: { "content-type": "text/plain; charset=utf-8", ...NO_STORE } });
const forbiddenResponse = () => new Response("Forbidden", { status: 403, headers: { "content-type": "text/plain; charset=utf-8", ...NO_STORE } });
const seeOther = (location: string) => new Response(null, { status: 303, headers: { location, "cache-control": "no-store" } });
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", ...NO_STORE } });

/** The town of the route, if active with the forms module. */
export async function formsTenant(slug: string): Promise<TTenant | null> {
  const tenant = await getTenantBySlug(slug);
  return tenant && tenant.status === "active" && tenant.modules.includes("forms") ? tenant : null;
}

export function wantsJson(request: Request): boolean {
  return (request.headers.get("accept") ?? "").includes("application/json");
}

export function citizenAudit(tenant: TTenant, target: TRequestRow, info: TRequestInfo): TAuditContext {
  return { tenantId: tenant.id, actor: { type: "citizen", id: target.citizenId ?? null }, requestId: info.requestId, ip: info.ip };
}

/** The fields a pending correction asks for (empty when there is none or it is unreadable). */
export function correctionFields(target: TRequestRow): string[] {
  const fields = (target.correction as { fields?: unknown } | null)?.fields;
  return Array.isArray(fields) ? fields.filter((f): f is string => typeof f === "string") : [];
}

function back(request: Request, tenant: TTenant, outcome: Record<string, string>): Response {
  const path = safeReturnPath(new URL(request.url).searchParams.get("return"), tenant.enabledLocales) ?? `/${tenant.defaultLocale}/requests`;
  return seeOther(withOutcome(path, outcome));
}

const STATUS: Record<TUploadError, number> = {
  uploadMissing: 400,
  uploadEmpty: 422,
  uploadTooLarge: 413,
  uploadType: 415,
  uploadInfected: 422,
  uploadScanUnavailable: 503,
  uploadTooMany: 409,
  uploadNoDraft: 404,
  uploadField: 404,
  uploadFailed: 500,
  uploadGone: 404,
};

function refused(request: Request, tenant: TTenant, error: TUploadError, fieldId: string): Response {
  return wantsJson(request) ? json(STATUS[error], { ok: false, error }) : back(request, tenant, { "upload-error": error, field: fieldId });
}

/** POST …/documents?field=<id>[&group=<index>]&return=<path>: the upload, for `target` (null: no draft found). */
export async function handleUpload(request: Request, tenant: TTenant, target: TRequestRow | null, allowedFields: string[] | null): Promise<Response> {
  const info = readRequestInfo(request.headers);
  if (!isSameOrigin(info.origin, info.host)) return forbiddenResponse();
  const query = new URL(request.url).searchParams;
  const fieldId = query.get("field") ?? "";
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(fieldId)) return refused(request, tenant, "uploadField", "");
  if (!target || !request.body) return refused(request, tenant, "uploadNoDraft", fieldId);
  const group = query.get("group");
  const length = request.headers.get("content-length");
  const outcome = await uploadDocument({
    tenant,
    request: target,
    fieldId,
    groupIndex: group !== null && /^\d{1,2}$/.test(group) ? Number(group) : null,
    allowedFields,
    body: Readable.fromWeb(request.body as import("node:stream/web").ReadableStream),
    contentType: request.headers.get("content-type"),
    contentLength: length !== null && /^\d+$/.test(length) ? Number(length) : null,
    audit: citizenAudit(tenant, target, info),
  });
  if (!outcome.ok) return refused(request, tenant, outcome.error, fieldId);
  return wantsJson(request) ? json(200, { ok: true, document: summariseDocument(outcome.document) }) : back(request, tenant, { uploaded: fieldId });
}

/** The remove button submits the step form: keep what was typed on it (the form's file inputs are not sent: urlencoded). */
async function keepStepAnswers(request: Request, tenant: TTenant, draft: TRequestRow): Promise<void> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded")) return;
  const length = Number(request.headers.get("content-length") ?? "0");
  if (!(length > 0 && length <= 1024 * 1024)) return;
  const form = await request.formData().catch(() => null);
  if (!form) return;
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value !== "string" || name.startsWith("$")) continue;
    const current = values[name];
    values[name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  if (Object.keys(values).length === 0) return;
  await keepTypedAnswers(tenant, draft, values).catch((error: unknown) => getLogger().warn({ err: error, tenant: tenant.slug }, "answers typed before removing a file could not be kept"));
}

/** POST …/documents/<docId>/delete?return=<path>. */
export async function handleDelete(request: Request, tenant: TTenant, target: TRequestRow | null, documentId: string, allowedFields: string[] | null): Promise<Response> {
  const info = readRequestInfo(request.headers);
  if (!isSameOrigin(info.origin, info.host)) return forbiddenResponse();
  if (target?.status === "draft") await keepStepAnswers(request, tenant, target);
  const removed = target ? await deleteDocument({ tenant, request: target, documentId, allowedFields, audit: citizenAudit(tenant, target, info) }) : null;
  if (!removed) return wantsJson(request) ? json(404, { ok: false, error: "notFound" }) : back(request, tenant, { "upload-error": "uploadGone", field: "" });
  return wantsJson(request) ? json(200, { ok: true }) : back(request, tenant, { removed: removed.fieldId });
}

/** GET …/documents/<docId>: the file as an attachment (never shown inline, never sniffed). */
export async function serveDocument(tenant: TTenant, target: TRequestRow | null, documentId: string, allowedFields: string[] | null, onServed?: (documentId: string) => Promise<void>): Promise<Response> {
  const opened = target ? await openDocument(tenant, target, documentId, allowedFields) : null;
  if (!opened) return notFoundResponse();
  if (onServed) await onServed(opened.document.id);
  return new Response(Readable.toWeb(opened.body) as ReadableStream, {
    headers: {
      "content-type": opened.document.mediaType,
      "content-length": String(opened.size),
      "content-disposition": contentDisposition(opened.document.originalName),
      "content-security-policy": "default-src 'none'; sandbox",
      "referrer-policy": "no-referrer",
      ...NO_STORE,
    },
  });
}
