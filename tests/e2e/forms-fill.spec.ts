// A citizen fills in and sends a form in Chromium: a form with conditional fields (a question revealed
// on the same step, a step skipped), an address, a repeatable group and a consent, built through the
// module's services (not the builder). In French (errors that take focus, "Add another", check your
// answers and a Change link that comes back to the check page), in Arabic (right to left, a label
// falling back to French marked with lang), and with JavaScript disabled. Each sends and lands on the
// follow-up page with the reference; the confirmation e-mail carries it. axe-core on every page.
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { ZFormDefinition } from "@/lib/forms/definition";
import { updateFormRow, type TFormRow } from "@/lib/forms/repo";
import type { TTenant } from "@/lib/tenancy/registry";
import { createPublishedForm, testWorkflow } from "@/tests/fixtures/forms";
import { createTestWorld, enableForms, expectAccessible, linkIn, readMail, submitAndWait, townUrl } from "./fixtures";

// The development server compiles each page on its first visit and the machine is shared: be patient.
const expect = baseExpect.configure({ timeout: 90_000 });

const DEFINITION = ZFormDefinition.parse({
  steps: [
    {
      id: "request",
      titles: { fr: "Votre demande", ar: "طلبك", en: "Your request" },
      fields: [
        {
          id: "kind",
          type: "choice",
          display: "radio",
          required: true,
          labels: { fr: "Type de demande", ar: "نوع الطلب", en: "Kind of request" },
          options: [
            { value: "certificate", labels: { fr: "Certificat", ar: "شهادة", en: "Certificate" } },
            { value: "other", labels: { fr: "Autre", ar: "أخرى", en: "Other" } },
          ],
        },
        { id: "other_text", type: "text", required: true, labels: { fr: "Précisez", ar: "حدد", en: "Tell us more" }, conditions: { mode: "all", rules: [{ field: "kind", op: "equals", value: "other" }] } },
        { id: "has_pet", type: "yesno", required: true, labels: { fr: "Avez-vous un animal ?", ar: "هل لديك حيوان؟", en: "Do you have a pet?" } },
      ],
    },
    {
      id: "pet",
      titles: { fr: "Votre animal", ar: "حيوانك", en: "Your pet" },
      fields: [{ id: "pet_name", type: "text", required: true, labels: { fr: "Nom de l’animal", ar: "اسم الحيوان", en: "Pet’s name" }, conditions: { mode: "all", rules: [{ field: "has_pet", op: "equals", value: "yes" }] } }],
    },
    {
      id: "details",
      titles: { fr: "Détails", ar: "تفاصيل", en: "Details" },
      fields: [
        { id: "home", type: "address", required: true, labels: { fr: "Adresse", ar: "العنوان", en: "Address" } },
        {
          id: "items",
          type: "group",
          labels: { fr: "Objets", ar: "الأغراض", en: "Items" },
          minItems: 1,
          maxItems: 3,
          fields: [
            { id: "what", type: "text", required: true, labels: { fr: "Objet", ar: "الغرض", en: "Item" } },
            { id: "qty", type: "number", labels: { fr: "Quantité", ar: "الكمية", en: "Quantity" }, validation: { min: 1, integer: true } },
          ],
        },
        // No Arabic label: the French one is shown, marked lang="fr".
        { id: "terms", type: "consent", labels: { fr: "J’accepte les conditions", en: "I accept the terms" } },
      ],
    },
  ],
});

async function world() {
  const base = await createTestWorld({ locales: ["fr", "en", "ar"] });
  const town = await enableForms(base);
  const { form } = await createPublishedForm(town, DEFINITION, testWorkflow(town.enabledLocales), { prefix: "DM", title: "Demande de test" });
  const updated = (await updateFormRow(town.id, form.id, {
    titles: { fr: "Demande de test", ar: "طلب تجريبي", en: "Test request" },
    descriptions: { fr: "Munissez-vous de votre adresse.", ar: "جهز عنوانك.", en: "Have your address at hand." },
    nextSteps: { fr: "Nous vous répondrons sous 10 jours.", ar: "سنرد خلال 10 أيام.", en: "We will answer within 10 days." },
  })) as TFormRow;
  return { town, form: updated };
}

// The step's main button (the form also holds a hidden copy first in the form, for Enter: see ActionForm enterSubmits).
const continueButton = (page: Page) => page.locator("main form button[type=submit]:not([name]):visible");

/** withAxe false: axe-core needs JavaScript in the page (the same pages are checked by the tests with it). */
async function startFromList(page: Page, town: TTenant, form: TFormRow, locale: string, withAxe = true) {
  const check = withAxe ? expectAccessible : async () => undefined;
  await page.goto(townUrl(town.slug, `/${locale}/requests`));
  await check(page);
  await page.locator(`a[href="/${locale}/requests/${form.slug}"]`).click();
  await expect(page).toHaveURL(townUrl(town.slug, `/${locale}/requests/${form.slug}`));
  await check(page);
  await continueButton(page).click();
  await expect(page).toHaveURL(townUrl(town.slug, `/${locale}/requests/${form.slug}/request`));
  await check(page);
}

