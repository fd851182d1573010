// The agents' inbox in Chromium: an agent filters, chooses columns (remembered in a cookie), opens a
// request, adds an internal note, runs workflow actions, downloads the CSV and the PDF, and runs a bulk
// action; an agent scoped to one form sees only its requests and gets 404 for the others; the pages in
// Arabic (right to left). axe-core on every page.
import { readFile } from "node:fs/promises";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { parseCsvFile } from "@/tests/fixtures/csv";
import { createPublishedForm, createSubmittedRequest } from "@/tests/fixtures/forms";
import { createTestWorld, enableForms, expectAccessible, get, PASSWORD, signIn, submitAndWait, townUrl } from "./fixtures";

// Several people share a busy development server: give pages time to answer.
const expect = baseExpect.configure({ timeout: 60_000 });

/** The module reaches the running server by NOTIFY: wait until its admin pages exist (redirect to sign-in, not 404). */
async function waitForModule(page: Page, slug: string) {
  await expect.poll(async () => (await get(page.request, townUrl(slug, "/en/admin/requests"), { maxRedirects: 0 })).status(), { timeout: 90_000 }).not.toBe(404);
}

async function download(page: Page, link: ReturnType<Page["getByRole"]>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), link.click()]);
  return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
}

async function world() {
  const w = await createTestWorld({ locales: ["fr", "en", "ar"] });
  const tenant = await enableForms(w);
  const bulky = await createPublishedForm(tenant, undefined, undefined, { title: "Bulky waste", prefix: "BW" });
  const certificate = await createPublishedForm(tenant, undefined, undefined, { title: "Certificate", prefix: "CS" });
  const r1 = await createSubmittedRequest(tenant, bulky, { what: "An old sofa", where: { street: "3 rue de la Paix", postcode: "75001", town: "Paris" }, items: ["sofa"] }, { name: "Hélène Dupont", locale: "fr" });
  const r2 = await createSubmittedRequest(tenant, bulky, { what: "A fridge", items: ["fridge"] }, { name: "فاطمة بن علي", locale: "ar" });
  const r3 = await createSubmittedRequest(tenant, certificate, { what: "Birth certificate" }, { name: "Jean Martin", locale: "en" });
  return { ...w, tenant, bulky, certificate, r1, r2, r3 };
}

