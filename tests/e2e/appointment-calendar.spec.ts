// The agents' calendar in Chromium: the day view's places (bookings, a hold, free places), the desk
// filter, the week's counts, the printable day sheet (navigation hidden on paper and in print mode),
// the same pages in Arabic (right to left), and calendar feeds (created, fetched, revoked → 404).
// axe-core on every page.
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { bookDirect, holdSlot } from "@/lib/appointments/service/book-appointment";
import { localDate } from "@/lib/appointments/slots";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createTestWorld, enableAppointments, expectAccessible, get, signIn, submitAndWait, townUrl } from "./fixtures";

test.describe.configure({ timeout: 120_000 });

/** A town with an administrator and an agent, a service of 2 desks, two bookings at 10:00 and a hold at 10:20 tomorrow. */
async function calendarWorld(locales: ("fr" | "en" | "ar")[] = ["fr", "en"]) {
  const world = await createTestWorld({ locales, agents: [{ role: "agent", local: "agent" }] });
  const tenant = await enableAppointments(world);
  const { service, sites } = await createBookableService(tenant, { capacity: 2 });
  const ten = tomorrowAt(tenant, "10:00");
  const book = (who: string) =>
    bookDirect({ tenant, service, siteId: null, start: ten, people: 1, details: citizen(`${who}-${world.slug}`), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: tenant.id, actor: { type: "system" } } });
  const first = (await book("cal1")).appointment;
  const second = (await book("cal2")).appointment;
  await holdSlot({ tenant, service, siteId: sites[0]!.id, start: tomorrowAt(tenant, "10:20"), people: 1, locale: "fr" });
  return { world, tenant, service, site: sites[0]!, first, second, day: localDate(ten, tenant.timeZone) };
}

const rows = (page: Page, status: string) => page.locator(`main table tbody tr[data-status="${status}"]`);
/** The staff area's side navigation (French: "Espace agents"). */
const adminNav = (page: Page) => page.getByRole("navigation", { name: "Espace agents" });

async function openCalendar(page: Page, tenant: TTenant, locale: string, query: string) {
  await page.goto(townUrl(tenant.slug, `/${locale}/admin/appointments/calendar?${query}`));
  await expect(page.locator("main table caption")).toBeAttached();
}

test("day view, desk filter, week view and the printable day sheet", async ({ page }) => {
  const { world, tenant, site, first, second, day } = await calendarWorld();
  await signIn(page, world.slug, "fr", world.agents.agent!.email);

  // The menu leads to the calendar (today); the filter form takes us to tomorrow.
  await page.goto(townUrl(world.slug, "/fr/admin/appointments/calendar"));
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await page.locator("#cal-date").fill(day);
  await page.locator("main form[role=search] button[type=submit]").click();
  await expect(page).toHaveURL(new RegExp(`date=${day}`));

  // Day view: both bookings, the hold, and the free places (72 slots × 2 desks − 3).
  await expect(rows(page, "booked")).toHaveCount(2);
  for (const booking of [first, second]) {
    const link = page.locator(`main a[href="/fr/admin/appointments/${booking.id}"]`);
    await expect(link).toContainText(booking.reference);
  }
  await expect(rows(page, "booked").first()).toContainText(`Prénomcal`);
  await expect(rows(page, "held")).toHaveCount(1);
  await expect(rows(page, "held")).toContainText(/\d{2}:\d{2}/);
  await expect(rows(page, "free")).toHaveCount(72 * 2 - 3);
  await expect(page.locator("main table th[scope=col]")).toHaveCount(8);
  await expectAccessible(page);

  // Desk filter: desk 2 has the second booking only (the hold took desk 1 at 10:20).
  await page.locator("#cal-desk").selectOption("2");
  await page.locator("main form[role=search] button[type=submit]").click();
  await expect(page).toHaveURL(/desk=2/);
  await expect(rows(page, "booked")).toHaveCount(1);
  await expect(rows(page, "held")).toHaveCount(0);
  await expect(rows(page, "free")).toHaveCount(71);
  await expectAccessible(page);

  // Week view: tomorrow's counts, and a link to its day view.
  await openCalendar(page, tenant, "fr", `site=${site.id}&date=${day}&view=week`);
  const tomorrow = page.locator(`main table tbody[data-date="${day}"]`);
  await expect(tomorrow.locator("td[data-count=booked]")).toHaveText("2");
  await expect(tomorrow.locator("td[data-count=held]")).toHaveText("1");
  await expect(tomorrow.locator("td[data-count=free]")).toHaveText(String(72 * 2 - 3));
  await expect(page.locator("main table tbody")).toHaveCount(7);
  await expectAccessible(page);
  await tomorrow.locator("th a").click();
  await expect(page).toHaveURL(new RegExp(`date=${day}.*view=day`));
  await expect(rows(page, "booked")).toHaveCount(2);

  // On paper the day view loses the staff area's navigation, the filters and the links.
  await expect(adminNav(page)).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(adminNav(page)).toBeHidden();
  await expect(page.locator("main form[role=search]")).toBeHidden();
  await expect(page.locator("main table")).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // The print mode: the town, the site, the date and the table only.
  await page.locator("main a[href*='print=1']").click();
  await expect(page).toHaveURL(/print=1/);
  await expect(adminNav(page)).toBeHidden();
  await expect(page.locator("body > header, header").first()).toBeHidden();
  await expect(page.locator("main")).toContainText(world.name);
  await expect(page.locator("main")).toContainText("Site 1");
  await expect(page.locator("main form")).toHaveCount(0);
  await expect(page.locator('main a[href*="/admin/appointments/calendar?"]')).toBeVisible();
  await expect(rows(page, "booked")).toHaveCount(2);
  await expectAccessible(page);
  await page.emulateMedia({ media: "print" });
  await expect(page.locator("main table")).toBeVisible();
  const back = page.locator('main a[href*="/admin/appointments/calendar?"]');
  await expect(back).toHaveCount(1); // "back to the calendar": on screen only
  await expect(back).toBeHidden();
  await page.emulateMedia({ media: "screen" });
});

