// Exports of the bookings list and the statistics page in Chromium: an agent opens the export page with
// the list's filters, chooses columns, downloads CSV and XLSX (parsed back here); a refused form comes
// back with its error; an agent scoped to another service does not get these rows; the statistics show
// the numbers of a known set of bookings, in English and in Arabic (right to left). axe-core on every page.
import { randomBytes, randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { expect, test, type Page } from "@playwright/test";
import ExcelJS from "exceljs";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { bookDirect } from "@/lib/appointments/service/book-appointment";
import { requestExport } from "@/lib/appointments/service/export-bookings";
import { placesOffered } from "@/lib/appointments/service/statistics";
import { addDays, localDate, localInstant } from "@/lib/appointments/slots";
import { db } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createTestWorld, enableAppointments, expectAccessible, get, PASSWORD, signIn, townUrl } from "./fixtures";
import { parseCsvFile } from "@/tests/fixtures/csv";

const run = promisify(execFile);

type TService = Awaited<ReturnType<typeof createBookableService>>["service"];

function book(tenant: TTenant, service: TService, start: Date, details: ReturnType<typeof citizen>) {
  return bookDirect({ tenant, service, siteId: null, start, people: 1, details, locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: { tenantId: tenant.id, actor: { type: "system" } } });
}

/** The module reaches the running server by NOTIFY: wait until its admin pages exist (redirect to sign-in, not 404). */
async function waitForModule(page: Page, slug: string) {
  await expect.poll(async () => (await get(page.request, townUrl(slug, "/en/admin/appointments/statistics"), { maxRedirects: 0 })).status(), { timeout: 10_000 }).not.toBe(404);
}


/** Fetches a path of the page's town from the page itself (its session cookie goes along), without following redirects. */
function probe(page: Page, path: string) {
  return page.evaluate(async (url) => {
    const response = await fetch(url, { redirect: "manual" });
    return { status: response.status, disposition: response.headers.get("content-disposition"), nosniff: response.headers.get("x-content-type-options") };
  }, path);
}

async function download(page: Page): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.locator("#export-form button[type=submit]").click()]);
  const filePath = await file.path();
  return { name: file.suggestedFilename(), bytes: await readFile(filePath) };
}

