// Documents a citizen uploads on a step of a form: a file field that takes PDFs of at most 1 MB. Refused
// uploads (too large, an executable renamed .pdf, a PDF carrying the EICAR test string when clamd
// runs) end with a clear translated error next to the field, and nothing is kept: no request_document
// row, no file in the storage (local disk: DATA_DIR/files/<tenant id>/<request id>/<random>). A valid
// PDF is listed, downloads as an attachment with nosniff, and can be removed. Another town's host
// cannot serve it, nor an agent of another town. With JavaScript (XHR upload), in Arabic, and without
// JavaScript (the Upload button submits the step form). axe-core on every page visited with JavaScript.
//
// The EICAR case needs a real clamd known to the server: `npm test` starts one (scripts/test.ts, with
// tests/fixtures/clamd.ts) and sets E2E_CLAMD=1; otherwise the test is skipped and says why.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect as baseExpect, test, type BrowserContext, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { ZFormDefinition } from "@/lib/forms/definition";
import type { TFormRow } from "@/lib/forms/repo";
import type { TTenant } from "@/lib/tenancy/registry";
import { EICAR } from "@/tests/fixtures/clamd";
import { createPublishedForm, testWorkflow } from "@/tests/fixtures/forms";
import { createTestWorld, enableForms, expectAccessible, get, signIn, townUrl } from "./fixtures";

// The development server compiles each page on its first visit and the machine is shared: be patient.
const expect = baseExpect.configure({ timeout: 90_000 });
test.describe.configure({ timeout: 300_000 });
test.use({ navigationTimeout: 120_000, actionTimeout: 90_000 });

/** clamd scans this run's uploads: `npm test` started one (E2E_CLAMD=1), or the environment names one. */
const CLAMD_RUNNING = process.env.E2E_CLAMD === "1" || Boolean(process.env.CLAMD_HOST);

const STEP = "documents";
const FIELD = "proof";

function definition(locales: readonly string[]) {
  const all = (text: string) => Object.fromEntries(locales.map((l) => [l, text]));
  return ZFormDefinition.parse({
    steps: [
      {
        id: STEP,
        titles: { ...all("Documents"), fr: "Pièces justificatives", ar: "المستندات" },
        fields: [
          { id: "note", type: "text", labels: { ...all("Note"), fr: "Remarque", ar: "ملاحظة" } },
          { id: FIELD, type: "file", labels: { ...all("Proof of address"), fr: "Justificatif de domicile", ar: "إثبات العنوان" }, validation: { fileKinds: ["pdf"], maxSizeMb: 1 } },
        ],
      },
    ],
  });
}

// ---- files -------------------------------------------------------------------------------------

type TFile = { name: string; mimeType: string; buffer: Buffer };

const MINIMAL_PDF = "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

function validPdf(name = "justificatif.pdf"): TFile {
  return { name, mimeType: "application/pdf", buffer: Buffer.from(MINIMAL_PDF) };
}

/** A real PDF header, then comments up to `bytes`. */
function largePdf(bytes: number, name = "scan-2mb.pdf"): TFile {
  const head = Buffer.from("%PDF-1.4\n");
  const tail = Buffer.from("\n%%EOF\n");
  const filler = Buffer.alloc(bytes - head.length - tail.length, "%".charCodeAt(0));
  for (let i = 80; i < filler.length; i += 81) filler[i] = 0x0a;
  return { name, mimeType: "application/pdf", buffer: Buffer.concat([head, filler, tail]) };
}

/** An executable renamed .pdf: an ELF (Linux) or MZ (Windows) header; the browser even calls it a PDF. */
function renamedExecutable(kind: "elf" | "mz", name = "facture.pdf"): TFile {
  const buffer = Buffer.alloc(4096);
  if (kind === "elf") Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]).copy(buffer);
  else {
    buffer.write("MZ", 0, "latin1");
    buffer.writeUInt32LE(0x80, 0x3c);
    buffer.write("PE\0\0", 0x80, "latin1");
  }
  return { name, mimeType: "application/pdf", buffer };
}

