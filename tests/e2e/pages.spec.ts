import { expect, test } from "@playwright/test";
import { DEMO, DEMO_SLUGS, expectAccessible, townUrl } from "./fixtures";

const PAGES = [
  { path: "accessibility", heading: { fr: "Déclaration d’accessibilité", en: "Accessibility statement", hu: "Akadálymentességi nyilatkozat", de: "Erklärung zur Barrierefreiheit" } },
  { path: "legal-notice", heading: { fr: "Mentions légales", en: "Legal notice", hu: "Impresszum", de: "Impressum" } },
  { path: "contact", heading: { fr: "Contact", en: "Contact", hu: "Kapcsolat", de: "Kontakt" } },
] as const;

for (const slug of DEMO_SLUGS) {
  const locales = [DEMO[slug].defaultLocale, "en"] as const;
  for (const locale of locales) {
    for (const page of PAGES) {
      test(`[SITE][PAGES] ${slug} /${locale}/${page.path} renders, translated and accessible`, async ({ page: p }) => {
        const response = await p.goto(townUrl(slug, `/${locale}/${page.path}`));
        expect(response?.status()).toBe(200);
        await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
        const expected = (page.heading as Record<string, string>)[locale];
        if (expected) await expect(p.getByRole("heading", { level: 1 })).toHaveText(expected);
        await expectAccessible(p);
      });
    }
  }
}

test("[SITE][PAGES] the footer says the accessibility status in the RGAA wording", async ({ page }) => {
  await page.goto(townUrl("lutece", "/fr"));
  await expect(page.getByRole("contentinfo").getByRole("link", { name: "Accessibilité : partiellement conforme" })).toBeVisible();
  await page.getByRole("link", { name: "Accessibilité : partiellement conforme" }).click();
  await expect(page).toHaveURL(/\/fr\/accessibility$/);
  await expect(page.getByText("partiellement conforme", { exact: false }).first()).toBeVisible();
});

test("[SITE][PAGES] the Arabic pages are right to left and accessible", async ({ page }) => {
  for (const path of ["/ar", "/ar/accessibility", "/ar/legal-notice", "/ar/contact"]) {
    await page.goto(townUrl("lutece", path));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expectAccessible(page);
  }
});

test("[SITE][NOT-FOUND] an unknown page of a town is the town's own, translated 404", async ({ page }) => {
  const response = await page.goto(townUrl("kovarhely", "/de/gibt-es-nicht"));
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Seite nicht gefunden");
  await expect(page.locator("header")).toContainText("Kővárhely");
  await expectAccessible(page);
});

test("[SITE][A11Y] the skip link is the first stop and moves focus to the content", async ({ page }) => {
  await page.goto(townUrl("port-soleil", "/fr"));
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Aller au contenu principal" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press("Enter");
  await expect(page.locator("main")).toBeFocused();
  await page.keyboard.press("Tab");
  const focusedInMain = await page.evaluate(() => document.activeElement?.closest("main") !== null);
  expect(focusedInMain).toBe(true);
});

test("[SITE][NO-JS] pages and the language switcher work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(townUrl("lutece", "/fr/contact"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Contact");
  await page.getByRole("navigation", { name: "Langue" }).getByRole("link", { name: "Español" }).click();
  await expect(page).toHaveURL(townUrl("lutece", "/es/contact"));
  await expect(page.locator("html")).toHaveAttribute("lang", "es");
  await context.close();
});
