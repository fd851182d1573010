// The citizen's follow-up part of the forms module on a real PostgreSQL: "save and come back later"
// (a new secret replaces the draft's, the e-mail's link opens the next step, the old one no longer
// does), the purge of drafts past THEIR form's period with their stored files, the follow-up view
// (state label of the version's workflow, public timeline only), and the answer to a request for
// correction (only the fields asked change, the state returns, the correction is cleared). Another
// town's secrets open nothing.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import type { TAgentActor } from "@/lib/auth/session";
import { hashSecret } from "@/lib/auth/tokens";
import { db, inTransaction } from "@/lib/core/db";
import { FieldsError } from "@/lib/core/errors";
import { ZFormDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { findRequest, type TFormRow, type TRequestRow } from "@/lib/forms/repo";
import { answerCorrection, findPendingCorrection } from "@/lib/forms/service/answer-correction";
import { createDraft, saveStep } from "@/lib/forms/service/fill-draft";
import { followView } from "@/lib/forms/service/follow-view";
import { purgeDrafts } from "@/lib/forms/service/purge-drafts";
import { resumeDraft } from "@/lib/forms/service/resume-draft";
import { runRequestAction } from "@/lib/forms/service/run-action";
import { sendResumeLink } from "@/lib/forms/service/save-for-later";
import { submitRequest } from "@/lib/forms/service/submit-request";
import type { Prisma } from "@/lib/generated/prisma/client";
import { getStorage } from "@/lib/storage/storage";
import type { TTenant } from "@/lib/tenancy/registry";
import { defaultWorkflow } from "@/lib/workflow/definition";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown, withModules } from "@/tests/fixtures/towns";

const DAY = 86_400_000;
let database: TAppDatabase;
let townA: TTenant;
let townB: TTenant;

const DEFINITION: TFormDefinition = ZFormDefinition.parse({
  steps: [
    {
      id: "about",
      titles: { en: "About", fr: "À propos" },
      fields: [
        { id: "subject", type: "text", labels: { en: "Subject", fr: "Sujet" }, required: true },
        { id: "details", type: "textarea", labels: { en: "Details", fr: "Détails" }, required: true },
        { id: "photo", type: "file", labels: { en: "Photo", fr: "Photo" } },
      ],
    },
    { id: "contact", titles: { en: "Contact", fr: "Contact" }, fields: [{ id: "mail", type: "email", labels: { en: "E-mail", fr: "Courriel" }, required: true }] },
  ],
});

const formsTown = async (name: string): Promise<TTenant> => withModules(await createVisibleTown(name), ["forms"]);

/** A published form with one version (rows written directly: the builder is tested elsewhere). */
async function publishedForm(town: TTenant, slug: string, draftRetentionDays = 30): Promise<TFormRow> {
  const workflow = defaultWorkflow((key) => ({ en: `state ${key}`, fr: `état ${key}` }));
  const titles = { en: `Form ${slug}`, fr: `Formulaire ${slug}` };
  const form = await db().form.create({
    data: { tenantId: town.id, slug, titles, nextSteps: { en: "We will call you." }, definition: DEFINITION as Prisma.InputJsonValue, workflow: workflow as Prisma.InputJsonValue, status: "published", draftRetentionDays, referencePrefix: "TS" },
  });
  const version = await db().formVersion.create({ data: { tenantId: town.id, formId: form.id, number: 1, titles, definition: DEFINITION as Prisma.InputJsonValue, workflow: workflow as Prisma.InputJsonValue } });
  return db().form.update({ where: { id: form.id }, data: { currentVersionId: version.id } });
}

async function setUpdatedAt(requestId: string, at: Date) {
  await db().$executeRaw`UPDATE form_request SET "updatedAt" = ${at} WHERE id = ${requestId}::uuid`;
}

async function storeFile(town: TTenant, request: TRequestRow, name: string) {
  const key = `${town.id}/${request.id}/${name}`;
  await getStorage().put(key, Readable.from(Buffer.from(`file ${name}`)), { contentType: "application/pdf", size: 6 + name.length });
  await db().requestDocument.create({ data: { tenantId: town.id, requestId: request.id, fieldId: "photo", storageKey: key, originalName: `${name}.pdf`, mediaType: "application/pdf", size: 10, sha256: "0".repeat(64), scan: "skipped" } });
  return key;
}

/** A request sent through the citizen's services, with its follow-up secret. */
async function sentRequest(town: TTenant, form: TFormRow, email = "citizen@example.org") {
  const { draft } = await createDraft({ tenant: town, form, locale: "en" });
  await saveStep({ tenant: town, draft, stepId: "about", values: { subject: "Old subject", details: "Old details" }, locale: "en" });
  await saveStep({ tenant: town, draft: (await findRequest(town.id, draft.id))!, stepId: "contact", values: { mail: email }, locale: "en" });
  const sent = await submitRequest({ tenant: town, draft: (await findRequest(town.id, draft.id))!, contact: { name: "Ada Citizen", email }, locale: "en" });
  return { request: sent.request, followSecret: sent.followSecret };
}