/**
 * The EICAR test string inside a file that IS a PDF by its bytes: the type check (which runs first)
 * accepts it, so the refusal can only come from clamd (the test signature matches EICAR anywhere).
 */
function eicarPdf(): TFile {
  return { name: "eicar.pdf", mimeType: "application/pdf", buffer: Buffer.from(`%PDF-1.4\n%${EICAR}\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n`) };
}

// ---- messages ----------------------------------------------------------------------------------

/** An interface message of `locale` as the server shows it (the locale's catalogue over English). */
function message(locale: string, namespace: string, key: string): string {
  const read = (l: string) => JSON.parse(readFileSync(path.resolve("messages", `${l}.json`), "utf8")) as Record<string, Record<string, string> | undefined>;
  const text = read(locale)[namespace]?.[key] ?? read("en")[namespace]?.[key];
  if (!text) throw new Error(`no message ${namespace}.${key}`);
  return text;
}

// ---- world -------------------------------------------------------------------------------------

async function world(locales: ("fr" | "en" | "ar")[]) {
  const base = await createTestWorld({ locales });
  const town = await enableForms(base);
  const { form } = await createPublishedForm(town, definition(locales), testWorkflow(locales), { prefix: "UP", title: "Documents" });
  return { town, form, admin: base.agents.admin! };
}

/** Files the local storage holds for the town (DATA_DIR/files/<tenant id>, every level below). */
function storedFiles(tenantId: string): string[] {
  const root = path.resolve(process.env.DATA_DIR || ".data", "files", tenantId);
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.join(e.parentPath, e.name));
  } catch {
    return [];
  }
}
const localStorage = (process.env.STORAGE ?? "local") === "local";

async function draftOf(town: TTenant, form: TFormRow) {
  return db().formRequest.findFirstOrThrow({ where: { tenantId: town.id, formId: form.id }, orderBy: { createdAt: "desc" } });
}

async function documentsOf(town: TTenant, form: TFormRow) {
  const draft = await draftOf(town, form);
  return db().requestDocument.findMany({ where: { tenantId: town.id, requestId: draft.id } });
}

/** A refused upload kept nothing: no row for the draft, no file under the town's storage. */
async function expectNothingStored(town: TTenant, form: TFormRow) {
  expect(await documentsOf(town, form)).toEqual([]);
  if (localStorage) expect(storedFiles(town.id)).toEqual([]);
}

// ---- pages -------------------------------------------------------------------------------------

const fileInput = (page: Page) => page.locator(`#f-${FIELD}`);
const uploadButton = (page: Page) => page.locator(`[data-file-upload] button[formenctype="multipart/form-data"]`);
const fileStatus = (page: Page) => page.locator(`#f-${FIELD}-status`);
const fileLinks = (page: Page) => page.locator(`[data-file-upload] ul a`);

/** From the form's start page to its step (the draft and its cookie are made there). */
async function openStep(page: Page, town: TTenant, form: TFormRow, locale: string, withJs = true) {
  await page.goto(townUrl(town.slug, `/${locale}/requests/${form.slug}`));
  if (withJs) await expectAccessible(page);
  await page.locator("main form button[type=submit]:not([name])").click();
  await expect(page).toHaveURL(townUrl(town.slug, `/${locale}/requests/${form.slug}/${STEP}`));
  if (withJs) {
    await expect(page.locator(`[data-file-upload="enhanced"]`)).toBeVisible();
    await expectAccessible(page);
  }
}

/** With JavaScript: choose the file, Upload (XHR), wait for the live region's outcome. */
async function uploadWithJs(page: Page, file: TFile, expected: string) {
  await fileInput(page).setInputFiles(file);
  await uploadButton(page).click();
  await expect(fileStatus(page)).toContainText(expected);
}

