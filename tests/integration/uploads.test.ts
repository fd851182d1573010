// Documents on a real PostgreSQL, real storage and a real clamd: local disk and S3 (s3rver on
// loopback) round trips with a streamed 5 MB file; the upload service stores and records a PDF,
// replaces it, refuses an oversized file while streaming, a renamed executable, an EICAR file (clamd
// with a test signature), and refuses when clamd is configured but unreachable — nothing stored in
// every refused case, no temporary file left. Another town's ids find nothing.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import type { TFormDefinition } from "@/lib/forms/definition";
import { findRequest, listRequestDocuments, type TRequestRow } from "@/lib/forms/repo";
import { deleteDocument, findRequestDocument, openDocument } from "@/lib/forms/service/documents";
import { uploadDocument, type TUploadInput } from "@/lib/forms/service/upload-document";
import { scanFile } from "@/lib/forms/service/virus-scan";
import { LocalStorage } from "@/lib/storage/local";
import { S3Storage } from "@/lib/storage/s3";
import { getStorage, type IStorage } from "@/lib/storage/storage";
import { UnsafeKeyError } from "@/lib/storage/keys";
import type { TTenant } from "@/lib/tenancy/registry";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { EICAR, EICAR_SIGNATURE, startClamd } from "@/tests/fixtures/clamd";
import { createVisibleTown } from "@/tests/fixtures/towns";

const clamd = await startClamd();
if (!clamd.ok) console.warn(`[uploads.test] the EICAR test is skipped: ${clamd.reason}`);

const PDF = (text = "hello") => Buffer.from(`%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n% ${text}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`);
function exe(): Buffer {
  const b = randomBytes(4096);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}

type TPart = { name: string; value: string } | { name: string; filename: string; type: string; content: Buffer | (() => AsyncGenerator<Buffer>) };

