// The platform operator on the root domain: signs in, opens a town whose first administrator signs in
// on the new subdomain through the e-mailed invitation, reads the capture mailbox, suspends a town.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { createOperator } from "@/lib/platform/service/operators";
import { createTestTown, eventuallyStatus, expectAccessible, linkIn, PASSWORD, platformUrl, readMail, townUrl, watchConsole } from "./fixtures";

async function operatorSignIn(page: Page, locale = "en") {
  const email = `op-${randomBytes(4).toString("hex")}@example.org`;
  await createOperator({ email, name: "Test Operator", password: PASSWORD, locale: "en" });
  await page.goto(platformUrl(`/${locale}/operator`));
  await expect(page).toHaveURL(/\/operator\/sign-in/);
  await page.locator("#f-email").fill(email);
  await page.locator("#f-password").fill(PASSWORD);
  await page.locator("form#sign-in button[type=submit]").click();
  await expect(page).toHaveURL(platformUrl(`/${locale}/operator`));
  return email;
}

test("[OPERATOR] creates a town; its administrator signs in on the new subdomain through the e-mailed invitation", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const checkConsole = watchConsole(page);
  await operatorSignIn(page);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Open a town" }).first().click();
  await expectAccessible(page);
  const slug = `new-${randomBytes(3).toString("hex")}`;
  const name = `Neuville ${slug}`;
  const adminEmail = `mayor-${slug}@example.org`;
  // A first try with mistakes: the form answers with every problem and keeps what was typed.
  await page.getByLabel("Web address").fill("Not A Slug");
  await page.getByRole("button", { name: "Open the town" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("lower-case letters, digits and hyphens");
  await expect(summary).toContainText("Enter the town's name in its default language");
  await expect(page.getByLabel("Web address")).toHaveValue("Not A Slug");
  await page.getByLabel("Web address").fill(slug);
  await page.getByLabel("Town name in français").fill(name);
  await page.getByRole("checkbox", { name: "English" }).check();
  await page.getByLabel("Name", { exact: true }).fill("Maria Mayor");
  await page.getByLabel("Email address").fill(adminEmail);
  const sent = new Date(Date.now() - 1000);
  await page.getByRole("button", { name: "Open the town" }).click();
  await expect(page).toHaveURL(platformUrl(`/en/operator/towns/${slug}?done=created`));
  await expect(page.getByRole("status")).toContainText("The town is open");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  await expectAccessible(page);

  // The invitation, read in the operator's mailbox as well as through the capture table.
  const mail = await readMail(adminEmail, { after: sent });
  await page.getByRole("link", { name: "Mailbox" }).click();
  await expectAccessible(page);
  await page.getByRole("row").filter({ hasText: adminEmail }).first().getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(mail.subject);
  await expectAccessible(page);
  const link = linkIn(mail.text, townUrl(slug, "/fr/admin/invitation?token="));
  checkConsole();

  const context = await browser.newContext();
  const mayor = await context.newPage();
  await eventuallyStatus(mayor, townUrl(slug, "/fr"), 200);
  await mayor.goto(link);
  await mayor.locator("#f-password").fill("the mayor's passphrase");
  await mayor.locator("#f-confirm").fill("the mayor's passphrase");
  await mayor.locator("form#new-password button[type=submit]").click();
  await expect(mayor).toHaveURL(townUrl(slug, "/fr/admin/sign-in?done=password"));
  await mayor.locator("#f-email").fill(adminEmail);
  await mayor.locator("#f-password").fill("the mayor's passphrase");
  await mayor.locator("form#sign-in button[type=submit]").click();
  await expect(mayor).toHaveURL(townUrl(slug, "/fr/admin"));
  await expect(mayor.locator("header")).toContainText(name);
  await context.close();
});

test("[OPERATOR] suspends and reopens a town; health and mailbox are accessible in Arabic", async ({ page }) => {
  test.setTimeout(90_000);
  const town = await createTestTown();
  await eventuallyStatus(page, townUrl(town.slug, "/fr"), 200);
  await operatorSignIn(page, "ar");
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expectAccessible(page);
  for (const path of ["/ar/operator/health", "/ar/operator/mailbox", "/ar/operator/towns/new"]) {
    expect((await page.goto(platformUrl(path)))?.status()).toBe(200);
    await expectAccessible(page);
  }
  await page.goto(platformUrl(`/en/operator/towns/${town.slug}`));
  await page.getByRole("button", { name: "Suspend the town" }).click();
  await expect(page.getByRole("status").filter({ hasText: "status has been changed" })).toBeVisible();
  await eventuallyStatus(page, townUrl(town.slug, "/fr"), 410);
  await page.getByRole("button", { name: "Reopen the town" }).click();
  await eventuallyStatus(page, townUrl(town.slug, "/fr"), 200);
});

test("[OPERATOR] the operator's pages are closed to visitors and to town agents", async ({ page }) => {
  const response = await page.goto(platformUrl("/en/operator/health"));
  expect(response?.status()).toBe(200);
  await expect(page).toHaveURL(/\/en\/operator\/sign-in\?next=/);
  await page.locator("#f-email").fill("admin@lutece.example.org");
  await page.locator("#f-password").fill("civitas-demo-2026");
  await page.locator("form#sign-in button[type=submit]").click();
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("incorrect");
});