/** GET from the test process with the cookies a browser context holds for `cookiesOf` (default: the URL). */
async function fetchWith(context: BrowserContext, url: string, cookiesOf = url) {
  const cookie = (await context.cookies(cookiesOf)).map((c) => `${c.name}=${c.value}`).join("; ");
  return get(context.request, url, { headers: cookie ? { cookie } : {}, maxRedirects: 0 });
}

async function expectAttachment(response: Awaited<ReturnType<typeof fetchWith>>, file: TFile) {
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers["content-disposition"]).toMatch(/^attachment;/);
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["content-type"]).toBe("application/pdf");
  expect(headers["cache-control"]).toContain("no-store");
  expect(Buffer.compare(await response.body(), file.buffer)).toBe(0);
}

// ---- tests -------------------------------------------------------------------------------------

test.describe("uploading documents with JavaScript", () => {
  test("too large and a renamed executable are refused with nothing kept; a PDF is listed, downloaded, removed", async ({ page, context, browser }) => {
    const { town, form } = await world(["en", "fr"]);
    const other = await enableForms(await createTestWorld({ locales: ["en", "fr"] }));
    await openStep(page, town, form, "en");
    await expectNothingStored(town, form);

    // (a) 2 MB against a limit of 1 MB.
    await uploadWithJs(page, largePdf(2 * 1024 * 1024), message("en", "Errors", "uploadTooLarge"));
    await expect(fileInput(page)).toHaveAttribute("aria-describedby", new RegExp(`f-${FIELD}-status`));
    await expectNothingStored(town, form);
    await expectAccessible(page);

    // (b) An ELF executable named facture.pdf: the type is read from the bytes.
    await uploadWithJs(page, renamedExecutable("elf"), message("en", "Errors", "uploadType"));
    await expectNothingStored(town, form);
    await expectAccessible(page);

    // (d) A valid PDF: listed with its name, one row, one stored file.
    const pdf = validPdf();
    await uploadWithJs(page, pdf, pdf.name);
    await expect(fileLinks(page)).toHaveText([pdf.name]);
    const [document] = await documentsOf(town, form);
    expect(document).toMatchObject({ fieldId: FIELD, originalName: pdf.name, mediaType: "application/pdf", size: pdf.buffer.length, scan: CLAMD_RUNNING ? "clean" : "skipped" });
    if (localStorage) expect(storedFiles(town.id)).toHaveLength(1);
    await expectAccessible(page);

    // Downloading: an attachment, never sniffed, not cached.
    const downloadUrl = townUrl(town.slug, `/api/forms/${form.id}/documents/${document!.id}`);
    await expect(fileLinks(page)).toHaveAttribute("href", `/api/forms/${form.id}/documents/${document!.id}`);
    const [download] = await Promise.all([page.waitForEvent("download"), fileLinks(page).click()]);
    expect(download.suggestedFilename()).toBe(pdf.name);
    await expectAttachment(await fetchWith(context, downloadUrl), pdf);

    // Without the draft cookie (another browser), or on another town's host with it: 404.
    const stranger = await browser.newContext();
    expect((await fetchWith(stranger, downloadUrl)).status()).toBe(404);
    await stranger.close();
    const elsewhere = townUrl(other.slug, `/api/forms/${form.id}/documents/${document!.id}`);
    expect((await fetchWith(context, elsewhere, downloadUrl)).status()).toBe(404);

    // Removing it: gone from the page, the database and the disk.
    await page.getByRole("button", { name: message("en", "Uploads", "removeNamed").replace("{name}", pdf.name) }).click();
    await expect(page).toHaveURL(/[?&]removed=proof/);
    await expect(fileLinks(page)).toHaveCount(0);
    await expectNothingStored(town, form);
    expect((await fetchWith(context, downloadUrl)).status()).toBe(404);
    await expectAccessible(page);
  });

  test("in Arabic: a file cut while streaming is refused; a PDF is sent with the request; only this town’s agent can download it", async ({ page, context, browser }) => {
    const { town, form, admin } = await world(["ar", "en"]);
    const otherWorld = await createTestWorld({ locales: ["en", "fr"] });
    const other = await enableForms(otherWorld);
    await openStep(page, town, form, "ar");
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");

    // 1.5 MB: under the Content-Length allowance, so the size limit cuts it while streaming.
    await uploadWithJs(page, largePdf(1.5 * 1024 * 1024, "مسح.pdf"), message("ar", "Errors", "uploadTooLarge"));
    await expectNothingStored(town, form);
    await expectAccessible(page);

    await uploadWithJs(page, renamedExecutable("mz", "فاتورة.pdf"), message("ar", "Errors", "uploadType"));
    await expectNothingStored(town, form);

    const pdf = validPdf("إثبات العنوان.pdf");
    await page.locator("#f-note").fill("ملاحظة للموظف");
    await uploadWithJs(page, pdf, pdf.name);
    await expect(fileLinks(page)).toHaveText([pdf.name]);
    // The answer typed before the upload was kept with it.
    await expect(page.locator("#f-note")).toHaveValue("ملاحظة للموظف");
    await expectAccessible(page);
    const [document] = await documentsOf(town, form);
    const [download] = await Promise.all([page.waitForEvent("download"), fileLinks(page).click()]);
    expect(download.suggestedFilename()).toBe(pdf.name);
    await expectAttachment(await fetchWith(context, townUrl(town.slug, `/api/forms/${form.id}/documents/${document!.id}`)), pdf);

    // Continue, check, send.
    await page.getByRole("button", { name: message("ar", "RequestFill", "continue") }).click();
    await expect(page).toHaveURL(townUrl(town.slug, `/ar/requests/${form.slug}/check`));
    await expect(page.locator("main")).toContainText(pdf.name);
    await expectAccessible(page);
    await page.locator("#f-contactName").fill("ليلى حداد");
    await page.locator("#f-contactEmail").fill(`layla-${town.slug}@example.org`);
    await page.getByRole("button", { name: message("ar", "RequestFill", "send") }).click();
    await expect(page).toHaveURL(/\/ar\/requests\/follow\/[A-Za-z0-9_-]+\?sent=1$/);
    await expectAccessible(page);
    const sent = await db().formRequest.findFirstOrThrow({ where: { tenantId: town.id, formId: form.id, status: "submitted" } });
    expect(await db().requestDocument.count({ where: { requestId: sent.id } })).toBe(1);
    const agentUrl = townUrl(town.slug, `/api/requests/${sent.id}/documents/${document!.id}`);

    // No session: 404.
    const anonymous = await browser.newContext();
    expect((await fetchWith(anonymous, agentUrl)).status()).toBe(404);
    await anonymous.close();

    // The town's administrator (requests:process on every form): the file, as an attachment.
    const agentContext = await browser.newContext();
    const agentPage = await agentContext.newPage();
    await signIn(agentPage, town.slug, "en", admin.email);
    await expectAccessible(agentPage);
    await expectAttachment(await fetchWith(agentContext, agentUrl), pdf);
    await agentContext.close();

    // An administrator of another town: 404 on their own town's host and with their session sent to this one.
    const otherContext = await browser.newContext();
    const otherPage = await otherContext.newPage();
    await signIn(otherPage, other.slug, "en", otherWorld.agents.admin!.email);
    await expectAccessible(otherPage);
    const otherHost = townUrl(other.slug, `/api/requests/${sent.id}/documents/${document!.id}`);
    expect((await fetchWith(otherContext, otherHost)).status()).toBe(404);
    expect((await fetchWith(otherContext, agentUrl, otherHost)).status()).toBe(404);
    await otherContext.close();
  });

  test("a PDF carrying the EICAR test string is refused by clamd, nothing kept", async ({ page }) => {
    test.skip(
      !CLAMD_RUNNING,
      "clamd is not running for this run: the server has no CLAMD_HOST (npm test starts one with tests/fixtures/clamd.ts when /usr/sbin/clamd is installed, and sets E2E_CLAMD=1)",
    );
    const { town, form } = await world(["en", "fr"]);
    await openStep(page, town, form, "en");
    await uploadWithJs(page, eicarPdf(), message("en", "Errors", "uploadInfected"));
    await expectNothingStored(town, form);
    await expectAccessible(page);
    // A clean PDF still goes through, scanned.
    const pdf = validPdf();
    await uploadWithJs(page, pdf, pdf.name);
    await expect(fileLinks(page)).toHaveText([pdf.name]);
    const [document] = await documentsOf(town, form);
    expect(document?.scan).toBe("clean");
  });
});

