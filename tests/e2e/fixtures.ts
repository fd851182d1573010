// Helpers for end-to-end tests: URLs of towns at <slug>.localhost, an axe-core check, and towns
// created for one test through the real service (its NOTIFY reaches the running server).
import { randomBytes } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { createTenant } from "@/lib/tenancy/service/create-tenant";
import type { TCreateTenantInput } from "@/lib/tenancy/schemas";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";

export const port = Number(process.env.E2E_PORT ?? 3000);
export const townUrl = (slug: string, path = "/") => `http://${slug}.localhost:${port}${path}`;
export const platformUrl = (path = "/") => `http://localhost:${port}${path}`;

export const DEMO = {
  lutece: { names: ["Ville de Lutèce", "City of Lutèce", "Ciudad de Lutecia", "مدينة لوتيس"], primary: "#1d4e89", logo: "/towns/lutece/logo.svg", defaultLocale: "fr", locales: ["fr", "en", "es", "ar"] },
  "port-soleil": { names: ["Port-Soleil"], primary: "#0a6b66", logo: "/towns/port-soleil/logo.svg", defaultLocale: "fr", locales: ["fr", "en"] },
  kovarhely: { names: ["Kővárhely"], primary: "#7b1e2b", logo: "/towns/kovarhely/logo.svg", defaultLocale: "hu", locales: ["hu", "en", "de"] },
} as const;
export type TDemoSlug = keyof typeof DEMO;
export const DEMO_SLUGS = Object.keys(DEMO) as TDemoSlug[];

/**
 * axe-core with the WCAG 2.0/2.1/2.2 A and AA rules: the page must have no violation. Also checks
 * that every image loaded (a broken logo passes axe when its alt is empty, but not a citizen's eye).
 */
export async function expectAccessible(page: Page) {
  await expectImagesLoaded(page);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
  expect(summary, `axe-core violations on ${page.url()}`).toEqual([]);
}

/** Every image of the page has loaded (a broken logo is an error, not a detail). */
export async function expectImagesLoaded(page: Page) {
  const broken = await page.evaluate(() =>
    [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.getAttribute("src")),
  );
  expect(broken, `images that did not load on ${page.url()}`).toEqual([]);
}

/** A town of its own for one test, with a canary name no other page may show. */
export async function createTestTown(overrides: Partial<TCreateTenantInput> = {}) {
  const slug = `t-${randomBytes(4).toString("hex")}`;
  const name = `Testville ${slug}`;
  const town = await createTenant({
    slug,
    names: { fr: name, en: name },
    defaultLocale: "fr",
    enabledLocales: ["fr", "en"],
    timeZone: "Europe/Paris",
    holidayRegion: "FR",
    theme: { ...PLATFORM_THEME, primary: "#5a2d82" },
    ...overrides,
  });
  return { ...town, name };
}

type TGetOptions = Parameters<APIRequestContext["get"]>[1];

/**
 * GET from the test process. Chromium resolves *.localhost to loopback by itself (RFC 6761), but
 * Node's resolver here does not: connect to 127.0.0.1 and send the town's Host header.
 */
export function get(request: APIRequestContext, url: string, options: TGetOptions = {}): Promise<APIResponse> {
  const target = new URL(url);
  const host = target.host;
  target.hostname = "127.0.0.1";
  return request.get(target.toString(), { ...options, headers: { ...options?.headers, host } });
}

/** Waits until the server answers `url` with `status` (NOTIFY reaches it asynchronously). */
export async function eventuallyStatus(page: Page, url: string, status: number, timeoutMs = 10_000) {
  await expect
    .poll(async () => (await get(page.request, url, { maxRedirects: 0 })).status(), { timeout: timeoutMs })
    .toBe(status);
}
