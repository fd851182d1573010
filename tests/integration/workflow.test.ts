// The workflow on a real PostgreSQL: running actions (state, history, e-mails queued in the citizen's
// language, assignment, the pending correction), refusals (missing input, permission, form scope,
// another town's request), automatic actions after N days and archiving (anonymise, delete, stored
// files gone) with a driven clock.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { followUrlFor } from "@/lib/forms/service/follow-link";
import { db, inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { archiveRequests, runAutomaticActions } from "@/lib/forms/jobs";
import { findRequest, listRequestDocuments, listRequestEvents } from "@/lib/forms/repo";
import { assignRequest, commentRequest, runRequestAction, type TPendingCorrection } from "@/lib/forms/service/run-action";
import { renderMail } from "@/lib/notifications/templates";
import { getStorage } from "@/lib/storage/storage";
import type { TTenant } from "@/lib/tenancy/registry";
import { defaultWorkflow, type TWorkflow } from "@/lib/workflow/definition";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown, withModules } from "@/tests/fixtures/towns";

const DAY = 86_400_000;

function workflow(): TWorkflow {
  const wf = defaultWorkflow((key) => ({ fr: `fr:${key}`, en: `en:${key}` }));
  // "take" also e-mails the citizen; "accept" deletes after 10 days instead of anonymising after 365.
  const take = wf.actions.find((a) => a.id === "take")!;
  take.tasks.push({ type: "notify", subjects: { fr: "Dossier {reference} : {state}", en: "Request {reference}: {state}" }, bodies: { fr: "Bonjour {name}, votre demande « {form} » est {state}.", en: "Hello {name}, {form} is {state}." } });
  const accept = wf.actions.find((a) => a.id === "accept")!;
  accept.tasks = [{ type: "comment", public: true }, { type: "archive", mode: "delete", afterDays: 10 }];
  wf.actions.push({ id: "give", labels: { fr: "Confier", en: "Give" }, from: ["in-progress"], to: "in-progress", permission: "requests:process", tasks: [{ type: "assign", to: "agent" }, { type: "comment", public: false }] });
  wf.actions.push({ id: "sign", labels: { fr: "Signer", en: "Sign" }, from: ["in-progress"], to: "done", permission: "forms:design", tasks: [] });
  return wf;
}

const definition = {
  steps: [
    {
      id: "who",
      titles: { fr: "Vous" },
      fields: [
        { id: "name", type: "text", labels: { fr: "Nom", en: "Name" }, required: true },
        { id: "photo", type: "file", labels: { fr: "Photo", en: "Photo" } },
        { id: "note", type: "info", labels: { fr: "Info" } },
      ],
    },
  ],
};

async function createForm(tenant: TTenant, slug = "encombrants") {
  const wf = workflow();
  const form = await db().form.create({ data: { tenantId: tenant.id, slug, titles: { fr: "Encombrants", en: "Bulky waste" }, definition, workflow: wf, referencePrefix: "BW", status: "published" } });
  const version = await db().formVersion.create({ data: { tenantId: tenant.id, formId: form.id, number: 1, titles: form.titles as object, definition, workflow: wf } });
  await db().form.update({ where: { id: form.id }, data: { currentVersionId: version.id } });
  return { form, version };
}

let counter = 0;
async function submitted(tenant: TTenant, f: { form: { id: string }; version: { id: string } }, opts: { locale?: string; at?: Date } = {}) {
  const at = opts.at ?? new Date();
  counter++;
  return db().formRequest.create({
    data: {
      tenantId: tenant.id,
      formId: f.form.id,
      versionId: f.version.id,
      reference: `BW-2026-T${String(counter).padStart(5, "A")}`,
      status: "submitted",
      state: "received",
      data: { name: "Camille Martin" },
      email: `camille${counter}@example.org`,
      name: "Camille Martin",
      locale: opts.locale ?? "fr",
      submittedAt: at,
      stateChangedAt: at,
      followTokenHash: "f".repeat(64),
    },
  });
}

async function agent(tenant: TTenant, local: string, roles: ("agent" | "service-manager" | "administrator")[], scope: string[] = []) {
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: local, password: "a long enough passphrase", roles, scope });
  const actor = await getAgentForSession(tenant.id, id);
  if (!actor) throw new Error("agent");
  return { ...actor, kind: "agent" as const, sessionId: "test" };
}

const withForms = (tenant: TTenant): Promise<TTenant> => withModules(tenant, ["forms"]);

