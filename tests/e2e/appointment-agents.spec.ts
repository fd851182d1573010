// The agents' side of appointments in Chromium: opening hours edited with a preview, an .ics closure
// imported with its affected citizens told (mail captured), booking for a citizen and overbooking
// (only with the permission), move / cancel with a message, no-show, comments, an agent scoped to one
// service, and axe-core on every admin page visited (also in Arabic, right to left).
import { randomUUID } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { findService } from "@/lib/appointments/repo";
import { availableSlots } from "@/lib/appointments/service/availability";
import { bookDirect } from "@/lib/appointments/service/book-appointment";
import { newReference } from "@/lib/appointments/service/book-appointment";
import { addDays, localDate } from "@/lib/appointments/slots";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createTestWorld, enableAppointments, expectAccessible, get, PASSWORD, readMail, signIn, submitAndWait, townUrl } from "./fixtures";

type TLocale = "fr" | "en" | "ar";

async function agentsWorld(locales: TLocale[] = ["fr", "en"], capacity = 2) {
  const world = await createTestWorld({ locales, agents: [{ role: "agent", local: "clerk" }, { role: "service-manager", local: "manager" }] });
  const tenant = await enableAppointments(world);
  const { service, sites } = await createBookableService(tenant, { capacity });
  const tomorrow = localDate(tomorrowAt(tenant, "10:00"), tenant.timeZone);
  return { world, tenant, service, site: sites[0]!, tomorrow };
}

const directBooking = (w: Awaited<ReturnType<typeof agentsWorld>>, time: string, who: string, locale = "en") =>
  bookDirect({ tenant: w.tenant, service: w.service, siteId: null, start: tomorrowAt(w.tenant, time), people: 1, details: { ...citizen(who), email: `${who}-${w.world.slug}@example.net` }, locale, idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: w.tenant.id, actor: { type: "system", label: "e2e" } } });

const admin = (w: Awaited<ReturnType<typeof agentsWorld>>, locale: TLocale, path: string) => townUrl(w.world.slug, `/${locale}/admin${path}`);

async function goto(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await expectAccessible(page);
}

