// Platform languages and the operator's review, in real Chromium:
// - the operator adds a language (Dutch) in the app, a wrong code is refused with the text kept, and
//   a town cannot enable Dutch until it is translated enough (the threshold is shown);
// - Italian (shipped catalogue, added by the operator) is enabled by a town, whose site then speaks Italian;
// - a town's translator proposes a platform-layer text; the town's reviewer cannot approve it, the
//   operator approves it on the root domain, and the town's Italian site shows it at once;
// - the operator removes Dutch; axe on the operator's and the settings pages, and in Arabic.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { publishInvalidation } from "@/lib/core/invalidation";
import { READY_PERCENT } from "@/lib/i18n/locales";
import { createOperator } from "@/lib/platform/service/operators";
import { createTestWorld, expectAccessible, get, PASSWORD, platformUrl, signIn, submitAndWait, townUrl } from "./fixtures";
import { raw, text as msg } from "./messages";

async function operatorSignIn(page: Page, locale = "en") {
  const email = `op-${randomBytes(4).toString("hex")}@example.org`;
  await createOperator({ email, name: "Test Operator", password: PASSWORD, locale: "en" });
  await page.goto(platformUrl(`/${locale}/operator/sign-in`));
  await page.locator("#f-email").fill(email);
  await page.locator("#f-password").fill(PASSWORD);
  await page.locator("form#sign-in button[type=submit]").click();
  await expect(page).toHaveURL(platformUrl(`/${locale}/operator`), { timeout: 30_000 });
  return email;
}

/** Italian as the operator of the demo adds it (prisma/seed.ts), in case this database was not seeded. */
async function withItalian() {
  await db().platformLanguage.upsert({ where: { code: "it" }, create: { code: "it" }, update: {} });
}
const addedLanguages = async () => (await db().platformLanguage.findMany()).map((l) => l.code);

const dutchName = (locale: string) => new Intl.DisplayNames([locale], { type: "language" }).of("nl")!;

test("[LANGUAGES] the operator adds a language; a town enables it only once translated enough; Italian is enabled and shown", async ({ page, browser }) => {
  // Dutch starts absent (a previous run removes it at its end; an interrupted one may not have).
  await db().platformLanguage.deleteMany({ where: { code: "nl" } });
  await withItalian();
  await operatorSignIn(page);
  await page.goto(platformUrl("/en/operator/languages"));
  await expectAccessible(page);
  await expect(page.locator("main table")).toContainText(new Intl.DisplayNames(["en"], { type: "language" }).of("it")!);

  // A code CLDR does not know is refused, with what was typed kept.
  await page.locator("#f-code").fill("qq-zz");
  await submitAndWait(page, page.locator("form#add-language-form button[type=submit]"));
  await expect(page.locator("#f-code-error")).toHaveText(msg("en", "Errors.languageUnknown"));
  await expect(page.locator("#f-code")).toHaveValue("qq-zz");
  await expectAccessible(page);
  await page.locator("#f-code").fill("nl");
  await submitAndWait(page, page.locator("form#add-language-form button[type=submit]"));
  await expect(page.getByRole("status").filter({ hasText: msg("en", "Feedback.languageAdded") })).toBeVisible();
  await page.goto(platformUrl("/en/operator/languages"));
  const dutchRow = page.locator("main tr").filter({ hasText: dutchName("en") });
  await expect(dutchRow).toContainText(msg("en", "Operator.added"));
  await expect(dutchRow).toContainText(raw("en", "Operator.notReadyForTowns").split("{percent}")[1]!.split("{threshold}")[0]!.trim());

  // A town's administrator sees Dutch with its share and the threshold, and cannot enable it yet.
  const world = await createTestWorld({ locales: ["fr", "en"] });
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, world.slug, "fr", world.agents.admin!.email);
  await admin.goto(townUrl(world.slug, "/fr/admin/settings#languages"));
  const dutch = admin.locator("#languages-form label").filter({ hasText: dutchName("nl") });
  await expect(dutch).toContainText(`${READY_PERCENT}`);
  await expectAccessible(admin);
  await dutch.click();
  await submitAndWait(admin, admin.locator("form#languages-form button[type=submit]"));
  await expect(admin.locator("#languages-form")).toContainText(raw("fr", "Errors.languageNotReady").split("(")[0]!.trim());
  expect((await db().tenant.findUniqueOrThrow({ where: { id: world.id } })).enabledLocales).toEqual(["fr", "en"]);

  // Italian is ready (its catalogue ships): enabled, the town's site answers in Italian.
  await admin.reload();
  await admin.locator("#languages-form label").filter({ hasText: "Italiano" }).click();
  await submitAndWait(admin, admin.locator("form#languages-form button[type=submit]"));
  await expect(admin.getByRole("status").first()).toBeVisible();
  await expect.poll(async () => (await db().tenant.findUniqueOrThrow({ where: { id: world.id } })).enabledLocales.sort()).toEqual(["en", "fr", "it"]);
  await expect.poll(async () => (await get(admin.request, townUrl(world.slug, "/it"))).status(), { timeout: 30_000 }).toBe(200);
  await admin.goto(townUrl(world.slug, "/it"));
  await expect(admin.locator("html")).toHaveAttribute("lang", "it");
  // (Not the footer's "powered by": the other test of this file changes it for every town at the same time.)
  await expect(admin.getByRole("link", { name: msg("it", "Common.skipLink") })).toHaveCount(1);
  await expectAccessible(admin);

  // The operator removes Dutch, which no town uses.
  await page.goto(platformUrl("/en/operator/languages"));
  await page.locator("form#remove-nl button[type=submit]").click();
  await expect(page).toHaveURL(/done=removed/);
  await expect(page.getByRole("status").filter({ hasText: msg("en", "Operator.languageRemoved") })).toBeVisible();
  await expect(page.locator("form#remove-nl")).toHaveCount(0);
  expect(await addedLanguages()).not.toContain("nl");
});