async function agentOf(town: TTenant): Promise<TAgentActor> {
  const email = `agent-${town.slug}@example.org`;
  const { id } = await createAgentWithPassword({ tenantId: town.id, email, name: "Agent", password: "a long enough passphrase", roles: ["administrator"] });
  return { kind: "agent", sessionId: "test", tenantId: town.id, id, email, name: "Agent", locale: "en", grants: [{ permission: "requests:process", scope: [] }] };
}

beforeAll(async () => {
  database = await openAppDatabase("forms_follow", { STORAGE: "local", DATA_DIR: mkdtempSync(path.join(tmpdir(), "civitas-follow-")) });
  townA = await formsTown("follow-a");
  townB = await formsTown("follow-b");
});

afterAll(async () => {
  if (database) await closeAppDatabase(database);
});

describe("save and come back later", () => {
  it("mails a link with a new secret that opens the next step, in this town only", async () => {
    const form = await publishedForm(townA, "resume-form");
    const { draft, secret: first } = await createDraft({ tenant: townA, form, locale: "en" });
    await saveStep({ tenant: townA, draft, stepId: "about", values: { subject: "Bins", details: "Two old chairs" }, locale: "en" });
    const now = new Date();
    const sent = await inTransaction(() => sendResumeLink({ tenant: townA, draft: (draft as TRequestRow), email: " Citizen@Example.org ", locale: "en", ip: "203.0.113.7", now }));
    expect(sent.secret).not.toBe(first);
    expect(sent.deleteOn.getTime()).toBe(now.getTime() + 30 * DAY);

    const stored = (await findRequest(townA.id, draft.id))!;
    expect(stored.email).toBe("citizen@example.org");
    expect(stored.draftTokenHash).toBe(hashSecret(sent.secret));
    // The answers saved before are still there.
    expect(stored.data).toMatchObject({ subject: "Bins", details: "Two old chairs" });

    const mail = await db().outboxMessage.findFirst({ where: { tenantId: townA.id, template: "request-resume" }, orderBy: { createdAt: "desc" } });
    expect(mail?.toAddress).toBe("citizen@example.org");
    expect((mail?.secret as { link: string }).link).toMatch(new RegExp(`/en/requests/resume/${sent.secret}$`));
    expect((mail?.params as { deleteOn: string }).deleteOn).toBe(sent.deleteOn.toISOString());

    // The link opens the next step (about is done: contact); the old secret no longer opens anything.
    expect(await resumeDraft(townA.id, sent.secret)).toEqual({ formId: form.id, path: "/requests/resume-form/contact" });
    expect(await resumeDraft(townA.id, first)).toBeNull();
    // Another town's host: nothing.
    expect(await resumeDraft(townB.id, sent.secret)).toBeNull();
    // Past the form's period (the purge may not have run yet): nothing.
    expect(await resumeDraft(townA.id, sent.secret, new Date(Date.now() + 31 * DAY))).toBeNull();
  });

  it("a sent request's draft link no longer works", async () => {
    const form = await publishedForm(townA, "resume-sent");
    const { draft } = await createDraft({ tenant: townA, form, locale: "en" });
    const { secret } = await inTransaction(() => sendResumeLink({ tenant: townA, draft, email: "x@example.org", locale: "en", ip: null }));
    expect(await resumeDraft(townA.id, secret)).toEqual({ formId: form.id, path: "/requests/resume-sent/about" });
    await saveStep({ tenant: townA, draft: (await findRequest(townA.id, draft.id))!, stepId: "about", values: { subject: "S", details: "D" }, locale: "en" });
    await saveStep({ tenant: townA, draft: (await findRequest(townA.id, draft.id))!, stepId: "contact", values: { mail: "x@example.org" }, locale: "en" });
    await submitRequest({ tenant: townA, draft: (await findRequest(townA.id, draft.id))!, contact: { name: "X" }, locale: "en" });
    expect(await resumeDraft(townA.id, secret)).toBeNull();
  });
});

