// Import and export of a language in real Chromium: the page's XLIFF and PO links download the town's
// layer as attachments; importing them back changes nothing; a PO with one message changed is read,
// and the report lists it (before and after) as a proposal waiting for review. The page is accessible.
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { createTestWorld, eventuallyStatus, expectAccessible, signIn, submitAndWait, townUrl } from "./fixtures";
import { text as msg } from "./messages";

/** Clicks the page's link of the town layer's latest texts in `format` and reads the file downloaded. */
async function download(page: Page, format: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.locator(`a[data-format=${format}][data-layer=town][data-include=all]`).click()]);
  expect(file.suggestedFilename()).toBe(`civitas-ar-town-all.${format === "xliff" ? "xlf" : format}`);
  return readFile((await file.path())!, "utf8");
}

async function importFile(page: Page, format: string, body: string) {
  await page.locator("#import-file").setInputFiles({ name: `ar.${format === "xliff" ? "xlf" : format}`, mimeType: "application/octet-stream", buffer: Buffer.from(body, "utf8") });
  await page.locator("#import-format").selectOption(format);
  await page.locator("#import-layer").selectOption("town");
  await submitAndWait(page, page.locator("form#translations-import button[type=submit]"));
}

test("[TRANSLATIONS] a language exported as XLIFF and PO imports back unchanged; a changed PO message is proposed", async ({ page }) => {
  const world = await createTestWorld({ locales: ["fr", "en", "ar"], agents: [{ role: "translator", local: "tr" }] });
  await eventuallyStatus(page, townUrl(world.slug, "/fr/admin/sign-in"), 200);
  await signIn(page, world.slug, "fr", world.agents.tr!.email);
  await page.goto(townUrl(world.slug, "/fr/admin/translations/ar/transfer"));
  await expectAccessible(page);

  const xliff = await download(page, "xliff");
  expect(xliff).toContain('trgLang="ar"');
  const po = await download(page, "po");
  expect(po).toContain('"Language: ar\\n"');

  await importFile(page, "xliff", xliff);
  await expect(page.locator("main [role=status]")).toContainText(msg("fr", "TranslationsTransfer.reportChanged", { count: 0 }));
  await importFile(page, "po", po);
  await expect(page.locator("main [role=status]")).toContainText(msg("fr", "TranslationsTransfer.reportChanged", { count: 0 }));
  expect(await db().translation.count({ where: { scope: world.id } })).toBe(0);

  const changed = po.replace(/(msgctxt "Common\.pageTitle"\nmsgid "[^\n]*"\nmsgstr )"[^\n]*"/, '$1"{page} | {site}"');
  expect(changed).not.toBe(po);
  await importFile(page, "po", changed);
  const report = page.locator("main [role=status]");
  await expect(report).toContainText(msg("fr", "TranslationsTransfer.reportChanged", { count: 1 }));
  await expect(report.locator("table")).toContainText("Common.pageTitle");
  await expect(report.locator("table")).toContainText("{page} | {site}");
  await expectAccessible(page);
  const row = await db().translation.findFirst({ where: { scope: world.id, locale: "ar", key: "Common.pageTitle" } });
  expect(row).toMatchObject({ value: "{page} | {site}", state: "translated" });

  // An invalid message refuses the whole file.
  const invalid = changed.replace('"{page} | {site}"', '"{page} | {site"');
  await importFile(page, "po", invalid);
  await expect(page.locator("main [role=alert]")).toContainText("Common.pageTitle");
});
