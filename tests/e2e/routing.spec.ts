import { expect, test } from "@playwright/test";
import { updateTenantStatus } from "@/lib/tenancy/repo";
import { createTestTown, DEMO, eventuallyStatus, expectAccessible, get, platformUrl, port, townUrl } from "./fixtures";

test("[ROUTING][HOST] an unknown host gets a real 404 page and no town's content", async ({ page }) => {
  const response = await page.goto(`http://no-such-town.localhost:${port}/fr`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const text = await page.locator("body").innerText();
  for (const town of Object.values(DEMO)) for (const name of town.names) expect(text).not.toContain(name);
  await expectAccessible(page);
});

test("[ROUTING][HOST] a suspended town answers 410, even for a page cached before", async ({ page }) => {
  const town = await createTestTown();
  await eventuallyStatus(page, townUrl(town.slug, "/fr"), 200);
  await page.goto(townUrl(town.slug, "/fr")); // now in the page cache
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(town.name);
  await updateTenantStatus(town.id, "suspended");
  await eventuallyStatus(page, townUrl(town.slug, "/fr"), 410);
  const response = await page.goto(townUrl(town.slug, "/fr/contact"));
  expect(response?.status()).toBe(410);
  await expect(page.locator("body")).not.toContainText(town.name);
  await expectAccessible(page);
});

test("[ROUTING][LOCALE] a language the town has not enabled is a 404", async ({ page }) => {
  const response = await page.goto(townUrl("lutece", "/hu"));
  expect(response?.status()).toBe(404);
  await expectAccessible(page);
  expect((await get(page.request, townUrl("kovarhely", "/ar/contact"))).status()).toBe(404);
});

test("[ROUTING][LOCALE] / redirects to the best language of the browser among the town's", async ({ request }) => {
  const cases: [string, string, string][] = [
    ["lutece", "es-ES,es;q=0.9,en;q=0.8", "/es"],
    ["lutece", "ar-MA,ar;q=0.9", "/ar"],
    ["lutece", "de-DE,de;q=0.9", "/fr"],
    ["kovarhely", "de-AT,de;q=0.9,en;q=0.5", "/de"],
    ["kovarhely", "fr-FR", "/hu"],
    ["port-soleil", "en-GB,en;q=0.9", "/en"],
  ];
  for (const [slug, acceptLanguage, location] of cases) {
    const response = await get(request, townUrl(slug, "/"), { headers: { "Accept-Language": acceptLanguage }, maxRedirects: 0 });
    expect(response.status(), `${slug} ${acceptLanguage}`).toBe(302);
    expect(response.headers()["location"], `${slug} ${acceptLanguage}`).toBe(location);
  }
  const deep = await get(request, townUrl("lutece", "/accessibility"), { headers: { "Accept-Language": "en" }, maxRedirects: 0 });
  expect(deep.headers()["location"]).toBe("/en/accessibility");
});

test("[ROUTING][LOCALE] the language switcher keeps the current page", async ({ page }) => {
  await page.goto(townUrl("lutece", "/fr/legal-notice"));
  await page.getByRole("navigation", { name: "Langue" }).getByRole("link", { name: "العربية" }).click();
  await expect(page).toHaveURL(townUrl("lutece", "/ar/legal-notice"));
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await page.getByRole("navigation", { name: "اللغة" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(townUrl("lutece", "/en/legal-notice"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Legal notice");
});

test("[ROUTING][ISOLATION] a town's host never serves another town, whatever the path or headers", async ({ request }) => {
  const byPath = await get(request, townUrl("lutece", "/kovarhely/hu"), { maxRedirects: 0 });
  expect([302, 404]).toContain(byPath.status());
  const followed = await get(request, townUrl("lutece", "/kovarhely/hu"), { headers: { "Accept-Language": "fr" } });
  expect(followed.status()).toBe(404);
  expect(await followed.text()).not.toContain("Kővárhely");

  const spoofed = await get(request, townUrl("lutece", "/fr"), { headers: { "x-civitas-tenant": "kovarhely", "x-civitas-platform": "1" } });
  expect(spoofed.status()).toBe(200);
  const html = await spoofed.text();
  expect(html).toContain("Ville de Lutèce");
  expect(html).not.toContain("Kővárhely");

  const statusSpoof = await get(request, townUrl("lutece", "/fr"), { headers: { "x-civitas-status": "suspended", "x-civitas-locale": "fr" } });
  expect(statusSpoof.status()).toBe(200);
});

test("[PLATFORM] the root domain lists the towns with links, and a new town appears at once", async ({ page }) => {
  const response = await page.goto(platformUrl("/en"));
  expect(response?.status()).toBe(200);
  for (const [slug, town] of Object.entries(DEMO)) {
    await expect(page.getByRole("link", { name: town.names.find((n) => n.startsWith("City")) ?? town.names[0] })).toHaveAttribute("href", townUrl(slug, "/"));
  }
  await expectAccessible(page);
  const town = await createTestTown();
  await expect.poll(async () => (await get(page.request, platformUrl("/en"))).text(), { timeout: 10_000 }).toContain(town.name);
});

test("[PLATFORM] / on the root domain redirects by language and the Arabic page is accessible", async ({ page, request }) => {
  const response = await get(request, platformUrl("/"), { headers: { "Accept-Language": "hu-HU,hu;q=0.9" }, maxRedirects: 0 });
  expect(response.headers()["location"]).toBe("/hu");
  await page.goto(platformUrl("/ar"));
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expectAccessible(page);
});

test("[OPS] health and readiness", async ({ request }) => {
  const health = await get(request, platformUrl("/api/health"));
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ status: "ok" });
  const ready = await get(request, townUrl("lutece", "/api/ready"));
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", database: "ok", migrations: { pending: [], failed: [] } });
});

test("[OPS] every response carries a request id, kept from a valid incoming one", async ({ request }) => {
  const fresh = await get(request, townUrl("lutece", "/fr"));
  expect(fresh.headers()["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  const given = await get(request, townUrl("lutece", "/fr"), { headers: { "x-request-id": "abc12345-trace" } });
  expect(given.headers()["x-request-id"]).toBe("abc12345-trace");
});

test("[CACHE] a public page is served from the cache, with ETag revalidation", async ({ request }) => {
  const town = await createTestTown();
  await expect.poll(async () => (await get(request, townUrl(town.slug, "/fr"))).status(), { timeout: 10_000 }).toBe(200);
  const second = await get(request, townUrl(town.slug, "/fr"));
  expect(second.headers()["x-civitas-cache"]).toBe("hit");
  const etag = second.headers()["etag"]!;
  const notModified = await get(request, townUrl(town.slug, "/fr"), { headers: { "if-none-match": etag } });
  expect(notModified.status()).toBe(304);
});