async function sentRequest(form: TFormRow, email: string) {
  return db().formRequest.findFirstOrThrow({ where: { formId: form.id, email, status: "submitted" } });
}

async function expectSent(page: Page, town: TTenant, form: TFormRow, locale: string, email: string, withAxe = true) {
  await expect(page).toHaveURL(new RegExp(`/${locale}/requests/follow/[A-Za-z0-9_-]+\\?sent=1$`));
  const request = await sentRequest(form, email);
  expect(request.reference).toMatch(/^DM-\d{4}-[A-HJ-NP-Z2-9]{6}$/);
  expect(request.state).toBe("received");
  await expect(page.getByText(request.reference!).first()).toBeVisible();
  if (withAxe) await expectAccessible(page);
  // The confirmation e-mail, in the citizen's language, with the link to this follow-up page.
  const mail = await db().outboxMessage.findFirstOrThrow({ where: { tenantId: town.id, toAddress: email, template: "request-received" } });
  expect(mail.locale).toBe(locale);
  expect(mail.params).toMatchObject({ reference: request.reference });
  const received = await readMail(email, { timeoutMs: 60_000 });
  expect(received.subject).toContain(request.reference!);
  expect(page.url()).toContain(linkIn(received.text, townUrl(town.slug, `/${locale}/requests/follow/`)));
  return request;
}