test.describe("appointments: the agents' side", () => {
  test("an agent changes opening hours after previewing them; contradictory hours are explained", async ({ page }) => {
    const w = await agentsWorld();
    await signIn(page, w.world.slug, "en", w.world.agents.manager!.email);
    await goto(page, admin(w, "en", `/appointment-services/${w.service.id}/hours`));
    const form = page.locator("form#rule-form");
    await form.locator("#f-validFrom").fill(w.tomorrow);
    await form.locator("#f-validUntil").fill(addDays(w.tomorrow, 6));
    for (const d of ["1", "2", "3", "4", "5", "6", "7"]) await form.locator(`#f-day${d}`).fill("");
    const weekday = ((new Date(`${w.tomorrow}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    await form.locator(`#f-day${weekday}`).fill("09:00-12:00, 11:00-13:00");
    await page.getByRole("button", { name: "Preview the times" }).click();
    await expect(page).toHaveURL(/preview=1/, { timeout: 30_000 });
    await expect(page.getByText("“09:00-12:00” and “11:00-13:00” overlap")).toBeVisible();
    await expectAccessible(page);
    // The preview kept what was typed: fix it and preview again.
    await page.locator(`form#rule-form #f-day${weekday}`).fill("09:00-10:00");
    await page.getByRole("button", { name: "Preview the times" }).click();
    const preview = page.locator("#preview table");
    await expect(preview).toContainText("9:00 AM · 9:20 AM · 9:40 AM");
    await expectAccessible(page);
    await page.locator("form#rule-form button[type=submit]").last().click();
    await expect(page).toHaveURL(/saved=1/, { timeout: 30_000 });
    await expect(page.locator("main table").first()).toContainText(`${w.tomorrow} to ${addDays(w.tomorrow, 6)}`);
    await page.locator("form#rule-form #f-validFrom").fill(addDays(w.tomorrow, 3));
    await page.locator("form#rule-form #f-validUntil").fill(addDays(w.tomorrow, 20));
    await page.locator(`form#rule-form #f-day${weekday}`).fill("14:00-15:00");
    // Saving a timetable that overlaps that week partly is refused, with the reason (nothing saved).
    await submitAndWait(page, page.locator("form#rule-form button[type=submit]").last());
    await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("overlaps the timetable");
    await expectAccessible(page);
    // Citizens are offered exactly the new hours tomorrow.
    const service = await findService(w.tenant.id, w.service.id);
    const slots = await availableSlots(w.tenant, service!, { from: w.tomorrow, to: w.tomorrow });
    expect(slots.map((s) => s.start.toISOString())).toEqual(["09:00", "09:20", "09:40"].map((t) => tomorrowAt(w.tenant, t).toISOString()));
  });

  test("an .ics closure is previewed, imported, and the citizens it hits are told in one action", async ({ page }) => {
    const w = await agentsWorld();
    const hit = await directBooking(w, "10:00", "closed");
    await directBooking(w, "10:00", "closed-too");
    await signIn(page, w.world.slug, "en", w.world.agents.admin!.email);
    await goto(page, admin(w, "en", `/appointment-services/${w.service.id}/closures`));
    const day = w.tomorrow.replaceAll("-", "");
    const next = addDays(w.tomorrow, 1).replaceAll("-", "");
    const ics = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//e2e//EN", "BEGIN:VEVENT", `UID:works-${w.world.slug}`, `DTSTAMP:20260101T000000Z`, `DTSTART;VALUE=DATE:${day}`, `DTEND;VALUE=DATE:${next}`, "SUMMARY:Works in the hall", "END:VEVENT", "END:VCALENDAR", ""].join("\r\n");
    await page.locator("#f-file").setInputFiles({ name: "works.ics", mimeType: "text/calendar", buffer: Buffer.from(ics) });
    await page.getByRole("button", { name: "Preview the import" }).click();
    await expect(page.getByText("Works in the hall")).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText("2 booked appointments fall in these closures")).toBeVisible();
    // The bookings hit are listed before the import: reference, time, citizen.
    const listed = page.getByRole("table", { name: "Booked appointments in these closures" });
    await expect(listed.getByRole("row").filter({ hasText: hit.appointment.reference })).toContainText("Prénomclosed Nomclosed");
    await expect(listed.getByRole("row")).toHaveCount(3);
    await expectAccessible(page);
    expect(await db().appointmentClosure.count({ where: { tenantId: w.tenant.id } })).toBe(0);
    await page.getByRole("button", { name: "Import these closures" }).click();
    await expect(page).toHaveURL(/imported=1/, { timeout: 30_000 });
    await expect(page.locator("#affected")).toHaveText("2 booked appointments fall in a closure");
    await expectAccessible(page);
    const sent = new Date();
    await page.locator("#f-reason").fill("Works in the town hall: please book another day.");
    await page.getByRole("button", { name: "Cancel these 2 appointments and tell the citizens" }).click();
    // Once they are cancelled, no booking falls in a closure any more.
    await expect(page.locator("#affected")).toHaveCount(0, { timeout: 30_000 });
    const mail = await readMail(`closed-${w.world.slug}@example.net`, { after: sent });
    expect(mail.text).toContain("Works in the town hall: please book another day.");
    expect(mail.subject).toMatch(/cancel/i);
    expect(await db().appointment.findUnique({ where: { id: hit.appointment.id } })).toMatchObject({ status: "cancelled" });
  });

  test("a clerk books for a citizen on the phone; only an agent allowed to overbook can book a full time", async ({ page, browser }) => {
    const w = await agentsWorld(["fr", "en"], 1);
    await signIn(page, w.world.slug, "en", w.world.agents.clerk!.email);
    await goto(page, admin(w, "en", `/appointments/new?service=${w.service.id}&day=${w.tomorrow}`));
    const ten = tomorrowAt(w.tenant, "10:00").toISOString();
    await expect(page.locator("input[name=overbook]")).toHaveCount(0);
    await page.locator(`input[name=start][value="${ten}"]`).check();
    await page.locator("#f-firstName").fill("Odile");
    await page.locator("#f-lastName").fill("Phone");
    // Neither e-mail nor phone: refused, everything typed kept.
    await submitAndWait(page, page.locator("form#book button[type=submit]"));
    await expect(page.locator("#f-email-error")).toHaveText("Give an e-mail address or a phone number");
    await expect(page.locator("#f-firstName")).toHaveValue("Odile");
    await expectAccessible(page);
    await page.locator("#f-phone").fill("+33 6 12 34 56 78");
    await page.locator(`input[name=start][value="${ten}"]`).check();
    await page.locator("form#book button[type=submit]").click();
    await expect(page).toHaveURL(/\/admin\/appointments\/[0-9a-f-]+\?booked=1/, { timeout: 30_000 });
    await expect(page.getByText("The citizen gave no e-mail address: tell them yourself.")).toBeVisible();
    await expect(page.locator("main")).toContainText("Agent clerk@");
    await expectAccessible(page);
    // The time is full now: the clerk is not offered it.
    await goto(page, admin(w, "en", `/appointments/new?service=${w.service.id}&day=${w.tomorrow}`));
    await expect(page.locator(`input[name=start][value="${ten}"]`)).toHaveCount(0);

    const manager = await (await browser.newContext()).newPage();
    await signIn(manager, w.world.slug, "en", w.world.agents.manager!.email);
    await goto(manager, admin(w, "en", `/appointments/new?service=${w.service.id}&day=${w.tomorrow}`));
    await manager.locator(`input[name=start][value="${ten}"]`).check();
    await manager.locator("#f-firstName").fill("Extra");
    await manager.locator("#f-lastName").fill("Person");
    await manager.locator("#f-email").fill(`extra-${w.world.slug}@example.net`);
    // Without ticking "overbook", the full time is refused.
    await submitAndWait(manager, manager.locator("form#book button[type=submit]"));
    await expect(manager.getByRole("alert", { name: "There is a problem" })).toBeVisible();
    await manager.locator(`input[name=start][value="${ten}"]`).check();
    await manager.locator("input[name=overbook]").check();
    await manager.locator("form#book button[type=submit]").click();
    await expect(manager).toHaveURL(/\?booked=1/, { timeout: 30_000 });
    await expect(manager.getByText("The appointment is booked beyond the places (overbooked)")).toBeVisible();
    await expect(manager.locator("main")).toContainText("Overbooked");
    await expectAccessible(manager);
    const entry = await db().auditEntry.findFirst({ where: { tenantId: w.tenant.id, action: "appointments.overbook" } });
    expect(entry).toBeTruthy();
    const mail = await readMail(`extra-${w.world.slug}@example.net`);
    expect(mail.subject).toContain("Passeport test");
    await manager.close();
  });

  test("an agent finds a booking, moves it and cancels it with a message the citizen receives; marks a no-show; comments", async ({ page }) => {
    const w = await agentsWorld();
    const { appointment } = await directBooking(w, "11:00", "mover");
    await signIn(page, w.world.slug, "en", w.world.agents.clerk!.email);
    await goto(page, admin(w, "en", `/appointments?q=${encodeURIComponent(appointment.reference.toLowerCase())}&from=`));
    await expect(page.locator("main table tbody tr")).toHaveCount(1);
    await page.getByRole("link", { name: appointment.reference }).click();
    await expect(page.locator("h1")).toHaveText(`Booking ${appointment.reference}`);
    await expectAccessible(page);

    await page.locator("#moveDay").fill(w.tomorrow);
    await page.getByRole("button", { name: "Show the times" }).click();
    await page.locator(`input[name=start][value="${tomorrowAt(w.tenant, "12:00").toISOString()}"]`).check();
    await page.locator("#f-moveReason").fill("The passport desk opens later that day.");
    let after = new Date();
    await page.getByRole("button", { name: "Move and tell the citizen" }).click();
    await expect(page).toHaveURL(/\?moved=1/, { timeout: 30_000 });
    let mail = await readMail(`mover-${w.world.slug}@example.net`, { after });
    expect(mail.text).toContain("The passport desk opens later that day.");
    await expectAccessible(page);

    await page.locator("#f-body").fill("Called the citizen: fine with noon.");
    await submitAndWait(page, page.getByRole("button", { name: "Add the comment" }));
    await expect(page.locator("#comments ~ ol, section[aria-labelledby=comments] ol")).toContainText("Called the citizen: fine with noon.");

    after = new Date();
    await page.locator("#f-reason").fill("The service is closed after all, sorry.");
    await page.getByRole("button", { name: "Cancel and tell the citizen" }).click();
    await expect(page).toHaveURL(/\?cancelled=1/, { timeout: 30_000 });
    mail = await readMail(`mover-${w.world.slug}@example.net`, { after });
    expect(mail.text).toContain("The service is closed after all, sorry.");
    expect(await db().appointment.findUnique({ where: { id: appointment.id } })).toMatchObject({ status: "cancelled" });

    // An appointment earlier today that nobody came to.
    const started = new Date(Date.now() - 5 * 60_000);
    const missed = await db().appointment.create({
      data: { id: randomUUID(), tenantId: w.tenant.id, reference: newReference(), serviceId: w.service.id, siteId: w.site.id, startsAt: started, endsAt: new Date(started.getTime() + 20 * 60_000), firstName: "Absent", lastName: "Person", email: "absent@example.net", locale: "fr", manageTokenHash: randomUUID().replaceAll("-", "") },
    });
    await goto(page, admin(w, "en", `/appointments/${missed.id}`));
    await page.locator("form#attendance-form input[value=no_show]").check();
    await submitAndWait(page, page.locator("form#attendance-form button[type=submit]"));
    await expect(page.locator("main dl")).toContainText("No-show");
    expect(await db().appointment.findUnique({ where: { id: missed.id } })).toMatchObject({ attendance: "no_show" });
    await expectAccessible(page);
  });

  test("an agent scoped to one service sees only its bookings; another town's booking is not found", async ({ page }) => {
    const w = await agentsWorld();
    const other = await createBookableService(w.tenant);
    const mine = await directBooking(w, "09:00", "mine");
    const theirs = await bookDirect({ tenant: w.tenant, service: other.service, siteId: null, start: tomorrowAt(w.tenant, "09:00"), people: 1, details: citizen(`theirs-${w.world.slug}`), locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: w.tenant.id, actor: { type: "system", label: "e2e" } } });
    const email = `scoped@${w.world.slug}.test`;
    await createAgentWithPassword({ tenantId: w.tenant.id, email, name: "Scoped", password: PASSWORD, roles: ["agent"], scope: [`service:${w.service.id}`] });
    await signIn(page, w.world.slug, "en", email);
    await goto(page, admin(w, "en", "/appointments"));
    await expect(page.locator("main")).toContainText(mine.appointment.reference);
    await expect(page.locator("main")).not.toContainText(theirs.appointment.reference);
    expect((await get(page.request, admin(w, "en", `/appointments/${theirs.appointment.id}`), { headers: { cookie: (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ") } })).status()).toBe(404);
    // Another town's administrator, with this town's booking id.
    const far = await agentsWorld();
    await signIn(page, far.world.slug, "en", far.world.agents.admin!.email);
    const response = await page.goto(admin(far, "en", `/appointments/${mine.appointment.id}`));
    expect(response?.status()).toBe(404);
  });

  test("the agents' pages in Arabic, right to left, pass axe", async ({ page }) => {
    const w = await agentsWorld(["ar", "fr"]);
    const { appointment } = await directBooking(w, "09:40", "arabic", "ar");
    await signIn(page, w.world.slug, "ar", w.world.agents.admin!.email);
    for (const path of [
      "/appointments",
      `/appointments/${appointment.id}`,
      `/appointments/new?service=${w.service.id}&day=${w.tomorrow}`,
      "/appointment-services",
      `/appointment-services/${w.service.id}`,
      `/appointment-services/${w.service.id}/hours`,
      `/appointment-services/${w.service.id}/closures`,
      `/appointment-services/${w.service.id}/fields`,
      "/appointment-sites",
      `/appointment-sites/${w.site.id}`,
    ]) {
      await goto(page, admin(w, "ar", path));
      await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    }
  });
});
