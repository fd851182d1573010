// The waiting list and reminders in Chromium: a service whose every place is booked offers the
// waiting list; two citizens join through the pages (one in Arabic, right to left); a cancellation
// offers the place to the first by e-mail; when the offer runs out it goes to the second, who books
// through the e-mail's link; the first's link then says the offer ran out. A reminder arrives in the
// citizen's language and its text message shows on the admin mail page. axe-core on every page.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { formatInstant } from "@/lib/core/dates";
import { availableSlots, bookableDates } from "@/lib/appointments/service/availability";
import { bookDirect, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { addClosure, type TServiceInput } from "@/lib/appointments/service/configure";
import { cancelAppointment } from "@/lib/appointments/service/manage-appointment";
import { expireOffers } from "@/lib/appointments/service/waiting-offers";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createTestTown, createTestWorld, enableAppointments, expectAccessible, get, linkIn, readMail, signIn, townUrl, waitForChallenge } from "./fixtures";

const MINUTE = 60_000;
/** The first waiter reads French: the texts of the French catalogue (up to their first placeholder). */
const FR = JSON.parse(readFileSync(path.join(process.cwd(), "messages/fr.json"), "utf8")) as { Mail: Record<string, string>; WaitingList: Record<string, string> };
const lead = (text: string) => text.split("{")[0]!.trim();
const ONE_A_DAY = Object.fromEntries(["1", "2", "3", "4", "5", "6", "7"].map((d) => [d, [["10:00", "10:20"]]])) as Record<string, [string, string][]>;

function booking(tenant: TTenant, service: TDirectBooking["service"], start: Date, details: TDirectBooking["details"], locale = "fr"): TDirectBooking {
  return { tenant, service, siteId: null, start, people: 1, details, locale, idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: tenant.id, actor: { type: "system" } } };
}

/** A town whose one service (one place a day at 10:00) is booked out over its whole booking window, and closed after it. */
async function fullTown(locales: ("fr" | "en" | "ar")[]) {
  const town = await createTestTown({ enabledLocales: locales });
  const tenant = await enableAppointments(town);
  const { service, sites } = await createBookableService(tenant, { capacity: 1, weekly: ONE_A_DAY, service: { horizonWeeks: 1 } });
  const now = new Date();
  const window = bookableDates(tenant, service, now);
  const slots = await availableSlots(tenant, service, { from: window.first, to: window.last, now });
  const booked = [];
  for (const [i, slot] of slots.entries()) booked.push((await bookDirect(booking(tenant, service, slot.start, citizen(`${town.slug}-${i}`)))).appointment);
  const last = slots[slots.length - 1]!;
  await addClosure(tenant.id, { serviceId: service.id, startsAt: last.end, endsAt: new Date(last.end.getTime() + 60 * 24 * 60 * MINUTE) });
  return { town, tenant, service, site: sites[0]!, booked, last };
}

/** After a form is sent: the next page may be compiled on first use by a development server. */
const NAVIGATION = { timeout: 60_000 };

/** Mail goes through the outbox's job (retried with backoff if a send fails): wait generously. */
const MAIL_WAIT = 45_000;

async function waitForModule(page: Page, slug: string) {
  await expect.poll(async () => (await get(page.request, townUrl(slug, "/fr/appointments"), { maxRedirects: 0 })).status(), { timeout: 10_000 }).toBe(200);
}

const submit = (page: Page) => page.locator("main form button[type=submit]").last();

/**
 * sendDueReminders(now) for one town, run like the server's job in the server's runtime (tsx): the
 * text message is written with the interface catalogues, which Playwright's module loader cannot
 * import (JSON modules without an import attribute). Returns how many reminders were sent.
 */