test.describe("filling in a form with JavaScript", () => {
  test("in French: errors, a revealed question, a step, a group, check your answers and a Change link", async ({ page }) => {
    const { town, form } = await world();
    await startFromList(page, town, form, "fr");

    // Nothing answered: the error summary takes focus and links to the questions.
    await submitAndWait(page, continueButton(page));
    await expect(page.locator("[role=alert] a[href='#f-kind']")).toBeVisible();
    await expectAccessible(page);

    // "Précisez" appears only for "Autre".
    await expect(page.locator("#f-other_text")).toBeHidden();
    await page.locator("#f-kind-1").check();
    await expect(page.locator("#f-other_text")).toBeVisible();
    await page.locator("#f-kind-0").check();
    await expect(page.locator("#f-other_text")).toBeHidden();
    await page.locator("#f-has_pet-0").check();
    await continueButton(page).click();

    await expect(page).toHaveURL(townUrl(town.slug, `/fr/requests/${form.slug}/pet`));
    await expectAccessible(page);
    await page.locator("#f-pet_name").fill("Rex");
    await continueButton(page).click();

    await expect(page).toHaveURL(townUrl(town.slug, `/fr/requests/${form.slug}/details`));
    await expectAccessible(page);
    await page.locator("#f-home-street").fill("1 rue de la Paix");
    await page.locator("#f-home-postcode").fill("7500");
    await page.locator("#f-home-town").fill("Lutèce");
    await page.locator("#f-items-0-what").fill("Canapé");
    await page.locator("#f-items-0-qty").fill("2");
    await page.locator("button[name=intent][value='add:items']").click();
    await expect(page.locator("#f-items-1-what")).toBeVisible();
    await expect(page.locator("#f-items-0-what")).toHaveValue("Canapé");
    await expect(page.locator("#f-home-street")).toHaveValue("1 rue de la Paix");
    await page.locator("#f-items-1-what").fill("Lit");
    // A wrong postcode and no consent: refused, every value typed kept.
    await submitAndWait(page, continueButton(page));
    await expect(page.locator("[role=alert] a[href='#f-home-postcode']")).toBeVisible();
    await expect(page.locator("[role=alert] a[href='#f-terms']")).toBeVisible();
    await expect(page.locator("#f-items-1-what")).toHaveValue("Lit");
    await expectAccessible(page);
    await page.locator("#f-home-postcode").fill("75001");
    await page.locator("#f-terms-0").check();
    await continueButton(page).click();

    await expect(page).toHaveURL(townUrl(town.slug, `/fr/requests/${form.slug}/check`));
    await expectAccessible(page);
    const main = page.locator("main");
    await expect(main).toContainText("Certificat");
    await expect(main).toContainText("Rex");
    await expect(main).toContainText("75001 Lutèce");
    await expect(main).toContainText("Canapé");
    await expect(main).toContainText("Lit");

    // Change the pet's name: back to its step, then straight back to the check page.
    await page.locator(`a[href^="/fr/requests/${form.slug}/pet?return=check"]`).click();
    await expect(page).toHaveURL(new RegExp(`/fr/requests/${form.slug}/pet\\?return=check`));
    await expect(page.locator("#f-pet_name")).toHaveValue("Rex");
    await expectAccessible(page);
    await page.locator("#f-pet_name").fill("Médor");
    await continueButton(page).click();
    await expect(page).toHaveURL(townUrl(town.slug, `/fr/requests/${form.slug}/check`));
    await expect(main).toContainText("Médor");

    const email = `camille-${town.slug}@example.org`;
    await page.locator("#f-contactName").fill("Camille Martin");
    await page.locator("#f-contactEmail").fill(email);
    await continueButton(page).click();
    const request = await expectSent(page, town, form, "fr", email);
    expect(request.data).toEqual({ kind: "certificate", has_pet: "yes", pet_name: "Médor", home: { street: "1 rue de la Paix", postcode: "75001", town: "Lutèce" }, items: [{ what: "Canapé", qty: 2 }, { what: "Lit" }], terms: true });

    // The draft is gone from this browser: the start page offers a new request.
    await page.goto(townUrl(town.slug, `/fr/requests/${form.slug}/check`));
    await expect(page).toHaveURL(townUrl(town.slug, `/fr/requests/${form.slug}`));
  });

  test("in Arabic, right to left: another answer skips the pet step", async ({ page }) => {
    const { town, form } = await world();
    await startFromList(page, town, form, "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("h1")).toHaveText("طلبك");
    await page.locator("#f-kind-1").check();
    await page.locator("#f-other_text").fill("شهادة سكن");
    await page.locator("#f-has_pet-1").check();
    await continueButton(page).click();

    // No pet: straight to the details.
    await expect(page).toHaveURL(townUrl(town.slug, `/ar/requests/${form.slug}/details`));
    await expectAccessible(page);
    await expect(page.locator("#f-terms legend [lang=fr]")).toHaveText("J’accepte les conditions");
    await page.locator("#f-home-street").fill("شارع السلام 5");
    await page.locator("#f-home-postcode").fill("75002");
    await page.locator("#f-home-town").fill("Lutèce");
    await page.locator("#f-items-0-what").fill("ثلاجة");
    await page.locator("#f-terms-0").check();
    await continueButton(page).click();

    await expect(page).toHaveURL(townUrl(town.slug, `/ar/requests/${form.slug}/check`));
    await expectAccessible(page);
    await expect(page.locator("main")).toContainText("شهادة سكن");
    await expect(page.locator("main")).not.toContainText("اسم الحيوان");
    const email = `samira-${town.slug}@example.org`;
    await page.locator("#f-contactName").fill("سميرة");
    await page.locator("#f-contactEmail").fill(email);
    await continueButton(page).click();
    const request = await expectSent(page, town, form, "ar", email);
    expect(request.locale).toBe("ar");
  });
});

test.describe("filling in a form without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  // axe-core cannot run in a page without JavaScript: the same pages are checked by the tests above.
  test("every question shown, Add another and Remove, errors, check and send", async ({ page }) => {
    const { town, form } = await world();
    await startFromList(page, town, form, "fr", false);
    // Without JavaScript the question that depends on this step is shown; the server judges it.
    await expect(page.locator("#f-other_text")).toBeVisible();
    await page.locator("#f-kind-0").check();
    await page.locator("#f-other_text").fill("ignored");
    await page.locator("#f-has_pet-1").check();
    await continueButton(page).click();

    await expect(page).toHaveURL(townUrl(town.slug, `/fr/requests/${form.slug}/details`));
    await continueButton(page).click();
    await expect(page.locator("[role=alert] a[href='#f-home-street']")).toBeVisible();

    await page.locator("#f-home-street").fill("2 place du Marché");
    await page.locator("#f-home-postcode").fill("75003");
    await page.locator("#f-home-town").fill("Lutèce");
    await page.locator("#f-items-0-what").fill("Armoire");
    await page.locator("button[name=intent][value='add:items']").click();
    await expect(page.locator("#f-items-1-what")).toBeVisible();
    await expect(page.locator("#f-items-0-what")).toHaveValue("Armoire");
    await page.locator("#f-items-1-what").fill("Chaise");
    await page.locator("button[name=intent][value='remove:items:0']").click();
    await expect(page.locator("#f-items-0-what")).toHaveValue("Chaise");
    await expect(page.locator("#f-items-1-what")).toHaveCount(0);
    await page.locator("#f-terms-0").check();
    await continueButton(page).click();

    await expect(page).toHaveURL(townUrl(town.slug, `/fr/requests/${form.slug}/check`));
    await expect(page.locator("main")).not.toContainText("ignored");
    const email = `nojs-${town.slug}@example.org`;
    await page.locator("#f-contactName").fill("Jean Sans Script");
    await page.locator("#f-contactEmail").fill(email);
    await continueButton(page).click();
    const request = await expectSent(page, town, form, "fr", email, false);
    expect(request.data).toEqual({ kind: "certificate", has_pet: "no", home: { street: "2 place du Marché", postcode: "75003", town: "Lutèce" }, items: [{ what: "Chaise" }], terms: true });
  });
});
