// A town's design tokens. Components never hard-code a town's colours: the root layout renders these
// tokens as CSS variables (--civ-*), which Tailwind's theme reads (app/globals.css).
import { z } from "zod";
import { contrastRatio, isHexColour, meetsAA, minimumRatio } from "@/lib/tenancy/contrast";

const colour = z.string().refine(isHexColour, "must be a colour in #rrggbb form");
// Paths served by this deployment (public files or asset routes); never a remote URL or CSS.
const assetPath = z.string().regex(/^\/[A-Za-z0-9/_.-]+$/, "must be a path on this site, such as /towns/lutece/logo.svg");

export const ZTheme = z.object({
  primary: colour,
  onPrimary: colour,
  secondary: colour,
  onSecondary: colour,
  accent: colour,
  onAccent: colour,
  /** Corner radius in rem (0 to 1.5). */
  radius: z.number().min(0).max(1.5),
  /** CSS font-family list: names, quotes, commas, spaces and hyphens only. */
  fontStack: z.string().min(1).max(200).regex(/^[A-Za-z0-9 ,'"-]+$/, "may only contain font names, commas and quotes"),
  logoUrl: assetPath,
  faviconUrl: assetPath,
});

export type TTheme = z.infer<typeof ZTheme>;

/** The colours citizens' pages are drawn on: the page background and body text. */
export const PAGE_BACKGROUND = "#ffffff";
export const PAGE_TEXT = "#1f2328";

export type TContrastProblem = {
  /** Stable id of the pair (message key "ContrastPairs.<id>"). */
  id: string;
  /** The token whose change fixes it, as the theme editor names its field. */
  field: keyof TTheme;
  pair: string;
  foreground: string;
  background: string;
  ratio: number;
  required: number;
};

/**
 * Every colour pair a theme's tokens are used in, with the WCAG AA minimum of that use.
 * The primary colour is also the colour of links and headings on the page. Keyboard focus is drawn
 * as on GOV.UK: the focused element takes the accent background with onAccent text and an onAccent
 * bar beneath, so the indicator must stand out both on the page and on the primary header band.
 */
export function themeContrastPairs(theme: TTheme) {
  return [
    { id: "textOnPrimary", field: "onPrimary" as const, pair: "onPrimary on primary", foreground: theme.onPrimary, background: theme.primary, use: "text" as const },
    { id: "textOnSecondary", field: "onSecondary" as const, pair: "onSecondary on secondary", foreground: theme.onSecondary, background: theme.secondary, use: "text" as const },
    { id: "textOnAccent", field: "onAccent" as const, pair: "onAccent on accent", foreground: theme.onAccent, background: theme.accent, use: "text" as const },
    { id: "primaryOnPage", field: "primary" as const, pair: "primary on page", foreground: theme.primary, background: PAGE_BACKGROUND, use: "text" as const },
    { id: "focusOnPage", field: "onAccent" as const, pair: "focus bar (onAccent) on page", foreground: theme.onAccent, background: PAGE_BACKGROUND, use: "ui" as const },
    { id: "focusOnHeader", field: "accent" as const, pair: "focus (accent) on header (primary)", foreground: theme.accent, background: theme.primary, use: "ui" as const },
  ];
}

export function checkThemeContrast(theme: TTheme): TContrastProblem[] {
  return themeContrastPairs(theme)
    .filter((p) => !meetsAA(p.foreground, p.background, p.use))
    .map((p) => ({
      id: p.id,
      field: p.field,
      pair: p.pair,
      foreground: p.foreground,
      background: p.background,
      ratio: Math.round(contrastRatio(p.foreground, p.background) * 100) / 100,
      required: minimumRatio(p.use),
    }));
}

/** CSS custom properties for a theme. Values are validated by ZTheme, so they cannot break out of the rule. */
export function themeToCss(theme: TTheme): string {
  const t = ZTheme.parse(theme);
  return (
    `:root{--civ-primary:${t.primary};--civ-on-primary:${t.onPrimary};` +
    `--civ-secondary:${t.secondary};--civ-on-secondary:${t.onSecondary};` +
    `--civ-accent:${t.accent};--civ-on-accent:${t.onAccent};` +
    `--civ-radius:${t.radius}rem;--civ-font:${t.fontStack};}`
  );
}

/** The platform's own look (root domain and status pages). */
export const PLATFORM_THEME: TTheme = {
  primary: "#2b3a4a",
  onPrimary: "#ffffff",
  secondary: "#eef1f4",
  onSecondary: "#1f2328",
  accent: "#ffd447",
  onAccent: "#1f2328",
  radius: 0.375,
  fontStack: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
  logoUrl: "/civitas/logo.svg",
  faviconUrl: "/civitas/favicon.svg",
};

/** Font stacks offered by the theme editor (system fonts only: nothing is downloaded). */
export const FONT_STACKS = {
  system: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif",
  humanist: "'Trebuchet MS', 'Noto Sans', Arial, sans-serif",
  readable: "Verdana, 'DejaVu Sans', 'Noto Sans', sans-serif",
  serif: "Georgia, 'Noto Serif', 'Times New Roman', serif",
} as const;
export type TFontStackId = keyof typeof FONT_STACKS;