async function rendered(row: { template: string; locale: string; params: unknown; secret: unknown }) {
  const brand = { name: "Ville", primary: "#1d4e89", onPrimary: "#ffffff", logoUrl: null, siteUrl: "http://x.civitas.test" };
  return renderMail({ template: row.template, locale: row.locale, params: row.params as Record<string, unknown>, secret: (row.secret ?? null) as Record<string, unknown> | null, brand });
}

const outbox = (to: string) => db().outboxMessage.findMany({ where: { toAddress: to }, orderBy: { createdAt: "asc" } });

describe("workflow: running actions, automatic actions, archiving", () => {
  let database: TAppDatabase;
  let a: TTenant;
  let b: TTenant;

  beforeAll(async () => {
    database = await openAppDatabase("workflow", { DATA_DIR: mkdtempSync(path.join(tmpdir(), "civitas-wf-")), STORAGE: "local" });
    a = await withForms(await createVisibleTown("wf-a"));
    b = await withForms(await createVisibleTown("wf-b"));
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("moves the request, writes its history, assigns, and e-mails the citizen in their language", async () => {
    const f = await createForm(a);
    const manager = await agent(a, "manager", ["service-manager"]);
    const request = await submitted(a, f, { locale: "en" });
    const result = await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "take", input: {} }));
    expect(result).toMatchObject({ from: "received", to: "in-progress" });
    const row = await findRequest(a.id, request.id);
    expect(row).toMatchObject({ state: "in-progress", assigneeId: manager.id });
    expect(row!.stateChangedAt!.getTime()).toBeGreaterThan(request.stateChangedAt!.getTime() - 1);
    const events = await listRequestEvents(a.id, request.id);
    expect(events.map((e) => e.kind)).toEqual(["action", "assigned", "notified"]);
    expect(events[0]).toMatchObject({ fromState: "received", toState: "in-progress", actorId: manager.id, actorKind: "agent" });
    const mails = await outbox(request.email!);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ template: "request-notify", locale: "en" });
    expect(mails[0]!.params).toMatchObject({ subject: `Request ${request.reference}: en:inProgress`, body: "Hello Camille Martin, Bulky waste is en:inProgress." });
    // The e-mail carries the request's follow-up link (derived from the request, see follow-link.ts).
    expect((mails[0]!.secret as { link: string }).link).toBe(followUrlFor(a, "en", request));

    // A public comment is on the history for the citizen and e-mailed; deleting is planned in 10 days.
    const now = new Date();
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "accept", input: { comment: "Pickup on Monday." }, now }));
    const done = await findRequest(a.id, request.id);
    expect(done).toMatchObject({ state: "done", archiveMode: "delete" });
    expect(done!.archiveAt!.getTime()).toBe(now.getTime() + 10 * DAY);
    const message = (await listRequestEvents(a.id, request.id)).find((e) => e.kind === "message");
    expect(message).toMatchObject({ body: "Pickup on Monday.", public: true });
    expect((await outbox(request.email!)).map((m) => m.template)).toEqual(["request-notify", "request-message"]);
    const [notify, msg] = await outbox(request.email!);
    expect((await rendered(notify!)).text).toContain("Hello Camille Martin, Bulky waste is en:inProgress.");
    const m = await rendered(msg!);
    expect(m.subject).toContain(request.reference!);
    expect(m.text).toContain("Pickup on Monday.");
    // Nothing more is possible from a final state.
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "take", input: {} }))).rejects.toMatchObject({ key: "workflowActionUnavailable" });
  });

  it("asks for a correction: a new secret, the fields and message stored, a mail with the link in the citizen's language", async () => {
    const f = await createForm(a, "corr");
    const manager = await agent(a, "corrector", ["agent"]);
    const request = await submitted(a, f);
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "ask-correction", input: {} }))).rejects.toBeInstanceOf(FieldsError);
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "ask-correction", input: { correction: { fields: ["note"], message: "x" } } }))).rejects.toMatchObject({
      fields: { "correction.fields": { key: "workflowCorrectionUnknownField" } },
    });
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "ask-correction", input: { correction: { fields: ["photo", "name"], message: "Une photo plus nette, svp." } } }));
    const row = await findRequest(a.id, request.id);
    expect(row!.state).toBe("waiting-citizen");
    const pending = row!.correction as TPendingCorrection;
    expect(pending).toMatchObject({ fields: ["photo", "name"], message: "Une photo plus nette, svp.", returnState: "in-progress", askedBy: manager.id });
    expect(pending.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    const [mail] = await outbox(request.email!);
    expect(mail).toMatchObject({ template: "request-correction", locale: "fr" });
    expect((mail!.params as { fields: string[] }).fields).toEqual(["Photo", "Nom"]);
    const r = await rendered(mail!);
    expect(r.text).toContain("Une photo plus nette");
    expect(r.text).toContain((mail!.secret as { link: string }).link);
    expect((mail!.secret as { link: string }).link).toMatch(new RegExp(`^http.*${a.slug}.*/fr/requests/correct/[A-Za-z0-9_-]{40,}$`));
    const asked = (await listRequestEvents(a.id, request.id)).find((e) => e.kind === "correction-asked");
    expect(asked).toMatchObject({ public: true, body: "Une photo plus nette, svp." });
    // Refusing meanwhile ends the pending correction.
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "refuse", input: {} }))).rejects.toMatchObject({ fields: { comment: { key: "workflowCommentRequired" } } });
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "refuse", input: { comment: "Sans réponse." } }));
    expect(await findRequest(a.id, request.id)).toMatchObject({ state: "refused", correction: null });
  });

  it("assigns to an agent or a team of the town only; comments internally", async () => {
    const f = await createForm(a, "assign");
    const manager = await agent(a, "assigner", ["service-manager"]);
    const other = await agent(a, "colleague", ["agent"]);
    const stranger = await agent(b, "stranger", ["agent"]);
    const request = await submitted(a, f);
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "take", input: {} }));
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "give", input: {} }))).rejects.toMatchObject({ fields: { assigneeId: { key: "workflowAssigneeRequired" } } });
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "give", input: { assigneeId: stranger.id } }))).rejects.toMatchObject({ fields: { assigneeId: { key: "workflowUnknownAgent" } } });
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "give", input: { assigneeId: other.id, comment: "À toi." } }));
    expect((await findRequest(a.id, request.id))!.assigneeId).toBe(other.id);
    const team = (await rolesOfTownWithCounts(a.id))[0]!.id;
    await inTransaction(() => assignRequest({ tenant: a, actor: manager, requestId: request.id, assigneeId: null, assigneeTeam: team }));
    expect(await findRequest(a.id, request.id)).toMatchObject({ assigneeId: null, assigneeTeam: team });
    const teamOfB = (await rolesOfTownWithCounts(b.id))[0]!.id;
    await expect(inTransaction(() => assignRequest({ tenant: a, actor: manager, requestId: request.id, assigneeId: null, assigneeTeam: teamOfB }))).rejects.toBeInstanceOf(FieldsError);
    await inTransaction(() => commentRequest({ tenant: a, actor: manager, requestId: request.id, body: "Note interne" }));
    const events = await listRequestEvents(a.id, request.id);
    expect(events.filter((e) => e.kind === "comment").map((e) => [e.body, e.public])).toEqual([
      ["À toi.", false],
      ["Note interne", false],
    ]);
  });

  it("refuses without the action's permission, outside the agent's forms, and for another town's request", async () => {
    const f = await createForm(a, "scope");
    const g = await createForm(a, "scope-other");
    const plain = await agent(a, "plain", ["agent"]);
    const scoped = await agent(a, "scoped", ["agent"], [`form:${g.form.id}`]);
    const request = await submitted(a, f);
    await inTransaction(() => runRequestAction({ tenant: a, actor: plain, requestId: request.id, actionId: "take", input: {} }));
    // "sign" needs forms:design.
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: plain, requestId: request.id, actionId: "sign", input: {} }))).rejects.toMatchObject({ key: "forbidden" });
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: scoped, requestId: request.id, actionId: "refuse", input: { comment: "x" } }))).rejects.toBeInstanceOf(NotFoundError);
    const agentOfB = await agent(b, "agent-b", ["administrator"]);
    await expect(inTransaction(() => runRequestAction({ tenant: b, actor: agentOfB, requestId: request.id, actionId: "refuse", input: { comment: "x" } }))).rejects.toBeInstanceOf(NotFoundError);
    await expect(inTransaction(() => commentRequest({ tenant: b, actor: agentOfB, requestId: request.id, body: "x" }))).rejects.toBeInstanceOf(NotFoundError);
    expect((await findRequest(a.id, request.id))!.state).toBe("in-progress");
    // An automatic action is no agent's button.
    await expect(inTransaction(() => runRequestAction({ tenant: a, actor: plain, requestId: request.id, actionId: "close-unanswered", input: {} }))).rejects.toBeInstanceOf(ActionError);
  });

  it("runs an automatic action after its delay, as the system", async () => {
    const f = await createForm(a, "auto");
    const manager = await agent(a, "auto-manager", ["service-manager"]);
    const asked = new Date(Date.now() - 40 * DAY);
    const request = await submitted(a, f, { at: asked });
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: request.id, actionId: "ask-correction", input: { correction: { fields: ["photo"], message: "Photo ?" } }, now: asked }));
    // 29 days after: nothing; 30 days after: closed.
    await runAutomaticActions(new Date(asked.getTime() + 29 * DAY));
    expect((await findRequest(a.id, request.id))!.state).toBe("waiting-citizen");
    const now = new Date(asked.getTime() + 30 * DAY + 1000);
    const ran = await runAutomaticActions(now);
    expect(ran[a.slug]).toBeGreaterThanOrEqual(1);
    const row = await findRequest(a.id, request.id);
    expect(row).toMatchObject({ state: "refused", correction: null, archiveMode: "anonymise" });
    const last = (await listRequestEvents(a.id, request.id)).find((e) => e.actionId === "close-unanswered" && e.kind === "action");
    expect(last).toMatchObject({ actorKind: "system", actorId: null, fromState: "waiting-citizen", toState: "refused" });
    const audit = await db().auditEntry.findFirst({ where: { tenantId: a.id, action: "requests.action", targetId: request.id } });
    expect(audit).toMatchObject({ actorType: "system" });
    // Running again does nothing more.
    expect((await runAutomaticActions(now))[a.slug]).toBeUndefined();
  });

  it("anonymises or deletes requests when their archive date comes, with their stored files", async () => {
    const f = await createForm(a, "archive");
    const manager = await agent(a, "archivist", ["service-manager"]);
    const start = new Date(Date.now() - 400 * DAY);
    const kept = await submitted(a, f, { at: start });
    const gone = await submitted(a, f, { at: start });
    const storage = getStorage();
    const keys: string[] = [];
    for (const r of [kept, gone]) {
      const key = `${a.id}/${r.id}/photo-${r.id.slice(0, 8)}`;
      await storage.put(key, Readable.from(Buffer.from("jpeg bytes")), { contentType: "image/jpeg", size: 10 });
      await db().requestDocument.create({ data: { tenantId: a.id, requestId: r.id, fieldId: "photo", storageKey: key, originalName: "photo.jpg", mediaType: "image/jpeg", size: 10, sha256: "0".repeat(64), scan: "skipped" } });
      keys.push(key);
    }
    for (const r of [kept, gone]) await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: r.id, actionId: "take", input: {}, now: start }));
    // kept: refused → anonymise after 365 days; gone: accepted → delete after 10 days.
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: kept.id, actionId: "refuse", input: { comment: "Hors délai." }, now: start }));
    await inTransaction(() => runRequestAction({ tenant: a, actor: manager, requestId: gone.id, actionId: "accept", input: { comment: "OK" }, now: start }));

    await archiveRequests(new Date(start.getTime() + 9 * DAY));
    expect(await findRequest(a.id, gone.id)).not.toBeNull();
    const first = await archiveRequests(new Date(start.getTime() + 11 * DAY));
    expect(first[a.slug]).toMatchObject({ deleted: 1 });
    expect(await findRequest(a.id, gone.id)).toBeNull();
    expect(await storage.exists(keys[1]!)).toBe(false);
    expect(await storage.exists(keys[0]!)).toBe(true);

    const second = await archiveRequests(new Date(start.getTime() + 366 * DAY));
    expect(second[a.slug]).toMatchObject({ anonymised: 1 });
    const row = await findRequest(a.id, kept.id);
    expect(row).toMatchObject({ email: null, name: null, data: {}, state: "refused", reference: kept.reference, formId: f.form.id, followTokenHash: "f".repeat(64) });
    expect(row!.anonymisedAt).not.toBeNull();
    expect(row!.submittedAt).toEqual(kept.submittedAt);
    expect(await listRequestDocuments(a.id, kept.id)).toEqual([]);
    expect(await storage.exists(keys[0]!)).toBe(false);
    const events = await listRequestEvents(a.id, kept.id);
    expect(events.every((e) => e.body === null)).toBe(true);
    expect(events.at(-1)!.kind).toBe("anonymised");
    // An anonymised request takes no more actions.
    await expect(inTransaction(() => commentRequest({ tenant: a, actor: manager, requestId: kept.id, body: "x" }))).rejects.toBeInstanceOf(NotFoundError);
  });
});
