// The citizen's booking flow in Chromium: every step in French and in Arabic (right to left), without
// JavaScript, the manage link from the e-mail (move, then cancel), an expired and stolen hold, a slot
// taken while choosing, another town's ids, and axe-core on every step.
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { bookDirect } from "@/lib/appointments/service/book-appointment";
import { localDate } from "@/lib/appointments/slots";
import { setTenantModules } from "@/lib/tenancy/repo";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createTestTown, createTestWorld, enableAppointments, expectAccessible, expectAccessible as checkAccessible, get, linkIn, port, readMail, signIn, submitAndWait, townUrl, waitForChallenge, watchConsole } from "./fixtures";

type TWorld = Awaited<ReturnType<typeof bookableTown>>;

/** A town of its own with the appointments module on and one bookable service. */
async function bookableTown(options: { locales?: ("fr" | "en" | "ar")[]; capacity?: number; ants?: boolean } = {}) {
  const town = await createTestTown({ enabledLocales: options.locales ?? ["fr", "en", "ar"] });
  const tenant = await enableAppointments(town);
  const { service, sites } = await createBookableService(tenant, {
    capacity: options.capacity ?? 3,
    service: {
      maxPeople: 2,
      antsField: options.ants === false ? "off" : "optional",
      customFields: [{ id: "reason", type: "choice", required: true, labels: { fr: "Motif", en: "Reason", ar: "السبب" }, options: [{ value: "new", labels: { fr: "Première demande", en: "First application", ar: "طلب أول" } }, { value: "renew", labels: { fr: "Renouvellement", en: "Renewal", ar: "تجديد" } }] }],
    },
  });
  return { town, tenant, service, site: sites[0]!, day: localDate(tomorrowAt(tenant, "10:00"), tenant.timeZone) };
}

async function waitForModule(page: Page, slug: string) {
  await expect.poll(async () => (await get(page.request, townUrl(slug, "/fr/appointments"), { maxRedirects: 0 })).status(), { timeout: 10_000 }).toBe(200);
}

const submit = (page: Page) => page.locator("main form button[type=submit]").last();

/** Walks every step from the list of services to the confirmation; checks axe on each. */
async function bookThroughPages(page: Page, world: TWorld, locale: string, who: { first: string; last: string; email: string }, time = "10:00", options: { axe?: boolean; js?: boolean } = {}) {
  const { town, service } = world;
  const expectAccessible = options.axe === false ? async () => undefined : checkAccessible;
  await page.goto(townUrl(town.slug, `/${locale}/appointments`));
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  await expectAccessible(page);
  await page.locator(`main a[href="/${locale}/appointments/${service.id}"]`).click();

  // Start page (one site: straight to the days).
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Passeport test");
  await expectAccessible(page);
  await page.locator(`main a[href*="/appointments/${service.id}/days?"]`).click();

  // Days, grouped by week.
  await expect(page.locator("main h2").first()).toBeVisible();
  await expectAccessible(page);
  await page.locator(`main a[href*="day=${world.day}"]`).click();

  // Times with the places left.
  const start = tomorrowAt(world.tenant, time).toISOString();
  await expect(page.locator(`input[type=radio][value="${start}"]`)).toBeVisible();
  await expectAccessible(page);
  await page.locator(`input[type=radio][value="${start}"]`).check();
  await submit(page).click();

  // Details: a refused submission first (error summary, focus, nothing lost), then the real one.
  await expect(page).toHaveURL(/\/booking\/[\w-]+\/details$/);
  await expect(page.locator("[role=status]").first()).toBeVisible(); // the hold and its end
  await expectAccessible(page);
  await page.locator("#f-firstName").fill(who.first);
  await page.locator("#f-email").fill("not an email");
  await page.locator("#f-antsNumber").fill("12");
  await submit(page).click();
  const summary = page.locator("[role=alert][tabindex='-1']");
  await expect(summary).toBeVisible();
  await expect(summary.locator("a")).toHaveCount(4); // last name, e-mail, ANTS number, reason
  await expect(page.locator("#f-firstName")).toHaveValue(who.first);
  await expect(page.locator("#f-email")).toHaveValue("not an email");
  await expectAccessible(page);
  await page.locator("#f-lastName").fill(who.last);
  await page.locator("#f-email").fill(who.email);
  await page.locator("#f-antsNumber").fill("ab12 cd34ef");
  await page.locator("#f-f_reason-1").check();
  await submit(page).click();

  // Check your answers.
  await expect(page).toHaveURL(/\/booking\/[\w-]+\/check$/);
  await expect(page.locator("main dl")).toContainText(`${who.first} ${who.last}`);
  await expect(page.locator("main dl")).toContainText("AB12CD34EF");
  await expect(page.locator("main dl a[href$='/details']").first()).toBeVisible();
  await expectAccessible(page);
  if (options.js !== false) await waitForChallenge(page);
  await submit(page).click();

  // Confirmation = the manage page.
  await expect(page).toHaveURL(/\/appointments\/manage\/[\w-]+\?booked=1$/);
  const reference = (await page.locator("main strong").first().textContent())?.trim() ?? "";
  expect(reference).toMatch(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/);
  await expectAccessible(page);
  return { reference, manageUrl: page.url().replace(/\?booked=1$/, "") };
}

