// The citizen space in Chromium: signing in by an e-mail link (read from the capture mailbox) and by a
// real OpenID Connect provider started on loopback (oidc-provider); the timeline showing a booking and
// a request made before the account existed; the profile's language making the next e-mail arrive in
// it; "my data" holding this citizen's data and nobody else's; deleting the account (anonymised, signed
// out). Also: a session of one town is useless on another, and another citizen's ids (in addresses and
// in actions) find nothing. axe-core on every page of ours visited (not the provider's own pages).
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { bookDirect } from "@/lib/appointments/service/book-appointment";
import { sealSecret } from "@/lib/auth/secret-box";
import { PROVIDER_SECRET_PURPOSE } from "@/lib/auth/service/oidc";
import { insertProvider } from "@/lib/citizens/repo";
import { db } from "@/lib/core/db";
import type { TTenant } from "@/lib/tenancy/registry";
import { createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createPublishedForm, createSubmittedRequest } from "@/tests/fixtures/forms";
import { startOidcProvider } from "@/tests/fixtures/oidc-provider";
import { createTestWorld, enableModules, expectAccessible, linkIn, port, townUrl } from "./fixtures";
import { lead, raw } from "./messages";

const expect = baseExpect.configure({ timeout: 60_000 });
test.use({ navigationTimeout: 180_000, actionTimeout: 60_000 });

/** A message of the locale's catalogue, unformatted (tests compare with what the page prints). */
const msg = (locale: string, key: string) => raw(locale, key);

/** Fetches a same-origin address from the page (its cookies, its host): status, type, disposition, body. */
async function fetchInPage(page: Page, path: string, options: { redirect?: "follow" | "manual" } = {}) {
  return page.evaluate(
    async ({ path, redirect }) => {
      const r = await fetch(path, { redirect, credentials: "same-origin" });
      return { status: r.status, type: r.headers.get("content-type") ?? "", disposition: r.headers.get("content-disposition") ?? "", body: r.type === "opaqueredirect" ? "" : await r.text() };
    },
    { path, redirect: options.redirect ?? "follow" },
  );
}

async function world() {
  const town = await createTestWorld({ locales: ["fr", "en", "ar"] });
  const tenant = await enableModules(town, ["appointments", "forms"]);
  const { service, sites } = await createBookableService(tenant, { capacity: 5 });
  const form = await createPublishedForm(tenant, undefined, undefined, { title: "Demande de carte" });
  return { town, tenant, service, site: sites[0]!, form };
}

type TWorld = Awaited<ReturnType<typeof world>>;

/** An appointment booked without an account (the API's path), for `email`. */
async function bookFor(w: TWorld, email: string, days = 2, time = "10:00") {
  const { appointment } = await bookDirect({
    tenant: w.tenant,
    service: w.service,
    siteId: w.site.id,
    start: tomorrowAt(w.tenant, time, days),
    people: 1,
    details: { firstName: "Camille", lastName: "Martin", email, phone: null, antsNumber: null, fields: {} },
    locale: "fr",
    idempotencyKey: null,
    apiKeyId: null,
    source: "web",
    audit: { tenantId: w.tenant.id, actor: { type: "anonymous" } },
  });
  return appointment;
}

