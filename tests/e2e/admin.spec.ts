// The staff area in real Chromium: sign-in (errors, lockout), invitation and password reset through
// the capture mailbox, permissions enforced on pages and on direct action calls, the theme editor
// reaching the citizen site, and accessibility of every admin page in LTR and RTL.
import { expect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { createTestWorld, eventuallyStatus, expectAccessible, get, linkIn, PASSWORD, post, readMail, signIn, submitAndWait, townUrl, watchConsole } from "./fixtures";

async function ready(page: Page, slug: string, locale = "en") {
  await eventuallyStatus(page, townUrl(slug, `/${locale}/admin/sign-in`), 200);
}

test("[ADMIN][SIGN-IN] an agent signs in and reaches the dashboard; the pages are accessible", async ({ page }) => {
  const world = await createTestWorld();
  await ready(page, world.slug);
  const checkConsole = watchConsole(page);
  await page.goto(townUrl(world.slug, "/en/admin"));
  await expect(page).toHaveURL(townUrl(world.slug, "/en/admin/sign-in?next=%2Fen%2Fadmin"));
  await expectAccessible(page);
  await page.getByLabel("Email address").fill(world.agents.admin!.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/admin"));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Staff area");
  await expect(page.locator("header")).toContainText(world.name);
  await expectAccessible(page);
  checkConsole();
});

test("[ADMIN][SIGN-IN] a wrong password shows a translated error, keeps the e-mail typed, and focuses the summary", async ({ page }) => {
  const world = await createTestWorld();
  await ready(page, world.slug, "fr");
  await page.goto(townUrl(world.slug, "/fr/admin/sign-in"));
  await page.locator("#f-email").fill(world.agents.admin!.email);
  await page.locator("#f-password").fill("not the password");
  await page.locator("form#sign-in button[type=submit]").click();
  const summary = page.getByRole("alert").filter({ hasText: "Il y a un problème" });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(summary).toContainText("L’adresse électronique ou le mot de passe est incorrect");
  await expect(page.locator("#f-email")).toHaveValue(world.agents.admin!.email);
  await expect(page.locator("#f-password")).toHaveValue("");
  await expectAccessible(page);
});

test("[ADMIN][SIGN-IN] five failures lock the account, even for the right password", async ({ page }) => {
  test.setTimeout(60_000);
  const world = await createTestWorld();
  await ready(page, world.slug);
  await page.goto(townUrl(world.slug, "/en/admin/sign-in"));
  await page.getByLabel("Email address").fill(world.agents.admin!.email);
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("Password").fill(`wrong ${i}`);
    await submitAndWait(page, page.getByRole("button", { name: "Sign in" }));
    await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(i < 5 ? "incorrect" : "Too many failed attempts");
  }
  await page.getByLabel("Password").fill(PASSWORD);
  await submitAndWait(page, page.getByRole("button", { name: "Sign in" }));
  await expect(page.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText(/blocked\. Try again in 1[45] minutes/);
  await expect(page).toHaveURL(/\/en\/admin\/sign-in/);
});

test("[ADMIN][INVITE] an invited agent reads the mail, chooses a password and signs in", async ({ page, browser }) => {
  test.setTimeout(90_000);
  const world = await createTestWorld();
  await signIn(page, world.slug, "en", world.agents.admin!.email);
  await page.goto(townUrl(world.slug, "/en/admin/users/invite"));
  await expectAccessible(page);
  // Refused first: no role chosen, bad address; what was typed stays.
  await page.getByLabel("Name", { exact: true }).fill("Nina Newcomer");
  await page.getByLabel("Email address").fill("nina@");
  await page.getByRole("button", { name: "Send the invitation" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText("Enter an email address in the correct format");
  await expect(summary).toContainText("Choose at least one role");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Nina Newcomer");
  await expectAccessible(page);
  const email = `nina-${world.slug}@example.org`;
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("checkbox", { name: /^Agent/ }).check();
  const sent = new Date(Date.now() - 1000);
  await page.getByRole("button", { name: "Send the invitation" }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/admin/users?done=invited"));
  await expect(page.getByRole("row").filter({ hasText: "Nina Newcomer" })).toContainText("Invited");

  const mail = await readMail(email, { after: sent });
  expect(mail.subject).toBe(`Invitation to join the staff area of ${world.name}`);
  const link = linkIn(mail.text, townUrl(world.slug, "/en/admin/invitation?token="));

  const context = await browser.newContext();
  const newcomer = await context.newPage();
  await newcomer.goto(link);
  await expect(newcomer.getByRole("heading", { level: 1 })).toHaveText("Choose your password");
  await expectAccessible(newcomer);
  await newcomer.getByLabel("New password").fill("short");
  await newcomer.getByLabel("Type the password again").fill("short");
  await newcomer.getByRole("button", { name: "Save my password" }).click();
  await expect(newcomer.getByRole("alert").filter({ hasText: "There is a problem" })).toContainText("at least 12 characters");
  await newcomer.getByLabel("New password").fill("nina's own passphrase");
  await newcomer.getByLabel("Type the password again").fill("nina's own passphrase");
  await newcomer.getByRole("button", { name: "Save my password" }).click();
  await expect(newcomer).toHaveURL(townUrl(world.slug, "/en/admin/sign-in?done=password"));
  await expect(newcomer.getByRole("status")).toContainText("Your password has been saved");
  await newcomer.getByLabel("Email address").fill(email);
  await newcomer.getByLabel("Password").fill("nina's own passphrase");
  await newcomer.getByRole("button", { name: "Sign in" }).click();
  await expect(newcomer).toHaveURL(townUrl(world.slug, "/en/admin"));
  // The link worked once.
  await newcomer.goto(link);
  await expect(newcomer.getByText("This link no longer works")).toBeVisible();
  await context.close();
  // Each step is in the town's audit trail, with its actor.
  const entries = await db().auditEntry.findMany({ where: { chain: world.id }, orderBy: { seq: "asc" }, select: { action: true, actorLabel: true, actorType: true } });
  const actions = entries.map((e) => e.action);
  expect(actions).toEqual(expect.arrayContaining(["auth.sign-in", "agents.invite", "agents.accept-invitation"]));
  expect(entries.find((e) => e.action === "agents.invite")).toMatchObject({ actorType: "agent", actorLabel: world.agents.admin!.email });
  expect(entries.find((e) => e.action === "agents.accept-invitation")).toMatchObject({ actorType: "agent" });
});

test("[ADMIN][RESET] a forgotten password is reset through the e-mailed link", async ({ page }) => {
  const world = await createTestWorld({ agents: [{ role: "agent", local: "forgetful" }] });
  const email = world.agents.forgetful!.email;
  await ready(page, world.slug);
  await page.goto(townUrl(world.slug, "/en/admin/sign-in"));
  await page.getByRole("link", { name: "I forgot my password" }).click();
  await expectAccessible(page);
  const asked = new Date(Date.now() - 1000);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Send the link" }).click();
  await expect(page.getByRole("status")).toContainText("Check your email");
  const mail = await readMail(email, { after: asked });
  const link = linkIn(mail.text, townUrl(world.slug, "/en/admin/reset-password?token="));
  await page.goto(link);
  await page.getByLabel("New password").fill("a fresh passphrase 2026");
  await page.getByLabel("Type the password again").fill("a fresh passphrase 2026");
  await page.getByRole("button", { name: "Save my new password" }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/admin/sign-in?done=password"));
  await signIn(page, world.slug, "en", email, "a fresh passphrase 2026");
});

test("[ADMIN][PERMISSIONS] an agent without settings:manage is refused the page and a direct action call", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const world = await createTestWorld({ agents: [{ role: "agent", local: "clerk" }] });
  // The administrator's own save gives us a real request to replay.
  await signIn(page, world.slug, "en", world.agents.admin!.email);
  await page.goto(townUrl(world.slug, "/en/admin/settings"));
  const form = page.locator("form#identity-form");
  await form.getByLabel("Contact phone number").fill("+33 1 00 00 00 00");
  const [request] = await Promise.all([page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])), form.getByRole("button", { name: "Save this section" }).click()]);
  await expect(page.getByRole("status").filter({ hasText: "The settings have been saved" })).toBeVisible();

  const context = await browser.newContext();
  const clerk = await context.newPage();
  await signIn(clerk, world.slug, "en", world.agents.clerk!.email);
  await expect(clerk.getByRole("navigation", { name: "Staff area" })).not.toContainText("Town settings");
  const refused = await clerk.goto(townUrl(world.slug, "/en/admin/settings"));
  expect(refused?.status()).toBe(403);
  await expect(clerk.getByRole("heading", { level: 1 })).toHaveText("You cannot open this page");
  await expectAccessible(clerk);

  const forged = request.postData()!.replace("+33 1 00 00 00 00", "+33 9 99 99 99 99");
  const answer = await post(clerk.request, request.url(), { headers: { ...(await request.allHeaders()), cookie: (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ") }, data: forged });
  expect(answer.status()).toBe(200);
  expect(await answer.text()).toContain("You are not allowed to do this.");
  const row = await db().tenant.findUniqueOrThrow({ where: { id: world.id } });
  expect(row.contactPhone).toBe("+33 1 00 00 00 00");
  const denied = await db().auditEntry.findFirst({ where: { chain: world.id, action: "access.denied", actorId: world.agents.clerk!.id } });
  expect(denied?.summary).toMatchObject({ attempted: "settings.identity", permission: "settings:manage" });
  await context.close();
});

test("[ADMIN][THEME] a new colour reaches the citizen site at once; a low-contrast colour is refused with an explanation", async ({ page }) => {
  test.setTimeout(60_000);
  const world = await createTestWorld();
  await signIn(page, world.slug, "en", world.agents.admin!.email);
  await page.goto(townUrl(world.slug, "/fr"));
  await expect.poll(() => page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--civ-primary").trim())).toBe("#5a2d82");

  await page.goto(townUrl(world.slug, "/en/admin/settings/theme"));
  const checkConsole = watchConsole(page);
  await expectAccessible(page);
  const primary = page.getByRole("textbox", { name: "Main colour", exact: true });
  await primary.fill("#9fc1e8");
  await expect(page.getByText(/Links on the page: fails/)).toBeVisible(); // live check
  await page.getByRole("button", { name: "Save the look" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "There is a problem" });
  await expect(summary).toContainText(/The main colour, used for links, has a contrast of [\d.]+:1 on the white page; it needs at least 4.5:1/);
  await expect(primary).toHaveValue("#9fc1e8");
  await expectAccessible(page);

  await primary.fill("#14532d");
  await page.getByRole("button", { name: "Save the look" }).click();
  await expect(page.getByRole("status").filter({ hasText: "The theme has been saved" })).toBeVisible();
  checkConsole();
  await expect
    .poll(async () => {
      const html = await (await get(page.request, townUrl(world.slug, "/fr"))).text();
      return /--civ-primary:#14532d/.test(html);
    })
    .toBe(true);
  await page.goto(townUrl(world.slug, "/fr"));
  expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue("--civ-primary").trim())).toBe("#14532d");
  const audit = await db().auditEntry.findFirst({ where: { chain: world.id, action: "settings.theme" } });
  expect(audit?.summary).toMatchObject({ changed: { theme: { to: { primary: "#14532d" } } } });
});

test("[ADMIN][ISOLATION] a session cookie of one town is useless on another; pages, actions and exports refuse", async ({ page, browser }) => {
  test.setTimeout(60_000);
  const a = await createTestWorld();
  const b = await createTestWorld();
  await ready(page, b.slug);
  await signIn(page, a.slug, "en", a.agents.admin!.email);
  const cookie = (await page.context().cookies()).find((c) => c.name === "civitas-session");
  expect(cookie?.domain).toBe(`${a.slug}.localhost`); // host-only
  expect(cookie?.sameSite).toBe("Lax");
  expect(cookie?.httpOnly).toBe(true);

  const context = await browser.newContext();
  await context.addCookies([{ name: cookie!.name, value: cookie!.value, domain: `${b.slug}.localhost`, path: "/", httpOnly: true, sameSite: "Lax" }]);
  const intruder = await context.newPage();
  await intruder.goto(townUrl(b.slug, "/en/admin/users"));
  await expect(intruder).toHaveURL(/\/en\/admin\/sign-in/);
  const exported = await get(intruder.request, townUrl(b.slug, "/en/admin/audit/export"), { maxRedirects: 0, headers: { cookie: `${cookie!.name}=${cookie!.value}` } });
  expect(exported.status()).toBe(303);
  expect(exported.headers()["content-type"] ?? "").not.toContain("csv");
  // A's agent ids mean nothing on B, even for B's administrator.
  await signIn(intruder, b.slug, "en", b.agents.admin!.email);
  const page404 = await intruder.goto(townUrl(b.slug, `/en/admin/users/${a.agents.admin!.id}`));
  expect(page404?.status()).toBe(404);
  await context.close();
});

test("[ADMIN][A11Y] every admin page has no axe violation, in English and in Arabic (right to left)", async ({ page }) => {
  test.setTimeout(120_000);
  const world = await createTestWorld({ locales: ["fr", "en", "ar"], agents: [{ role: "translator", local: "tr" }] });
  const checkConsole = watchConsole(page);
  for (const locale of ["en", "ar"]) {
    await signIn(page, world.slug, locale, world.agents.admin!.email);
    await expect(page.locator("html")).toHaveAttribute("dir", locale === "ar" ? "rtl" : "ltr");
    const agentId = world.agents.tr!.id;
    for (const path of ["", "/users", "/users/invite", `/users/${agentId}`, "/roles", "/roles/new", "/settings", "/settings/theme", "/audit", "/mail"]) {
      const response = await page.goto(townUrl(world.slug, `/${locale}/admin${path}`));
      expect(response?.status(), path).toBe(200);
      await expectAccessible(page);
    }
    await page.locator("header form button[type=submit]").click();
    await expect(page).toHaveURL(/\/admin\/sign-in\?signedOut=1/);
  }
  checkConsole();
});

test("[ADMIN][NO-JS] signing in and saving settings work without JavaScript", async ({ browser }) => {
  const world = await createTestWorld();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await eventuallyStatus(page, townUrl(world.slug, "/en/admin/sign-in"), 200);
  await page.goto(townUrl(world.slug, "/en/admin/sign-in"));
  await page.getByLabel("Email address").fill(world.agents.admin!.email);
  await page.getByLabel("Password").fill("wrong password!");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("The email address or the password is incorrect.")).toBeVisible();
  await expect(page.getByLabel("Email address")).toHaveValue(world.agents.admin!.email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/admin"));
  await page.goto(townUrl(world.slug, "/en/admin/settings"));
  const form = page.locator("form#identity-form");
  await form.getByLabel("Contact email address").fill("not an address");
  await form.getByRole("button", { name: "Save this section" }).click();
  await expect(page.getByText("Enter an email address in the correct format").first()).toBeVisible();
  await context.close();
});

test("[ADMIN][ORIGIN] a state-changing request without a same-host Origin is refused", async ({ request }) => {
  const world = await createTestWorld();
  await expect.poll(async () => (await get(request, townUrl(world.slug, "/en/admin/sign-in"))).status()).toBe(200);
  const target = new URL(townUrl(world.slug, "/en/admin/sign-in"));
  const host = target.host;
  target.hostname = "127.0.0.1";
  const noOrigin = await request.post(target.toString(), { headers: { host }, form: { email: "x" } });
  expect(noOrigin.status()).toBe(403);
  const foreign = await request.post(target.toString(), { headers: { host, origin: "http://evil.example" }, form: { email: "x" } });
  expect(foreign.status()).toBe(403);
  const nullOrigin = await request.post(target.toString(), { headers: { host, origin: "null" }, form: { email: "x" } });
  expect(nullOrigin.status()).toBe(403);
});