test.describe("[APPOINTMENTS] citizen booking", () => {
  // Each flow test walks eight pages with an axe-core audit on each.
  test.describe.configure({ timeout: 120_000 });

  test("the whole flow in French, then the e-mail's manage link: move, then cancel", async ({ page }) => {
    const done = watchConsole(page);
    const world = await bookableTown();
    await waitForModule(page, world.town.slug);
    const email = `jeanne.${world.town.slug}@example.net`;
    const { reference } = await bookThroughPages(page, world, "fr", { first: "Jeanne", last: "Martin", email }, "10:00");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rendez-vous confirmé");
    await expect(page.locator("main")).toContainText("Une photo"); // what to bring
    const ics = await get(page.request, townUrl(world.town.slug, new URL(page.url()).pathname + "/calendar"));
    expect(ics.headers()["content-type"]).toContain("text/calendar");
    expect(await ics.text()).toContain("BEGIN:VEVENT");

    // The e-mail: in French, with the reference and the manage link.
    const mail = await readMail(email);
    expect(mail.subject).toContain("Rendez-vous confirmé");
    expect(mail.text).toContain(reference);
    const link = linkIn(mail.text, townUrl(world.town.slug, "/fr/appointments/manage/"));
    await page.goto(link);
    await expect(page.locator("main dl")).toContainText(reference);

    // Move it to 11:00.
    await page.locator("main a[href*='manage=']").click();
    await page.locator(`main a[href*="day=${world.day}"]`).click();
    const eleven = tomorrowAt(world.tenant, "11:00").toISOString();
    await page.locator(`input[type=radio][value="${eleven}"]`).check();
    await expectAccessible(page);
    await submit(page).click();
    await expect(page).toHaveURL(/\?moved=1$/);
    await expect(page.locator("main [role=status]").first()).toBeVisible();
    await expect(page.locator("main dl")).toContainText("11:00");
    await expectAccessible(page);

    // Cancel it: a confirmation step first.
    await page.locator(`main a[href$="/cancel"]`).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Annuler votre rendez-vous ?");
    await expectAccessible(page);
    await submit(page).click();
    await expect(page).toHaveURL(/\?cancelled=1$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rendez-vous annulé");
    await expectAccessible(page);
    // Both places are free again at once: 3 of 3 at 10:00 and at 11:00.
    const row = await db().appointment.findFirst({ where: { tenantId: world.town.id, reference } });
    expect(row?.status).toBe("cancelled");
    const taken = await db().appointmentPlace.count({ where: { tenantId: world.town.id, appointmentId: { not: null } } });
    expect(taken).toBe(0);
    done();
  });

  test("the whole flow in Arabic, right to left", async ({ page }) => {
    const world = await bookableTown();
    await waitForModule(page, world.town.slug);
    await page.goto(townUrl(world.town.slug, "/ar/appointments"));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    const { reference } = await bookThroughPages(page, world, "ar", { first: "ليلى", last: "حداد", email: `layla.${world.town.slug}@example.net` });
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("تم حجز الموعد");
    const mail = await readMail(`layla.${world.town.slug}@example.net`);
    expect(mail.text).toContain(reference);
  });

  test("the whole flow works without JavaScript", async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const world = await bookableTown();
    await waitForModule(page, world.town.slug);
    // (axe-core runs on every step of the flows with JavaScript; here the point is the forms without it)
    const { reference } = await bookThroughPages(page, world, "fr", { first: "Paul", last: "Durand", email: `paul.${world.town.slug}@example.net` }, "10:00", { axe: false, js: false });
    expect(await db().appointment.count({ where: { tenantId: world.town.id, reference, status: "booked" } })).toBe(1);
    // Cancelling works without JavaScript too.
    await page.locator(`main a[href$="/cancel"]`).click();
    await submit(page).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rendez-vous annulé");
    await context.close();
  });

  test("an expired hold whose place was taken sends back to the times, keeping what was typed", async ({ page }) => {
    const world = await bookableTown({ capacity: 1 });
    await waitForModule(page, world.town.slug);
    await page.goto(townUrl(world.town.slug, `/fr/appointments/${world.service.id}/times?site=${world.site.id}&day=${world.day}`));
    const ten = tomorrowAt(world.tenant, "10:00");
    await page.locator(`input[type=radio][value="${ten.toISOString()}"]`).check();
    await submit(page).click();
    await page.locator("#f-firstName").fill("Inès");
    await page.locator("#f-lastName").fill("Roux");
    await page.locator("#f-email").fill(`ines.${world.town.slug}@example.net`);
    await page.locator("#f-f_reason-0").check();
    await submit(page).click();
    await expect(page).toHaveURL(/\/check$/);
    // Ten minutes pass; someone else books the place.
    await db().$executeRaw`UPDATE appointment_place SET "heldUntil" = now() - interval '1 second' WHERE "tenantId" = ${world.town.id}::uuid AND "holdId" IS NOT NULL`;
    await db().$executeRaw`UPDATE appointment_hold SET "expiresAt" = now() - interval '1 second' WHERE "tenantId" = ${world.town.id}::uuid`;
    await bookDirect({ tenant: world.tenant, service: world.service, siteId: null, start: ten, people: 1, details: citizen(`thief-${world.town.slug}`), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: world.town.id, actor: { type: "system" } } });
    await waitForChallenge(page);
    await submit(page).click();
    await expect(page).toHaveURL(/\/times\?.*expired=1/);
    await expect(page.locator("main [role=alert]").first()).toContainText("n’est plus réservé");
    await expect(page.locator(`input[type=radio][value="${ten.toISOString()}"]`)).toHaveCount(0);
    await expectAccessible(page);
    const eleven = tomorrowAt(world.tenant, "11:00").toISOString();
    await page.locator(`input[type=radio][value="${eleven}"]`).check();
    await submit(page).click();
    await expect(page.locator("#f-firstName")).toHaveValue("Inès");
    await expect(page.locator("#f-email")).toHaveValue(`ines.${world.town.slug}@example.net`);
    await submit(page).click();
    await submit(page).click();
    await expect(page).toHaveURL(/\?booked=1$/);
    expect(await db().appointment.count({ where: { tenantId: world.town.id, startsAt: new Date(eleven), status: "booked" } })).toBe(1);
  });

  test("a time taken while the citizen was choosing: a clear error, the other times still offered", async ({ page }) => {
    const world = await bookableTown({ capacity: 1 });
    await waitForModule(page, world.town.slug);
    await page.goto(townUrl(world.town.slug, `/fr/appointments/${world.service.id}/times?site=${world.site.id}&day=${world.day}`));
    const ten = tomorrowAt(world.tenant, "10:00");
    await page.locator(`input[type=radio][value="${ten.toISOString()}"]`).check();
    await bookDirect({ tenant: world.tenant, service: world.service, siteId: null, start: ten, people: 1, details: citizen(`fast-${world.town.slug}`), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: world.town.id, actor: { type: "system" } } });
    await submit(page).click();
    const summary = page.locator("[role=alert][tabindex='-1']");
    await expect(summary).toBeFocused();
    await expect(summary).toContainText("vient d’être réservé par quelqu’un d’autre");
    await expect(page).toHaveURL(/\/times\?/);
    await expect(page.locator(`input[type=radio][value="${ten.toISOString()}"]`)).toHaveCount(0);
    await expectAccessible(page);
  });

  test("another town's service, booking and manage token are not found here", async ({ page }) => {
    const a = await bookableTown();
    const b = await bookableTown();
    await waitForModule(page, a.town.slug);
    await waitForModule(page, b.town.slug);
    const inB = await bookDirect({ tenant: b.tenant, service: b.service, siteId: null, start: tomorrowAt(b.tenant, "09:00"), people: 1, details: citizen(`b-${b.town.slug}`), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: b.town.id, actor: { type: "system" } } });
    for (const path of [
      `/fr/appointments/${b.service.id}`,
      `/fr/appointments/${b.service.id}/days?site=${b.site.id}`,
      `/fr/appointments/manage/${inB.manageToken}`,
      `/fr/appointments/manage/${inB.manageToken}/calendar`,
    ]) {
      const response = await get(page.request, townUrl(a.town.slug, path), { maxRedirects: 0 });
      expect([404, 307], path).toContain(response.status());
      if (response.status() === 307) expect(response.headers().location).toBe(`/fr/appointments/${a.service.id}`);
    }
    // B's site given to A's service is ignored: A's own site is used, nothing of B shows.
    const foreignSite = await get(page.request, townUrl(a.town.slug, `/fr/appointments/${a.service.id}/times?site=${b.site.id}&day=${a.day}`));
    expect(foreignSite.status()).toBe(200);
    expect(/name="siteId" value="([^"]+)"/.exec(await foreignSite.text())?.[1]).toBe(a.site.id);
    const response = await page.goto(townUrl(a.town.slug, `/fr/appointments/${b.service.id}`));
    expect(response?.status()).toBe(404);
    await expectAccessible(page);
    // The same links work on B's own host.
    expect((await get(page.request, townUrl(b.town.slug, `/fr/appointments/manage/${inB.manageToken}`))).status()).toBe(200);
  });

  test("a town without the module has no appointment pages", async ({ page }) => {
    const town = await createTestTown();
    const response = await get(page.request, townUrl(town.slug, "/fr/appointments"), { maxRedirects: 0 });
    expect(response.status()).toBe(404);
    void port;
  });

  test("when a town switches online booking off, citizens can still see and cancel what they booked", async ({ page }) => {
    const world = await bookableTown();
    await waitForModule(page, world.town.slug);
    const booked = await bookDirect({ tenant: world.tenant, service: world.service, siteId: null, start: tomorrowAt(world.tenant, "09:00"), people: 1, details: citizen(`off-${world.town.slug}`), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: world.town.id, actor: { type: "system" } } });
    await setTenantModules(world.town.id, []);
    await expect.poll(async () => (await get(page.request, townUrl(world.town.slug, "/fr/appointments"), { maxRedirects: 0 })).status(), { timeout: 10_000 }).toBe(404);
    await page.goto(townUrl(world.town.slug, `/fr/appointments/manage/${booked.manageToken}`));
    await expect(page.locator("main dl")).toContainText(booked.appointment.reference);
    await expect(page.locator("main a[href*='manage=']")).toHaveCount(0); // moving needs booking
    await expectAccessible(page);
    await page.locator(`main a[href$="/cancel"]`).click();
    await submit(page).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Rendez-vous annulé");
  });
});

