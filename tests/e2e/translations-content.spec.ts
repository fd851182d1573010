// A translator translates the town's own content in real Chromium, with translations:edit for Spanish
// and Arabic only (no appointments or forms rights): a service's name, a form's title, a field's label
// and a request state's label; the citizen pages in Spanish show them at once (the published version
// of the form got them); the translator still cannot open the appointments or the forms screens; the
// page is accessible in French (LTR) and in Arabic (RTL), its text boxes in the language translated.
import { randomBytes } from "node:crypto";
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { db } from "@/lib/core/db";
import { contentFieldId, contentFieldName, refKey, type TSegment } from "@/lib/translations/content-paths";
import { createBookableService } from "@/tests/fixtures/appointments";
import { createPublishedForm, testDefinition, testWorkflow } from "@/tests/fixtures/forms";
import { createTestWorld, enableModules, eventuallyStatus, expectAccessible, PASSWORD, signIn, submitAndWait, townUrl } from "./fixtures";
import { text as msg } from "./messages";

// The development server compiles each page on its first visit and the machine is shared: be patient.
const expect = baseExpect.configure({ timeout: 60_000 });

const box = (itemId: string, column: string, path: TSegment[] = []) => `#${contentFieldId(contentFieldName(itemId, refKey({ column, path })))}`;

async function world() {
  const town = await createTestWorld({ locales: ["fr", "en", "es", "ar"] });
  const email = `tr-es@${town.slug}.test`;
  await createAgentWithPassword({ tenantId: town.id, email, name: "Traductora", password: PASSWORD, roles: ["translator"], scope: ["locale:es", "locale:ar"] });
  const tenant = await enableModules(town, ["appointments", "forms"]);
  // Written in French only: the other languages are to translate.
  const french = { ...tenant, enabledLocales: ["fr"] };
  const { service } = await createBookableService(french);
  const { form, version } = await createPublishedForm(french, testDefinition(["fr"]), testWorkflow(["fr"]), { title: `Encombrants ${randomBytes(2).toString("hex")}` });
  return { town: tenant, email, service, form, version };
}

/** Saves one item's form (each item has its own: the answer shown is the one in its section). */
async function save(page: Page, itemId: string) {
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.locator(`form#content-${itemId} button[type=submit]`).click()]);
  const notice = page.locator(`section[data-id="${itemId}"] [role=status][tabindex='-1']`);
  await expect(notice).toBeFocused();
  await expect(notice).toHaveText(msg("fr", "Feedback.contentTranslated"));
}