test.describe("requests inbox", () => {
  test("an agent filters, chooses columns, opens a request, notes, acts, downloads CSV and PDF, and acts in bulk", async ({ page }) => {
    test.setTimeout(600_000);
    const w = await world();
    await waitForModule(page, w.slug);
    await signIn(page, w.slug, "en", w.agents.admin!.email);
    await page.goto(townUrl(w.slug, "/en/admin/requests"));
    await expect(page.getByRole("heading", { level: 1, name: "Requests" })).toBeVisible();
    await expect(page.locator("tbody tr")).toHaveCount(3);
    await expectAccessible(page);

    // Filter on the bulky-waste form and add the "Where" answer as a column, remove "Assigned to".
    await page.locator("#form").selectOption(w.bulky.form.id);
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(page.locator("tbody tr")).toHaveCount(2);
    await page.getByRole("checkbox", { name: "Where", exact: true }).check();
    await page.getByRole("checkbox", { name: "Assigned to", exact: true }).uncheck();
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    await expect(page.locator("thead th")).toContainText(["Select", "Reference", "Form", "State", "Citizen", "Sent on", "Where"]);
    await expect(page.locator("tbody")).toContainText("3 rue de la Paix, 75001 Paris");
    await expectAccessible(page);
    await submitAndWait(page, page.getByRole("button", { name: "Remember these columns" }));
    // Remembered: the same columns without them in the address.
    await page.goto(townUrl(w.slug, `/en/admin/requests?form=${w.bulky.form.id}`));
    await expect(page.locator("thead")).toContainText("Where");
    await expect(page.locator("thead")).not.toContainText("Assigned to");

    // Search by reference.
    await page.locator("#q").fill(w.r1.reference!.slice(0, 9));
    await page.getByRole("button", { name: "Apply", exact: true }).click();
    // A prefix may match another request of the world too (references are random): r1 is among the rows.
    await expect(page.locator("tbody tr").filter({ hasText: w.r1.reference! })).toHaveCount(1);

    // CSV of the filtered list.
    await page.goto(townUrl(w.slug, `/en/admin/requests?form=${w.bulky.form.id}`));
    const csv = await download(page, page.getByRole("link", { name: "CSV" }));
    expect(csv.name).toMatch(/^requests-.*\.csv$/);
    const rows = parseCsvFile(csv.bytes);
    expect(rows[0]!.slice(0, 8)).toEqual(["Reference", "Form", "Version", "State", "Sent on", "Name", "E-mail", "Assigned to"]);
    expect(rows.slice(1).map((r) => r[0]).sort()).toEqual([w.r1.reference, w.r2.reference].sort());

    // The request page.
    await page.getByRole("link", { name: w.r1.reference!, exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Request ${w.r1.reference}`);
    await expect(page.locator("main")).toContainText("An old sofa");
    await expectAccessible(page);

    // An internal note.
    await page.locator("#f-body").fill("Called the citizen: the sofa is in the courtyard.");
    await submitAndWait(page, page.getByRole("button", { name: "Add the note" }));
    await expect(page.locator("section[aria-labelledby=history]")).toContainText("the sofa is in the courtyard");

    // "Take it" (no input): in progress, assigned to the agent.
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Take it" }).click()]);
    await expect(page.locator("dl").first()).toContainText("In progress");
    // "Accept" takes an optional message: its form opens first.
    await page.getByRole("link", { name: "Accept" }).click();
    await page.locator("#f-comment").fill("Pickup on Monday morning.");
    await expectAccessible(page);
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Accept" }).click()]);
    await expect(page.locator("dl").first()).toContainText("Done");
    await expect(page.locator("section[aria-labelledby=history]")).toContainText("Pickup on Monday morning.");

    const pdf = await download(page, page.getByRole("link", { name: "Download as PDF" }));
    expect(pdf.name).toBe(`${w.r1.reference}.pdf`);
    expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");

    // Bulk: assign the remaining requests to me.
    await page.goto(townUrl(w.slug, "/en/admin/requests"));
    await page.getByLabel(`Select the request ${w.r2.reference}`).check();
    await page.getByLabel(`Select the request ${w.r3.reference}`).check();
    await page.locator("#f-bulk").selectOption("assign-me");
    await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.getByRole("button", { name: "Apply to the selected requests" }).click()]);
    await expect(page.getByRole("status").filter({ hasText: "2 requests changed" })).toBeVisible();
    await expectAccessible(page);
  });

  test("an agent scoped to one form sees only its requests; the others are not found", async ({ page }) => {
    test.setTimeout(300_000);
    const w = await world();
    await waitForModule(page, w.slug);
    const email = `scoped@${w.slug}.test`;
    await createAgentWithPassword({ tenantId: w.id, email, name: "Scoped agent", password: PASSWORD, roles: ["agent"], scope: [`form:${w.bulky.form.id}`] });
    await signIn(page, w.slug, "en", email);
    await page.goto(townUrl(w.slug, "/en/admin/requests"));
    await expect(page.locator("tbody tr")).toHaveCount(2);
    await expect(page.locator("tbody")).not.toContainText(w.r3.reference!);
    await expect(page.locator("#form option")).toHaveCount(2);
    await expectAccessible(page);
    const other = await page.goto(townUrl(w.slug, `/en/admin/requests/${w.r3.id}`));
    expect(other?.status()).toBe(404);
    const status = await page.evaluate(async (url) => (await fetch(url, { redirect: "manual" })).status, `/en/admin/requests/${w.r3.id}/pdf`);
    expect(status).toBe(404);
  });

  test("the inbox and a request page in Arabic", async ({ page }) => {
    test.setTimeout(300_000);
    const w = await world();
    await waitForModule(page, w.slug);
    // The Arabic dashboard may be compiled for the first time: warm it up before signing in.
    await get(page.request, townUrl(w.slug, "/ar/admin"), { maxRedirects: 0, timeout: 120_000 });
    await signIn(page, w.slug, "ar", w.agents.admin!.email);
    await page.goto(townUrl(w.slug, "/ar/admin/requests"));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("tbody tr")).toHaveCount(3);
    await expectAccessible(page);
    await page.goto(townUrl(w.slug, `/ar/admin/requests/${w.r2.id}`));
    await expect(page.locator("main")).toContainText("A fridge");
    await expectAccessible(page);
  });
});
