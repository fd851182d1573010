import { describe, expect, it } from "vitest";
import { DEMO_TOWNS } from "@/prisma/seed/demo-towns";
import { checkThemeContrast, PLATFORM_THEME, themeToCss, ZTheme, type TTheme } from "@/lib/tenancy/theme";

describe("themes", () => {
  it.each(DEMO_TOWNS.map((t) => [t.slug, t.theme] as const))("demo theme %s passes WCAG AA on every colour pair", (_slug, theme) => {
    expect(checkThemeContrast(ZTheme.parse(theme))).toEqual([]);
  });

  it("the platform theme passes WCAG AA", () => {
    expect(checkThemeContrast(PLATFORM_THEME)).toEqual([]);
  });

  it("reports each failing pair with its ratio and the ratio required", () => {
    const pale: TTheme = { ...PLATFORM_THEME, primary: "#8fb3e0", onPrimary: "#ffffff" };
    const problems = checkThemeContrast(pale);
    expect(problems.map((p) => p.pair)).toEqual(expect.arrayContaining(["onPrimary on primary", "primary on page"]));
    const onPrimary = problems.find((p) => p.pair === "onPrimary on primary")!;
    expect(onPrimary.required).toBe(4.5);
    expect(onPrimary.ratio).toBeLessThan(4.5);
  });

  it("renders tokens as CSS variables", () => {
    const css = themeToCss(PLATFORM_THEME);
    expect(css).toContain("--civ-primary:#2b3a4a;");
    expect(css).toContain("--civ-radius:0.375rem;");
  });

  it("refuses values that could break out of the CSS rule", () => {
    expect(() => themeToCss({ ...PLATFORM_THEME, primary: "red;}body{display:none" })).toThrow();
    expect(() => themeToCss({ ...PLATFORM_THEME, fontStack: "x}</style><script>alert(1)</script>" })).toThrow();
    expect(ZTheme.safeParse({ ...PLATFORM_THEME, logoUrl: "https://evil.example/logo.svg" }).success).toBe(false);
  });
});
