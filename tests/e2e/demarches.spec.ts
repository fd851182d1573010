// The end-to-end journey of the "démarches" module in Chromium, from the builder to the closed request:
// an administrator builds a two-step form in the builder (a choice, a text shown only for one of its
// answers, a PDF file field) and publishes it; a citizen fills it in French with JavaScript (the
// conditional question appears, a PDF uploaded with progress), saves it for later, resumes it from the
// e-mailed link in a fresh browser, checks the answers (a Change link that comes back) and sends it;
// an agent asks for a correction of one answer, the citizen answers only that, the agent closes the
// request with a public message (and an internal note); the citizen's follow-up link shows the whole
// timeline and no internal note. Another town sees nothing of it (follow link and request page: 404).
// The same form is also filled in Arabic (right to left) and without JavaScript (the upload button
// posts the step to the upload route and comes back with the file listed and the typed text kept).
// axe-core on every page visited with JavaScript. E-mails are read from the capture mailbox.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect as baseExpect, test, type Browser, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { parseDefinition, ZFormDefinition, type TFormDefinition } from "@/lib/forms/definition";
import type { TTenant } from "@/lib/tenancy/registry";
import { parseWorkflow } from "@/lib/workflow/definition";
import { createPublishedForm, testWorkflow } from "@/tests/fixtures/forms";
import { createTestWorld, enableForms, expectAccessible, get, signIn, townUrl } from "./fixtures";

// A shared, slow machine where the development server compiles each page on its first visit.
const expect = baseExpect.configure({ timeout: 90_000 });
test.use({ navigationTimeout: 180_000, actionTimeout: 90_000 });

// ——— Interface texts: the locale's catalogue, falling back to English (as the application does). ———
type TCatalogue = Record<string, unknown>;
const catalogue = (locale: string): TCatalogue => JSON.parse(readFileSync(path.join(process.cwd(), `messages/${locale}.json`), "utf8")) as TCatalogue;
const CATALOGUES: Record<string, TCatalogue> = { en: catalogue("en"), fr: catalogue("fr"), ar: catalogue("ar") };
function msg(locale: string, key: string): string {
  const find = (c: TCatalogue | undefined) => key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as TCatalogue)[part] : undefined), c);
  const value = find(CATALOGUES[locale]) ?? find(CATALOGUES.en);
  if (typeof value !== "string") throw new Error(`no message ${key}`);
  return value;
}

// ——— The form the builder makes (tests 2 and 3 publish the same through the module's services). ———
const DEFINITION: TFormDefinition = ZFormDefinition.parse({
  steps: [
    {
      id: "step-1",
      titles: { fr: "Votre demande", ar: "طلبك" },
      fields: [
        {
          id: "kind",
          type: "choice",
          display: "radio",
          required: true,
          labels: { fr: "Type d’objet", ar: "نوع الغرض" },
          options: [
            { value: "meuble", labels: { fr: "Meuble", ar: "أثاث" } },
            { value: "autre", labels: { fr: "Autre chose", ar: "شيء آخر" } },
          ],
        },
        { id: "detail", type: "text", required: true, labels: { fr: "Précisez", ar: "حدد" }, conditions: { mode: "all", rules: [{ field: "kind", op: "equals", value: "autre" }] } },
      ],
    },
    {
      id: "step-2",
      titles: { fr: "Pièces justificatives", ar: "الوثائق" },
      fields: [
        { id: "justificatif", type: "file", required: true, labels: { fr: "Justificatif", ar: "وثيقة إثبات" }, validation: { maxSizeMb: 5, fileKinds: ["pdf"] } },
        { id: "commentaire", type: "text", labels: { fr: "Commentaire", ar: "تعليق" } },
      ],
    },
  ],
});

/** What makes two definitions "the same form" for a citizen (not the texts). */
const shape = (def: TFormDefinition) =>
  def.steps.map((s) => ({
    id: s.id,
    fields: s.fields.map((f) => ({ id: f.id, type: f.type, required: Boolean(f.required), options: f.options?.map((o) => o.value) ?? [], conditions: f.conditions ?? null, fileKinds: f.validation?.fileKinds ?? null })),
  }));

