// Where uploaded files live: the local disk under DATA_DIR/files (the default, one server) or an
// S3-compatible bucket (STORAGE=s3, several servers). Both behind one small interface; callers never
// know which. Keys are checked by assertSafeKey (lib/storage/keys.ts).
import type { Readable } from "node:stream";
import { getEnv, type TEnv } from "@/lib/core/env";
import { LocalStorage } from "@/lib/storage/local";
import { S3Storage } from "@/lib/storage/s3";

export type TPutMeta = { contentType: string; size: number };
export type TStoredObject = { body: Readable; size: number };

export interface IStorage {
  /** Writes the object (a stream, or the path of a file to copy); the object appears whole or not at all. */
  put(key: string, source: Readable | string, meta: TPutMeta): Promise<void>;
  /** The object's bytes, or null when there is none. */
  get(key: string): Promise<TStoredObject | null>;
  /** Deletes the object; deleting a missing one is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
}

export function storageFromEnv(env: TEnv): IStorage {
  if (env.STORAGE === "s3") {
    return new S3Storage({
      bucket: env.S3_BUCKET ?? "",
      region: env.S3_REGION,
      endpoint: env.S3_ENDPOINT,
      forcePathStyle: env.S3_FORCE_PATH_STYLE,
      prefix: env.S3_PREFIX,
      accessKeyId: env.S3_ACCESS_KEY_ID,
      secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    });
  }
  return new LocalStorage(`${env.DATA_DIR}/files`);
}

const store = globalThis as typeof globalThis & { __civitasStorage?: { env: TEnv; storage: IStorage } };

/** The configured storage (rebuilt when the environment is re-read, as tests do). */
export function getStorage(): IStorage {
  const env = getEnv();
  if (store.__civitasStorage?.env !== env) store.__civitasStorage = { env, storage: storageFromEnv(env) };
  return store.__civitasStorage.storage;
}
