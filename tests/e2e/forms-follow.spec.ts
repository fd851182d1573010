// The citizen's follow-up part of the forms module in Chromium: a draft saved for later (the e-mail's
// link opens it in another browser, on the next step, and the citizen carries on); a link that no
// longer works says so; the follow-up page (confirmation panel, state, timeline newest first, pending
// correction) and answering a request for correction through the e-mail's link (only the field asked,
// errors keep what was typed), then the timeline again — in English and in Arabic (right to left).
// Sent requests are rows as submitRequest leaves them; the agent acts through runRequestAction. axe-core on every page.
import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import type { TAgentActor } from "@/lib/auth/session";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { db, inTransaction } from "@/lib/core/db";
import { ZFormDefinition } from "@/lib/forms/definition";
import { findRequest, type TFormRow } from "@/lib/forms/repo";
import { runRequestAction } from "@/lib/forms/service/run-action";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TTenant } from "@/lib/tenancy/registry";
import { defaultWorkflow } from "@/lib/workflow/definition";
import { createTestWorld, enableForms, eventuallyStatus, expectAccessible, linkIn, readMail, submitAndWait, townUrl } from "./fixtures";

// Long flows through pages compiled on first visit by the development server: more time than one page.
test.describe.configure({ timeout: 360_000 });

const EN = JSON.parse(readFileSync(path.join(process.cwd(), "messages/en.json"), "utf8")) as Record<string, Record<string, string>>;
const text = (namespace: string) => (key: string): string => {
  const value = EN[namespace]?.[key];
  if (value === undefined) throw new Error(`no message ${namespace}.${key}`);
  return value;
};
const F = text("RequestFollow");
const FILL = text("RequestFill");
const lead = (text: string) => text.split("{")[0]!.trim();

const DEFINITION = ZFormDefinition.parse({
  steps: [
    {
      id: "about",
      titles: { en: "Your items", ar: "أغراضك" },
      fields: [
        { id: "subject", type: "text", labels: { en: "What to collect", ar: "ما يجب جمعه" }, required: true },
        { id: "details", type: "textarea", labels: { en: "Details", ar: "تفاصيل" }, required: true },
      ],
    },
    { id: "contact", titles: { en: "Contact", ar: "الاتصال" }, fields: [{ id: "mail", type: "email", labels: { en: "Your e-mail", ar: "بريدك الإلكتروني" }, required: true }] },
  ],
});

/**
 * A request as the citizen's sending leaves it (submitRequest cannot run in this process: it imports
 * next/headers through the draft cookie): reference, initial state, follow-up secret, "submitted" event.
 */
async function sentRequest(town: TTenant, form: TFormRow, locale: string, email: string, data: Record<string, string>) {
  const followSecret = newSecret();
  const reference = `BW-2026-${newSecret(8).replace(/[^A-Z2-9]/gi, "").toUpperCase().replace(/[O01I]/g, "X").padEnd(6, "K").slice(0, 6)}`;
  const now = new Date();
  const request = await db().formRequest.create({
    data: { tenantId: town.id, formId: form.id, versionId: form.currentVersionId!, reference, status: "submitted", state: "received", data, stepReached: 2, email, name: "Ada Citizen", locale, followTokenHash: hashSecret(followSecret), submittedAt: now, stateChangedAt: now },
  });
  await db().requestEvent.create({ data: { tenantId: town.id, requestId: request.id, kind: "submitted", toState: "received", public: true, actorKind: "citizen", details: { reference }, createdAt: now } });
  return { request, reference, followSecret };
}

async function publishedForm(town: TTenant, slug: string): Promise<TFormRow> {
  const workflow = defaultWorkflow((key) => ({ en: `State ${key}`, ar: `الحالة ${key}` }));
  const titles = { en: "Bulky waste pickup", ar: "جمع النفايات الضخمة" };
  const form = await db().form.create({
    data: {
      tenantId: town.id,
      slug,
      titles,
      nextSteps: { en: "We will call you within a week.", ar: "سنتصل بك خلال أسبوع." },
      definition: DEFINITION as Prisma.InputJsonValue,
      workflow: workflow as Prisma.InputJsonValue,
      status: "published",
      referencePrefix: "BW",
    },
  });
  const version = await db().formVersion.create({ data: { tenantId: town.id, formId: form.id, number: 1, titles, definition: DEFINITION as Prisma.InputJsonValue, workflow: workflow as Prisma.InputJsonValue } });
  return db().form.update({ where: { id: form.id }, data: { currentVersionId: version.id } });
}

