// Helpers for end-to-end tests: URLs of towns at <slug>.localhost, an axe-core check, and towns
// created for one test through the real service (its NOTIFY reaches the running server).
import { randomBytes } from "node:crypto";
import http from "node:http";
import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { db } from "@/lib/core/db";
import type { TBuiltinRole } from "@/lib/module-types";
import { createTenant } from "@/lib/tenancy/service/create-tenant";
import type { TCreateTenantInput } from "@/lib/tenancy/schemas";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";
import { setTenantModules } from "@/lib/tenancy/repo";
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
  // Images still loading (a busy machine) are waited for; then any without pixels is broken.
  await page.waitForFunction(() => [...document.images].every((img) => img.complete), undefined, { timeout: 10_000 }).catch(() => undefined);
  const broken = await page.evaluate(() =>
    [...document.images].filter((img) => !img.complete || img.naturalWidth === 0).map((img) => img.getAttribute("src")),
  );
  expect(broken, `images that did not load on ${page.url()}`).toEqual([]);
}

/** A town of its own for one test, with a canary name no other page may show. */
export async function createTestTown(overrides: Partial<TCreateTenantInput> = {}) {
  const slug = `t-${randomBytes(4).toString("hex")}`;
  const name = `Testville ${slug}`;
  const enabledLocales = overrides.enabledLocales ?? ["fr", "en"];
  const town = await createTenant({
    slug,
    names: Object.fromEntries(enabledLocales.map((l) => [l, name])),
    defaultLocale: enabledLocales[0]!,
    enabledLocales,
    timeZone: "Europe/Paris",
    holidayRegion: "FR",
    theme: { ...PLATFORM_THEME, primary: "#5a2d82" },
    ...overrides,
  });
  await untilServerKnows(slug);
  return { ...town, name };
}

/** The status the running server answers for a town's path (0: no answer). */
function statusOf(slug: string, path: string): Promise<number> {
  return new Promise<number>((resolve) => {
    const req = http.get({ host: "127.0.0.1", port, path, headers: { host: `${slug}.localhost:${port}` } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
  });
}

/**
 * Waits until the running server resolves a new town's host: it learns about the town through
 * PostgreSQL NOTIFY, a moment after the test created it. (An unknown host answers 404.)
 */
export async function untilServerKnows(slug: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await statusOf(slug, "/");
    if (status !== 404 && status !== 0) return;
    if (Date.now() > deadline) throw new Error(`the server does not know the town ${slug} yet`);
    await new Promise((r) => setTimeout(r, 50));
  }
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

/** POST from the test process to a town's host (same trick as `get`). */
export function post(request: APIRequestContext, url: string, options: Parameters<APIRequestContext["post"]>[1] = {}): Promise<APIResponse> {
  const target = new URL(url);
  const host = target.host;
  target.hostname = "127.0.0.1";
  return request.post(target.toString(), { ...options, headers: { ...options?.headers, host } });
}

/** Submits a form and waits until its answer is shown (the error summary or notice takes focus). */
export async function submitAndWait(page: Page, button: ReturnType<Page["getByRole"]>) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), button.click()]);
  await expect(page.locator("[role=alert][tabindex='-1'], [role=status][tabindex='-1']").first()).toBeFocused();
}

/** Waits until the server answers `url` with `status` (NOTIFY reaches it asynchronously). */
export async function eventuallyStatus(page: Page, url: string, status: number, timeoutMs = 10_000) {
  await expect
    .poll(async () => (await get(page.request, url, { maxRedirects: 0 })).status(), { timeout: timeoutMs })
    .toBe(status);
}

export const PASSWORD = "a long enough passphrase";

/** A town with an administrator (and other agents if asked), for one test. */
export async function createTestWorld(options: { locales?: ("fr" | "en" | "ar" | "es" | "hu" | "de")[]; agents?: { role: TBuiltinRole; local: string }[] } = {}) {
  const locales = options.locales ?? ["fr", "en"];
  const town = await createTestTown({ enabledLocales: locales });
  const agents: Record<string, { id: string; email: string }> = {};
  for (const a of [{ role: "administrator" as const, local: "admin" }, ...(options.agents ?? [])]) {
    const email = `${a.local}@${town.slug}.test`;
    const { id } = await createAgentWithPassword({ tenantId: town.id, email, name: `${a.local} ${town.slug}`, password: PASSWORD, roles: [a.role] });
    agents[a.local] = { id, email };
  }
  return { ...town, locales, agents };
}