/** A small but real PDF (the upload route checks the bytes, not the name). */
const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n",
  "latin1",
);

// ——— Helpers ———

/** Waits until the page is quiet (hydrated: clicks then go through JavaScript). */
async function settled(page: Page) {
  await page.waitForLoadState("networkidle").catch(() => undefined);
}

/** Goes to `url`, expects 200, and checks the page with axe-core. */
async function visit(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await settled(page);
  await expectAccessible(page);
}

/** After a navigation: the expected address, then axe-core (unless JavaScript is off). */
async function arrived(page: Page, url: string | RegExp, withAxe = true) {
  await expect(page).toHaveURL(url);
  await settled(page);
  if (withAxe) await expectAccessible(page);
}

/** Submits the builder form `formId` (with a named button, or its last submit button). */
async function submit(page: Page, formId: string, name?: string) {
  await settled(page);
  const form = page.locator(`form#${formId}`);
  await (name ? form.getByRole("button", { name, exact: true }) : form.locator("button[type=submit]").last()).click();
}

/** Clicks and waits for the answer shown in place (the error summary or notice takes focus). */
async function submitInPlace(page: Page, button: ReturnType<Page["locator"]>) {
  await settled(page);
  await button.click();
  await expect(page.locator("[role=alert][tabindex='-1'], [role=status][tabindex='-1']").first()).toBeFocused();
}

/**
 * The capture mailbox's newest mail to `to`, received after `after`, whose text holds a link starting
 * with `prefix` (several mails may arrive close together: the one asked for, not merely the last).
 */