describe("purge of old drafts", () => {
  it("deletes only drafts past their own form's period, with their files, audited once per town", async () => {
    const now = new Date();
    const short = await publishedForm(townA, "purge-short", 10);
    const long = await publishedForm(townA, "purge-long", 60);
    const other = await publishedForm(townB, "purge-b", 10);
    const draft = async (town: TTenant, form: TFormRow, ageDays: number) => {
      const { draft: d } = await createDraft({ tenant: town, form, locale: "en" });
      await setUpdatedAt(d.id, new Date(now.getTime() - ageDays * DAY));
      return d;
    };
    const shortOld = await draft(townA, short, 11);
    const shortRecent = await draft(townA, short, 5);
    const longMid = await draft(townA, long, 11);
    const longOld = await draft(townA, long, 61);
    const otherOld = await draft(townB, other, 12);
    const oldKey = await storeFile(townA, shortOld, "old");
    const keptKey = await storeFile(townA, shortRecent, "kept");
    // A request sent long ago is not a draft: never purged.
    const { request: sent } = await sentRequest(townA, short);
    await setUpdatedAt(sent.id, new Date(now.getTime() - 400 * DAY));

    const purged = await purgeDrafts(now);
    expect(purged[townA.slug]).toBe(2);
    expect(purged[townB.slug]).toBe(1);
    expect(await findRequest(townA.id, shortOld.id)).toBeNull();
    expect(await findRequest(townA.id, longOld.id)).toBeNull();
    expect(await findRequest(townB.id, otherOld.id)).toBeNull();
    expect(await findRequest(townA.id, shortRecent.id)).not.toBeNull();
    expect(await findRequest(townA.id, longMid.id)).not.toBeNull();
    expect(await findRequest(townA.id, sent.id)).not.toBeNull();
    expect(await getStorage().exists(oldKey)).toBe(false);
    expect(await getStorage().exists(keptKey)).toBe(true);
    const audits = await db().auditEntry.findMany({ where: { action: "requests.purge-drafts" } });
    expect(audits.filter((a) => a.tenantId === townA.id)).toHaveLength(1);
    expect(audits.filter((a) => a.tenantId === townB.id)).toHaveLength(1);
    expect(audits.find((a) => a.tenantId === townA.id)?.actorType).toBe("system");

    // A second run finds nothing more.
    expect(await purgeDrafts(now)).toEqual({});
  });
});

describe("follow-up and correction", () => {
  it("shows the version's state label and a public timeline; the answer changes only the fields asked, returns the state and clears the correction", async () => {
    const form = await publishedForm(townA, "correct-form");
    const agent = await agentOf(townA);
    const { request, followSecret } = await sentRequest(townA, form, "ask@example.org");

    let view = await followView(townA, followSecret, "en");
    expect(view?.request.reference).toBe(request.reference);
    expect(view?.state?.text).toBe("state received");
    expect(view?.entries.map((e) => e.kind)).toEqual(["submitted"]);
    expect(await followView(townB, followSecret, "en")).toBeNull();

    await inTransaction(async () => {
      await runRequestAction({ tenant: townA, actor: agent, requestId: request.id, actionId: "take", input: {} });
      await runRequestAction({ tenant: townA, actor: agent, requestId: request.id, actionId: "ask-correction", input: { correction: { fields: ["details"], message: "Which chairs exactly?" } } });
    });
    const mail = await db().outboxMessage.findFirst({ where: { tenantId: townA.id, template: "request-correction" }, orderBy: { createdAt: "desc" } });
    const secret = (mail?.secret as { link: string }).link.split("/").pop()!;

    view = await followView(townA, followSecret, "en");
    expect(view?.state?.text).toBe("state waitingCitizen");
    expect(view?.correction?.message).toBe("Which chairs exactly?");
    expect(view?.correction?.fields.map((f) => f.text)).toEqual(["Details"]);
    // Newest first; the assignment (internal) is not shown, nor agents' names.
    expect(view?.entries.map((e) => e.kind)).toEqual(["correction-asked", "state", "state", "submitted"]);
    expect(JSON.stringify(view?.entries)).not.toContain("Agent");

    // The correction's own secret and the follow-up secret both open it, in this town only.
    expect((await findPendingCorrection(townA.id, secret))?.fields.map((f) => f.id)).toEqual(["details"]);
    expect((await findPendingCorrection(townA.id, followSecret))?.request.id).toBe(request.id);
    expect(await findPendingCorrection(townB.id, secret)).toBeNull();
    await expect(inTransaction(() => answerCorrection({ tenant: townB, secret, values: { details: "x" }, locale: "en" }))).rejects.toMatchObject({ key: "followCorrectionGone" });

    // A required field left empty: refused, nothing changed.
    await expect(inTransaction(() => answerCorrection({ tenant: townA, secret, values: { details: "  " }, locale: "en" }))).rejects.toBeInstanceOf(FieldsError);

    // Fields not asked for are ignored.
    const answered = await inTransaction(() => answerCorrection({ tenant: townA, secret, values: { details: "Two oak chairs", subject: "Hacked" }, locale: "en" }));
    expect(answered).toMatchObject({ requestId: request.id, reference: request.reference, fields: ["details"], state: "in-progress" });
    const after = (await findRequest(townA.id, request.id))!;
    expect(after.data).toMatchObject({ subject: "Old subject", details: "Two oak chairs", mail: "ask@example.org" });
    expect(after.state).toBe("in-progress");
    expect(after.correction).toBeNull();
    const event = await db().requestEvent.findFirst({ where: { requestId: request.id, kind: "correction-answered" } });
    expect(event).toMatchObject({ public: true, actorKind: "citizen", fromState: "waiting-citizen", toState: "in-progress", details: { fields: ["details"] } });

    // The link is used up.
    expect(await findPendingCorrection(townA.id, secret)).toBeNull();
    await expect(inTransaction(() => answerCorrection({ tenant: townA, secret, values: { details: "Again" }, locale: "en" }))).rejects.toMatchObject({ key: "followCorrectionGone" });
    view = await followView(townA, followSecret, "en");
    expect(view?.correction).toBeNull();
    expect(view?.entries[0]?.kind).toBe("correction-answered");
    expect(view?.state?.text).toBe("state inProgress");
  });
});
