import { describe, expect, it } from "vitest";
import { contrastRatio, meetsAA, parseHexColour, relativeLuminance } from "@/lib/tenancy/contrast";

describe("WCAG contrast", () => {
  it("gives the extremes of the scale", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBe(1);
    expect(contrastRatio("#fff", "#000")).toBe(contrastRatio("#000000", "#ffffff"));
  });

  it("matches published reference values", () => {
    // WebAIM contrast checker: #767676 on white is 4.54:1, #777777 is 4.48:1.
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
    expect(relativeLuminance("#ff0000")).toBeCloseTo(0.2126, 4);
  });

  it("is symmetric", () => {
    expect(contrastRatio("#1d4e89", "#ffd447")).toBeCloseTo(contrastRatio("#ffd447", "#1d4e89"), 10);
  });

  it("applies the AA thresholds for text and for large text and components", () => {
    expect(meetsAA("#767676", "#ffffff")).toBe(true);
    expect(meetsAA("#777777", "#ffffff")).toBe(false);
    expect(meetsAA("#949494", "#ffffff", "ui")).toBe(true); // 3.03:1
    expect(meetsAA("#959595", "#ffffff", "ui")).toBe(false); // 2.99:1
  });

  it("refuses what is not a hex colour", () => {
    expect(() => parseHexColour("red")).toThrow();
    expect(() => parseHexColour("#12345")).toThrow();
    expect(parseHexColour("#0a6B66")).toEqual([10, 107, 102]);
  });
});
