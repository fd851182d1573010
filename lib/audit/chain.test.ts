import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { canonicalJson, contentHash, entryHash, entryHashV1, findBreak, GENESIS, scrubSummary, type TChainedFields } from "@/lib/audit/chain";

function chainOf(n: number, hashOf: (prev: string, fields: TChainedFields) => string = entryHash) {
  const entries: (TChainedFields & { prevHash: string; hash: string })[] = [];
  let prev = GENESIS;
  for (let i = 1; i <= n; i++) {
    const fields: TChainedFields = {
      chain: "town-a",
      seq: BigInt(i),
      at: new Date(Date.UTC(2026, 10, 22, 10, 0, i)),
      actorType: "agent",
      actorId: "a1",
      actorLabel: "ana@example.org",
      action: "settings.update",
      targetType: "tenant",
      targetId: "t1",
      summary: { changed: ["names"], to: { fr: `Ville ${i}` } },
      requestId: `req-${i}`,
      ip: "127.0.0.1",
    };
    const hash = hashOf(prev, fields);
    entries.push({ ...fields, prevHash: prev, hash });
    prev = hash;
  }
  return entries;
}

describe("audit chain", () => {
  it("links an entry as sha256 of previous hash, seq and content hash (the SQL the append runs)", () => {
    const [first] = chainOf(1);
    const expected = createHash("sha256").update(`${GENESIS}:1:${contentHash(first!)}`).digest("hex");
    expect(first!.hash).toBe(expected);
  });

  it("still verifies entries written in the first format, and still detects their tampering", () => {
    const old = chainOf(3, entryHashV1);
    expect(findBreak(old)).toBeNull();
    old[1] = { ...old[1]!, action: "settings.forged" };
    expect(findBreak(old)).toEqual({ seq: 2n, reason: "hash" });
  });

  it("canonical JSON does not depend on key order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, { y: 2, z: 1 }] }, b: 1 }));
    expect(canonicalJson({ a: 1, b: undefined })).toBe('{"a":1}');
  });

  it("an intact chain has no break", () => {
    expect(findBreak(chainOf(5))).toBeNull();
  });

  it("finds an altered row by its hash", () => {
    const entries = chainOf(5);
    entries[2] = { ...entries[2]!, summary: { changed: ["names"], to: { fr: "Ville pirate" } } };
    expect(findBreak(entries)).toEqual({ seq: 3n, reason: "hash" });
  });

  it("finds a row altered together with its hash by the next link", () => {
    const entries = chainOf(5);
    const forged = { ...entries[1]!, action: "settings.other" };
    entries[1] = { ...forged, hash: entryHash(forged.prevHash, forged) };
    expect(findBreak(entries)).toEqual({ seq: 3n, reason: "link" });
  });

  it("finds a removed row as a gap, including the last one when the count is known", () => {
    const entries = chainOf(5);
    entries.splice(3, 1);
    expect(findBreak(entries)).toEqual({ seq: 4n, reason: "gap" });
  });

  it("scrubs secrets at any depth", () => {
    expect(scrubSummary({ email: "a@b.c", password: "x", nested: { resetToken: "t", keep: 1 }, list: [{ secret: 1 }] })).toEqual({
      email: "a@b.c",
      password: "[redacted]",
      nested: { resetToken: "[redacted]", keep: 1 },
      list: [{ secret: "[redacted]" }],
    });
  });
});
