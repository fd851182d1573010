// A citizen's upload for a file field of a draft (or of a request waiting for a correction). The
// multipart body is streamed by busboy: the one file of the field goes to a temporary file under
// DATA_DIR/tmp while it is hashed and counted, and busboy cuts it at the field's size limit (the rest
// is discarded, the temporary file deleted at once). The other text fields of the body are the answers
// typed on the step (the upload button submits the step form without JavaScript): they are kept with
// keepTypedAnswers. Then the type is read from the bytes (file-type) and checked against the field's
// kinds, clamd scans it when configured, and only then is it put in the storage and recorded. Nothing
// is stored when a check fails; the temporary file is always removed.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { getLogger } from "@/lib/core/logger";
import { parseDefinition } from "@/lib/forms/definition";
import { cleanFileName, detectMediaType, fileInputName, isAcceptedMediaType, locateFileField, maxFilesOf, maxUploadBytes, type TUploadError } from "@/lib/forms/files";
import { deleteDocumentRows, findVersion, insertDocument, listFieldDocuments, touchRequest, type TDocumentRow, type TRequestRow } from "@/lib/forms/repo";
import { keepTypedAnswers } from "@/lib/forms/service/fill-draft";
import { removeStoredFiles } from "@/lib/forms/service/documents";
import { clamdFromEnv, scanFile, ScanUnavailableError } from "@/lib/forms/service/virus-scan";
import { getStorage } from "@/lib/storage/storage";
import type { TTenant } from "@/lib/tenancy/registry";

/** Room for the step's other answers next to the file, in a body announced with Content-Length. */
const FORM_FIELDS_ALLOWANCE = 1024 * 1024;

export type TTypedValues = Record<string, string | string[]>;

export type TUploadInput = {
  tenant: TTenant;
  /** The draft (cookie) or the request waiting for a correction (secret): found by the caller. */
  request: TRequestRow;
  fieldId: string;
  /** The item of a repeatable group the field belongs to (null outside a group). */
  groupIndex: number | null;
  /** Only these fields may receive files (a correction names them); null: any file field. */
  allowedFields: string[] | null;
  body: Readable;
  contentType: string | null;
  contentLength: number | null;
  audit: TAuditContext;
};

export type TUploadOutcome = { values: TTypedValues } & ({ ok: true; document: TDocumentRow } | { ok: false; error: TUploadError });

type TReceivedFile = { path: string; size: number; sha256: string; originalName: string };
type TReceived = { values: TTypedValues; file: TReceivedFile | null; error: TUploadError | null };

function tmpDir(): string {
  return path.join(getEnv().DATA_DIR, "tmp");
}