test.describe("bookings exports", () => {
  test("an agent downloads CSV and XLSX with the columns chosen; a scoped agent gets only their service", async ({ page, browser }) => {
    test.setTimeout(90_000);
    const world = await createTestWorld({ agents: [{ role: "agent", local: "desk" }] });
    const tenant = await enableAppointments(world);
    const { service: passports } = await createBookableService(tenant, { capacity: 3 });
    const { service: cards } = await createBookableService(tenant, { capacity: 3, service: { names: { fr: "Carte test", en: "Card test" } } });
    await book(tenant, passports, tomorrowAt(tenant, "09:00"), { ...citizen(`a-${world.slug}`), firstName: "Hélène", lastName: "Dupont; Martin" });
    await book(tenant, passports, tomorrowAt(tenant, "09:20"), { ...citizen(`b-${world.slug}`), firstName: "فاطمة", lastName: "بن علي" });
    await book(tenant, passports, tomorrowAt(tenant, "09:40"), { ...citizen(`c-${world.slug}`), firstName: "Zoé", lastName: "Ørsted" });
    await book(tenant, cards, tomorrowAt(tenant, "10:00"), { ...citizen(`d-${world.slug}`), firstName: "Carla", lastName: "Cartes" });
    await waitForModule(page, world.slug);

    const day = localDate(tomorrowAt(tenant, "09:00"), tenant.timeZone);
    await signIn(page, world.slug, "en", world.agents.desk!.email);
    await page.goto(townUrl(world.slug, `/en/admin/appointments/export?service=${passports.id}&from=${day}&to=${day}&status=booked`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Export bookings");
    // The filters are shown and sent again as hidden fields.
    await expect(page.locator("main dl")).toContainText("Passeport test");
    await expect(page.locator("main dl")).toContainText("Booked");
    await expect(page.locator('#export-form input[type=hidden][name="service"]')).toHaveValue(passports.id);
    await expect(page.locator('#export-form input[type=hidden][name="from"]')).toHaveValue(day);
    await expect(page.locator("#row-count")).toHaveText("3 bookings will be exported.");
    await expectAccessible(page);

    // Choose columns: no phone, add the end time; CSV.
    await page.locator("#column-phone").uncheck();
    await page.locator("#column-end").check();
    await page.locator("#format-csv").check();
    const csv = await download(page);
    expect(csv.name).toBe(`bookings-${world.slug}-${localDate(new Date(), tenant.timeZone)}.csv`);
    const rows = parseCsvFile(csv.bytes);
    expect(rows[0]).toEqual(["Reference", "Service", "Site", "Date", "Time", "End time", "People", "Status", "Attendance", "First name", "Last name", "Email address"]);
    expect(rows).toHaveLength(4);
    expect(rows.slice(1).map((r) => [r[1], r[3], r[4], r[5], r[9], r[10]])).toEqual([
      ["Passeport test", day, "09:00", "09:20", "Hélène", "Dupont; Martin"],
      ["Passeport test", day, "09:20", "09:40", "فاطمة", "بن علي"],
      ["Passeport test", day, "09:40", "10:00", "Zoé", "Ørsted"],
    ]);

    // Same filters, XLSX.
    await page.locator("#format-xlsx").check();
    const xlsx = await download(page);
    expect(xlsx.name).toMatch(/\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(4);
    expect(sheet.getRow(1).getCell(11).value).toBe("Last name");
    expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(11).value)).toEqual(["Dupont; Martin", "بن علي", "Ørsted"]);
    expect(sheet.getRow(2).getCell(4).value).toEqual(new Date(`${day}T00:00:00Z`));
    expect(sheet.getRow(2).getCell(5).value).toEqual(new Date(Date.UTC(1899, 11, 30, 9, 0)));

    // No column chosen: back to the page with the error, the filters kept.
    for (const box of await page.locator("#columns input[type=checkbox]").all()) await box.uncheck();
    await page.locator("#export-form button[type=submit]").click();
    await expect(page).toHaveURL(/error=exportColumns/);
    await expect(page.locator("main [role=alert]")).toContainText("Choose at least one column to export");
    await expect(page.locator("#columns-error")).toBeVisible();
    await expect(page.locator('#export-form input[type=hidden][name="service"]')).toHaveValue(passports.id);
    await expectAccessible(page);

    // An agent limited to the cards service: the passports bookings are not theirs, even when asked by id.
    const { id: scopedId } = await createAgentWithPassword({ tenantId: tenant.id, email: `cards@${world.slug}.test`, name: "Cards desk", password: PASSWORD, roles: ["agent"], scope: [`service:${cards.id}`] });
    expect(scopedId).toBeTruthy();
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, world.slug, "en", `cards@${world.slug}.test`);
    await other.goto(townUrl(world.slug, `/en/admin/appointments/export?service=${passports.id}`));
    await expect(other.locator("#row-count")).toHaveText("No booking matches these filters: the file will only have its header row.");
    await expectAccessible(other);
    await other.goto(townUrl(world.slug, `/en/admin/appointments/export?from=${day}&to=${day}`));
    await expect(other.locator("#row-count")).toHaveText("1 booking will be exported.");
    const scoped = parseCsvFile((await download(other)).bytes);
    expect(scoped.slice(1).map((r) => [r[1], r[8], r[9]])).toEqual([["Card test", "Carla", "Cartes"]]);
    await context.close();
  });
});