/** Signs in through the staff area's form and waits for the dashboard. */
export async function signIn(page: Page, slug: string, locale: string, email: string, password = PASSWORD) {
  await page.goto(townUrl(slug, `/${locale}/admin/sign-in`));
  await page.locator("#f-email").fill(email);
  await page.locator("#f-password").fill(password);
  await page.locator("form#sign-in button[type=submit]").click();
  // Hashing the password (argon2id) and a first render of the dashboard take a while on a busy machine.
  await expect(page).toHaveURL(townUrl(slug, `/${locale}/admin`), { timeout: 30_000 });
}

/** The last message the capture mailbox received for `to` (waits for the mail worker). */
export async function readMail(to: string, options: { after?: Date; timeoutMs?: number } = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  for (;;) {
    const mail = await db().capturedMail.findFirst({
      where: { envelopeTo: { has: to }, ...(options.after ? { receivedAt: { gte: options.after } } : {}) },
      orderBy: { receivedAt: "desc" },
    });
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail for ${to}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The first link of a mail's text part that starts with `prefix`. */
export function linkIn(text: string | null, prefix: string): string {
  const match = (text ?? "").split(/\s+/).find((word) => word.startsWith(prefix));
  if (!match) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return match;
}

/**
 * On the booking check page with JavaScript: waits until the ALTCHA widget has solved the page's
 * proof of work and put it in the form (as a citizen's browser does while they read the summary).
 */
export async function waitForChallenge(page: Page): Promise<void> {
  await expect(page.locator('main form input[name="altcha"]')).toHaveValue(/.{20,}/, { timeout: 30_000 });
}

/** Fails the test on Content-Security-Policy violations and page errors. */
export function watchConsole(page: Page): () => void {
  const problems: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && /Content.Security.Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));
  return () => expect(problems, "console errors (CSP violations, page errors)").toEqual([]);
}

/** Switches the appointments module on for a test town and waits until this process sees it. */
export async function enableAppointments(town: { id: string; slug: string }): Promise<TTenant> {
  await setTenantModules(town.id, ["appointments"]);
  for (let i = 0; i < 200; i++) {
    const tenant = await getTenantBySlug(town.slug);
    if (tenant?.modules.includes("appointments")) return tenant;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the appointments module of ${town.slug} is not visible`);
}

/** The citizen page of a module: it answers 200 once the server knows the module is on. */
const MODULE_PAGES: Record<string, string> = { forms: "/requests", appointments: "/appointments" };

/**
 * Switches modules on for a test town (e.g. ["forms"] or ["forms", "appointments"]) and waits until
 * this process and the server see them (the server learns it through NOTIFY, a moment later).
 */
export async function enableModules(town: { id: string; slug: string }, modules: string[]): Promise<TTenant> {
  await setTenantModules(town.id, modules);
  let tenant: TTenant | null = null;
  for (let i = 0; i < 200 && !tenant; i++) {
    const seen = await getTenantBySlug(town.slug);
    if (seen && modules.every((m) => seen.modules.includes(m))) tenant = seen;
    else await new Promise((r) => setTimeout(r, 50));
  }
  if (!tenant) throw new Error(`the modules ${modules.join(", ")} of ${town.slug} are not visible`);
  for (const module of modules) {
    const page = MODULE_PAGES[module];
    if (!page) continue;
    const path = `/${tenant.defaultLocale}${page}`;
    for (let i = 0; ; i++) {
      if ((await statusOf(town.slug, path)) === 200) break;
      if (i >= 300) throw new Error(`the server does not show ${path} of ${town.slug}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return tenant;
}

/** Switches the forms module on for a test town. */
export const enableForms = (town: { id: string; slug: string }) => enableModules(town, ["forms"]);