/** A multipart body as a stream (generated parts have no Content-Length, like a chunked request). */
function multipart(parts: TPart[]): { body: Readable; contentType: string; contentLength: number | null } {
  const boundary = `----civitas${randomBytes(8).toString("hex")}`;
  const streamed = parts.some((p) => "content" in p && typeof p.content === "function");
  async function* generate() {
    for (const part of parts) {
      if ("value" in part) {
        yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`);
      } else {
        yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`);
        if (typeof part.content === "function") yield* part.content();
        else yield part.content;
        yield Buffer.from("\r\n");
      }
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  let length: number | null = null;
  if (!streamed) {
    length = 0;
    for (const part of parts) {
      if ("value" in part) length += Buffer.byteLength(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n${part.value}\r\n`);
      else length += Buffer.byteLength(`--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.filename}"\r\nContent-Type: ${part.type}\r\n\r\n`) + (part.content as Buffer).length + 2;
    }
    length += Buffer.byteLength(`--${boundary}--\r\n`);
  }
  return { body: Readable.from(generate()), contentType: `multipart/form-data; boundary=${boundary}`, contentLength: length };
}

async function* chunks(total: number, chunk = 64 * 1024): AsyncGenerator<Buffer> {
  yield PDF().subarray(0, 16);
  for (let sent = 16; sent < total; sent += chunk) yield randomBytes(Math.min(chunk, total - sent));
}

const DEFINITION: TFormDefinition = {
  steps: [
    {
      id: "documents",
      titles: { en: "Documents" },
      fields: [
        { id: "name", type: "text", labels: { en: "Name" } },
        { id: "proof", type: "file", labels: { en: "Proof" }, validation: { maxSizeMb: 1 } },
        { id: "photos", type: "file", labels: { en: "Photos" }, validation: { fileKinds: ["image", "pdf"], maxFiles: 2 } },
        { id: "items", type: "group", labels: { en: "Items" }, fields: [{ id: "picture", type: "file", labels: { en: "Picture" } }] },
      ],
    },
  ],
};

async function createDraft(tenant: TTenant): Promise<TRequestRow> {
  const formId = randomUUID();
  const versionId = randomUUID();
  await db().form.create({ data: { id: formId, tenantId: tenant.id, slug: `f-${randomBytes(3).toString("hex")}`, titles: { en: "Form" }, definition: DEFINITION, workflow: {}, referencePrefix: "UP", status: "published" } });
  await db().formVersion.create({ data: { id: versionId, tenantId: tenant.id, formId, number: 1, titles: { en: "Form" }, definition: DEFINITION, workflow: {} } });
  return db().formRequest.create({ data: { tenantId: tenant.id, formId, versionId, locale: "en", draftTokenHash: randomBytes(32).toString("hex") } });
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe("documents: storage, uploads, virus scan", () => {
  let database: TAppDatabase;
  let dataDir: string;
  let a: TTenant;
  let b: TTenant;

  const input = (tenant: TTenant, request: TRequestRow, fieldId: string, parts: TPart[], extra: Partial<TUploadInput> = {}): TUploadInput => ({
    tenant,
    request,
    fieldId,
    groupIndex: null,
    allowedFields: null,
    ...multipart(parts),
    audit: { tenantId: tenant.id, actor: { type: "citizen" } },
    ...extra,
  });

  /** Nothing stored for the request: no row, no file in the storage, no temporary file. */
  async function expectNothingStored(tenant: TTenant, request: TRequestRow) {
    expect(await listRequestDocuments(tenant.id, request.id)).toEqual([]);
    expect(await filesUnder(path.join(dataDir, "files", tenant.id, request.id))).toEqual([]);
    expect(await filesUnder(path.join(dataDir, "tmp"))).toEqual([]);
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "civitas-uploads-"));
    database = await openAppDatabase("uploads", { DATA_DIR: dataDir, STORAGE: "local", CLAMD_HOST: undefined, UPLOAD_MAX_MB: "20" });
    a = await createVisibleTown("alpha");
    b = await createVisibleTown("beta");
  });

  afterAll(async () => {
    if (clamd.ok) await clamd.stop();
    await closeAppDatabase(database);
    await rm(dataDir, { recursive: true, force: true });
  });

  async function roundTrip(storage: IStorage) {
    const key = `${randomUUID()}/${randomUUID()}/${randomBytes(8).toString("hex")}`;
    const content = randomBytes(5 * 1024 * 1024 + 123);
    // Streamed in 64 KB pieces: the storage never needs the whole file at once.
    const pieces = async function* () {
      for (let i = 0; i < content.length; i += 64 * 1024) yield content.subarray(i, i + 64 * 1024);
    };
    await storage.put(key, Readable.from(pieces()), { contentType: "application/pdf", size: content.length });
    expect(await storage.exists(key)).toBe(true);
    const got = await storage.get(key);
    expect(got?.size).toBe(content.length);
    expect(sha256(await readAll(got!.body))).toBe(sha256(content));
    await storage.delete(key);
    expect(await storage.exists(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // deleting twice is fine
    await expect(storage.put("../escape", Readable.from([Buffer.from("x")]), { contentType: "text/plain", size: 1 })).rejects.toThrow(UnsafeKeyError);
  }

  it("local storage: put, get, delete a streamed 5 MB file; refuses keys leaving its root", async () => {
    const storage = new LocalStorage(path.join(dataDir, "local-test"));
    await roundTrip(storage);
    expect((await filesUnder(path.join(dataDir, "local-test"))).filter((f) => f.endsWith(".part"))).toEqual([]);
  });

  it("S3 storage against s3rver: put (multipart), get, delete a streamed 5 MB file", async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), "civitas-s3rver-"));
    const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory, configureBuckets: [{ name: "civitas-test", configs: [] }] });
    const { port } = await server.run();
    try {
      const options = { bucket: "civitas-test", region: "us-east-1", endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, accessKeyId: "S3RVER", secretAccessKey: "S3RVER", prefix: "civitas/" };
      await roundTrip(new S3Storage(options));

      // The upload service through STORAGE=s3 (getStorage follows the environment).
      Object.assign(process.env, { STORAGE: "s3", S3_BUCKET: "civitas-test", S3_ENDPOINT: options.endpoint, S3_FORCE_PATH_STYLE: "true", S3_ACCESS_KEY_ID: "S3RVER", S3_SECRET_ACCESS_KEY: "S3RVER", S3_PREFIX: "civitas/" });
      resetEnv();
      expect(getStorage()).toBeInstanceOf(S3Storage);
      const draft = await createDraft(a);
      const pdf = PDF("on s3");
      const outcome = await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "s3.pdf", type: "application/pdf", content: pdf }]));
      expect(outcome.ok).toBe(true);
      const opened = await openDocument(a, draft, outcome.ok ? outcome.document.id : "");
      expect(sha256(await readAll(opened!.body))).toBe(sha256(pdf));
    } finally {
      for (const key of ["STORAGE", "S3_BUCKET", "S3_ENDPOINT", "S3_FORCE_PATH_STYLE", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "S3_PREFIX"]) delete process.env[key];
      process.env.STORAGE = "local";
      resetEnv();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    }
  });

  it("stores and records a valid PDF, keeps the step's answers apart, replaces it when the field takes one file", async () => {
    const draft = await createDraft(a);
    const pdf = PDF("first");
    const first = await uploadDocument(
      input(a, draft, "proof", [
        { name: "name", value: "Ada" },
        { name: "$ACTION_ID_123", value: "x" },
        { name: "photos", filename: "", type: "application/octet-stream", content: Buffer.alloc(0) },
        { name: "proof", filename: "C:\\fakepath\\Relevé.pdf", type: "application/pdf", content: pdf },
      ]),
    );
    expect(first.ok).toBe(true);
    if (!first.ok) return;
    expect(first.values).toEqual({ name: "Ada" });
    expect(first.document).toMatchObject({ tenantId: a.id, requestId: draft.id, fieldId: "proof", groupIndex: null, originalName: "Relevé.pdf", mediaType: "application/pdf", size: pdf.length, sha256: sha256(pdf), scan: "skipped" });
    expect(first.document.storageKey.startsWith(`${a.id}/${draft.id}/`)).toBe(true);
    const opened = await openDocument(a, draft, first.document.id);
    expect(sha256(await readAll(opened!.body))).toBe(sha256(pdf));
    const audit = await db().auditEntry.findMany({ where: { tenantId: a.id, action: "requests.document-upload", targetId: draft.id } });
    expect(audit).toHaveLength(1);

    const second = await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "second.pdf", type: "application/pdf", content: PDF("second") }]));
    expect(second.ok).toBe(true);
    const rows = await listRequestDocuments(a.id, draft.id);
    expect(rows.map((r) => r.originalName)).toEqual(["second.pdf"]);
    expect(await getStorage().exists(first.document.storageKey)).toBe(false);

    // A field taking two files refuses a third; a group's field is recorded with its item.
    for (const name of ["1.pdf", "2.pdf"]) expect((await uploadDocument(input(a, draft, "photos", [{ name: "photos", filename: name, type: "application/pdf", content: PDF(name) }]))).ok).toBe(true);
    expect(await uploadDocument(input(a, draft, "photos", [{ name: "photos", filename: "3.pdf", type: "application/pdf", content: PDF("3") }]))).toMatchObject({ ok: false, error: "uploadTooMany" });
    const grouped = await uploadDocument(input(a, draft, "picture", [{ name: "items.2.picture", filename: "p.pdf", type: "application/pdf", content: PDF("p") }], { groupIndex: 2 }));
    expect(grouped).toMatchObject({ ok: true, document: { fieldId: "picture", groupIndex: 2 } });

    // Removing one: row, file and audit.
    const removed = await deleteDocument({ tenant: a, request: draft, documentId: rows[0]!.id, allowedFields: null, audit: { tenantId: a.id, actor: { type: "citizen" } } });
    expect(removed?.id).toBe(rows[0]!.id);
    expect(await getStorage().exists(rows[0]!.storageKey)).toBe(false);
    expect(await db().auditEntry.count({ where: { tenantId: a.id, action: "requests.document-delete" } })).toBe(1);
    expect(await filesUnder(path.join(dataDir, "tmp"))).toEqual([]);
  });

  it("refuses an oversized file while streaming, whether announced or not: nothing stored", async () => {
    const draft = await createDraft(a);
    // No Content-Length (chunked): cut by busboy at the field's 1 MB while streaming.
    const streamed = await uploadDocument(input(a, draft, "proof", [{ name: "name", value: "Ada" }, { name: "proof", filename: "big.pdf", type: "application/pdf", content: () => chunks(3 * 1024 * 1024) }]));
    expect(streamed).toMatchObject({ ok: false, error: "uploadTooLarge", values: { name: "Ada" } });
    await expectNothingStored(a, draft);

    // Announced as over the field's limit but under the platform's ceiling: read, the file cut, the
    // answers typed with it kept.
    const big = randomBytes(3 * 1024 * 1024);
    const announced = await uploadDocument(input(a, draft, "proof", [{ name: "name", value: "Ada" }, { name: "proof", filename: "big.pdf", type: "application/pdf", content: big }]));
    expect(announced).toMatchObject({ ok: false, error: "uploadTooLarge", values: { name: "Ada" } });
    await expectNothingStored(a, draft);

    // Announced beyond the platform's ceiling (UPLOAD_MAX_MB): refused before reading the body.
    const huge = { ...input(a, draft, "proof", [{ name: "proof", filename: "huge.pdf", type: "application/pdf", content: Buffer.from("%PDF-1.4") }]), contentLength: 500 * 1024 * 1024 };
    expect(await uploadDocument(huge)).toMatchObject({ ok: false, error: "uploadTooLarge", values: {} });
    await expectNothingStored(a, draft);
  });

  it("refuses a renamed executable, an unknown type, an empty file, a missing file, a field that takes no file", async () => {
    const draft = await createDraft(a);
    expect(await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "invoice.pdf", type: "application/pdf", content: exe() }]))).toMatchObject({ ok: false, error: "uploadType" });
    expect(await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "notes.pdf", type: "application/pdf", content: Buffer.from("plain text, not a PDF at all") }]))).toMatchObject({ ok: false, error: "uploadType" });
    expect(await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "empty.pdf", type: "application/pdf", content: Buffer.alloc(0) }]))).toMatchObject({ ok: false, error: "uploadEmpty" });
    expect(await uploadDocument(input(a, draft, "proof", [{ name: "name", value: "x" }]))).toMatchObject({ ok: false, error: "uploadMissing" });
    expect(await uploadDocument(input(a, draft, "name", [{ name: "name", filename: "a.pdf", type: "application/pdf", content: PDF() }]))).toMatchObject({ ok: false, error: "uploadField" });
    // A correction that asks only for "photos" takes no file for "proof".
    expect(await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "a.pdf", type: "application/pdf", content: PDF() }], { allowedFields: ["photos"] }))).toMatchObject({ ok: false, error: "uploadField" });
    await expectNothingStored(a, draft);
  });

  it("refuses the upload when clamd is configured but does not answer: nothing stored unscanned", async () => {
    process.env.CLAMD_HOST = "127.0.0.1";
    process.env.CLAMD_PORT = "9"; // discard port: nothing listens there
    process.env.CLAMD_TIMEOUT_MS = "2000";
    resetEnv();
    try {
      const draft = await createDraft(a);
      expect(await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "a.pdf", type: "application/pdf", content: PDF() }]))).toMatchObject({ ok: false, error: "uploadScanUnavailable" });
      await expectNothingStored(a, draft);
    } finally {
      delete process.env.CLAMD_HOST;
      delete process.env.CLAMD_PORT;
      delete process.env.CLAMD_TIMEOUT_MS;
      resetEnv();
    }
  });

  it.skipIf(!clamd.ok)(`refuses an EICAR test file found by a real clamd, stores a clean one as scanned${clamd.ok ? "" : ` (skipped: ${clamd.reason})`}`, async () => {
    if (!clamd.ok) return;
    process.env.CLAMD_HOST = clamd.host;
    process.env.CLAMD_PORT = String(clamd.port);
    resetEnv();
    try {
      const draft = await createDraft(a);
      // EICAR inside a file that is a PDF by its bytes, so that it passes the type check and reaches the scanner.
      const infected = Buffer.concat([PDF("x").subarray(0, 9), Buffer.from(`% ${EICAR}\n`), PDF("x").subarray(9)]);
      expect(await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "eicar.pdf", type: "application/pdf", content: infected }]))).toMatchObject({ ok: false, error: "uploadInfected" });
      await expectNothingStored(a, draft);
      const clean = await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "clean.pdf", type: "application/pdf", content: PDF("clean") }]));
      expect(clean).toMatchObject({ ok: true, document: { scan: "clean" } });
      const plain = path.join(dataDir, "eicar.txt");
      await writeFile(plain, EICAR);
      // clamd adds ".UNOFFICIAL" to the names of signatures outside its official databases.
      expect(await scanFile(plain, { host: clamd.host, port: clamd.port, timeoutMs: 5000 })).toEqual({ clean: false, signature: `${EICAR_SIGNATURE}.UNOFFICIAL` });
      await rm(plain);
    } finally {
      delete process.env.CLAMD_HOST;
      delete process.env.CLAMD_PORT;
      resetEnv();
    }
  });

  it("another town's request and documents are not found", async () => {
    const draft = await createDraft(a);
    const stored = await uploadDocument(input(a, draft, "proof", [{ name: "proof", filename: "a.pdf", type: "application/pdf", content: PDF() }]));
    if (!stored.ok) throw new Error(stored.error);
    expect(await findRequest(b.id, draft.id)).toBeNull();
    // Town B naming town A's request: its version is not found, so no field takes a file.
    expect(await uploadDocument(input(b, draft, "proof", [{ name: "proof", filename: "b.pdf", type: "application/pdf", content: PDF() }]))).toMatchObject({ ok: false, error: "uploadField" });
    expect(await findRequestDocument(b, draft, stored.document.id)).toBeNull();
    expect(await openDocument(b, draft, stored.document.id)).toBeNull();
    expect(await deleteDocument({ tenant: b, request: draft, documentId: stored.document.id, allowedFields: null, audit: { tenantId: b.id, actor: { type: "citizen" } } })).toBeNull();
    // Another request of the same town does not reach it either, nor a correction that does not ask for the field.
    const other = await createDraft(a);
    expect(await openDocument(a, other, stored.document.id)).toBeNull();
    expect(await openDocument(a, draft, stored.document.id, ["photos"])).toBeNull();
    expect(await listRequestDocuments(a.id, draft.id)).toHaveLength(1);
    expect(await getStorage().exists(stored.document.storageKey)).toBe(true);
  });
});
