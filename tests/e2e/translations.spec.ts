// The translation workspace in real Chromium: a translator proposes, the citizen site keeps the old
// text until a reviewer approves, then shows it at once; a town's override stays in that town; an
// invalid message is refused with a clear error and the text typed kept; a translator limited to one
// language cannot open or post another; the pages are accessible in French and in Arabic (RTL).
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { db } from "@/lib/core/db";
import { createTestTown, createTestWorld, eventuallyStatus, expectAccessible, get, PASSWORD, signIn, submitAndWait, townUrl } from "./fixtures";
import { lead, text as msg } from "./messages";

const editor = (locale: string, lang: string, key: string) => `/${locale}/admin/translations/${lang}/edit?key=${encodeURIComponent(key)}&layer=town`;

async function citizenFooter(page: Page, slug: string): Promise<string> {
  const response = await get(page.request, townUrl(slug, "/fr"));
  return response.text();
}

test("[TRANSLATIONS] a proposal waits for review; once approved the town's site shows it at once, and only that town", async ({ page, browser }) => {
  const world = await createTestWorld({ locales: ["fr", "en", "ar", "de"], agents: [{ role: "translator", local: "tr" }, { role: "reviewer", local: "rev" }] });
  const other = await createTestTown({ enabledLocales: ["fr", "en"] });
  await eventuallyStatus(page, townUrl(world.slug, "/fr/admin/sign-in"), 200);
  await eventuallyStatus(page, townUrl(other.slug, "/fr"), 200);
  const text = `Propulsé par Civitas ${randomBytes(3).toString("hex")}`;

  await signIn(page, world.slug, "fr", world.agents.tr!.email);
  await page.goto(townUrl(world.slug, "/fr/admin/translations"));
  await expect(page.locator("main progress").first()).toBeVisible();
  await page.goto(townUrl(world.slug, "/fr/admin/translations/fr?state=all&q=poweredBy"));
  await expect(page.locator("main table")).toContainText("Site.poweredBy");
  await page.goto(townUrl(world.slug, editor("fr", "fr", "Site.poweredBy")));
  await page.locator("#f-value").fill(text);
  await submitAndWait(page, page.locator("form#translate button[type=submit]"));
  await expect(page.getByRole("status").filter({ hasText: msg("fr", "Feedback.translationProposed") })).toBeVisible();
  // A translator has no review buttons; the site still shows the old text.
  await expect(page.locator("form#approve")).toHaveCount(0);
  await expect(page.locator("main")).toContainText(msg("fr", "Translations.entryState", { state: "translated" }));
  expect(await citizenFooter(page, world.slug)).not.toContain(text);

  const context = await browser.newContext();
  const reviewer = await context.newPage();
  await signIn(reviewer, world.slug, "fr", world.agents.rev!.email);
  await reviewer.goto(townUrl(world.slug, editor("fr", "fr", "Site.poweredBy")));
  await expect(reviewer.locator("form#approve")).toBeVisible();
  await expect(reviewer.locator("main")).toContainText(text);
  await submitAndWait(reviewer, reviewer.locator("form#approve button[type=submit]"));
  await expect(reviewer.getByRole("status").filter({ hasText: msg("fr", "Feedback.translationReviewed") })).toBeVisible();
  await expect(reviewer.locator("form#approve")).toBeHidden();
  await expect(reviewer.locator("main table")).toContainText(msg("fr", "Translations.historyAction", { action: "approve" }));
  await context.close();

  await expect.poll(() => citizenFooter(page, world.slug), { timeout: 10_000 }).toContain(text);
  await page.goto(townUrl(world.slug, "/fr"));
  await expect(page.locator("footer")).toContainText(text);
  // Another town keeps the files' text.
  const otherHome = await (await get(page.request, townUrl(other.slug, "/fr"))).text();
  expect(otherHome).not.toContain(text);
  const row = await db().translation.findFirst({ where: { scope: world.id, locale: "fr", key: "Site.poweredBy" } });
  expect(row).toMatchObject({ state: "reviewed", value: text, tenantId: world.id });
});

