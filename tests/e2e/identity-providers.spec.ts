// The admin page where a town configures its OpenID Connect identity providers: adding one (a plain
// http issuer off loopback refused, with the translated error and everything typed kept except the
// secret), editing it (an empty secret keeps the stored one), deleting it (the citizens' identities at
// it go with it); the permission enforced on the page; another town's administrator finds nothing.
import { expect, test } from "@playwright/test";
import { db } from "@/lib/core/db";
import { createTestWorld, eventuallyStatus, expectAccessible, signIn, submitAndWait, townUrl } from "./fixtures";

const SECRET = "s3cret-of-the-test-client";

test("[CITIZENS][IDP] an administrator adds, edits and deletes an identity provider; others cannot reach it", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const world = await createTestWorld({ agents: [{ role: "agent", local: "clerk" }] });
  const other = await createTestWorld();
  await eventuallyStatus(page, townUrl(world.slug, "/en/admin/sign-in"), 200);
  await signIn(page, world.slug, "en", world.agents.admin!.email);
  await expect(page.getByRole("navigation", { name: "Staff area" })).toContainText("Identity providers");

  // The list: empty, with the redirect URI to register at the provider.
  const list = townUrl(world.slug, "/en/admin/identity-providers");
  await page.goto(list);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Identity providers");
  await expect(page.getByText("No identity provider yet")).toBeVisible();
  const redirectUri = page.locator("section[aria-labelledby=redirect-uri] code");
  await expect(redirectUri).toHaveText(new RegExp(`^https?://${world.slug}\\.[^/]+/api/auth/oidc/callback$`));
  await expect(page.locator("section[aria-labelledby=redirect-uri]")).toContainText("For FranceConnect: tick Signed userinfo");
  await expectAccessible(page);

  // A plain http issuer that is not on loopback is refused; what was typed stays (not the secret).
  const form = page.locator("form#new-provider-form");
  await page.locator("#f-label-fr").fill("Se connecter avec Testconnect");
  await page.locator("#f-label-en").fill("Sign in with Testconnect");
  await form.getByLabel("Provider address (issuer)").fill("http://example.org");
  await form.getByLabel("Client ID").fill("civitas-test-client");
  await form.getByLabel("Client secret").fill(SECRET);
  await form.getByLabel("ES256").check();
  await form.getByLabel("The provider answers userinfo as a signed token (JWT)").check();
  await form.getByLabel("Authentication level (acr_values)").fill("eidas1");
  await submitAndWait(page, form.getByRole("button", { name: "Add the provider" }));
  await expect(page.getByRole("alert").first()).toContainText("There is a problem");
  await expect(page.locator("#f-issuer-error")).toContainText("starting with https://");
  await expect(page.locator("#f-issuer")).toHaveValue("http://example.org");
  await expect(page.locator("#f-label-fr")).toHaveValue("Se connecter avec Testconnect");
  await expect(page.locator("#f-label-en")).toHaveValue("Sign in with Testconnect");
  await expect(page.locator("#f-clientId")).toHaveValue("civitas-test-client");
  await expect(page.locator("#f-acrValues")).toHaveValue("eidas1");
  await expect(form.getByLabel("ES256")).toBeChecked();
  await expect(form.getByLabel("The provider answers userinfo as a signed token (JWT)")).toBeChecked();
  await expect(page.locator("#f-clientSecret")).toHaveValue("");
  await expectAccessible(page);
  expect(await db().identityProvider.count({ where: { tenantId: world.id } })).toBe(0);

  // On loopback, plain http is accepted: the provider's page opens.
  await page.locator("#f-issuer").fill("http://127.0.0.1:9/");
  await page.locator("#f-clientSecret").fill(SECRET);
  await page.locator("form#new-provider-form").getByRole("button", { name: "Add the provider" }).click();
  await expect(page).toHaveURL(/\/en\/admin\/identity-providers\/[0-9a-f-]{36}\?created=1$/, { timeout: 30_000 });
  await expect(page.getByText("The identity provider has been added.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in with Testconnect");
  await expect(page.getByText("A secret is stored")).toBeVisible();
  await expect(page.locator("body")).not.toContainText(SECRET);
  await expectAccessible(page);
  const id = page.url().match(/identity-providers\/([0-9a-f-]{36})/)![1]!;
  const stored = await db().identityProvider.findFirstOrThrow({ where: { tenantId: world.id, id } });
  expect(stored).toMatchObject({ issuer: "http://127.0.0.1:9/", clientId: "civitas-test-client", scopes: "openid email profile", signingAlg: "ES256", signedUserinfo: true, acrValues: "eidas1", enabled: true });
  expect(stored.labels).toEqual({ fr: "Se connecter avec Testconnect", en: "Sign in with Testconnect" });
  expect(stored.clientSecretEnc).not.toContain(SECRET);
  const audit = await db().auditEntry.findFirstOrThrow({ where: { tenantId: world.id, action: "identity-providers.create", targetId: id } });
  expect(JSON.stringify(audit.summary)).not.toContain(SECRET);

  // Editing with the secret left empty keeps the stored secret.
  const edit = page.locator("form#provider-form");
  await expect(edit.getByLabel("Client secret")).toHaveValue("");
  await page.locator("#f-label-en").fill("Sign in with Testconnect (test)");
  await edit.getByLabel("Scopes").fill("openid email");
  await edit.locator("#f-enabled-0").uncheck();
  await submitAndWait(page, edit.getByRole("button", { name: "Save the provider" }));
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await expect(page.locator("#f-scopes")).toHaveValue("openid email");
  const updated = await db().identityProvider.findFirstOrThrow({ where: { tenantId: world.id, id } });
  expect(updated).toMatchObject({ scopes: "openid email", enabled: false, clientSecretEnc: stored.clientSecretEnc });
  expect(updated.labels).toEqual({ fr: "Se connecter avec Testconnect", en: "Sign in with Testconnect (test)" });
  await expectAccessible(page);

  // Scopes without openid are refused.
  await page.locator("#f-scopes").fill("email profile");
  await submitAndWait(page, page.locator("form#provider-form").getByRole("button", { name: "Save the provider" }));
  await expect(page.locator("#f-scopes-error")).toHaveText("The scopes must include openid");
  await expect(page.locator("#f-scopes")).toHaveValue("email profile");

  // The list shows it, disabled.
  await page.goto(list);
  await expect(page.getByRole("link", { name: "Sign in with Testconnect (test)" })).toBeVisible();
  await expect(page.getByRole("table")).toContainText("Disabled");
  await expectAccessible(page);

  // An agent without the permission is refused the pages.
  const clerkContext = await browser.newContext();
  const clerk = await clerkContext.newPage();
  await signIn(clerk, world.slug, "en", world.agents.clerk!.email);
  await expect(clerk.getByRole("navigation", { name: "Staff area" })).not.toContainText("Identity providers");
  expect((await clerk.goto(list))?.status()).toBe(403);
  await expectAccessible(clerk);
  expect((await clerk.goto(`${list}/${id}`))?.status()).toBe(403);
  await clerkContext.close();

  // Another town's administrator: this provider does not exist there.
  const otherContext = await browser.newContext();
  const intruder = await otherContext.newPage();
  await eventuallyStatus(intruder, townUrl(other.slug, "/en/admin/sign-in"), 200);
  await signIn(intruder, other.slug, "en", other.agents.admin!.email);
  expect((await intruder.goto(townUrl(other.slug, `/en/admin/identity-providers/${id}`)))?.status()).toBe(404);
  await expectAccessible(intruder);
  await otherContext.close();

  // Deleting: confirmation required; the citizens' identities at the provider go with it.
  const citizen = await db().citizen.create({ data: { tenantId: world.id, email: `ada@${world.slug}.test`, locale: "fr" } });
  await db().citizenIdentity.create({ data: { tenantId: world.id, citizenId: citizen.id, providerId: id, subject: "sub-ada" } });
  await page.goto(`${list}/${id}`);
  await expect(page.locator("section[aria-labelledby=delete-provider]")).toContainText("deleted with it");
  const remove = page.locator("form#delete-provider-form");
  await submitAndWait(page, remove.getByRole("button", { name: "Delete the provider" }));
  await expect(page.locator("#f-confirm-error")).toHaveText("Tick this box to confirm the deletion");
  await expectAccessible(page);
  await page.locator("form#delete-provider-form").getByLabel("I understand").check();
  await page.locator("form#delete-provider-form").getByRole("button", { name: "Delete the provider" }).click();
  await expect(page).toHaveURL(`${list}?deleted=1`, { timeout: 30_000 });
  await expect(page.getByText("The identity provider has been deleted.")).toBeVisible();
  await expect(page.getByText("No identity provider yet")).toBeVisible();
  await expectAccessible(page);
  expect(await db().identityProvider.count({ where: { tenantId: world.id } })).toBe(0);
  expect(await db().citizenIdentity.count({ where: { tenantId: world.id } })).toBe(0);
  expect(await db().citizen.count({ where: { tenantId: world.id } })).toBe(1);
});