test.describe("uploading documents without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the Upload button submits the step: errors next to the field and in the summary, answers kept, nothing stored", async ({ page, context }) => {
    const { town, form } = await world(["fr", "en"]);
    await openStep(page, town, form, "fr", false);
    await expect(page.locator(`[data-file-upload="static"]`)).toBeVisible();
    const fieldError = page.locator(`#f-${FIELD}-error`);
    const summaryLink = page.locator(`[role=alert] a[href='#f-${FIELD}']`);

    // (a) Too large: back on the step with the error, what was typed on the step kept.
    await page.locator("#f-note").fill("Quittance de loyer");
    await fileInput(page).setInputFiles(largePdf(2 * 1024 * 1024));
    await uploadButton(page).click();
    await expect(page).toHaveURL(new RegExp(`/fr/requests/${form.slug}/${STEP}\\?.*upload-error=uploadTooLarge`));
    await expect(fieldError).toHaveText(message("fr", "Errors", "uploadTooLarge"));
    await expect(summaryLink).toBeVisible();
    // Next to the field: in the same block as its file input.
    await expect(page.locator("div").filter({ has: fileInput(page) }).filter({ has: fieldError }).last()).toBeVisible();
    await expect(page.locator("#f-note")).toHaveValue("Quittance de loyer");
    await expectNothingStored(town, form);

    // (b) A Windows executable renamed .pdf: refused after reading the body, the note typed before kept.
    await page.locator("#f-note").fill("Facture d’électricité");
    await fileInput(page).setInputFiles(renamedExecutable("mz"));
    await uploadButton(page).click();
    await expect(page).toHaveURL(/upload-error=uploadType/);
    await expect(fieldError).toHaveText(message("fr", "Errors", "uploadType"));
    await expect(summaryLink).toBeVisible();
    await expect(page.locator("#f-note")).toHaveValue("Facture d’électricité");
    await expectNothingStored(town, form);

    // (d) A valid PDF: listed, downloadable, removable.
    const pdf = validPdf("relevé.pdf");
    await fileInput(page).setInputFiles(pdf);
    await uploadButton(page).click();
    await expect(page).toHaveURL(/[?&]uploaded=proof/);
    await expect(fieldError).toHaveCount(0);
    await expect(fileLinks(page)).toHaveText([pdf.name]);
    const [document] = await documentsOf(town, form);
    if (localStorage) expect(storedFiles(town.id)).toHaveLength(1);
    const downloadUrl = townUrl(town.slug, `/api/forms/${form.id}/documents/${document!.id}`);
    const response = await fetchWith(context, downloadUrl);
    await expectAttachment(response, pdf);
    expect(response.headers()["content-disposition"]).toContain("filename*=UTF-8''relev%C3%A9.pdf");

    await page.getByRole("button", { name: message("fr", "Uploads", "removeNamed").replace("{name}", pdf.name) }).click();
    await expect(page).toHaveURL(/[?&]removed=proof/);
    await expect(fileLinks(page)).toHaveCount(0);
    await expectNothingStored(town, form);
  });
});
