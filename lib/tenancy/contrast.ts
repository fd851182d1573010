// WCAG 2.x contrast: relative luminance and contrast ratio of sRGB colours.
// https://www.w3.org/TR/WCAG22/#dfn-contrast-ratio

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;

export function isHexColour(value: string): boolean {
  return HEX.test(value);
}

export function parseHexColour(hex: string): [number, number, number] {
  if (!HEX.test(hex)) throw new Error(`Not a #rgb or #rrggbb colour: ${hex}`);
  const digits = hex.length === 4 ? [...hex.slice(1)].map((d) => d + d).join("") : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(digits.slice(i, i + 2), 16)) as [number, number, number];
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function relativeLuminance(hex: string): number {
  const [r, g, b] = parseHexColour(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** Contrast ratio between two colours, from 1 (same) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const la = relativeLuminance(a);
  const lb = relativeLuminance(b);
  const [light, dark] = la >= lb ? [la, lb] : [lb, la];
  return (light + 0.05) / (dark + 0.05);
}

export type TContrastUse = "text" | "large-text" | "ui";

/** WCAG 2.x level AA minimum: 4.5:1 for text, 3:1 for large text and user-interface components. */
export function minimumRatio(use: TContrastUse): number {
  return use === "text" ? 4.5 : 3;
}

export function meetsAA(foreground: string, background: string, use: TContrastUse = "text"): boolean {
  // Compare on the rounded-down value shown to people, so 4.499 never passes as 4.5.
  return Math.floor(contrastRatio(foreground, background) * 100) / 100 >= minimumRatio(use);
}
