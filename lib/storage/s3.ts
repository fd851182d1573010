// Files in an S3-compatible bucket (AWS, Scaleway, OVH, MinIO, Garage…). Uploads stream through
// @aws-sdk/lib-storage (multipart above 5 MB), so memory stays flat whatever the file's size.
// S3_PREFIX lets several installations share a bucket.
import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, S3Client, S3ServiceException } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { assertSafeKey } from "@/lib/storage/keys";
import type { IStorage, TPutMeta, TStoredObject } from "@/lib/storage/storage";

export type TS3Options = {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle?: boolean;
  prefix?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
};

const isMissing = (error: unknown) =>
  error instanceof S3ServiceException ? error.name === "NoSuchKey" || error.name === "NotFound" || error.$metadata?.httpStatusCode === 404 : false;

export class S3Storage implements IStorage {
  readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: TS3Options) {
    this.bucket = options.bucket;
    this.prefix = options.prefix ? (options.prefix.endsWith("/") ? options.prefix : `${options.prefix}/`) : "";
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? false,
      credentials: options.accessKeyId && options.secretAccessKey ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey } : undefined,
      // Checksums only where the service requires them: S3-compatible services differ in support.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  private objectKey(key: string): string {
    return this.prefix + assertSafeKey(key);
  }

  async put(key: string, source: Readable | string, meta: TPutMeta): Promise<void> {
    const upload = new Upload({
      client: this.client,
      params: {
        Bucket: this.bucket,
        Key: this.objectKey(key),
        Body: typeof source === "string" ? createReadStream(source) : source,
        ContentType: meta.contentType,
      },
      queueSize: 2,
      partSize: 5 * 1024 * 1024,
      leavePartsOnError: false,
    });
    await upload.done();
  }

  async get(key: string): Promise<TStoredObject | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      if (!out.Body) return null;
      const body = out.Body instanceof Readable ? out.Body : Readable.fromWeb((out.Body as { transformToWebStream: () => ReadableStream }).transformToWebStream() as never);
      return { body, size: Number(out.ContentLength ?? 0) };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.objectKey(key) }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }
}