test.describe("exports built in the background", () => {
  test("a large export is listed on the agent's exports page and downloaded by that agent only", async ({ page, browser }) => {
    test.setTimeout(150_000);
    const world = await createTestWorld({ agents: [{ role: "agent", local: "desk" }, { role: "agent", local: "colleague" }] });
    const tenant = await enableAppointments(world);
    const { service } = await createBookableService(tenant, { capacity: 3 });
    for (const time of ["09:00", "09:20"]) await book(tenant, service, tomorrowAt(tenant, time), citizen(`${time.replace(":", "")}-${world.slug}`));
    await waitForModule(page, world.slug);
    // Asked here as the server would (this process shares its database and DATA_DIR), with
    // EXPORT_INLINE_MAX_ROWS=0 so that it goes to the background.
    const actor = await getAgentForSession(tenant.id, world.agents.desk!.id);
    const previous = process.env.EXPORT_INLINE_MAX_ROWS;
    process.env.EXPORT_INLINE_MAX_ROWS = "0";
    resetEnv();
    let queued;
    try {
      queued = await requestExport({ tenant, actor: { kind: "agent", sessionId: randomUUID(), ...actor! }, locale: "en", request: { format: "csv", columns: ["reference", "lastName"] }, audit: { tenantId: tenant.id, actor: { type: "agent", id: actor!.id } } });
    } finally {
      if (previous === undefined) delete process.env.EXPORT_INLINE_MAX_ROWS;
      else process.env.EXPORT_INLINE_MAX_ROWS = previous;
      resetEnv();
    }
    if (queued.kind !== "queued") throw new Error("not queued");

    await signIn(page, world.slug, "en", world.agents.desk!.email);
    await page.goto(townUrl(world.slug, `/en/admin/appointments/exports?queued=${queued.id}`));
    await expect(page.locator("main [role=status]")).toContainText("Your export is being prepared");
    // The running server's worker may have built it already.
    await expect(page.locator("main table tbody tr").first()).toContainText(/Being prepared|Ready/);
    await expectAccessible(page);
    // The job, as the server's worker runs it (through tsx, like scripts/start.ts); running it again changes nothing.
    const { stdout } = await run(process.execPath, ["--import", "tsx", "tests/fixtures/build-export.ts", tenant.id, queued.id], { env: process.env });
    expect(JSON.parse(stdout)).toMatchObject({ status: "ready", rowCount: 2 });
    await page.goto(townUrl(world.slug, "/en/admin/appointments/exports"));
    const row = page.locator("main table tbody tr").first();
    await expect(row).toContainText("Ready");
    await expect(row.locator("td").nth(2)).toHaveText("2");
    await expectAccessible(page);
    const [file] = await Promise.all([page.waitForEvent("download"), row.locator("a[download]").click()]);
    expect(file.suggestedFilename()).toMatch(new RegExp(`^bookings-${world.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
    const rows = parseCsvFile(await readFile(await file.path()));
    expect(rows.map((r) => r[1])).toEqual(["Last name", "Nom0900-" + world.slug, "Nom0920-" + world.slug]);
    const downloadPath = `/en/admin/appointments/exports/${queued.id}/download`;
    expect(await probe(page, downloadPath)).toMatchObject({ status: 200, disposition: expect.stringMatching(/^attachment; filename="bookings-/), nosniff: "nosniff" });

    // Another agent of the town, and another town's address for the same id: not found.
    const context = await browser.newContext();
    const other = await context.newPage();
    await signIn(other, world.slug, "en", world.agents.colleague!.email);
    await other.goto(townUrl(world.slug, "/en/admin/appointments/exports"));
    expect(await probe(other, downloadPath)).toMatchObject({ status: 404, disposition: null });
    await expect(other.locator("main")).toContainText("You have no exports in the last 7 days.");
    await expectAccessible(other);
    await context.close();
    const elsewhere = await createTestWorld();
    await enableAppointments(elsewhere);
    await signIn(page, elsewhere.slug, "en", elsewhere.agents.admin!.email);
    expect(await probe(page, downloadPath)).toMatchObject({ status: 404, disposition: null });
  });
});

test.describe("bookings statistics", () => {
  test("the numbers of a known set of bookings, with the chart and its table, in English", async ({ page }) => {
    test.setTimeout(90_000);
    const world = await createTestWorld({ agents: [{ role: "agent", local: "desk" }] });
    const tenant = await enableAppointments(world);
    const { service, sites } = await createBookableService(tenant, { capacity: 3 });
    const today = localDate(new Date(), tenant.timeZone);
    const yesterday = addDays(today, -1);
    const tomorrow = addDays(today, 1);
    // Yesterday: one arrived, one no-show (written directly: the past cannot be booked).
    for (const attendance of ["arrived", "no_show"] as const) {
      const startsAt = localInstant(yesterday, attendance === "arrived" ? "10:00" : "11:00", tenant.timeZone);
      await db().appointment.create({
        data: { id: randomUUID(), tenantId: tenant.id, reference: randomBytes(5).toString("hex").toUpperCase(), serviceId: service.id, siteId: sites[0]!.id, startsAt, endsAt: new Date(startsAt.getTime() + 1_200_000), firstName: "Past", lastName: attendance, email: `${attendance}@example.net`, locale: "fr", manageTokenHash: randomBytes(32).toString("hex"), attendance },
      });
    }
    // Tomorrow: three booked, one of them then cancelled.
    const booked = [];
    for (const time of ["09:00", "09:20", "09:40"]) booked.push((await book(tenant, service, tomorrowAt(tenant, time), citizen(`${time.replace(":", "")}-${world.slug}`))).appointment);
    await db().appointment.updateMany({ where: { tenantId: tenant.id, id: booked[2]!.id }, data: { status: "cancelled", cancelledAt: new Date() } });
    const offered = await placesOffered(tenant, service, yesterday, tomorrow);
    await waitForModule(page, world.slug);

    await signIn(page, world.slug, "en", world.agents.desk!.email);
    await page.goto(townUrl(world.slug, "/en/admin/appointments/statistics"));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Statistics");
    // Default period: the last 30 days up to today.
    await expect(page.locator("#to")).toHaveValue(today);
    await expect(page.locator("#from")).toHaveValue(addDays(today, -29));
    await expectAccessible(page);
    await page.locator("#from").fill(yesterday);
    await page.locator("#to").fill(tomorrow);
    await page.locator("#service").selectOption(service.id);
    await page.getByRole("button", { name: "Show", exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`from=${yesterday}&to=${tomorrow}`));

    const table = page.locator("section[aria-labelledby=by-service] table");
    const cells = table.locator("tbody tr").first().locator("td");
    const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
    await expect(cells).toHaveText(["Passeport test", "4", "4", "1", "1", "1", "50%", new Intl.NumberFormat("en").format(offered), percent.format(4 / offered)]);
    const chart = page.locator("svg[role=img]");
    await expect(chart).toHaveAttribute("aria-label", /4 bookings in all, at most 2 in one day/);
    await expect(chart.locator("rect")).toHaveCount(2);
    await page.locator("details summary").click();
    const perDay = page.locator("section[aria-labelledby=per-day] table tbody tr");
    await expect(perDay).toHaveCount(3);
    await expect(perDay.nth(0).locator("td").nth(1)).toHaveText("2");
    await expect(perDay.nth(1).locator("td").nth(1)).toHaveText("0");
    await expect(perDay.nth(2).locator("td").nth(1)).toHaveText("2");
    await expectAccessible(page);
  });

  test("in Arabic, right to left", async ({ page }) => {
    test.setTimeout(90_000);
    const world = await createTestWorld({ locales: ["fr", "ar"], agents: [{ role: "agent", local: "desk" }] });
    const tenant = await enableAppointments(world);
    const { service } = await createBookableService(tenant, { capacity: 3 });
    await book(tenant, service, tomorrowAt(tenant, "09:00"), citizen(`ar-${world.slug}`));
    await expect.poll(async () => (await get(page.request, townUrl(world.slug, "/ar/admin/appointments/statistics"), { maxRedirects: 0 })).status(), { timeout: 10_000 }).not.toBe(404);
    await signIn(page, world.slug, "ar", world.agents.desk!.email);
    const tomorrow = localDate(tomorrowAt(tenant, "09:00"), tenant.timeZone);
    await page.goto(townUrl(world.slug, `/ar/admin/appointments/statistics?from=${addDays(tomorrow, -6)}&to=${tomorrow}`));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("svg[role=img] rect")).toHaveCount(1);
    // Right to left: the last day's bar is at the left end of the axis.
    const bar = await page.locator("svg[role=img] rect").boundingBox();
    const svg = await page.locator("svg[role=img]").boundingBox();
    expect(bar!.x - svg!.x).toBeLessThan(svg!.width / 4);
    await page.locator("details summary").click();
    await expectAccessible(page);
    await page.goto(townUrl(world.slug, `/ar/admin/appointments/export?from=${tomorrow}&to=${tomorrow}`));
    await expect(page.locator("#row-count")).toBeVisible();
    await expect(page.locator('#export-form input[type=hidden][name="from"]')).toHaveValue(tomorrow);
    await expectAccessible(page);
  });
});
