// Storage keys are relative, slash-separated paths made of plain segments: the same key works on the
// local disk (a path under DATA_DIR/files) and in an S3 bucket. Anything that could climb out of the
// storage's root (.., an absolute path, a backslash, an empty segment) is refused before any I/O.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

export class UnsafeKeyError extends Error {
  constructor(key: string) {
    super(`unsafe storage key: ${JSON.stringify(key.slice(0, 80))}`);
    this.name = "UnsafeKeyError";
  }
}

export function isSafeKey(key: string): boolean {
  if (typeof key !== "string" || key.length === 0 || key.length > 300) return false;
  return key.split("/").every((segment) => SEGMENT.test(segment) && segment !== "." && segment !== "..");
}

export function assertSafeKey(key: string): string {
  if (!isSafeKey(key)) throw new UnsafeKeyError(key);
  return key;
}
