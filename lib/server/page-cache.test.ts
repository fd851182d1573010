import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { cacheQuery, PageCache, pickEncoding, readMarker, replayableHeaders } from "@/lib/server/page-cache";
import { slotTags } from "@/lib/core/cache-tags";

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

describe("tagged pages (slot lists)", () => {
  it("reads a page's marker: tags, maximum age and the query it reads", () => {
    expect(readMarker('<head><meta name="civitas-cache" content="public" data-tags="s:a:2026-12-01 s:a" data-max-age="30" data-query="site day"/></head>')).toEqual({
      tags: ["s:a:2026-12-01", "s:a"],
      maxAgeSeconds: 30,
      query: ["site", "day"],
    });
    expect(readMarker('<meta name="civitas-cache" content="public"/>')).toEqual({ tags: [], maxAgeSeconds: 0, query: [] });
    expect(readMarker("<p>personal</p>")).toBeNull();
  });

  it("keys a query sorted, and refuses parameters the page does not read or repeats", () => {
    expect(cacheQuery("", null)).toBe("");
    expect(cacheQuery("?site=1&day=2026-12-01", null)).toBe("?day=2026-12-01&site=1");
    expect(cacheQuery("?day=2026-12-01&site=1", ["site", "day"])).toBe("?day=2026-12-01&site=1");
    expect(cacheQuery("?site=1&utm=x", ["site", "day"])).toBeNull();
    expect(cacheQuery("?site=1&site=2", null)).toBeNull();
  });

  it("drops only the pages carrying an invalidated tag of that site", () => {
    const cache = new PageCache(1024 * 1024);
    cache.store("a|/fr/appointments/s1/times?day=2026-12-01", "a", 0, 200, [], html("1 Dec"), undefined, { tags: ["s:s1:2026-12-01"] });
    cache.store("a|/fr/appointments/s1/times?day=2026-12-02", "a", 0, 200, [], html("2 Dec"), undefined, { tags: ["s:s1:2026-12-02"] });
    cache.store("a|/fr", "a", 0, 200, [], html("home"));
    cache.store("b|/fr/appointments/s1/times?day=2026-12-01", "b", 0, 200, [], html("other town"), undefined, { tags: ["s:s1:2026-12-01"] });
    cache.invalidateTags("a", ["s:s1:2026-12-01"]);
    expect(cache.get("a|/fr/appointments/s1/times?day=2026-12-01")).toBeUndefined();
    expect(cache.get("a|/fr/appointments/s1/times?day=2026-12-02")).toBeDefined();
    expect(cache.get("a|/fr")).toBeDefined();
    expect(cache.get("b|/fr/appointments/s1/times?day=2026-12-01")).toBeDefined();
    cache.invalidateTagPrefix("a", "s:");
    expect(cache.get("a|/fr/appointments/s1/times?day=2026-12-02")).toBeUndefined();
    expect(cache.get("a|/fr")).toBeDefined();
  });

  it("does not keep a render begun before one of its tags was invalidated", () => {
    const cache = new PageCache(1024 * 1024);
    const epoch = cache.currentEpoch;
    cache.invalidateTags("a", ["s:s1:2026-12-01"]); // a booking committed while the list was rendered
    expect(cache.store("k", "a", 0, 200, [], html("stale"), undefined, { tags: ["s:s1:2026-12-01"], startedEpoch: epoch })).toBe(false);
    expect(cache.store("k2", "a", 0, 200, [], html("other day"), undefined, { tags: ["s:s1:2026-12-02"], startedEpoch: epoch })).toBe(true);
  });

  it("forgets a page after its maximum age", () => {
    const cache = new PageCache(1024 * 1024);
    cache.store("k", "a", 0, 200, [], html("x"), undefined, { maxAgeSeconds: 30 });
    expect(cache.get("k", Date.now() + 29_000)).toBeDefined();
    expect(cache.get("k", Date.now() + 31_000)).toBeUndefined();
  });

  it("names the service and the local day of a changed slot", () => {
    // 23:30 UTC on 30 November is already 1 December in Paris.
    expect(slotTags([{ serviceId: "s1", startsAt: "2026-11-30T23:30:00.000Z" }], "Europe/Paris").sort()).toEqual(["s:s1", "s:s1:2026-12-01"]);
  });
});