test("[TRANSLATIONS] an invalid message is refused with a clear error and the text typed is kept", async ({ page }) => {
  const world = await createTestWorld({ locales: ["fr", "en", "ar", "de"], agents: [{ role: "translator", local: "tr" }] });
  await eventuallyStatus(page, townUrl(world.slug, "/fr/admin/sign-in"), 200);
  await signIn(page, world.slug, "fr", world.agents.tr!.email);
  await page.goto(townUrl(world.slug, editor("fr", "fr", "Site.homeLink")));

  const broken = "{town, plural, one {x}";
  await page.locator("#f-value").fill(broken);
  await submitAndWait(page, page.locator("form#translate button[type=submit]"));
  await expect(page.locator("#f-value-error")).toContainText(lead("fr", "Errors.translationInvalidIcu"));
  await expect(page.locator("#f-value")).toHaveValue(broken);

  const missing = "Page d’accueil";
  await page.locator("#f-value").fill(missing);
  await submitAndWait(page, page.locator("form#translate button[type=submit]"));
  await expect(page.locator("#f-value-error")).toHaveText(msg("fr", "Errors.translationPlaceholderMissing", { name: "town" }));
  await expect(page.locator("#f-value")).toHaveValue(missing);
  expect(await db().translation.count({ where: { scope: world.id, key: "Site.homeLink" } })).toBe(0);
});

test("[TRANSLATIONS] a translator limited to German cannot open or post French", async ({ page }) => {
  const world = await createTestWorld({ locales: ["fr", "en", "ar", "de"] });
  const email = `de@${world.slug}.test`;
  await createAgentWithPassword({ tenantId: world.id, email, name: "Deutsch", password: PASSWORD, roles: ["translator"], scope: ["locale:de"] });
  await eventuallyStatus(page, townUrl(world.slug, "/fr/admin/sign-in"), 200);
  await signIn(page, world.slug, "fr", email);

  expect((await page.goto(townUrl(world.slug, "/fr/admin/translations/fr")))?.status()).toBe(403);
  expect((await page.goto(townUrl(world.slug, editor("fr", "fr", "Site.navContact"))))?.status()).toBe(403);
  // The overview lists German only.
  expect((await page.goto(townUrl(world.slug, "/fr/admin/translations")))?.status()).toBe(200);
  await expect(page.locator("main table").first()).toContainText("allemand");
  await expect(page.locator("main table").first()).not.toContainText("arabe");

  // Posting the German form with the locale changed to French is refused.
  await page.goto(townUrl(world.slug, editor("fr", "de", "Site.navContact")));
  await page.locator("form#translate input[name=locale]").evaluate((input: HTMLInputElement) => (input.value = "fr"));
  await page.locator("#f-value").fill("Nous écrire");
  await submitAndWait(page, page.locator("form#translate button[type=submit]"));
  await expect(page.locator("form#translate").locator("xpath=preceding-sibling::div[@role='alert']")).toContainText(msg("fr", "Errors.forbidden"));
  expect(await db().translation.count({ where: { scope: world.id, key: "Site.navContact" } })).toBe(0);
});

test("[TRANSLATIONS] the overview, list and editor are accessible in French and in Arabic (RTL)", async ({ page }) => {
  const world = await createTestWorld({ locales: ["fr", "en", "ar", "de"], agents: [{ role: "reviewer", local: "rev" }] });
  await eventuallyStatus(page, townUrl(world.slug, "/fr/admin/sign-in"), 200);
  await signIn(page, world.slug, "fr", world.agents.rev!.email);
  for (const [locale, lang] of [["fr", "fr"], ["ar", "ar"]] as const) {
    await page.goto(townUrl(world.slug, `/${locale}/admin/translations`));
    await expect(page.locator("main h1")).toBeVisible();
    await expectAccessible(page);
    await page.goto(townUrl(world.slug, `/${locale}/admin/translations/${lang}?namespace=Site`));
    await expect(page.locator("main table")).toContainText("Site.homeLink");
    await expectAccessible(page);
    await page.goto(townUrl(world.slug, editor(locale, lang, "Site.homeLink")));
    await page.locator("#f-value").fill(lang === "ar" ? "{town} – الصفحة الرئيسية" : "{town} – accueil");
    await submitAndWait(page, page.locator("form#translate button[type=submit]"));
    await page.reload();
    await expect(page.locator("#f-value")).toHaveAttribute("lang", lang);
    await expect(page.locator("#f-value")).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
    await expect(page.locator("form#approve")).toBeVisible();
    // The preview renders the proposal with sample values.
    await expect(page.locator("main")).toContainText(lang === "ar" ? "Lutèce – الصفحة الرئيسية" : "Lutèce – accueil");
    await expectAccessible(page);
  }
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.locator("main")).toContainText("zero, one, two, few, many, other");
});