async function mailWithLink(to: string, prefix: string, after: Date, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await db().capturedMail.findMany({ where: { envelopeTo: { has: to }, receivedAt: { gte: new Date(after.getTime() - 1000) } }, orderBy: { receivedAt: "desc" } });
    const mail = mails.find((m) => (m.text ?? "").split(/\s+/).some((word) => word.startsWith(prefix)));
    if (mail) {
      const link = (mail.text ?? "").split(/\s+/).find((word) => word.startsWith(prefix))!;
      return { mail, link };
    }
    if (Date.now() > deadline) throw new Error(`no mail to ${to} with a link ${prefix}… (${mails.length} other mails)`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The module reaches the running server by NOTIFY: wait until the town's citizen list exists. */
async function untilFormsServed(page: Page, slug: string, locale: string) {
  await expect.poll(async () => (await get(page.request, townUrl(slug, `/${locale}/requests`), { maxRedirects: 0, timeout: 180_000 })).status(), { timeout: 180_000 }).toBe(200);
}

const continueButton = (page: Page) => page.locator("main form button[type=submit]:not([name]):not([formaction])").last();
const uploadButton = (page: Page) => page.locator("[data-file-upload] button[formenctype='multipart/form-data']");

/** The citizen opens the form from the town's list of requests and starts it. */
async function startFromList(page: Page, slug: string, formSlug: string, locale: string, withAxe = true) {
  await page.goto(townUrl(slug, `/${locale}/requests`));
  await arrived(page, townUrl(slug, `/${locale}/requests`), withAxe);
  await page.locator(`main a[href="/${locale}/requests/${formSlug}"]`).click();
  await arrived(page, townUrl(slug, `/${locale}/requests/${formSlug}`), withAxe);
  await page.getByRole("button", { name: msg(locale, "RequestFill.startNow") }).click();
  await arrived(page, townUrl(slug, `/${locale}/requests/${formSlug}/step-1`), withAxe);
}

/** With JavaScript: the upload widget is hydrated, the file goes by XHR and shows in the list. */
async function uploadWithScript(page: Page, name: string) {
  await expect(page.locator("[data-file-upload='enhanced']")).toBeVisible();
  await page.locator("#f-justificatif").setInputFiles({ name, mimeType: "application/pdf", buffer: PDF });
  await uploadButton(page).click();
  await expect(page.locator("[data-file-upload] ul a[download]").filter({ hasText: name })).toBeVisible();
  await expect(page.locator("#f-justificatif-status")).not.toHaveText("");
}

/** Newest first: `expected` appear in this order (other entries may sit between them). */
function expectInOrder(actual: string[], expected: string[]) {
  let from = 0;
  for (const item of expected) {
    const at = actual.findIndex((entry, i) => i >= from && entry.includes(item));
    expect(at, `“${item}” after position ${from} in:\n${actual.join("\n")}`).toBeGreaterThanOrEqual(0);
    from = at + 1;
  }
}

/** A town with forms and the same form published through the services (for the Arabic and no-script tests). */
async function townWithPublishedForm(locales: ("fr" | "en" | "ar")[]) {
  const world = await createTestWorld({ locales });
  const town = await enableForms(world);
  const { form } = await createPublishedForm(town, DEFINITION, testWorkflow(town.enabledLocales), { slug: "encombrants", prefix: "EN", title: "Encombrants" });
  return { world, town, form };
}

/** Check, contact details, send: lands on the confirmation; the confirmation e-mail arrives. */
async function checkAndSend(page: Page, town: Pick<TTenant, "slug">, formId: string, formSlug: string, locale: string, email: string, withAxe = true) {
  await arrived(page, townUrl(town.slug, `/${locale}/requests/${formSlug}/check`), withAxe);
  await page.locator("#f-contactName").fill("Camille Martin");
  await page.locator("#f-contactEmail").fill(email);
  const sentAt = new Date();
  await page.getByRole("button", { name: msg(locale, "RequestFill.send") }).click();
  await arrived(page, new RegExp(`/${locale}/requests/follow/[A-Za-z0-9_-]+\\?sent=1$`), withAxe);
  const request = await db().formRequest.findFirstOrThrow({ where: { formId, email, status: "submitted" } });
  expect(request.reference).toMatch(/^EN-\d{4}-[A-HJ-NP-Z2-9]{6}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(msg(locale, "RequestFollow.sentTitle"));
  await expect(page.getByText(request.reference!, { exact: true }).first()).toBeVisible();
  const confirmation = await mailWithLink(email, townUrl(town.slug, `/${locale}/requests/follow/`), sentAt);
  expect(confirmation.mail.subject).toContain(request.reference!);
  return { request, followLink: confirmation.link };
}

// ——— The journey ———

test.describe("démarches: the whole journey", () => {
  test("built in the builder, filled in French with a draft resumed by e-mail, corrected, closed and followed", async ({ page, browser }) => {
    test.setTimeout(1_800_000);
    const world = await createTestWorld({ locales: ["fr", "en", "ar"], agents: [{ role: "agent", local: "clerk" }] });
    const town = await enableForms(world);
    // Another town, with the module too, that must see nothing of this one.
    const stranger = await createTestWorld({ locales: ["fr", "en"] });
    await enableForms(stranger);

    // 1. The administrator (forms:design) builds the form in the builder.
    const admin = (p: string) => townUrl(world.slug, `/en/admin/forms${p}`);
    await signIn(page, world.slug, "en", world.agents.admin!.email);
    await visit(page, admin("/new"));
    await page.locator("form#new-form #f-titles-fr").fill("Enlèvement d’encombrants");
    await page.locator("form#new-form #f-titles-ar").fill("إزالة النفايات الضخمة");
    await page.locator("form#new-form #f-slug").fill("encombrants");
    await page.locator("form#new-form #f-referencePrefix").fill("EN");
    await submit(page, "new-form");
    await arrived(page, /\/admin\/forms\/[0-9a-f-]{36}\?created=1$/);
    const formId = /forms\/([0-9a-f-]{36})/.exec(page.url())![1]!;

    // Step 1: its title, then the choice (two options, required).
    await visit(page, admin(`/${formId}/steps/step-1`));
    await page.locator("form#step-form #f-titles-fr").fill("Votre demande");
    await page.locator("form#step-form #f-titles-ar").fill("طلبك");
    await submitInPlace(page, page.locator("form#step-form").getByRole("button", { name: "Save the step", exact: true }));
    await page.locator("form#add-field #f-type").selectOption("choice");
    await page.locator("form#add-field #f-newLabels-fr").fill("Type d’objet");
    await page.locator("form#add-field #f-newLabels-ar").fill("نوع الغرض");
    await page.locator("form#add-field #f-code").fill("kind");
    await submit(page, "add-field");
    await arrived(page, admin(`/${formId}/fields/kind`));
    await page.locator("form#field-form input[name=required][value=on]").check();
    await page.locator("#f-options-0-value").fill("meuble");
    await page.locator("#f-options-0-labels-fr").fill("Meuble");
    await page.locator("#f-options-0-labels-ar").fill("أثاث");
    await page.locator("#f-options-1-value").fill("autre");
    await page.locator("#f-options-1-labels-fr").fill("Autre chose");
    await page.locator("#f-options-1-labels-ar").fill("شيء آخر");
    await submitInPlace(page, page.locator("form#field-form").getByRole("button", { name: "Save the field", exact: true }));
    await expect(page.locator("#f-options-1-value")).toHaveValue("autre");
    await expectAccessible(page);

    // The text shown only when the choice is "autre".
    await visit(page, admin(`/${formId}/steps/step-1`));
    await page.locator("form#add-field #f-type").selectOption("text");
    await page.locator("form#add-field #f-newLabels-fr").fill("Précisez");
    await page.locator("form#add-field #f-newLabels-ar").fill("حدد");
    await page.locator("form#add-field #f-code").fill("detail");
    await submit(page, "add-field");
    await arrived(page, admin(`/${formId}/fields/detail`));
    await page.locator("form#field-form input[name=required][value=on]").check();
    await page.locator("#f-rules-0-field").selectOption("kind");
    await page.locator("#f-rules-0-op").selectOption("equals");
    await page.locator("#f-rules-0-value").fill("autre");
    await submitInPlace(page, page.locator("form#field-form").getByRole("button", { name: "Save the field", exact: true }));
    await expect(page.locator("#f-rules-0-value")).toHaveValue("autre");
    await expectAccessible(page);

    // Step 2: a PDF file (required, 5 MB) and a free comment.
    await visit(page, admin(`/${formId}`));
    await page.locator("form#add-step #f-stepTitles-fr").fill("Pièces justificatives");
    await page.locator("form#add-step #f-stepTitles-ar").fill("الوثائق");
    await submit(page, "add-step");
    await arrived(page, admin(`/${formId}/steps/step-2`));
    await page.locator("form#add-field #f-type").selectOption("file");
    await page.locator("form#add-field #f-newLabels-fr").fill("Justificatif");
    await page.locator("form#add-field #f-newLabels-ar").fill("وثيقة إثبات");
    await page.locator("form#add-field #f-code").fill("justificatif");
    await submit(page, "add-field");
    await arrived(page, admin(`/${formId}/fields/justificatif`));
    await page.locator("form#field-form input[name=required][value=on]").check();
    await page.locator("form#field-form input[name=fileKinds][value=pdf]").check();
    for (const other of await page.locator("form#field-form input[name=fileKinds]:not([value=pdf])").all()) await other.uncheck();
    await page.locator("#f-maxSizeMb").fill("5");
    await submitInPlace(page, page.locator("form#field-form").getByRole("button", { name: "Save the field", exact: true }));
    await visit(page, admin(`/${formId}/steps/step-2`));
    await page.locator("form#add-field #f-type").selectOption("text");
    await page.locator("form#add-field #f-newLabels-fr").fill("Commentaire");
    await page.locator("form#add-field #f-newLabels-ar").fill("تعليق");
    await page.locator("form#add-field #f-code").fill("commentaire");
    await submit(page, "add-field");
    await arrived(page, admin(`/${formId}/fields/commentaire`));
    // A new field starts required: this one is optional.
    await page.locator("form#field-form input[name=required][value=on]").uncheck();
    await submitInPlace(page, page.locator("form#field-form").getByRole("button", { name: "Save the field", exact: true }));
    await expect(page.locator("form#field-form input[name=required][value=on]")).not.toBeChecked();

    // Publish version 1: the very form the other tests publish through the services.
    await visit(page, admin(`/${formId}`));
    await expect(page.getByText("The form can be published.")).toBeVisible();
    await submitInPlace(page, page.locator("form#publish-form button[type=submit]").last());
    await expect(page.getByRole("status").filter({ hasText: "The form is published" })).toBeVisible();
    await expectAccessible(page);
    const built = await db().form.findUniqueOrThrow({ where: { id: formId } });
    expect(built).toMatchObject({ status: "published", slug: "encombrants" });
    const version = await db().formVersion.findUniqueOrThrow({ where: { id: built.currentVersionId! } });
    expect(version.number).toBe(1);
    expect(shape(parseDefinition(version.definition))).toEqual(shape(DEFINITION));
    expect(parseDefinition(version.definition).steps[1]!.fields[0]!.validation).toMatchObject({ maxSizeMb: 5, fileKinds: ["pdf"] });
    const workflow = parseWorkflow(version.workflow);
    const stateLabel = (id: string, locale: string) => {
      const labels = workflow.states.find((s) => s.id === id)!.labels as Record<string, string>;
      return labels[locale] ?? labels.fr ?? Object.values(labels)[0]!;
    };

    // 2. A citizen fills it in French, with JavaScript.
    await untilFormsServed(page, world.slug, "fr");
    const citizenContext = await browser.newContext();
    const citizen = await citizenContext.newPage();
    const email = `camille-${world.slug}@example.org`;
    const start = `/fr/requests/encombrants`;
    await startFromList(citizen, world.slug, "encombrants", "fr");
    await expect(citizen.getByRole("heading", { level: 1 })).toHaveText("Votre demande");
    // The conditional question appears only for "Autre chose".
    await expect(citizen.locator("#f-detail")).toBeHidden();
    await citizen.locator("#f-kind-1").check();
    await expect(citizen.locator("#f-detail")).toBeVisible();
    await citizen.locator("#f-kind-0").check();
    await expect(citizen.locator("#f-detail")).toBeHidden();
    await citizen.locator("#f-kind-1").check();
    await citizen.locator("#f-detail").fill("Un vieux piano");
    await expectAccessible(citizen);
    await continueButton(citizen).click();
    await arrived(citizen, townUrl(world.slug, `${start}/step-2`));

    // The PDF, uploaded with progress (the comment typed first goes with it and is kept).
    await citizen.locator("#f-commentaire").fill("Devant le portail");
    await uploadWithScript(citizen, "facture.pdf");
    await expect(citizen.locator("#f-commentaire")).toHaveValue("Devant le portail");
    await expectAccessible(citizen);

    // Save and come back later: the e-mail's link.
    // (A button of the step form: what was typed on the step is saved first.)
    await settled(citizen);
    await citizen.getByRole("button", { name: msg("fr", "RequestFill.saveLater") }).click();
    await arrived(citizen, townUrl(world.slug, `${start}/save`));
    const savedAt = new Date();
    await citizen.locator("#f-email").fill(email);
    await citizen.getByRole("button", { name: msg("fr", "RequestFollow.saveButton") }).click();
    await arrived(citizen, townUrl(world.slug, `${start}/save?sent=1`));
    await expect(citizen.getByRole("heading", { level: 1 })).toHaveText(msg("fr", "RequestFollow.saveSentTitle"));
    const resume = await mailWithLink(email, townUrl(world.slug, "/fr/requests/resume/"), savedAt);
    expect(resume.mail.subject).toContain("Enlèvement d’encombrants");

    // A fresh browser opens the link: the draft, on the file step, with the file and the comment.
    const freshContext = await browser.newContext();
    const fresh = await freshContext.newPage();
    await fresh.goto(resume.link);
    await arrived(fresh, townUrl(world.slug, `${start}/step-2`));
    await expect(fresh.locator("[data-file-upload] ul a[download]").filter({ hasText: "facture.pdf" })).toBeVisible();
    await expect(fresh.locator("#f-commentaire")).toHaveValue("Devant le portail");
    await settled(fresh);
    await continueButton(fresh).click();
    await arrived(fresh, townUrl(world.slug, `${start}/check`));
    const main = fresh.locator("main");
    await expect(main).toContainText("Autre chose");
    await expect(main).toContainText("Un vieux piano");
    await expect(main).toContainText("facture.pdf");
    await expect(main).toContainText("Devant le portail");

    // A Change link: back to step 1, then straight back to the check page.
    await fresh.locator(`main a[href="${start}/step-1?return=check"]`).first().click();
    await arrived(fresh, townUrl(world.slug, `${start}/step-1?return=check`));
    await expect(fresh.locator("#f-detail")).toHaveValue("Un vieux piano");
    await fresh.locator("#f-detail").fill("Un piano droit");
    await settled(fresh);
    await continueButton(fresh).click();
    await expect(fresh).toHaveURL(townUrl(world.slug, `${start}/check`));
    await expect(main).toContainText("Un piano droit");
    // The e-mail given for the draft is offered again.
    await expect(fresh.locator("#f-contactEmail")).toHaveValue(email);
    const { request, followLink } = await checkAndSend(fresh, world, formId, "encombrants", "fr", email);
    expect(request.data).toEqual({ kind: "autre", detail: "Un piano droit", commentaire: "Devant le portail" });
    expect(await db().requestDocument.count({ where: { requestId: request.id, fieldId: "justificatif" } })).toBe(1);
    await freshContext.close();

    // 3. The agent (requests:process) opens it from the inbox.
    const agentContext = await browser.newContext();
    const agent = await agentContext.newPage();
    await signIn(agent, world.slug, "en", world.agents.clerk!.email);
    await visit(agent, townUrl(world.slug, "/en/admin/requests"));
    await agent.getByRole("link", { name: request.reference!, exact: true }).click();
    const requestUrl = townUrl(world.slug, `/en/admin/requests/${request.id}`);
    await arrived(agent, requestUrl);
    await expect(agent.getByRole("heading", { level: 1 })).toHaveText(`Request ${request.reference}`);
    await expect(agent.locator("section[aria-labelledby=answers]")).toContainText("Un piano droit");
    await expect(agent.locator("section[aria-labelledby=documents]")).toContainText("facture.pdf");

    // It asks for a correction of "Précisez", with a message.
    await agent.locator("section[aria-labelledby=actions] a[href*='action=ask-correction']").click();
    await arrived(agent, /action=ask-correction/);
    const askForm = agent.locator("form#action-ask-correction");
    await askForm.locator("input[name='correction.fields'][value=detail]").check();
    await askForm.locator("#f-correction-message").fill("Quelles dimensions fait le piano ?");
    const askedAt = new Date();
    await settled(agent);
    await askForm.locator("button[type=submit]").last().click();
    await expect(agent.locator("main")).toContainText("Waiting for the citizen’s correction");
    await expect(agent.locator("dl").first()).toContainText(stateLabel("waiting-citizen", "en"));
    await expectAccessible(agent);

    // 4. The citizen answers only that field, from the e-mail.
    const correction = await mailWithLink(email, townUrl(world.slug, "/fr/requests/correct/"), askedAt);
    await citizen.goto(correction.link);
    await arrived(citizen, correction.link);
    await expect(citizen.getByText("Quelles dimensions fait le piano ?")).toBeVisible();
    await expect(citizen.locator("#f-detail")).toHaveValue("Un piano droit");
    for (const other of ["#f-kind-0", "#f-justificatif", "#f-commentaire"]) await expect(citizen.locator(other)).toHaveCount(0);
    await citizen.locator("#f-detail").fill("Un piano droit, 1,40 m de large");
    await settled(citizen);
    await citizen.getByRole("button", { name: msg("fr", "RequestFollow.correctButton") }).click();
    await arrived(citizen, townUrl(world.slug, `/fr/requests/correct/done?reference=${request.reference}`));

    // The agent sees the answer, notes something internal, and closes the request with a public message.
    await visit(agent, requestUrl);
    await expect(agent.locator("section[aria-labelledby=history]")).toContainText("The citizen answered the correction");
    await expect(agent.locator("section[aria-labelledby=answers]")).toContainText("Un piano droit, 1,40 m de large");
    await expect(agent.locator("main")).not.toContainText("Waiting for the citizen’s correction");
    await agent.locator("#f-body").fill("Note interne : prévoir deux agents.");
    await submitInPlace(agent, agent.locator("form#note-form button[type=submit]").last());
    await expect(agent.locator("section[aria-labelledby=history]")).toContainText("prévoir deux agents");
    await agent.locator("section[aria-labelledby=actions] a[href*='action=accept']").click();
    await arrived(agent, /action=accept/);
    await agent.locator("form#action-accept #f-comment").fill("Enlèvement prévu le lundi 4 mai au matin.");
    await settled(agent);
    await agent.locator("form#action-accept button[type=submit]").last().click();
    await expect(agent.locator("dl").first()).toContainText(stateLabel("done", "en"));
    await expect(agent.locator("section[aria-labelledby=history]")).toContainText("Enlèvement prévu le lundi 4 mai au matin.");
    await expectAccessible(agent);

    // 5. The citizen follows the request (the confirmation e-mail's link): the whole timeline.
    await visit(citizen, followLink);
    await expect(citizen.getByRole("heading", { level: 1 })).toHaveText("Enlèvement d’encombrants");
    await expect(citizen.locator("section[aria-labelledby=summary]")).toContainText(stateLabel("done", "fr"));
    await expect(citizen.locator("section[aria-labelledby=correction]")).toHaveCount(0);
    const timeline = citizen.locator("section[aria-labelledby=timeline] li");
    await expect(timeline.filter({ hasText: stateLabel("done", "fr") })).toHaveCount(1);
    const entries = (await timeline.allInnerTexts()).map((t) => t.replace(/\s+/g, " "));
    // Newest first: the closing (its state and its public message), the correction answered, the
    // correction asked, the sending.
    expectInOrder(entries, [
      stateLabel("done", "fr"),
      msg("fr", "RequestFollow.eventCorrectionAnswered"),
      msg("fr", "RequestFollow.eventCorrectionAsked"),
      msg("fr", "RequestFollow.eventSubmitted"),
    ]);
    const publicMessage = entries.findIndex((e) => e.includes(msg("fr", "RequestFollow.eventMessage")) && e.includes("Enlèvement prévu le lundi 4 mai au matin."));
    expect(publicMessage, entries.join("\n")).toBeGreaterThanOrEqual(0);
    expect(publicMessage).toBeLessThan(entries.findIndex((e) => e.includes(msg("fr", "RequestFollow.eventCorrectionAnswered"))));
    const section = citizen.locator("section[aria-labelledby=timeline]");
    await expect(section).toContainText("Quelles dimensions fait le piano ?");
    await expect(section).toContainText("Enlèvement prévu le lundi 4 mai au matin.");
    await expect(citizen.locator("main")).not.toContainText("prévoir deux agents");
    await expect(citizen.locator("main")).not.toContainText(`clerk ${world.slug}`);
    await expect(citizen.locator("section[aria-labelledby=documents]")).toContainText("facture.pdf");

    // 6. Isolation: another town's host does not know the follow link, nor its agent the request.
    await untilFormsServed(citizen, stranger.slug, "fr");
    const strangerFollow = townUrl(stranger.slug, new URL(followLink).pathname);
    expect((await citizen.goto(strangerFollow))?.status(), strangerFollow).toBe(404);
    await expectAccessible(citizen);
    const strangerContext = await browser.newContext();
    const strangerAgent = await strangerContext.newPage();
    await signIn(strangerAgent, stranger.slug, "en", stranger.agents.admin!.email);
    const strangerRequest = townUrl(stranger.slug, `/en/admin/requests/${request.id}`);
    expect((await strangerAgent.goto(strangerRequest))?.status(), strangerRequest).toBe(404);
    await expectAccessible(strangerAgent);
    // ... while the same page answers on its own town.
    expect((await agent.goto(requestUrl))?.status()).toBe(200);

    await strangerContext.close();
    await agentContext.close();
    await citizenContext.close();
  });

  test("the same form in Arabic, right to left, with a PDF", async ({ page }) => {
    test.setTimeout(900_000);
    const { world, form } = await townWithPublishedForm(["fr", "en", "ar"]);
    await untilFormsServed(page, world.slug, "ar");
    await startFromList(page, world.slug, form.slug, "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("html")).toHaveAttribute("lang", "ar");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("طلبك");
    await expect(page.locator("#f-detail")).toBeHidden();
    await page.locator("#f-kind-1").check();
    await expect(page.locator("#f-detail")).toBeVisible();
    await page.locator("#f-detail").fill("بيانو قديم");
    await settled(page);
    await continueButton(page).click();
    await arrived(page, townUrl(world.slug, `/ar/requests/${form.slug}/step-2`));
    await page.locator("#f-commentaire").fill("أمام الباب");
    await uploadWithScript(page, "فاتورة.pdf");
    await expectAccessible(page);
    await settled(page);
    await continueButton(page).click();
    await arrived(page, townUrl(world.slug, `/ar/requests/${form.slug}/check`));
    await expect(page.locator("main")).toContainText("شيء آخر");
    await expect(page.locator("main")).toContainText("بيانو قديم");
    await expect(page.locator("main")).toContainText("فاتورة.pdf");
    const email = `samira-${world.slug}@example.org`;
    const { request, followLink } = await checkAndSend(page, world, form.id, form.slug, "ar", email);
    expect(request.locale).toBe("ar");
    expect(request.data).toEqual({ kind: "autre", detail: "بيانو قديم", commentaire: "أمام الباب" });
    await visit(page, followLink);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("section[aria-labelledby=documents]")).toContainText("فاتورة.pdf");
  });
});

test.describe("démarches without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  // axe-core needs JavaScript in the page: the same pages are checked by the tests above.
  test("the same form, the file uploaded by the step form itself", async ({ page }) => {
    test.setTimeout(900_000);
    const { world, form } = await townWithPublishedForm(["fr", "en"]);
    await untilFormsServed(page, world.slug, "fr");
    const start = `/fr/requests/${form.slug}`;
    await startFromList(page, world.slug, form.slug, "fr", false);
    // Without JavaScript the conditional question is shown; the server judges it.
    await expect(page.locator("#f-detail")).toBeVisible();
    await page.locator("#f-kind-1").check();
    await page.locator("#f-detail").fill("Une armoire normande");
    await continueButton(page).click();
    await arrived(page, townUrl(world.slug, `${start}/step-2`), false);
    await expect(page.locator("[data-file-upload='static']")).toBeVisible();

    // Continue without the required file: refused.
    await page.locator("#f-commentaire").fill("Au fond de la cour");
    await continueButton(page).click();
    await expect(page.locator("[role=alert] a[href='#f-justificatif']")).toBeVisible();

    // The Upload button posts the step form to the upload route and comes back to the step.
    await page.locator("#f-commentaire").fill("Dans la cour, à gauche");
    await page.locator("#f-justificatif").setInputFiles({ name: "attestation.pdf", mimeType: "application/pdf", buffer: PDF });
    await uploadButton(page).click();
    await expect(page).toHaveURL(townUrl(world.slug, `${start}/step-2?uploaded=justificatif`));
    await expect(page.locator("[data-file-upload] ul a[download]").filter({ hasText: "attestation.pdf" })).toBeVisible();
    await expect(page.locator("#f-commentaire")).toHaveValue("Dans la cour, à gauche");
    await continueButton(page).click();

    await arrived(page, townUrl(world.slug, `${start}/check`), false);
    await expect(page.locator("main")).toContainText("Une armoire normande");
    await expect(page.locator("main")).toContainText("attestation.pdf");
    await expect(page.locator("main")).toContainText("Dans la cour, à gauche");
    const email = `sans-script-${world.slug}@example.org`;
    const { request, followLink } = await checkAndSend(page, world, form.id, form.slug, "fr", email, false);
    expect(request.data).toEqual({ kind: "autre", detail: "Une armoire normande", commentaire: "Dans la cour, à gauche" });
    await page.goto(followLink);
    await expect(page.locator("section[aria-labelledby=documents]")).toContainText("attestation.pdf");
  });
});