/** The latest mail to `email` since `since` that `matches` (others, like a booking's confirmation, may arrive meanwhile). */
async function mailTo(email: string, since: Date, matches: (mail: { subject: string; text: string }) => boolean) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const mails = await db().capturedMail.findMany({ where: { envelopeTo: { has: email }, receivedAt: { gte: since } }, orderBy: { receivedAt: "desc" } });
    const mail = mails.find((m) => matches({ subject: m.subject ?? "", text: m.text ?? "" }));
    if (mail) return { subject: mail.subject ?? "", text: mail.text ?? "" };
    if (Date.now() > deadline) throw new Error(`no such mail for ${email}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const signInLinkFor = async (email: string, since: Date, prefix: string) => linkIn((await mailTo(email, since, (m) => m.text.includes("/account/sign-in/link/"))).text, prefix);

/** Signs in with an e-mail link, through the pages, checking each with axe. */
async function signInByLink(page: Page, slug: string, locale: string, email: string, options: { axe?: boolean } = {}) {
  const since = new Date();
  await page.goto(townUrl(slug, `/${locale}/account`));
  await expect(page).toHaveURL(/\/account\/sign-in\?next=/);
  if (options.axe) await expectAccessible(page);
  await page.locator("#f-email").fill(email);
  await page.getByRole("button", { name: msg(locale, "Account.sendLink") }).click();
  await expect(page).toHaveURL(townUrl(slug, `/${locale}/account/sign-in/sent`));
  if (options.axe) await expectAccessible(page);
  const link = await signInLinkFor(email, since, townUrl(slug, `/${locale}/account/sign-in/link/`));
  await page.goto(link);
  if (options.axe) await expectAccessible(page);
  await page.getByRole("button", { name: msg(locale, "Account.linkButton") }).click();
  await expect(page).toHaveURL(townUrl(slug, `/${locale}/account`));
  return link;
}

test("e-mail link: the timeline shows what was made before; language, export and deletion", async ({ page }) => {
  const w = await world();
  const email = `camille-${w.town.slug}@example.net`;
  const booked = await bookFor(w, email);
  const request = await createSubmittedRequest(w.tenant as TTenant, w.form, { what: "Une carte" }, { email, name: "Camille Martin", locale: "fr" });
  // Someone else of the same town, and the same address in another town: never in this citizen's data.
  const other = await bookFor(w, `someone-else-${w.town.slug}@example.net`, 3);
  const elsewhere = await world();
  const foreign = await bookFor(elsewhere, email, 2, "11:00");

  const link = await signInByLink(page, w.town.slug, "fr", email, { axe: true });
  // The timeline: the booking ahead, the request with its state; filtered by kind.
  await expect(page.getByRole("heading", { level: 1, name: msg("fr", "Account.timelineTitle") })).toBeVisible();
  await expect(page.getByRole("link", { name: "Passeport test" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Demande de carte" })).toBeVisible();
  await expect(page.getByText(booked.reference)).toBeVisible();
  await expect(page.getByText(request.reference!)).toBeVisible();
  await expect(page.getByText(other.reference)).toHaveCount(0);
  await expectAccessible(page);
  await page.locator("#kind").selectOption("request");
  await page.getByRole("button", { name: msg("fr", "Account.filterApply") }).click();
  await expect(page).toHaveURL(/kind=request/);
  await expect(page.getByRole("link", { name: "Demande de carte" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Passeport test" })).toHaveCount(0);

  // The link worked once: a second use is refused with a translated message.
  const second = await page.context().browser()!.newPage();
  await second.goto(link);
  await second.getByRole("button", { name: msg("fr", "Account.linkButton") }).click();
  await expect(second.getByText(msg("fr", "Errors.signInLinkInvalid"))).toBeVisible();
  await second.close();

  // Profile: English for messages; the space follows.
  await page.getByRole("link", { name: msg("fr", "Account.navProfile") }).click();
  await expectAccessible(page);
  await page.locator("#f-name").fill("Camille Martin");
  await page.locator("#f-locale").selectOption("en");
  await page.getByRole("button", { name: msg("fr", "Account.profileSave") }).click();
  await expect(page).toHaveURL(townUrl(w.town.slug, "/en/account/profile?saved=1"));
  await expect(page.getByText(msg("en", "Account.profileSavedTitle"))).toBeVisible();
  await expectAccessible(page);

  // Cancelling from the space: the e-mail comes in English, the booking's language being French.
  const since = new Date();
  await page.goto(townUrl(w.town.slug, `/en/account/appointments/${booked.id}`));
  await expectAccessible(page);
  await page.getByRole("link", { name: msg("en", "Account.cancelStart") }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: msg("en", "Account.cancelConfirm") }).click();
  await expect(page.getByText(msg("en", "Account.cancelledTitle"))).toBeVisible();
  const mail = await mailTo(email, since, (m) => [lead("en", "Mail.appointmentCancelledSubject"), lead("fr", "Mail.appointmentCancelledSubject")].some((l) => m.subject.includes(l)));
  expect(mail.subject).toContain(lead("en", "Mail.appointmentCancelledSubject"));
  expect(mail.subject).not.toContain(lead("fr", "Mail.appointmentCancelledSubject"));

  // My data: this citizen's items, nobody else's.
  await page.getByRole("link", { name: msg("en", "Account.navData") }).click();
  await expectAccessible(page);
  const json = await fetchInPage(page, "/en/account/data/json");
  expect(json.status).toBe(200);
  expect(json.disposition).toContain("attachment");
  const data = JSON.parse(json.body) as { account: { email: string; name: string; language: string }; appointments: { reference: string }[]; requests: { reference: string | null; email: string | null }[] };
  expect(data.account).toMatchObject({ email, name: "Camille Martin", language: "en" });
  expect(data.appointments.map((a) => a.reference)).toEqual([booked.reference]);
  expect(data.requests.map((r) => r.reference)).toEqual([request.reference]);
  const text = JSON.stringify(data);
  expect(text).not.toContain(other.reference);
  expect(text).not.toContain(`someone-else-${w.town.slug}`);
  expect(text).not.toContain(foreign.reference);
  const html = await fetchInPage(page, "/en/account/data/html");
  expect(html.type).toContain("text/html");
  const body = html.body;
  expect(body).toContain(booked.reference);
  expect(body).toContain(request.reference!);
  expect(body).not.toContain(other.reference);

  // Deleting: refused until confirmed (translated), then anonymised and signed out.
  await page.getByRole("link", { name: msg("en", "Account.deleteStart") }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: msg("en", "Account.deleteButton") }).click();
  await expect(page.getByText(msg("en", "Errors.deleteConfirmRequired")).first()).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel(msg("en", "Account.deleteConfirm")).check();
  await page.getByRole("button", { name: msg("en", "Account.deleteButton") }).click();
  await expect(page).toHaveURL(townUrl(w.town.slug, "/en/account/deleted"));
  await expectAccessible(page);
  await page.goto(townUrl(w.town.slug, "/en/account"));
  await expect(page).toHaveURL(/\/en\/account\/sign-in/);
  expect(await db().citizen.count({ where: { tenantId: w.tenant.id, email } })).toBe(0);
  const after = await db().appointment.findFirstOrThrow({ where: { id: booked.id } });
  expect(after).toMatchObject({ email: "", firstName: "", citizenId: null });
  expect(after.anonymisedAt).not.toBeNull();
  const kept = await db().formRequest.findFirstOrThrow({ where: { id: request.id } });
  expect(kept.citizenId).toBeNull(); // still being handled: kept by the town, detached from the account
  // The other citizen and the other town are untouched.
  expect((await db().appointment.findFirstOrThrow({ where: { id: other.id } })).email).toBe(`someone-else-${w.town.slug}@example.net`);
  expect((await db().appointment.findFirstOrThrow({ where: { id: foreign.id } })).email).toBe(email);
});

test("identity provider: a real OpenID Connect provider on loopback; another town's session is useless", async ({ page, browser }) => {
  const w = await world();
  const email = `dominique-${w.town.slug}@example.net`;
  const booked = await bookFor(w, email);
  const secret = "a-client-secret-for-tests";
  const idp = await startOidcProvider({
    clients: [{ client_id: `civitas-${w.town.slug}`, client_secret: secret, redirect_uris: [`http://${w.town.slug}.localhost:${port}/api/auth/oidc/callback`], signedUserinfo: true }],
    accounts: [{ sub: "dominique", email, email_verified: true, given_name: "Dominique", family_name: "Durand" }],
  });
  try {
    await insertProvider({
      tenantId: w.tenant.id,
      labels: { fr: "Se connecter avec TestConnect", en: "Sign in with TestConnect", ar: "TestConnect" },
      issuer: idp.issuer,
      clientId: `civitas-${w.town.slug}`,
      clientSecretEnc: sealSecret(secret, PROVIDER_SECRET_PURPOSE),
      signedUserinfo: true,
    });
    await page.goto(townUrl(w.town.slug, "/fr/account/sign-in"));
    await expectAccessible(page);
    await page.getByRole("link", { name: "Se connecter avec TestConnect" }).click();
    // The provider's own (development) pages: login, then consent.
    await page.locator('input[name="login"]').fill("dominique");
    await page.locator('input[name="password"]').fill("any");
    await page.getByRole("button", { name: "Sign-in" }).click();
    await page.getByRole("button", { name: "Continue" }).click();
    await expect(page).toHaveURL(townUrl(w.town.slug, "/fr/account"));
    await expect(page.getByText(msg("fr", "Account.signedInAs").replace("{who}", "Dominique Durand"))).toBeVisible();
    await expect(page.getByText(booked.reference)).toBeVisible();
    await expectAccessible(page);

    // The same cookie presented to another town's host opens nothing there.
    const other = await world();
    const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("civitas-citizen"));
    expect(cookie).toBeDefined();
    const thief = await browser.newContext();
    await thief.addCookies([{ ...cookie!, domain: `${other.town.slug}.localhost` }]);
    const stolen = await thief.newPage();
    await stolen.goto(townUrl(other.town.slug, "/fr/account"));
    await expect(stolen).toHaveURL(/\/fr\/account\/sign-in/);
    await thief.close();
  } finally {
    await idp.close();
  }
});

