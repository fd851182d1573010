import { describe, expect, it } from "vitest";
import { normalizeHost, parseHost } from "@/lib/tenancy/host";

describe("host parsing", () => {
  it("finds the town's label under the root domain", () => {
    expect(parseHost("lutece.localhost:3000", "localhost")).toEqual({ kind: "subdomain", slug: "lutece" });
    expect(parseHost("Port-Soleil.civitas.example.org", "civitas.example.org")).toEqual({ kind: "subdomain", slug: "port-soleil" });
  });

  it("treats the bare root and www as the platform", () => {
    expect(parseHost("localhost:3000", "localhost")).toEqual({ kind: "platform" });
    expect(parseHost("www.civitas.example.org", "civitas.example.org")).toEqual({ kind: "platform" });
    expect(parseHost("civitas.example.org.", "civitas.example.org")).toEqual({ kind: "platform" });
  });

  it("sends any other host to the custom-domain table", () => {
    expect(parseHost("demarches.lutece.fr", "civitas.example.org")).toEqual({ kind: "custom", host: "demarches.lutece.fr" });
  });

  it("never takes a deeper name or a look-alike for a town", () => {
    expect(parseHost("a.lutece.localhost", "localhost")).toEqual({ kind: "invalid" });
    expect(parseHost("lutecelocalhost", "localhost")).toEqual({ kind: "custom", host: "lutecelocalhost" });
    expect(parseHost("evil-localhost", "localhost")).toEqual({ kind: "custom", host: "evil-localhost" });
  });

  it("rejects what is not a host name", () => {
    for (const bad of [undefined, "", "[::1]:3000", "lutece.localhost:abc", "a b.localhost", "lutece.localhost/x", "-x.localhost"]) {
      expect(parseHost(bad, "localhost").kind === "invalid" || parseHost(bad, "localhost").kind === "custom").toBe(true);
      expect(parseHost(bad, "localhost")).not.toEqual({ kind: "subdomain", slug: expect.anything() });
    }
    expect(normalizeHost("[::1]:3000")).toBeNull();
    expect(normalizeHost("lutece.localhost:99999999")).toBeNull();
  });
});
