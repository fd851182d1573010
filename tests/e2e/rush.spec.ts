// Rush readiness in Chromium (issue 9): a cached slot list shows a booking's effect at once; a client
// over its limit gets the translated 429 page and books nothing; a release's waiting room holds
// visitors until the release (without JavaScript: the page refreshes itself), refuses a forged token,
// then lets them choose a time; the pages ship no Next.js runtime.
import { expect, test, type Page } from "@playwright/test";
import { overLimit } from "@/lib/appointments/limits";
import { createRelease } from "@/lib/appointments/service/waiting-room";
import { addDays, localDate } from "@/lib/appointments/slots";
import { db } from "@/lib/core/db";
import { createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createTestTown, enableAppointments, expectAccessible, get, townUrl, waitForChallenge, watchConsole } from "./fixtures";
import { lead, text } from "./messages";

test.describe.configure({ timeout: 120_000 });

async function bookableTown() {
  const town = await createTestTown({ enabledLocales: ["fr", "ar"] });
  const tenant = await enableAppointments(town);
  const { service, sites } = await createBookableService(tenant, { capacity: 3 });
  return { town, tenant, service, site: sites[0]!, day: localDate(tomorrowAt(tenant, "10:00"), tenant.timeZone) };
}

const submit = (page: Page) => page.locator("main form button[type=submit]").last();

/** The "places left" hint shown with a time on the times page. */
async function placesShown(page: Page, start: string): Promise<string> {
  return (await page.locator(`main div:has(> input[value="${start}"])`).last().innerText()).replace(/\s+/g, " ");
}

test("a cached slot list shows a new booking's places left at once", async ({ page }) => {
  const done = watchConsole(page);
  const w = await bookableTown();
  const times = townUrl(w.town.slug, `/fr/appointments/${w.service.id}/times?site=${w.site.id}&day=${w.day}`);
  const start = tomorrowAt(w.tenant, "10:00").toISOString();
  await expect.poll(async () => (await get(page.request, times)).headers()["x-civitas-cache"], { timeout: 10_000 }).toBe("hit");

  await page.goto(times);
  expect(await placesShown(page, start)).toContain(text("fr", "Booking.placesLeft", { count: 3 }));
  // The citizen page carries no Next.js runtime: no script of /_next/, no inlined RSC payload.
  expect(await page.locator('script[src^="/_next/"]').count()).toBe(0);
  expect(await page.content()).not.toContain("__next_f");
  await expectAccessible(page);

  await page.locator(`input[type=radio][value="${start}"]`).check();
  await submit(page).click();
  await expect(page).toHaveURL(/\/details$/);
  await page.locator("#f-firstName").fill("Cécile");
  await page.locator("#f-lastName").fill("Caché");
  await page.locator("#f-email").fill(`cecile.${w.town.slug}@example.net`);
  await submit(page).click();
  await expect(page).toHaveURL(/\/check$/);
  await waitForChallenge(page);
  await expectAccessible(page);
  await submit(page).click();
  await expect(page).toHaveURL(/\/manage\/[\w-]+\?booked=1$/);

  // The list this process had cached is gone: the next visitor sees one place less.
  const after = await get(page.request, times);
  expect(after.headers()["x-civitas-cache"]).toBe("miss");
  await page.goto(times);
  expect(await placesShown(page, start)).toContain(text("fr", "Booking.placesLeft", { count: 2 }));
  // Another day's list was not dropped by this booking.
  done();
});

test("over its limit, a client gets the translated 429 page and books nothing", async ({ browser }) => {
  // The server trusts one proxy in these tests (TRUST_PROXY=1): this test has an address of its own.
  const ip = `198.51.100.${1 + Math.floor(Math.random() * 250)}`;
  const context = await browser.newContext({ javaScriptEnabled: false, extraHTTPHeaders: { "x-forwarded-for": ip } });
  const page = await context.newPage();
  const w = await bookableTown();
  // Five confirmations without a solved challenge already came from this address (counted in
  // PostgreSQL: this test process is "another server").
  for (let i = 0; i < 5; i++) expect(await overLimit("unchallenged", ip)).toBe(0);
  const start = tomorrowAt(w.tenant, "11:00").toISOString();
  await page.goto(townUrl(w.town.slug, `/fr/appointments/${w.service.id}/times?site=${w.site.id}&day=${w.day}`));
  await page.locator(`input[type=radio][value="${start}"]`).check();
  await submit(page).click();
  await page.locator("#f-firstName").fill("Robert");
  await page.locator("#f-lastName").fill("Automate");
  await page.locator("#f-email").fill(`robot.${w.town.slug}@example.net`);
  await submit(page).click();
  await expect(page).toHaveURL(/\/check$/);
  const [response] = await Promise.all([page.waitForNavigation(), submit(page).click()]);
  expect(response?.status()).toBe(429);
  expect(Number(response?.headers()["retry-after"])).toBeGreaterThan(0);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("fr", "RateLimit.title"));
  await expect(page.locator("main")).toContainText(text("fr", "RateLimit.leadUnchallenged"));
  expect(await db().appointment.count({ where: { tenantId: w.town.id } })).toBe(0);
  await context.close();
  // The same page with JavaScript (axe-core needs it), right to left.
  const jsContext = await browser.newContext();
  const js = await jsContext.newPage();
  const direct = await js.goto(townUrl(w.town.slug, "/ar/too-many-requests?wait=120&reason=address"));
  expect(direct?.status()).toBe(429);
  await expect(js.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(js.getByRole("heading", { level: 1 })).toHaveText(text("ar", "RateLimit.title"));
  await expectAccessible(js);
  await jsContext.close();
});