test("another citizen's ids find nothing, in addresses and in actions", async ({ page }) => {
  const w = await world();
  const mine = `ana-${w.town.slug}@example.net`;
  const theirs = `bruno-${w.town.slug}@example.net`;
  const myBooking = await bookFor(w, mine);
  const theirBooking = await bookFor(w, theirs, 3);
  await signInByLink(page, w.town.slug, "fr", mine);
  // Their appointment's page: not found.
  const response = await page.goto(townUrl(w.town.slug, `/fr/account/appointments/${theirBooking.id}`));
  expect(response?.status()).toBe(404);
  // Their id slipped into my cancel form: refused, their booking still booked.
  await page.goto(townUrl(w.town.slug, `/fr/account/appointments/${myBooking.id}?cancel=1`));
  await page.locator('input[type=hidden][name="id"]').evaluate((input, id) => ((input as HTMLInputElement).value = id), theirBooking.id);
  await page.getByRole("button", { name: msg("fr", "Account.cancelConfirm") }).click();
  await expect(page.getByRole("alert").first()).toBeVisible();
  expect((await db().appointment.findFirstOrThrow({ where: { id: theirBooking.id } })).status).toBe("booked");
  expect((await db().appointment.findFirstOrThrow({ where: { id: myBooking.id } })).status).toBe("booked");
  // Their data is not in my export.
  const data = (await fetchInPage(page, "/fr/account/data/json")).body;
  expect(data).toContain(myBooking.reference);
  expect(data).not.toContain(theirBooking.reference);
  // Signed out, the space and the export lead to the sign-in page.
  await page.getByRole("button", { name: msg("fr", "Account.signOut") }).click();
  await expect(page).toHaveURL(/\/fr\/account\/sign-in\?signedOut=1/);
  await expectAccessible(page);
  const after = await fetchInPage(page, "/fr/account/data/json", { redirect: "manual" });
  expect(after.status).toBe(0); // an opaque redirect (to the sign-in page): no data
});

