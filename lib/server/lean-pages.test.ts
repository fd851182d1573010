import { describe, expect, it } from "vitest";
import { stripNextRuntime } from "@/lib/server/lean-pages";

describe("pages without the Next.js runtime", () => {
  it("removes the runtime's scripts, preloads and inlined payload, and keeps the rest", () => {
    const html = [
      '<html><head><meta charSet="utf-8"/>',
      '<link rel="preload" as="script" fetchPriority="low" href="/_next/static/chunks/webpack-1.js"/>',
      '<link rel="stylesheet" href="/_next/static/css/app.css"/>',
      '<script src="/_next/static/chunks/main-app.js" async="" nonce="n"></script>',
      '<script src="/civitas/altcha-3.2.2/altcha.min.js" type="module"></script>',
      '<meta name="civitas-js" content="none"/></head><body><form method="POST"><input type="hidden" name="$ACTION_ID_1"/></form>',
      '<script nonce="n">(self.__next_f=self.__next_f||[]).push([0])</script>',
      '<script nonce="n">self.__next_f.push([1,"0:{}"])</script>',
      '<script>$RC("B:0","S:0")</script>',
      '<script nomodule="" src="/_next/static/chunks/polyfills.js"></script>',
      "</body></html>",
    ].join("");
    const lean = stripNextRuntime(html);
    expect(lean).not.toContain("/_next/static/chunks");
    expect(lean).not.toContain("__next_f");
    expect(lean).toContain('<link rel="stylesheet" href="/_next/static/css/app.css"/>');
    expect(lean).toContain("/civitas/altcha-3.2.2/altcha.min.js");
    expect(lean).toContain('$RC("B:0","S:0")');
    expect(lean).toContain('name="$ACTION_ID_1"');
  });
});

describe("paths in the logs", () => {
  it("hides tokens and link secrets, keeps ids and words", async () => {
    const { loggablePath } = await import("@/lib/server/http-server");
    expect(loggablePath("/fr/appointments/manage/Zk3v9QwErT5yUi8oPa1sDf2gHj4kL6/calendar?x=1")).toBe("/fr/appointments/manage/…/calendar");
    expect(loggablePath("/fr/appointments/1a9507fb-e3de-4516-970c-7bf5eb64ab06/times?day=2026-12-01")).toBe("/fr/appointments/1a9507fb-e3de-4516-970c-7bf5eb64ab06/times");
    expect(loggablePath("/en/requests/follow/abcdefghijklmnopqrstuvwxyz012345")).toBe("/en/requests/follow/…");
  });
});