async function sendDueReminders(now: Date, options: { tenantId: string }): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "civitas-e2e-"));
  const file = path.join(dir, "reminders.mts");
  writeFileSync(
    file,
    [
      'import { sendDueReminders } from "@/lib/appointments/service/reminders";',
      'import { stopBoss } from "@/lib/notifications/boss";',
      `const sent = await sendDueReminders(new Date(${now.getTime()}), { tenantId: ${JSON.stringify(options.tenantId)} });`,
      "await stopBoss();",
      'console.log(`SENT=${sent}`);',
      "process.exit(0);",
    ].join("\n"),
  );
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "--tsconfig", path.resolve("tsconfig.json"), file], { env: process.env });
      let out = "";
      child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on("data", (chunk: Buffer) => (out += chunk.toString()));
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`sendDueReminders exited with ${code}:\n${out}`))));
    });
    const match = /SENT=(\d+)/.exec(output);
    if (!match) throw new Error(`sendDueReminders printed no count:\n${output}`);
    return Number(match[1]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test.describe("[APPOINTMENTS][WAITING-LIST] waiting list and reminders", () => {
  test.describe.configure({ timeout: 300_000 });

  test("a full service offers the waiting list; a cancellation goes to the first waiter, then after expiry to the second, who books", async ({ page }) => {
    const { town, tenant, service, site, booked, last } = await fullTown(["fr", "en", "ar"]);
    await waitForModule(page, town.slug);

    // First citizen, in French: the days page offers the waiting list.
    const first = `first.${town.slug}@example.net`;
    await page.goto(townUrl(town.slug, `/fr/appointments/${service.id}/days?site=${site.id}`));
    const join = page.locator(`main a[href="/fr/appointments/${service.id}/waiting-list?site=${site.id}"]`);
    await expect(join).toBeVisible();
    await expectAccessible(page);
    await join.click();
    await expect(page).toHaveURL(new RegExp(`/fr/appointments/${service.id}/waiting-list\\?`));
    await expectAccessible(page);
    // A wrong address first: the error summary, nothing created.
    await page.locator("#f-email").fill("not an address");
    await submit(page).click();
    await expect(page.locator("[role=alert][tabindex='-1']")).toBeFocused();
    await expectAccessible(page);
    await page.locator("#f-email").fill(first);
    await submit(page).click();
    await expect(page).toHaveURL(/\/fr\/appointments\/waiting-list\/[\w-]+\?joined=1$/, NAVIGATION);
    await expect(page.locator("main [role=status] h1")).toBeVisible();
    await expect(page.locator("main dl")).toContainText(first);
    await expectAccessible(page);
    const joinedMail = await readMail(first, { timeoutMs: MAIL_WAIT });
    const firstLeave = linkIn(joinedMail.text, townUrl(town.slug, "/fr/appointments/waiting-list/"));
    // Joining again with the same address does not add a second place on the list.
    await page.goto(townUrl(town.slug, `/fr/appointments/${service.id}/waiting-list?site=${site.id}`));
    await page.locator("#f-email").fill(first.toUpperCase());
    const beforeRejoin = new Date();
    await submit(page).click();
    await expect(page).toHaveURL(/\?joined=1$/, NAVIGATION);
    expect(await db().appointmentWaiter.count({ where: { tenantId: town.id, email: first } })).toBe(1);
    const firstLink = linkIn((await readMail(first, { after: beforeRejoin, timeoutMs: MAIL_WAIT })).text, townUrl(town.slug, "/fr/appointments/waiting-list/"));
    expect(firstLink).not.toBe(firstLeave); // the latest e-mail's link is the one that works

    // Second citizen, in Arabic, right to left, with preferred days (every day the service opens).
    const second = `second.${town.slug}@example.net`;
    await page.goto(townUrl(town.slug, `/ar/appointments/${service.id}/days?site=${site.id}`));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expectAccessible(page);
    await page.locator(`main a[href="/ar/appointments/${service.id}/waiting-list?site=${site.id}"]`).click();
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("input[type=checkbox][name=weekdays]")).toHaveCount(7);
    await expectAccessible(page);
    await page.locator("#f-email").fill(second);
    for (const box of await page.locator("input[type=checkbox][name=weekdays]").all()) await box.check();
    await submit(page).click();
    await expect(page).toHaveURL(/\/ar\/appointments\/waiting-list\/[\w-]+\?joined=1$/, NAVIGATION);
    await expectAccessible(page);
    expect(await db().appointmentWaiter.findFirst({ where: { tenantId: town.id, email: second } })).toMatchObject({ status: "waiting", locale: "ar", weekdays: [1, 2, 3, 4, 5, 6, 7] });

    // A booking is cancelled: the place is offered to the first waiter (the offer job, after the commit).
    const beforeOffer = new Date();
    await cancelAppointment(tenant, booked[booked.length - 1]!.id, null, { notify: false });
    const offer = await readMail(first, { after: beforeOffer, timeoutMs: MAIL_WAIT });
    expect(offer.subject).toContain(lead(FR.Mail.waitingOfferSubject!));
    const firstOffer = linkIn(offer.text, townUrl(town.slug, "/fr/appointments/booking/"));
    await page.goto(firstLink);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(FR.WaitingList.offeredTitle!);
    await expectAccessible(page);

    // Nobody books it in time: it goes to the second waiter.
    const beforeExpiry = new Date();
    expect(await expireOffers(new Date(Date.now() + 720 * MINUTE + MINUTE), { tenantId: town.id })).toBe(1);
    const secondOffer = await readMail(second, { after: beforeExpiry, timeoutMs: MAIL_WAIT });
    const link = linkIn(secondOffer.text, townUrl(town.slug, "/ar/appointments/booking/"));
    const expired = await readMail(first, { after: beforeExpiry, timeoutMs: MAIL_WAIT });
    expect(expired.subject).toContain(lead(FR.Mail.waitingExpiredSubject!));

    // The second waiter books through the link: the usual steps, the e-mail already filled in.
    await page.goto(link);
    await expect(page).toHaveURL(/\/details$/, NAVIGATION);
    await expect(page.locator("main [role=status]").first()).toBeVisible(); // held until…
    await expect(page.locator("#f-email")).toHaveValue(second);
    await expectAccessible(page);
    await page.locator("#f-firstName").fill("ليلى");
    await page.locator("#f-lastName").fill("حداد");
    await submit(page).click();
    await expect(page).toHaveURL(/\/check$/, NAVIGATION);
    await expectAccessible(page);
    await waitForChallenge(page);
    await submit(page).click();
    await expect(page).toHaveURL(/\/appointments\/manage\/[\w-]+\?booked=1$/, NAVIGATION);
    await expectAccessible(page);
    expect(await db().appointment.count({ where: { tenantId: town.id, email: second, status: "booked", startsAt: last.start } })).toBe(1);
    expect(await db().appointmentWaiter.findFirst({ where: { tenantId: town.id, email: second } })).toMatchObject({ status: "booked" });

    // The first waiter: their link says the offer ran out and they may join again; the old booking link no longer books.
    expect(await db().appointmentWaiter.findFirst({ where: { tenantId: town.id, email: first } })).toMatchObject({ status: "expired" });
    await page.goto(firstLink);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(FR.WaitingList.expiredTitle!);
    await expect(page.locator("main form")).toHaveCount(0);
    await expect(page.locator(`main a[href="/fr/appointments/${service.id}/waiting-list"]`)).toBeVisible();
    await expectAccessible(page);
    await page.goto(firstOffer);
    await expect(page.locator("main [role=alert]").first()).toBeVisible(); // the time held has run out
    // Another town's host does not know the link.
    const other = await createTestTown();
    expect((await get(page.request, townUrl(other.slug, new URL(firstLink).pathname))).status()).toBe(404);
  });

  test("leaving the waiting list by the e-mail's link, after a confirmation", async ({ page }) => {
    const { town, service, site } = await fullTown(["fr", "en"]);
    await waitForModule(page, town.slug);
    const email = `leave.${town.slug}@example.net`;
    await page.goto(townUrl(town.slug, `/en/appointments/${service.id}/waiting-list?site=${site.id}`));
    await page.locator("#f-email").fill(email);
    await submit(page).click();
    await expect(page).toHaveURL(/\?joined=1$/, NAVIGATION);
    const link = linkIn((await readMail(email, { timeoutMs: MAIL_WAIT })).text, townUrl(town.slug, "/en/appointments/waiting-list/"));
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your place on the waiting list");
    await expectAccessible(page);
    await submit(page).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have left the waiting list", NAVIGATION);
    await expectAccessible(page);
    expect(await db().appointmentWaiter.findFirst({ where: { tenantId: town.id, email } })).toMatchObject({ status: "left" });
  });

  test("a reminder arrives in the citizen's language, and its text message shows on the admin mail page", async ({ page }) => {
    const world = await createTestWorld({ locales: ["fr", "en"] });
    const tenant = await enableAppointments(world);
    const reminders: Partial<TServiceInput> = { reminderOffsets: [2 * 24 * 60, 120], reminderSms: true };
    const { service } = await createBookableService(tenant, { capacity: 2, service: reminders });
    const start = tomorrowAt(tenant, "10:00", 4);
    const email = `reminded.${world.slug}@example.net`;
    const { appointment } = await bookDirect(booking(tenant, service, start, { ...citizen("r"), email, phone: "06 12 34 56 78" }, "en"));
    const confirmation = await readMail(email, { timeoutMs: MAIL_WAIT });
    expect(await sendDueReminders(new Date(start.getTime() - 2 * 24 * 60 * MINUTE + MINUTE), { tenantId: tenant.id })).toBe(1);
    const mail = await readMail(email, { after: new Date(confirmation.receivedAt.getTime() + 1), timeoutMs: MAIL_WAIT });
    // In English (the citizen's language; the town's default is French), dates included.
    const when = formatInstant(start, "en", tenant.timeZone, { dateStyle: "full", timeStyle: "short" });
    expect(mail.subject).toBe(`Reminder: Passeport test, ${when}`);
    expect(mail.text).toContain(appointment.reference);
    expect(mail.text).toContain("use the link in your confirmation e-mail");
    expect(mail.html).toContain('lang="en"');

    await signIn(page, world.slug, "en", world.agents.admin!.email);
    await page.goto(townUrl(world.slug, "/en/admin/mail"));
    const sms = page.locator("main section[aria-labelledby=sms] table");
    await expect(sms).toContainText("0612345678");
    await expect(sms).toContainText(appointment.reference);
    await expect(sms).toContainText(world.name);
    await expectAccessible(page);
  });
});