test.describe("without JavaScript, in Arabic", () => {
  test.use({ javaScriptEnabled: false });

  test("a form for signed-in citizens: sign in by link, start it, find the draft in the space, save the profile", async ({ page }) => {
    const w = await world();
    await db().form.updateMany({ where: { id: w.form.form.id }, data: { loginRequired: true } });
    const email = `nour-${w.town.slug}@example.net`;
    const start = townUrl(w.town.slug, `/ar/requests/${w.form.form.slug}`);
    await page.goto(start);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await page.getByRole("link", { name: msg("ar", "RequestFill.signInToStart") }).click();
    await expect(page).toHaveURL(/\/ar\/account\/sign-in\?next=/);
    const since = new Date();
    await page.locator("#f-email").fill(email);
    await page.getByRole("button", { name: msg("ar", "Account.sendLink") }).click();
    await expect(page).toHaveURL(townUrl(w.town.slug, "/ar/account/sign-in/sent"));
    const link = await signInLinkFor(email, since, townUrl(w.town.slug, "/ar/account/sign-in/link/"));
    await page.goto(link);
    await page.getByRole("button", { name: msg("ar", "Account.linkButton") }).click();
    // Back where the citizen was going: the form, which they may now start.
    await expect(page).toHaveURL(start);
    await page.getByRole("button", { name: msg("ar", "RequestFill.startNow") }).click();
    await expect(page).toHaveURL(new RegExp(`/ar/requests/${w.form.form.slug}/about`));
    const draft = await db().formRequest.findFirstOrThrow({ where: { tenantId: w.tenant.id, formId: w.form.form.id, status: "draft" } });
    expect(draft.citizenId).not.toBeNull();
    await page.goto(townUrl(w.town.slug, "/ar/account?kind=draft"));
    await expect(page.getByRole("link", { name: "Demande de carte" })).toBeVisible();
    await page.getByRole("link", { name: msg("ar", "Account.navProfile") }).click();
    await page.locator("#f-name").fill("نور الهدى");
    await page.locator("#f-phone").fill("abc");
    await page.getByRole("button", { name: msg("ar", "Account.profileSave") }).click();
    // A bad phone: the translated error, and the name typed is kept.
    await expect(page.getByText(msg("ar", "Errors.phone")).first()).toBeVisible();
    await expect(page.locator("#f-name")).toHaveValue("نور الهدى");
    await page.locator("#f-phone").fill("+33 6 12 34 56 78");
    await page.getByRole("button", { name: msg("ar", "Account.profileSave") }).click();
    await expect(page.getByText(msg("ar", "Feedback.profileSaved"))).toBeVisible();
    expect((await db().citizen.findFirstOrThrow({ where: { tenantId: w.tenant.id, email } })).name).toBe("نور الهدى");
  });
});

test("the space in Arabic, right to left: axe on every page", async ({ page }) => {
  const w = await world();
  const email = `salma-${w.town.slug}@example.net`;
  const booked = await bookFor(w, email);
  await signInByLink(page, w.town.slug, "ar", email);
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  for (const path of ["/ar/account", "/ar/account/profile", "/ar/account/data", "/ar/account/delete", `/ar/account/appointments/${booked.id}`, `/ar/account/appointments/${booked.id}?cancel=1`]) {
    await page.goto(townUrl(w.town.slug, path));
    await expectAccessible(page);
  }
});