/** Reads the multipart body: text fields as answers, the one file named `inputName` to a temporary file. */
export async function receiveMultipart(options: { body: Readable; contentType: string | null; inputName: string; maxBytes: number }): Promise<TReceived> {
  const values: TTypedValues = {};
  const add = (name: string, value: string) => {
    const current = values[name];
    values[name] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  };
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: { "content-type": options.contentType ?? "" },
      defParamCharset: "utf8",
      limits: { fileSize: options.maxBytes, fields: 500, fieldSize: 100_000, parts: 600, files: 60 },
    });
  } catch {
    return { values, file: null, error: "uploadMissing" };
  }
  const dir = tmpDir();
  await mkdir(dir, { recursive: true });

  let file: TReceivedFile | null = null;
  let error: TUploadError | null = null;
  let writing: Promise<void> = Promise.resolve();
  let tempPath: string | null = null;

  parser.on("field", (name, value) => {
    // Next.js adds $ACTION_… fields to forms bound to server actions: not answers.
    if (!name.startsWith("$")) add(name, value);
  });
  parser.on("file", (name, stream, info) => {
    if (name !== options.inputName || tempPath !== null || !info.filename) {
      stream.resume();
      return;
    }
    const temp = path.join(dir, `upload-${randomBytes(12).toString("hex")}`);
    tempPath = temp;
    const hash = createHash("sha256");
    let size = 0;
    let limited = false;
    stream.on("data", (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    stream.on("limit", () => {
      limited = true;
    });
    const out = createWriteStream(temp, { flags: "wx", mode: 0o600 });
    writing = pipeline(stream, out).then(
      async () => {
        if (limited || stream.truncated) {
          error = "uploadTooLarge";
          await rm(temp, { force: true });
        } else file = { path: temp, size, sha256: hash.digest("hex"), originalName: cleanFileName(info.filename) };
      },
      async () => {
        error ??= "uploadFailed";
        await rm(temp, { force: true });
      },
    );
  });

  try {
    await pipeline(options.body, parser);
    await writing;
  } catch {
    await writing.catch(() => undefined);
    if (tempPath) await rm(tempPath, { force: true });
    // A body cut short (the citizen left, the connection dropped) or not multipart at all.
    return { values, file: null, error: error ?? "uploadFailed" };
  }
  if (error && file) {
    await rm((file as TReceivedFile).path, { force: true });
    file = null;
  }
  return { values, file, error };
}

async function keepAnswers(input: TUploadInput, values: TTypedValues): Promise<void> {
  if (input.request.status !== "draft" || Object.keys(values).length === 0) return;
  try {
    await keepTypedAnswers(input.tenant, input.request, values);
  } catch (error) {
    getLogger().warn({ err: error, tenant: input.tenant.slug, requestId: input.audit.requestId }, "answers typed before an upload could not be kept");
  }
}

export async function uploadDocument(input: TUploadInput): Promise<TUploadOutcome> {
  const { tenant, request } = input;
  const env = getEnv();
  // Refused before reading the body: Node discards the unread body once the answer is sent.
  const refuse = (error: TUploadError): TUploadOutcome => ({ ok: false, error, values: {} });

  const version = await findVersion(tenant.id, request.versionId);
  const located = version ? locateFileField(parseDefinition(version.definition), input.fieldId) : null;
  if (!located || (input.allowedFields && !input.allowedFields.includes(input.fieldId))) return refuse("uploadField");
  const { field, groupId } = located;
  const groupIndex = groupId === null ? null : input.groupIndex;
  if (groupId !== null && (groupIndex === null || !Number.isInteger(groupIndex) || groupIndex < 0 || groupIndex > 49)) return refuse("uploadField");

  const maxBytes = maxUploadBytes(field, env.UPLOAD_MAX_MB);
  // A body beyond the platform's ceiling is refused unread. Below it, the body is read even when the
  // file is over this field's limit (the file is cut while streaming): the answers typed on the step
  // travel in the same body and are kept.
  const ceiling = Math.round(env.UPLOAD_MAX_MB * 1024 * 1024);
  if (input.contentLength !== null && input.contentLength > Math.max(maxBytes, ceiling) + FORM_FIELDS_ALLOWANCE) return refuse("uploadTooLarge");

  const received = await receiveMultipart({ body: input.body, contentType: input.contentType, inputName: fileInputName(input.fieldId, groupId, groupIndex), maxBytes });
  const { values } = received;
  await keepAnswers(input, values);
  const file = received.file;
  const log = getLogger().child({ tenant: tenant.slug, requestId: input.audit.requestId, fieldId: input.fieldId });
  try {
    if (received.error) return { ok: false, error: received.error, values };
    if (!file) return { ok: false, error: "uploadMissing", values };
    if (file.size === 0) return { ok: false, error: "uploadEmpty", values };

    const mediaType = await detectMediaType(file.path);
    if (!mediaType || !isAcceptedMediaType(field, mediaType)) {
      log.info({ mediaType: mediaType ?? "unknown" }, "upload refused: type not accepted");
      return { ok: false, error: "uploadType", values };
    }

    const maxFiles = maxFilesOf(field);
    const existing = await listFieldDocuments(tenant.id, request.id, input.fieldId, groupIndex);
    if (maxFiles > 1 && existing.length >= maxFiles) return { ok: false, error: "uploadTooMany", values };

    const clamd = clamdFromEnv();
    let scan: "skipped" | "clean" = "skipped";
    if (clamd) {
      try {
        const verdict = await scanFile(file.path, clamd);
        if (!verdict.clean) {
          log.warn({ signature: verdict.signature, sha256: file.sha256 }, "upload refused: virus found");
          return { ok: false, error: "uploadInfected", values };
        }
        scan = "clean";
      } catch (error) {
        log.error({ err: error }, error instanceof ScanUnavailableError ? "upload refused: virus scanner unavailable" : "upload refused: scan failed");
        return { ok: false, error: "uploadScanUnavailable", values };
      }
    }

    const storageKey = `${tenant.id}/${request.id}/${randomBytes(16).toString("hex")}`;
    const storage = getStorage();
    await storage.put(storageKey, file.path, { contentType: mediaType, size: file.size });
    let replaced: TDocumentRow[] = [];
    let document: TDocumentRow;
    try {
      document = await inTransaction(async () => {
        const row = await insertDocument({
          tenantId: tenant.id,
          requestId: request.id,
          fieldId: input.fieldId,
          groupIndex,
          storageKey,
          originalName: file.originalName,
          mediaType,
          size: file.size,
          sha256: file.sha256,
          scan,
        });
        if (maxFiles === 1) replaced = await deleteDocumentRows(tenant.id, request.id, existing.map((d) => d.id));
        await touchRequest(tenant.id, request.id);
        await recordAudit(input.audit, {
          action: "requests.document-upload",
          targetType: "request",
          targetId: request.id,
          summary: { document: row.id, field: input.fieldId, size: file.size, mediaType, scan, replaced: replaced.map((d) => d.id) },
        });
        return row;
      });
    } catch (error) {
      await storage.delete(storageKey).catch(() => undefined);
      throw error;
    }
    await removeStoredFiles(replaced);
    return { ok: true, document, values };
  } catch (error) {
    log.error({ err: error }, "upload failed");
    return { ok: false, error: "uploadFailed", values };
  } finally {
    if (file) await rm(file.path, { force: true });
  }
}