test("a draft saved for later opens from the e-mail in another browser, on the next step", async ({ page, browser }) => {
  const world = await createTestWorld({ locales: ["en", "ar"] });
  const town = await enableForms(world);
  await publishedForm(town, "bulky");
  const email = `saver-${world.slug}@example.org`;

  // The server learns of the module through NOTIFY, a moment after this process.
  await eventuallyStatus(page, townUrl(world.slug, "/en/requests/bulky"), 200, 60_000);
  await page.goto(townUrl(world.slug, "/en/requests/bulky"));
  await page.getByRole("button", { name: FILL("startNow") }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/requests/bulky/about"), { timeout: 120_000 });
  await page.locator("#f-subject").fill("Two chairs");
  await page.locator("#f-details").fill("Old oak chairs, in front of the house");
  await page.getByRole("button", { name: FILL("continue") }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/requests/bulky/contact"), { timeout: 120_000 });

  // What is typed on the step is kept by "Save and come back later", even unchecked.
  await page.locator("#f-mail").fill(`typed-${email}`);
  await page.getByRole("button", { name: FILL("saveLater") }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/requests/bulky/save"), { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F("saveTitle"));
  await expectAccessible(page);
  // A wrong address: the error summary, and what was typed is kept.
  await page.locator("#f-email").fill("not an address");
  await submitAndWait(page, page.getByRole("button", { name: F("saveButton") }));
  await expect(page.locator("#f-email")).toHaveValue("not an address");
  await expectAccessible(page);
  const before = new Date();
  await page.locator("#f-email").fill(email);
  await page.getByRole("button", { name: F("saveButton") }).click();
  await expect(page).toHaveURL(townUrl(world.slug, "/en/requests/bulky/save?sent=1"), { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F("saveSentTitle"));
  await expect(page.getByText(email)).toBeVisible();
  await expectAccessible(page);

  const mail = await readMail(email, { after: before });
  expect(mail.subject).toContain("Bulky waste pickup");
  const link = linkIn(mail.text, townUrl(world.slug, "/en/requests/resume/"));
  expect(mail.text).toContain(lead(text("Mail")("requestResumeDeleteOn")));

  // Another browser (no cookie): the link opens the draft on the step after the last one completed.
  const other = await browser.newContext();
  const page2 = await other.newPage();
  await page2.goto(link);
  await expect(page2).toHaveURL(townUrl(world.slug, "/en/requests/bulky/contact"), { timeout: 120_000 });
  await expectAccessible(page2);
  await expect(page2.locator("#f-mail")).toHaveValue(`typed-${email}`);
  await page2.locator("#f-mail").fill(email);
  await page2.getByRole("button", { name: FILL("continue") }).click();
  await expect(page2).toHaveURL(townUrl(world.slug, "/en/requests/bulky/check"), { timeout: 120_000 });
  await expect(page2.getByText("Old oak chairs, in front of the house")).toBeVisible();
  await other.close();

  // The first browser got the new secret too: it carries on as well.
  await page.goto(townUrl(world.slug, "/en/requests/bulky/contact"));
  await expect(page).toHaveURL(townUrl(world.slug, "/en/requests/bulky/contact"), { timeout: 120_000 });

  // A link that no longer works (unknown, expired or sent): a page that says so.
  await page.goto(townUrl(world.slug, "/en/requests/resume/not-a-real-secret-0123456789abcdef"));
  await expect(page).toHaveURL(townUrl(world.slug, "/en/requests/resume/expired"), { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F("resumeExpiredTitle"));
  await expectAccessible(page);
});

test("the follow-up page shows the timeline, and the citizen answers a request for correction", async ({ page }) => {
  const world = await createTestWorld({ locales: ["en", "ar"] });
  const town = await enableForms(world);
  const form = await publishedForm(town, "pickup");
  const email = `follower-${world.slug}@example.org`;

  // A request sent through the citizen's services, then taken and sent back for a correction by an agent.
  const sent = await sentRequest(town, form, "en", email, { subject: "A sofa", details: "Blue sofa", mail: email });
  const follow = `/requests/follow/${sent.followSecret}`;
  await eventuallyStatus(page, townUrl(world.slug, `/en${follow}`), 200, 60_000);

  await page.goto(townUrl(world.slug, `/en${follow}?sent=1`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F("sentTitle"));
  await expect(page.getByText(sent.reference).first()).toBeVisible();
  await expect(page.getByText("We will call you within a week.")).toBeVisible();
  await expectAccessible(page);

  const admin = world.agents.admin!;
  const actor: TAgentActor = { kind: "agent", sessionId: "e2e", tenantId: town.id, id: admin.id, email: admin.email, name: "Agent Smith", locale: "en", grants: [{ permission: "requests:process", scope: [] }] };
  const asked = new Date();
  await inTransaction(async () => {
    await runRequestAction({ tenant: town, actor, requestId: sent.request.id, actionId: "take", input: {} });
    await runRequestAction({ tenant: town, actor, requestId: sent.request.id, actionId: "ask-correction", input: { correction: { fields: ["details"], message: "Which colour and size exactly?" } } });
  });

  await page.goto(townUrl(world.slug, `/en${follow}`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Bulky waste pickup");
  await expect(page.getByRole("heading", { name: F("correctionHeading") })).toBeVisible();
  await expect(page.getByText("Which colour and size exactly?").first()).toBeVisible();
  const timeline = page.locator("section[aria-labelledby=timeline] li h3");
  await expect(timeline).toHaveText([F("eventCorrectionAsked"), `${F("eventState")} State waitingCitizen`, `${F("eventState")} State inProgress`, F("eventSubmitted")]);
  await expect(page.getByText("Agent Smith")).toHaveCount(0);
  await expectAccessible(page);

  // The e-mail's correction link: the message and ONLY the field asked for.
  const mail = await readMail(email, { after: asked });
  const correct = linkIn(mail.text, townUrl(world.slug, "/en/requests/correct/"));
  await page.goto(correct);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F("correctTitle"));
  await expect(page.getByText("Which colour and size exactly?")).toBeVisible();
  await expect(page.locator("#f-details")).toHaveValue("Blue sofa");
  await expect(page.locator("#f-subject")).toHaveCount(0);
  await expect(page.locator("#f-mail")).toHaveCount(0);
  await expectAccessible(page);
  // Emptied: refused, the error summary takes focus.
  await page.locator("#f-details").fill("");
  await submitAndWait(page, page.getByRole("button", { name: F("correctButton") }));
  await expect(page.locator("#f-details")).toHaveAttribute("aria-invalid", "true");
  await expectAccessible(page);
  await page.locator("#f-details").fill("Blue sofa, three seats, 2 m long");
  await page.getByRole("button", { name: F("correctButton") }).click();
  await expect(page).toHaveURL(townUrl(world.slug, `/en/requests/correct/done?reference=${sent.reference}`), { timeout: 120_000 });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F("correctDoneTitle"));
  await expect(page.getByText(sent.reference)).toBeVisible();
  await expectAccessible(page);

  // The link is used up; the follow-up page shows the answer, and the request is back in progress.
  await page.goto(correct);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(F("correctGoneTitle"));
  await page.goto(townUrl(world.slug, `/en${follow}`));
  await expect(page.getByRole("heading", { name: F("correctionHeading") })).toHaveCount(0);
  await expect(timeline.first()).toHaveText(F("eventCorrectionAnswered"));
  await expect(page.getByText("State inProgress").first()).toBeVisible();
  const stored = await findRequest(town.id, sent.request.id);
  expect(stored?.data).toMatchObject({ subject: "A sofa", details: "Blue sofa, three seats, 2 m long" });

  // In Arabic, right to left.
  await page.goto(townUrl(world.slug, `/ar${follow}`));
  await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("جمع النفايات الضخمة");
  await expectAccessible(page);

  // Another town's host: nothing.
  const stranger = await createTestWorld({ locales: ["en"] });
  await enableForms(stranger);
  await eventuallyStatus(page, townUrl(stranger.slug, "/en/requests"), 200, 60_000);
  const response = await page.goto(townUrl(stranger.slug, `/en${follow}`));
  expect(response?.status()).toBe(404);
});

test("from the follow-up page, the citizen opens the pending correction", async ({ page }) => {
  const world = await createTestWorld({ locales: ["en", "ar"] });
  const town = await enableForms(world);
  const form = await publishedForm(town, "pickup-ar");
  const email = `follower2-${world.slug}@example.org`;
  const sent = await sentRequest(town, form, "ar", email, { subject: "كرسي", details: "كرسي قديم", mail: email });
  const admin = world.agents.admin!;
  const actor: TAgentActor = { kind: "agent", sessionId: "e2e", tenantId: town.id, id: admin.id, email: admin.email, name: "Agent", locale: "en", grants: [{ permission: "requests:process", scope: [] }] };
  await inTransaction(() => runRequestAction({ tenant: town, actor, requestId: sent.request.id, actionId: "ask-correction", input: { correction: { fields: ["subject"], message: "ما لون الكرسي؟" } } }));

  await eventuallyStatus(page, townUrl(world.slug, `/ar/requests/follow/${sent.followSecret}`), 200, 60_000);
  await page.goto(townUrl(world.slug, `/ar/requests/follow/${sent.followSecret}`));
  await expect(page.getByText("ما لون الكرسي؟").first()).toBeVisible();
  await expectAccessible(page);
  await page.locator("section[aria-labelledby=correction] a").click();
  await expect(page).toHaveURL(townUrl(world.slug, `/ar/requests/correct/${sent.followSecret}`), { timeout: 120_000 });
  await expect(page.locator("#f-subject")).toHaveValue("كرسي");
  await expect(page.locator("#f-details")).toHaveCount(0);
  await expectAccessible(page);
  await page.locator("#f-subject").fill("كرسي أزرق");
  await page.locator("form button[type=submit]").last().click();
  await expect(page).toHaveURL(townUrl(world.slug, `/ar/requests/correct/done?reference=${sent.reference}`), { timeout: 120_000 });
  await expectAccessible(page);
  expect((await findRequest(town.id, sent.request.id))?.data).toMatchObject({ subject: "كرسي أزرق", details: "كرسي قديم" });
});