test.describe("[APPOINTMENTS][API-KEYS] the staff area's API keys", () => {
  test("an administrator creates a key (shown once, it works), then revokes it; an agent may not", async ({ page, browser, request }) => {
    const world = await createTestWorld({ agents: [{ role: "agent", local: "clerk" }] });
    await enableAppointments(world);
    await signIn(page, world.slug, "fr", world.agents.admin!.email);
    await page.goto(townUrl(world.slug, "/fr/admin/api-keys"));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Clés d’API");
    await expectAccessible(page);
    await page.locator("#f-name").fill("Portail de la préfecture");
    await submitAndWait(page, page.locator("main form button[type=submit]").first());
    const key = (await page.locator("main p.font-mono").textContent())?.trim() ?? "";
    expect(key).toMatch(/^civ_[0-9a-f]{8}_[\w-]{32}$/);
    await expect(page.locator("main table")).toContainText("Portail de la préfecture");
    await expect(page.locator("main table")).not.toContainText(key);
    await expectAccessible(page);
    const ping = () => get(request, townUrl(world.slug, "/api/v1/appointments/AAA-AAA-AAA"), { headers: { authorization: `Bearer ${key}` } });
    expect((await ping()).status()).toBe(404); // the key is accepted (unknown reference)
    await page.locator("main table form button[type=submit]").first().click();
    await expect(page.locator("main table")).toContainText("Révoquée");
    expect((await ping()).status()).toBe(401);
    const audit = await db().auditEntry.findMany({ where: { chain: world.id, action: { startsWith: "api-keys." } }, select: { action: true } });
    expect(audit.map((a) => a.action).sort()).toEqual(["api-keys.create", "api-keys.revoke"]);

    const context = await browser.newContext();
    const clerk = await context.newPage();
    await signIn(clerk, world.slug, "fr", world.agents.clerk!.email);
    const refused = await clerk.goto(townUrl(world.slug, "/fr/admin/api-keys"));
    expect(refused?.status()).toBe(403);
    await context.close();
  });
});
