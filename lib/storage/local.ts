// Files on the local disk under one root (DATA_DIR/files). A file is written beside its final name
// and renamed into place, so a reader never sees half a file and a failed write leaves nothing.
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertSafeKey, UnsafeKeyError } from "@/lib/storage/keys";
import type { IStorage, TPutMeta, TStoredObject } from "@/lib/storage/storage";

export class LocalStorage implements IStorage {
  readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** The file's path; a key that would leave the root is refused (checked twice: syntax, then path). */
  pathOf(key: string): string {
    assertSafeKey(key);
    const full = path.resolve(this.root, key);
    if (!full.startsWith(this.root + path.sep)) throw new UnsafeKeyError(key);
    return full;
  }

  async put(key: string, source: Readable | string, _meta: TPutMeta): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true });
    const partial = `${target}.${randomBytes(6).toString("hex")}.part`;
    try {
      await pipeline(typeof source === "string" ? createReadStream(source) : source, createWriteStream(partial, { flags: "wx", mode: 0o600 }));
      await rename(partial, target);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<TStoredObject | null> {
    const file = this.pathOf(key);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) return null;
    return { body: createReadStream(file), size: info.size };
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async exists(key: string): Promise<boolean> {
    const info = await stat(this.pathOf(key)).catch(() => null);
    return Boolean(info?.isFile());
  }
}
