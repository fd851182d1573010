// The form builder in Chromium: an administrator builds a form with two steps, a choice, a text shown
// only for one answer of the choice, and a file field; publishing is refused with the reasons until
// the form is complete, then version 1 is published and listed for citizens; the form is closed with
// a message. An agent without forms:design is refused. axe-core on every page, also in Arabic.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { parseDefinition } from "@/lib/forms/definition";
import { createTestWorld, enableForms, expectAccessible, signIn, townUrl } from "./fixtures";

// The machine running the suite may be shared and slow: generous waits.
const expect = baseExpect.configure({ timeout: 90_000 });
test.use({ navigationTimeout: 120_000, actionTimeout: 90_000 });

async function ready(page: Page) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
}

async function goto(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await page.waitForLoadState("networkidle").catch(() => undefined);
  await expectAccessible(page);
}

async function submit(page: Page, formId: string, name?: string) {
  // Interact once the page is hydrated (a click before that would post without JavaScript: it works, but the test would race the reload).
  await page.waitForLoadState("networkidle").catch(() => undefined);
  const form = page.locator(`form#${formId}`);
  await (name ? form.getByRole("button", { name, exact: true }) : form.locator("button[type=submit]").last()).click();
}

test.describe("forms: the builder", () => {
  test("an administrator builds a conditional form, publishes it and closes it", async ({ page }) => {
    test.setTimeout(900_000);
    const world = await createTestWorld({ locales: ["fr", "en", "ar"], agents: [{ role: "agent", local: "clerk" }] });
    await enableForms(world);
    const admin = (path: string, locale = "en") => townUrl(world.slug, `/${locale}/admin/forms${path}`);
    await signIn(page, world.slug, "en", world.agents.admin!.email);

    await goto(page, admin(""));
    await expect(page.getByText("No form yet.")).toBeVisible();
    await page.getByRole("link", { name: "New form" }).click();
    await expect(page).toHaveURL(admin("/new"));
    await ready(page);
    await expectAccessible(page);
    await page.locator("form#new-form #f-titles-fr").fill("Demande de test");
    await page.locator("form#new-form #f-referencePrefix").fill("TS");
    await submit(page, "new-form");
    await expect(page).toHaveURL(/\/admin\/forms\/[0-9a-f-]{36}\?created=1$/);
    await ready(page);
    const formId = /forms\/([0-9a-f-]{36})/.exec(page.url())![1]!;
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Demande de test");
    await expectAccessible(page);

    // Step 1: a choice (no option yet) → publishing is refused with the reason.
    await page.getByRole("link", { name: "Edit step 1" }).click();
    await expect(page).toHaveURL(admin(`/${formId}/steps/step-1`));
    await ready(page);
    await expectAccessible(page);
    await page.locator("form#add-field #f-type").selectOption("choice");
    await page.locator("form#add-field #f-newLabels-fr").fill("Type de demande");
    await page.locator("form#add-field #f-code").fill("kind");
    await submit(page, "add-field");
    await expect(page).toHaveURL(admin(`/${formId}/fields/kind`));
    await ready(page);
    await expectAccessible(page);

    await goto(page, admin(`/${formId}`));
    await submit(page, "publish-form");
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("The choice “Type de demande” needs at least two options");

    // Its options.
    await goto(page, admin(`/${formId}/fields/kind`));
    await page.locator("#f-options-0-value").fill("meuble");
    await page.locator("#f-options-0-labels-fr").fill("Meuble");
    await page.locator("#f-options-1-value").fill("autre");
    await page.locator("#f-options-1-labels-fr").fill("Autre chose");
    await submit(page, "field-form", "Save the field");
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
    await expect(page.locator("#f-options-1-value")).toHaveValue("autre");
    await expectAccessible(page);

    // A text shown only when the choice is "autre".
    await goto(page, admin(`/${formId}/steps/step-1`));
    await page.locator("form#add-field #f-type").selectOption("text");
    await page.locator("form#add-field #f-newLabels-fr").fill("Précisez");
    await page.locator("form#add-field #f-code").fill("detail");
    await submit(page, "add-field");
    await expect(page).toHaveURL(admin(`/${formId}/fields/detail`));
    await ready(page);
    // Only earlier fields are offered.
    await expect(page.locator("#f-rules-0-field option")).toHaveText(["No field (no rule)", "Type de demande (kind)"]);
    await page.locator("#f-rules-0-field").selectOption("kind");
    await page.locator("#f-rules-0-op").selectOption("equals");
    await page.locator("#f-rules-0-value").fill("autre");
    await submit(page, "field-form", "Save and add another rule");
    await expect(page.locator("#f-rules-1-field")).toBeVisible();
    await expect(page.locator("#f-rules-0-value")).toHaveValue("autre");
    await expectAccessible(page);

    // Step 2 with a file field.
    await goto(page, admin(`/${formId}`));
    await page.locator("#f-stepTitles-fr").fill("Pièces justificatives");
    await submit(page, "add-step");
    await expect(page).toHaveURL(admin(`/${formId}/steps/step-2`));
    await ready(page);
    await page.locator("form#add-field #f-type").selectOption("file");
    await page.locator("form#add-field #f-newLabels-fr").fill("Justificatif");
    await submit(page, "add-field");
    await expect(page).toHaveURL(admin(`/${formId}/fields/justificatif`));
    await ready(page);
    await page.locator("#f-maxSizeMb").fill("5");
    await submit(page, "field-form", "Save the field");
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

    // Publish version 1.
    await goto(page, admin(`/${formId}`));
    await expect(page.getByText("The form can be published.")).toBeVisible();
    await submit(page, "publish-form");
    await expect(page.getByRole("status").filter({ hasText: "The form is published" })).toBeVisible();
    await expect(page.locator("#versions ~ table, section:has(#versions) table")).toContainText("Version 1");
    await expectAccessible(page);
    const form = await db().form.findUniqueOrThrow({ where: { id: formId } });
    const def = parseDefinition(form.definition);
    expect(def.steps.map((s) => s.fields.map((f) => f.id))).toEqual([["kind", "detail"], ["justificatif"]]);
    expect(def.steps[0]!.fields[1]!.conditions).toEqual({ mode: "all", rules: [{ field: "kind", op: "equals", value: "autre" }] });
    expect(def.steps[1]!.fields[0]!.validation).toMatchObject({ maxSizeMb: 5, fileKinds: ["pdf", "image"] });

    // The list shows it published, with its version.
    await goto(page, admin(""));
    const row = page.getByRole("row").filter({ hasText: "Demande de test" });
    await expect(row).toContainText("Published");
    await expect(row).toContainText("Version 1");

    // Citizens see it listed.
    const citizens = await page.goto(townUrl(world.slug, "/fr/requests"));
    expect(citizens?.status()).toBe(200);
    await expect(page.getByText("Demande de test")).toBeVisible();
    await expectAccessible(page);

    // In Arabic, right to left.
    await goto(page, admin(`/${formId}`, "ar"));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await goto(page, admin(`/${formId}/fields/detail`, "ar"));

    // Close it with a message.
    await goto(page, admin(`/${formId}`));
    await page.locator("form#close-form #f-closedMessages-fr").fill("Fermé pour l’été.");
    await submit(page, "close-form");
    await expect(page.getByRole("status").filter({ hasText: "Saved: the form is closed" })).toBeVisible();
    await expect(page.getByText("Closed", { exact: true }).first()).toBeVisible();
    await expectAccessible(page);
    expect(await db().form.findUniqueOrThrow({ where: { id: formId } })).toMatchObject({ status: "closed", closedMessages: { fr: "Fermé pour l’été." } });
    // Citizens now see the closing message instead of a way in.
    await page.goto(townUrl(world.slug, "/fr/requests"));
    await expect(page.getByText("Fermé pour l’été.")).toBeVisible();
  });

  test("an agent without forms:design is refused", async ({ page }) => {
    const world = await createTestWorld({ agents: [{ role: "agent", local: "clerk" }] });
    await enableForms(world);
    const form = await db().form.create({
      data: { tenantId: world.id, slug: "interdit", titles: { fr: "Interdit" }, definition: { steps: [] }, workflow: {}, referencePrefix: "IN" },
    });
    await signIn(page, world.slug, "en", world.agents.clerk!.email);
    for (const path of ["", "/new", `/${form.id}`]) {
      const response = await page.goto(townUrl(world.slug, `/en/admin/forms${path}`));
      expect(response?.status(), path).toBe(403);
      await expectAccessible(page);
    }
  });

  test("the builder does not exist in a town without the forms module", async ({ page }) => {
    const world = await createTestWorld();
    await signIn(page, world.slug, "en", world.agents.admin!.email);
    const response = await page.goto(townUrl(world.slug, "/en/admin/forms"));
    expect(response?.status()).toBe(404);
  });
});