test("a release's waiting room: visitors wait for the release, a forged token gets no place, then they book", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  const w = await bookableTown();
  const today = localDate(new Date(), w.tenant.timeZone);
  const released = addDays(today, 2);
  const opensAt = new Date(Date.now() + 8_000);
  await createRelease(w.tenant.id, { serviceId: w.service.id, opensAt, slotsFrom: released, slotsUntil: released, admitPerMinute: 6000, queueBeforeMinutes: 60, queueAfterMinutes: 60, createdBy: "test" });

  // The service page announces it; choosing a day leads to the waiting room.
  const days = townUrl(w.town.slug, `/fr/appointments/${w.service.id}/days?site=${w.site.id}`);
  // (the server learns of the release through NOTIFY, a moment after it is written)
  await expect.poll(async () => (await get(page.request, days, { maxRedirects: 0 })).headers()["location"] ?? "", { timeout: 10_000 }).toContain("/queue");
  await page.goto(townUrl(w.town.slug, `/fr/appointments/${w.service.id}`));
  await expect(page.locator("main")).toContainText(lead("fr", "Booking.releaseAnnounced"));
  await page.goto(days);
  await expect(page).toHaveURL(/\/waiting-room\?site=/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(text("fr", "WaitingRoom.title"));
  await expect(page.locator("main")).toContainText(text("fr", "WaitingRoom.beforeDraw"));
  // It refreshes itself without JavaScript.
  await expect(page.locator('meta[http-equiv="refresh"]')).toHaveAttribute("content", /^\d+$/);
  // axe-core needs JavaScript: the same page in another browser, right to left.
  const jsContext = await browser.newContext();
  const js = await jsContext.newPage();
  await js.goto(townUrl(w.town.slug, `/ar/appointments/${w.service.id}/days?site=${w.site.id}`));
  await expect(js).toHaveURL(/\/ar\/appointments\/[\w-]+\/waiting-room/);
  await expect(js.locator("html")).toHaveAttribute("dir", "rtl");
  await expectAccessible(js);
  await jsContext.close();

  // A forged token (a real entry's id, a made-up signature) is not a place in the queue.
  const [cookie] = (await context.cookies()).filter((c) => c.name.startsWith("civitas-queue-"));
  expect(cookie).toBeDefined();
  const forger = await browser.newContext({ javaScriptEnabled: false });
  await forger.addCookies([{ ...cookie!, value: `${cookie!.value.split(".")[0]}.${"A".repeat(43)}` }]);
  const forged = await forger.newPage();
  await forged.goto(townUrl(w.town.slug, `/fr/appointments/${w.service.id}/days?site=${w.site.id}`));
  await expect(forged).toHaveURL(/\/waiting-room/);
  const forgedCookie = (await forger.cookies()).find((c) => c.name === cookie!.name);
  expect(forgedCookie?.value).not.toContain("A".repeat(43)); // a new entry of its own, at the back
  expect(await db().appointmentQueueEntry.count({ where: { tenantId: w.town.id } })).toBe(3);
  await forger.close();

  // After the release: admitted, on to the days (the released day now shows), and a time can be held.
  await page.waitForTimeout(Math.max(0, opensAt.getTime() - Date.now() + 500));
  await page.reload();
  await expect(page).toHaveURL(/\/days\?site=/);
  await page.locator(`main a[href*="day=${released}"]`).click();
  const start = (await page.locator("input[type=radio]").first().getAttribute("value"))!;
  await page.locator(`input[type=radio][value="${start}"]`).check();
  await submit(page).click();
  await expect(page).toHaveURL(/\/details$/);
  expect(await db().appointmentQueueEntry.findFirst({ where: { tenantId: w.town.id, holds: 1 } })).not.toBeNull();
  // While the room is open, confirming needs the proof of work: without JavaScript, a clear refusal.
  await page.locator("#f-firstName").fill("Nadia");
  await page.locator("#f-lastName").fill("Sans-Script");
  await page.locator("#f-email").fill(`nadia.${w.town.slug}@example.net`);
  await submit(page).click();
  await expect(page).toHaveURL(/\/check$/);
  await submit(page).click();
  await expect(page.locator("main [role=alert]").first()).toContainText(lead("fr", "Errors.challengeRequired"));
  expect(await db().appointment.count({ where: { tenantId: w.town.id } })).toBe(0);
  await context.close();
});
