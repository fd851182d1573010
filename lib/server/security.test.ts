import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { clientIp, hashPolicy, noncePolicy } from "@/lib/server/security";

describe("content security policy", () => {
  it("a nonce policy allows the nonce and forbids framing", () => {
    const p = noncePolicy("abc", false);
    expect(p).toContain("script-src 'self' 'nonce-abc'");
    expect(p).toContain("frame-ancestors 'none'");
    expect(p).not.toContain("unsafe-eval");
    expect(noncePolicy("abc", true)).toContain("'unsafe-eval'");
  });

  it("a cached page's policy lists the hash of each inline script, not the script files", () => {
    const html = `<script src="/_next/a.js" async nonce="x"></script><script nonce="x">self.__next_f.push([1])</script><script>b()</script><script></script>`;
    const sha = (s: string) => `'sha256-${createHash("sha256").update(s).digest("base64")}'`;
    const p = hashPolicy(html, false);
    expect(p).toContain(sha("self.__next_f.push([1])"));
    expect(p).toContain(sha("b()"));
    expect(p).not.toContain("nonce-");
    expect(p.match(/sha256-/g)).toHaveLength(2);
  });
});

describe("client address", () => {
  it("uses the socket unless proxies are trusted", () => {
    expect(clientIp("::ffff:10.0.0.5", "1.2.3.4", 0)).toBe("10.0.0.5");
    expect(clientIp("10.0.0.5", "1.2.3.4", 1)).toBe("1.2.3.4");
    expect(clientIp("10.0.0.5", "6.6.6.6, 1.2.3.4", 1)).toBe("1.2.3.4");
    expect(clientIp("10.0.0.5", "6.6.6.6, 1.2.3.4, 10.0.0.9", 2)).toBe("1.2.3.4");
  });
});