test("[LANGUAGES] a platform-layer proposal waits for the operator, who approves it: every town's site shows it", async ({ page, browser }) => {
  await withItalian();
  const world = await createTestWorld({ locales: ["fr", "en"], agents: [{ role: "translator", local: "tr" }, { role: "reviewer", local: "rev" }] });
  await db().tenant.update({ where: { id: world.id }, data: { enabledLocales: ["fr", "en", "it"] } });
  await publishInvalidation(db(), { scope: "tenant", tenantId: world.id });
  await expect.poll(async () => (await get(page.request, townUrl(world.slug, "/it"))).status(), { timeout: 30_000 }).toBe(200);
  const key = "Site.poweredBy";
  const proposal = `Realizzato con Civitas ${randomBytes(3).toString("hex")}`;
  try {
    await signIn(page, world.slug, "fr", world.agents.tr!.email);
    await page.goto(townUrl(world.slug, `/fr/admin/translations/it/edit?key=${key}&layer=platform`));
    await page.locator("#f-value").fill(proposal);
    await submitAndWait(page, page.locator("form#translate button[type=submit]"));
    await expect(page.getByRole("status").filter({ hasText: msg("fr", "Feedback.translationProposed") })).toBeVisible();

    // The town's reviewer has no approve button for the platform layer.
    const reviewer = await (await browser.newContext()).newPage();
    await signIn(reviewer, world.slug, "fr", world.agents.rev!.email);
    await reviewer.goto(townUrl(world.slug, `/fr/admin/translations/it/edit?key=${key}&layer=platform`));
    await expect(reviewer.locator("main")).toContainText(msg("fr", "Translations.platformReviewedByOperator"));
    await expect(reviewer.locator("form#approve")).toHaveCount(0);
    expect(await (await get(reviewer.request, townUrl(world.slug, "/it"))).text()).not.toContain(proposal);

    // The operator, in Arabic (right to left), approves it.
    const operator = await (await browser.newContext()).newPage();
    await operatorSignIn(operator, "ar");
    await operator.goto(platformUrl("/ar/operator/languages/it"));
    await expect(operator.locator("html")).toHaveAttribute("dir", "rtl");
    const item = operator.locator("main li").filter({ hasText: key });
    await expect(item).toContainText(proposal);
    await expectAccessible(operator);
    await item.locator("form[id^=approve-] button[type=submit]").click();
    await expect(operator).toHaveURL(/done=approve/);
    await expect(operator.getByRole("status").filter({ hasText: msg("ar", "Operator.proposalApproved") })).toBeVisible();
    await expect(operator.locator("main li").filter({ hasText: key })).toHaveCount(0);
    await expect.poll(async () => (await get(operator.request, townUrl(world.slug, "/it"))).text(), { timeout: 10_000 }).toContain(proposal);
    const row = await db().translation.findFirstOrThrow({ where: { scope: "platform", locale: "it", key }, include: { events: { orderBy: { createdAt: "desc" }, take: 1 } } });
    expect(row).toMatchObject({ state: "reviewed", value: proposal, tenantId: null });
    expect(row.events[0]).toMatchObject({ action: "approve", actorType: "operator" });
  } finally {
    // Every town's Italian goes back to the files' text.
    await db().translation.deleteMany({ where: { scope: "platform", locale: "it", key, value: proposal } });
    await publishInvalidation(db(), { scope: "translations", tenantId: null });
  }
});
