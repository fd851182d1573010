import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { PageCache, pickEncoding, replayableHeaders } from "@/lib/server/page-cache";

const html = (s: string) => Buffer.from(`<html><body>${s}</body></html>`);

describe("page cache", () => {
  it("stores a page with its compressed forms and an ETag", () => {
    const cache = new PageCache(1024 * 1024);
    expect(cache.store("a|/fr", "a", cache.generation("a"), 200, [["content-type", "text/html"]], html("Lutèce"))).toBe(true);
    const entry = cache.get("a|/fr")!;
    expect(entry.identity.toString()).toContain("Lutèce");
    expect(gunzipSync(entry.gzip).toString()).toBe(entry.identity.toString());
    expect(brotliDecompressSync(entry.br).toString()).toBe(entry.identity.toString());
    expect(entry.etag).toMatch(/^".+"$/);
  });

  it("drops only the pages of the site that changed", () => {
    const cache = new PageCache(1024 * 1024);
    cache.store("a|/fr", "a", 0, 200, [], html("A"));
    cache.store("b|/hu", "b", 0, 200, [], html("B"));
    cache.invalidateSite("a");
    expect(cache.get("a|/fr")).toBeUndefined();
    expect(cache.get("b|/hu")).toBeDefined();
  });

  it("does not keep a render that began before an invalidation", () => {
    const cache = new PageCache(1024 * 1024);
    const started = cache.generation("a");
    cache.invalidateSite("a"); // the town changed while its page was being rendered
    expect(cache.store("a|/fr", "a", started, 200, [], html("stale"))).toBe(false);
    expect(cache.get("a|/fr")).toBeUndefined();
  });

  it("evicts the least recently used pages beyond its size", () => {
    const cache = new PageCache(4000);
    const body = Buffer.from("x".repeat(600) + Math.random());
    cache.store("k1", "s", 0, 200, [], body);
    cache.store("k2", "s", 0, 200, [], Buffer.from("y".repeat(600) + Math.random()));
    cache.get("k1");
    for (let i = 3; i < 12; i++) cache.store(`k${i}`, "s", 0, 200, [], Buffer.from(`${i}`.repeat(300) + Math.random()));
    expect(cache.size).toBeGreaterThan(0);
    expect(cache.get("k2")).toBeUndefined();
  });

  it("stores nothing when disabled", () => {
    const cache = new PageCache(0);
    expect(cache.store("k", "s", 0, 200, [], html("x"))).toBe(false);
  });

  it("never replays cookies or per-response headers", () => {
    const kept = replayableHeaders({ "content-type": "text/html", "set-cookie": ["a=1"], date: "x", "x-request-id": "r", link: ["<a>", "<b>"] });
    expect(kept).toEqual([["content-type", "text/html"], ["link", "<a>"], ["link", "<b>"]]);
  });

  it("negotiates the encoding", () => {
    expect(pickEncoding("gzip, deflate, br")).toBe("br");
    expect(pickEncoding("gzip")).toBe("gzip");
    expect(pickEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(pickEncoding(undefined)).toBe("identity");
    expect(pickEncoding("identity")).toBe("identity");
  });
});
