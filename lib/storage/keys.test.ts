import { describe, expect, it } from "vitest";
import { assertSafeKey, isSafeKey, UnsafeKeyError } from "@/lib/storage/keys";
import { LocalStorage } from "@/lib/storage/local";

describe("storage keys", () => {
  it("accepts relative keys of plain segments", () => {
    expect(isSafeKey("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c/4f7a9e")).toBe(true);
    expect(isSafeKey("a/b.c/d_e-f")).toBe(true);
  });

  it.each(["", "../etc/passwd", "a/../../b", "/abs/path", "a//b", "a/./b", "a/..", "a\\b", "..", ".hidden", "a/b/", "a b", "é", "a".repeat(301)])("refuses %j", (key) => {
    expect(isSafeKey(key)).toBe(false);
    expect(() => assertSafeKey(key)).toThrow(UnsafeKeyError);
  });

  it("never resolves a path outside the local root", () => {
    const storage = new LocalStorage("/srv/civitas/files");
    expect(storage.pathOf("t/r/x")).toBe("/srv/civitas/files/t/r/x");
    expect(() => storage.pathOf("../files-other/x")).toThrow(UnsafeKeyError);
  });
});