test("[TRANSLATIONS] a translator with no other right translates a service and a form; the Spanish pages show them at once", async ({ page }) => {
  const { town, email, service, form, version } = await world();
  await eventuallyStatus(page, townUrl(town.slug, "/fr/admin/sign-in"), 200);
  await signIn(page, town.slug, "fr", email);

  // From the Spanish messages to the content.
  await page.goto(townUrl(town.slug, "/fr/admin/translations/es"));
  await page.locator(`main a[href="/fr/admin/translations/es/content"]`).click();
  await expect(page.locator("main h1")).toHaveText(msg("fr", "TranslationsContent.title", { language: "espagnol" }));
  await expect(page.locator(`section[data-id="${service.id}"] h2`)).toContainText("Passeport test");
  const source = page.locator(`${box(service.id, "names")}-source`);
  await expect(source).toHaveAttribute("lang", "fr");
  await expect(page.locator(box(service.id, "names"))).toHaveAttribute("lang", "es");

  const name = `Pasaporte ${randomBytes(2).toString("hex")}`;
  await page.locator(box(service.id, "names")).fill(name);
  await save(page, service.id);
  await expect(page.locator(box(service.id, "names"))).toHaveValue(name);

  const title = `Recogida de enseres ${randomBytes(2).toString("hex")}`;
  await page.locator(box(form.id, "titles")).fill(title);
  await page.locator(box(form.id, "definition", ["steps", { id: "about" }, "fields", { id: "what" }, "labels"])).fill("¿Qué quiere tirar?");
  await page.locator(box(form.id, "workflow", ["states", { id: "received" }, "labels"])).fill("Recibida");
  await save(page, form.id);

  // Only the missing texts: the ones just saved are gone from the list.
  await page.goto(townUrl(town.slug, "/fr/admin/translations/es/content?missing=1"));
  await expect(page.locator(box(form.id, "definition", ["steps", { id: "about" }, "fields", { id: "where" }, "labels"]))).toBeVisible();
  await expect(page.locator(box(form.id, "titles"))).toHaveCount(0);
  await page.goto(townUrl(town.slug, "/fr/admin/translations/es/content?kind=service"));
  await expect(page.locator(`section[data-kind="form"]`)).toHaveCount(0);
  await expect(page.locator(box(service.id, "names"))).toHaveValue(name);

  // The source texts are untouched; the published version has the new texts.
  const row = await db().appointmentService.findFirstOrThrow({ where: { id: service.id } });
  expect(row.names).toEqual({ fr: "Passeport test", es: name });
  const published = await db().formVersion.findFirstOrThrow({ where: { id: version.id } });
  expect((published.workflow as { states: { id: string; labels: Record<string, string> }[] }).states.find((s) => s.id === "received")!.labels).toEqual({ fr: "Received", es: "Recibida" });
  const audit = await db().auditEntry.findFirst({ where: { tenantId: town.id, action: "translations.content", targetId: form.id } });
  expect(audit?.summary).toMatchObject({ locale: "es", kind: "form", id: form.id, count: 3 });

  // The citizen pages in Spanish, at once.
  await page.goto(townUrl(town.slug, "/es/appointments"));
  await expect(page.locator("main")).toContainText(name);
  await page.goto(townUrl(town.slug, "/es/requests"));
  await expect(page.locator(`main a[href="/es/requests/${form.slug}"]`)).toContainText(title);
  await page.locator(`main a[href="/es/requests/${form.slug}"]`).click();
  await page.locator("main form button[type=submit]:not([name]):visible").click();
  await expect(page).toHaveURL(townUrl(town.slug, `/es/requests/${form.slug}/about`));
  await expect(page.locator("label[for='f-what']")).toContainText("¿Qué quiere tirar?");

  // Still no other right.
  expect((await page.goto(townUrl(town.slug, "/fr/admin/appointments")))?.status()).toBe(403);
  expect((await page.goto(townUrl(town.slug, "/fr/admin/forms")))?.status()).toBe(403);
  expect((await page.goto(townUrl(town.slug, "/fr/admin/appointment-services")))?.status()).toBe(403);
  // Nor another language: French is the town's own (and not theirs), English not theirs.
  expect((await page.goto(townUrl(town.slug, "/fr/admin/translations/en/content")))?.status()).toBe(403);
});

test("[TRANSLATIONS] the content page is accessible in French and in Arabic (RTL)", async ({ page }) => {
  const { town, email, form } = await world();
  await eventuallyStatus(page, townUrl(town.slug, "/fr/admin/sign-in"), 200);
  await signIn(page, town.slug, "fr", email);
  for (const [locale, lang] of [["fr", "es"], ["ar", "ar"]] as const) {
    await page.goto(townUrl(town.slug, `/${locale}/admin/translations/${lang}/content`));
    const label = page.locator(box(form.id, "definition", ["steps", { id: "about" }, "fields", { id: "what" }, "labels"]));
    await expect(label).toHaveAttribute("lang", lang);
    await expect(label).toHaveAttribute("dir", lang === "ar" ? "rtl" : "ltr");
    await expectAccessible(page);
  }
  // An error (a text too long) is shown beside its box, with the text typed kept.
  const long = "x".repeat(20_001);
  const titleBox = page.locator(box(form.id, "titles"));
  await titleBox.fill(long);
  await submitAndWait(page, page.locator(`form#content-${form.id} button[type=submit]`));
  await expect(page.locator(`${box(form.id, "titles")}-error`)).toBeVisible();
  await expect(titleBox).toHaveValue(long);
  await expectAccessible(page);
});
