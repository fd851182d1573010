import { expect, test } from "@playwright/test";
import { DEMO, DEMO_SLUGS, expectAccessible, get, townUrl } from "./fixtures";

for (const slug of DEMO_SLUGS) {
  const town = DEMO[slug];
  for (const locale of town.locales) {
    test(`[TENANCY][HOME] ${slug} in ${locale}: its own name, logo, theme and language`, async ({ page }) => {
      const response = await page.goto(townUrl(slug, `/${locale}`));
      expect(response?.status()).toBe(200);
      const html = page.locator("html");
      await expect(html).toHaveAttribute("lang", locale);
      await expect(html).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expect(page.locator("header img").first()).toHaveAttribute("src", town.logo);
      const primary = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--civ-primary").trim());
      expect(primary).toBe(town.primary);
      const headerBackground = await page.locator("header").first().evaluate((el) => getComputedStyle(el).backgroundColor);
      const hex = town.primary.slice(1).match(/../g)!.map((h) => parseInt(h, 16)).join(", ");
      expect(headerBackground).toBe(`rgb(${hex})`);

      const text = await page.locator("body").innerText();
      expect(town.names.some((name) => text.includes(name))).toBe(true);
      for (const other of DEMO_SLUGS.filter((s) => s !== slug)) {
        for (const name of DEMO[other].names) expect(text).not.toContain(name);
      }
      await expectAccessible(page);
    });
  }
}

test("[TENANCY][HOME] the town's favicon and title are its own", async ({ page }) => {
  await page.goto(townUrl("kovarhely", "/hu"));
  await expect(page).toHaveTitle(/Kővárhely/);
  await expect(page.locator('link[rel="icon"]')).toHaveAttribute("href", "/towns/kovarhely/favicon.svg");
  const favicon = await get(page.request, townUrl("kovarhely", "/favicon.ico"), { maxRedirects: 0 });
  expect(favicon.status()).toBe(302);
  expect(favicon.headers()["location"]).toBe("/towns/kovarhely/favicon.svg");
});