test("the calendar in Arabic, right to left", async ({ page }) => {
  const { world, tenant, site, day } = await calendarWorld(["fr", "ar"]);
  await signIn(page, world.slug, "ar", world.agents.admin!.email);
  await openCalendar(page, tenant, "ar", `site=${site.id}&date=${day}`);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(rows(page, "booked")).toHaveCount(2);
  await expectAccessible(page);
  await openCalendar(page, tenant, "ar", `site=${site.id}&date=${day}&view=week`);
  await expect(page.locator(`main table tbody[data-date="${day}"] td[data-count=booked]`)).toHaveText("2");
  await expectAccessible(page);
  await openCalendar(page, tenant, "ar", `site=${site.id}&date=${day}&print=1`);
  await expectAccessible(page);
  await page.goto(townUrl(world.slug, "/ar/admin/appointments/feeds"));
  await expectAccessible(page);
});

test("calendar feeds: created, fetched, listed with their last use, revoked", async ({ page }) => {
  const { world, site, first, second } = await calendarWorld();
  await signIn(page, world.slug, "fr", world.agents.agent!.email);
  await page.goto(townUrl(world.slug, "/fr/admin/appointments/calendar"));
  await page.locator('main a[href="/fr/admin/appointments/feeds"]').click();
  await expect(page).toHaveURL(townUrl(world.slug, "/fr/admin/appointments/feeds"));
  await expectAccessible(page);

  // Nothing chosen: the error summary says to choose a site or a service.
  await page.locator("#f-name").fill("Guichet");
  await submitAndWait(page, page.locator("form#new-feed-form button[type=submit]"));
  await expect(page.locator("[role=alert][tabindex='-1'] a[href='#f-siteId']")).toBeVisible();
  await expectAccessible(page);

  await page.locator("#f-name").fill("Guichet");
  await page.locator("#f-siteId").selectOption(site.id);
  await submitAndWait(page, page.locator("form#new-feed-form button[type=submit]"));
  const secret = page.locator("main .font-mono").first();
  await expect(secret).toContainText("/api/feeds/");
  const url = (await secret.textContent())!.trim();
  await expectAccessible(page);

  const response = await get(page.request, url);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("text/calendar");
  expect(response.headers()["cache-control"]).toBe("private, no-store");
  expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  // Long lines are folded (RFC 5545 §3.1): unfold before searching.
  const body = (await response.text()).replace(/\r\n[ \t]/g, "");
  expect(body).toContain("BEGIN:VCALENDAR");
  expect(body).toContain(first.reference);
  expect(body).toContain(second.reference);
  expect(body).not.toContain("@example.net");

  // The list shows it, used a moment ago; revoking it makes the address answer 404.
  await page.reload();
  const row = page.locator("main table tbody tr").filter({ hasText: "Guichet" });
  await expect(row).toBeVisible();
  await expect(row.locator("td").nth(4)).toHaveText(/\d/); // a date, not "never"
  expect((await db().appointmentFeed.findFirst({ where: { tenantId: world.id, name: "Guichet" } }))?.lastUsedAt).not.toBeNull();
  await expectAccessible(page);
  await row.locator("button[type=submit]").click();
  await expect(row.locator("button")).toHaveCount(0);
  await expect(row.locator("td").nth(5).locator("strong")).toBeVisible(); // the "revoked" tag
  const audit = await db().auditEntry.findMany({ where: { chain: world.id, action: { startsWith: "appointments.feed-" } }, select: { action: true } });
  expect(audit.map((a) => a.action).sort()).toEqual(["appointments.feed-create", "appointments.feed-revoke"]);
  const gone = await get(page.request, url);
  expect(gone.status()).toBe(404);
  expect(await gone.text()).not.toContain(first.reference);
});
