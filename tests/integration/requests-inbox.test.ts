// The agents' inbox on a real PostgreSQL: filters (form, state, assignee, dates, final states), search by
// reference or name / e-mail, keyset pages; an agent scoped to form A never reaches form B's requests,
// not even by id; another town's ids find nothing; exports (CSV, XLSX) and the PDF of one request; a
// bulk action that changes some requests and skips others with the reason.
import { randomBytes, randomUUID } from "node:crypto";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import type { TAgentActor } from "@/lib/auth/session";
import { db, inTransaction } from "@/lib/core/db";
import { NotFoundError } from "@/lib/core/errors";
import { findRequest } from "@/lib/forms/repo";
import { bulkRun } from "@/lib/forms/service/bulk-requests";
import { exportRequests } from "@/lib/forms/service/export-requests";
import { requestPdf, visualRuns } from "@/lib/forms/service/request-pdf";
import { inboxContext, listInbox, parseInboxCursor, parseInboxFilters, type TInboxFilters } from "@/lib/forms/service/request-list";
import { requestDetail } from "@/lib/forms/service/request-view";
import { runRequestAction } from "@/lib/forms/service/run-action";
import { getTenantBySlug, type TTenant } from "@/lib/tenancy/registry";
import { createTenant } from "@/lib/tenancy/service/create-tenant";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { parseCsvFile } from "@/tests/fixtures/csv";
import { createPublishedForm, createSubmittedRequest, type TTestForm } from "@/tests/fixtures/forms";
import { createVisibleTown } from "@/tests/fixtures/towns";

const audit = (tenant: TTenant, actor: TAgentActor) => ({ tenantId: tenant.id, actor: { type: "agent" as const, id: actor.id, label: actor.email } });

async function agent(tenant: TTenant, local: string, scope?: string[]): Promise<TAgentActor> {
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: `Agent ${local}`, password: "a long enough passphrase", roles: ["agent"], scope });
  const found = await getAgentForSession(tenant.id, id);
  if (!found) throw new Error("agent not found");
  return { kind: "agent", sessionId: randomUUID(), ...found };
}

async function townWithArabic(): Promise<TTenant> {
  const slug = `arabic-${randomBytes(3).toString("hex")}`;
  await createTenant({ slug, names: { fr: "Lutèce", ar: "لوتيس" }, defaultLocale: "fr", enabledLocales: ["fr", "ar"], timeZone: "Europe/Paris", holidayRegion: "FR", theme: PLATFORM_THEME });
  for (let i = 0; i < 100; i++) {
    const tenant = await getTenantBySlug(slug);
    if (tenant) return tenant;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("town not visible");
}

const at = (iso: string) => new Date(iso);
const filters = (query: Record<string, string> = {}): TInboxFilters => parseInboxFilters(query);

describe("requests inbox", () => {
  let database: TAppDatabase;
  let a: TTenant;
  let b: TTenant;
  let formA: TTestForm;
  let formB: TTestForm;
  let all: TAgentActor;
  let scoped: TAgentActor;
  const sent: { id: string; reference: string; submittedAt: Date }[] = [];
  let bRequestId: string;

  beforeAll(async () => {
    database = await openAppDatabase("inbox");
    a = await createVisibleTown("alpha");
    b = await createVisibleTown("beta");
    formA = await createPublishedForm(a, undefined, undefined, { title: "Bulky waste", prefix: "BW" });
    formB = await createPublishedForm(a, undefined, undefined, { title: "Certificate", prefix: "CS" });
    all = await agent(a, "all");
    scoped = await agent(a, "scoped", [`form:${formA.form.id}`]);
    const people = ["Hélène Dupont", "Jean Martin", "Zoé Durand", "Ali Benali", "Marie Curie"];
    for (const [i, name] of people.entries()) {
      const r = await createSubmittedRequest(a, formA, { what: `Request ${i}`, where: { street: `${i} rue de la Paix`, postcode: "75001", town: "Paris" }, items: ["sofa", "fridge"], count: i + 1 }, { name, email: `p${i}@example.net`, now: at(`2026-03-0${i + 1}T10:00:00Z`) });
      sent.push({ id: r.id, reference: r.reference!, submittedAt: r.submittedAt! });
    }
    for (let i = 0; i < 2; i++) {
      const r = await createSubmittedRequest(a, formB, { what: `Certificate ${i}` }, { name: `Other ${i}`, email: `o${i}@example.net`, now: at(`2026-03-1${i}T10:00:00Z`) });
      if (i === 0) bRequestId = r.id;
    }
    // One of form A done (a final state): hidden by default.
    await inTransaction(() => runRequestAction({ tenant: a, actor: all, requestId: sent[0]!.id, actionId: "take", input: {} }));
    await inTransaction(() => runRequestAction({ tenant: a, actor: all, requestId: sent[0]!.id, actionId: "accept", input: { comment: "Done." } }));
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("filters by form, state, assignee and dates; hides final states unless asked", async () => {
    const ctx = await inboxContext(a, all);
    const list = (q: Record<string, string>) => listInbox(a, all, ctx, filters(q)).then((p) => p.rows.map((r) => r.id));
    expect((await list({})).length).toBe(6);
    expect((await list({ final: "1" })).length).toBe(7);
    expect(await list({ form: formA.form.id })).toEqual(sent.slice(1).map((s) => s.id).reverse());
    expect(await list({ state: "done" })).toEqual([sent[0]!.id]);
    expect(await list({ assignee: "me" })).toEqual([]);
    expect(await list({ assignee: "me", final: "1" })).toEqual([sent[0]!.id]);
    expect(await list({ assignee: "unassigned", form: formB.form.id })).toHaveLength(2);
    expect(await list({ assignee: `agent:${all.id}`, final: "1" })).toEqual([sent[0]!.id]);
    // Dates in the town's zone, inclusive.
    expect(await list({ from: "2026-03-02", to: "2026-03-03" })).toEqual([sent[2]!.id, sent[1]!.id]);
    // Malformed filters are ignored.
    expect((await list({ form: "nope", from: "yesterday" })).length).toBe(6);
  });

  it("searches by reference (exact or prefix) and by name or e-mail", async () => {
    const ctx = await inboxContext(a, all);
    const list = (q: string) => listInbox(a, all, ctx, filters({ q, final: "1" })).then((p) => p.rows.map((r) => r.id));
    expect(await list(sent[2]!.reference)).toEqual([sent[2]!.id]);
    expect(await list(sent[2]!.reference.toLowerCase())).toEqual([sent[2]!.id]);
    expect((await list("BW-")).length).toBe(5);
    expect(await list("hélène")).toEqual([sent[0]!.id]);
    expect(await list("DURAND")).toEqual([sent[2]!.id]);
    expect(await list("p3@example")).toEqual([sent[3]!.id]);
    expect(await list("nobody-like-this")).toEqual([]);
  });

  it("pages with a keyset cursor, newest sent first, without gaps or repeats", async () => {
    const ctx = await inboxContext(a, all);
    const seen: string[] = [];
    let after = null;
    for (let i = 0; i < 10; i++) {
      const page = await listInbox(a, all, ctx, filters({ final: "1" }), after, 3);
      expect(page.total).toBe(7);
      seen.push(...page.rows.map((r) => r.id));
      if (!page.next) break;
      after = parseInboxCursor(page.next);
      expect(after).not.toBeNull();
    }
    const rows = await Promise.all(seen.map((id) => findRequest(a.id, id)));
    const times = rows.map((r) => r!.submittedAt!.getTime());
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect([...times].sort((x, y) => y - x)).toEqual(times);
  });

  it("an agent scoped to form A never reaches form B's requests, even by id", async () => {
    const ctx = await inboxContext(a, scoped);
    expect(ctx.forms.map((f) => f.id)).toEqual([formA.form.id]);
    const page = await listInbox(a, scoped, ctx, filters({ final: "1" }));
    expect(page.rows.every((r) => r.formId === formA.form.id)).toBe(true);
    expect(page.total).toBe(5);
    expect((await listInbox(a, scoped, ctx, filters({ form: formB.form.id }))).total).toBe(0);
    await expect(requestDetail(a, scoped, bRequestId, "en")).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestPdf({ tenant: a, actor: scoped, requestId: bRequestId, audit: audit(a, scoped) })).rejects.toBeInstanceOf(NotFoundError);
    const outcome = await bulkRun({ tenant: a, actor: scoped, requestIds: [bRequestId], choice: { kind: "assign", assigneeId: scoped.id }, audit: audit(a, scoped) });
    expect(outcome).toEqual({ changed: [], skipped: [{ id: bRequestId, reference: null, reason: "notFound" }] });
    expect((await findRequest(a.id, bRequestId))?.assigneeId).toBeNull();
    const csv = parseCsvFile((await exportRequests({ tenant: a, actor: scoped, locale: "en", filters: filters({ final: "1" }), format: "csv", audit: audit(a, scoped) })).body);
    expect(csv.slice(1).map((r) => r[1])).toEqual(Array(5).fill("Bulky waste"));
  });

  it("another town's ids find nothing", async () => {
    const other = await agent(b, "other");
    const ctx = await inboxContext(b, other);
    expect((await listInbox(b, other, ctx, filters({ final: "1" }))).total).toBe(0);
    await expect(requestDetail(b, other, sent[1]!.id, "en")).rejects.toBeInstanceOf(NotFoundError);
    await expect(requestPdf({ tenant: b, actor: other, requestId: sent[1]!.id, audit: audit(b, other) })).rejects.toBeInstanceOf(NotFoundError);
    const outcome = await bulkRun({ tenant: b, actor: other, requestIds: [sent[1]!.id], choice: { kind: "action", actionId: "take" }, audit: audit(b, other) });
    expect(outcome.changed).toEqual([]);
    expect((await findRequest(a.id, sent[1]!.id))?.state).toBe("received");
  });

  it("exports the filtered list as CSV and XLSX with the form's answers flattened", async () => {
    const csvFile = await exportRequests({ tenant: a, actor: all, locale: "en", filters: filters({ form: formA.form.id }), format: "csv", audit: audit(a, all) });
    expect(csvFile.fileName).toMatch(/^requests-alpha-[0-9a-f]{6}-\d{4}-\d{2}-\d{2}\.csv$/);
    const rows = parseCsvFile(csvFile.body);
    expect(rows[0]).toEqual(["Reference", "Form", "Version", "State", "Sent on", "Name", "E-mail", "Assigned to", "What", "Where", "Items", "How many", "Photo"]);
    expect(rows).toHaveLength(5);
    const first = rows[1]!;
    expect(first.slice(0, 8)).toEqual([sent[4]!.reference, "Bulky waste", "1", "Received", "2026-03-05 11:00", "Marie Curie", "p4@example.net", ""]);
    expect(first.slice(8)).toEqual(["Request 4", "4 rue de la Paix, 75001 Paris", "Sofa, Fridge", "5", ""]);

    const xlsxFile = await exportRequests({ tenant: a, actor: all, locale: "en", filters: filters({ final: "1", form: formA.form.id }), format: "xlsx", audit: audit(a, all) });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsxFile.body as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(6);
    expect(sheet.getRow(1).getCell(1).value).toBe("Reference");
    const last = sheet.getRow(6);
    expect(last.getCell(1).value).toBe(sent[0]!.reference);
    expect(last.getCell(4).value).toBe("Done");
    expect(last.getCell(8).value).toBe("Agent all");
    expect(last.getCell(12).value).toBe(1);

    const entries = await db().auditEntry.findMany({ where: { tenantId: a.id, action: "requests.export" } });
    expect(entries.length).toBeGreaterThanOrEqual(2);
  });

  it("gives one request as a PDF, in the request's language (Arabic too)", async () => {
    const pdf = await requestPdf({ tenant: a, actor: all, requestId: sent[0]!.id, audit: audit(a, all), compress: false });
    expect(pdf.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(pdf.body.toString("latin1")).toContain(sent[0]!.reference);
    expect(pdf.fileName).toBe(`${sent[0]!.reference}.pdf`);
    expect(await db().auditEntry.count({ where: { tenantId: a.id, action: "requests.pdf", targetId: sent[0]!.id } })).toBe(1);

    const town = await townWithArabic();
    const form = await createPublishedForm(town, undefined, undefined, { title: "طلب", prefix: "AR" });
    const request = await createSubmittedRequest(town, form, { what: "أريكة قديمة 2 مقاعد", where: { street: "12 شارع السلام", postcode: "75001", town: "Paris" } }, { name: "فاطمة بن علي", locale: "ar" });
    const agentAr = await agent(town, "ar");
    const arabic = await requestPdf({ tenant: town, actor: agentAr, requestId: request.id, audit: audit(town, agentAr), compress: false });
    expect(arabic.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(arabic.body.toString("latin1")).toContain(request.reference!);
    expect(arabic.body.toString("latin1")).toMatch(/\/Type \/Page\b/);
  });

  it("orders mixed Arabic and Latin lines for the eye", () => {
    // An RTL line: the number (LTR run) comes visually before the Arabic word that precedes it logically.
    expect(visualRuns("أريكة 2", true)).toEqual(["2", "أريكة "]);
    expect(visualRuns("Name: فاطمة", false)).toEqual(["Name: ", "فاطمة"]);
    expect(visualRuns("Plain text", false)).toEqual(["Plain text"]);
  });

  it("a bulk action changes the requests it may and skips the others with the reason", async () => {
    const ctx = await inboxContext(a, all);
    const page = await listInbox(a, all, ctx, filters({ form: formB.form.id }));
    const ids = page.rows.map((r) => r.id);
    // One of the two is already in progress: "take" is not offered there.
    await inTransaction(() => runRequestAction({ tenant: a, actor: all, requestId: ids[0]!, actionId: "take", input: {} }));
    const outcome = await bulkRun({ tenant: a, actor: all, requestIds: [...ids, sent[1]!.id], choice: { kind: "action", actionId: "take" }, audit: audit(a, all) });
    expect(outcome.changed.map((c) => c.id).sort()).toEqual([ids[1]!, sent[1]!.id].sort());
    expect(outcome.skipped).toEqual([{ id: ids[0]!, reference: page.rows[0]!.reference, reason: "workflowActionUnavailable" }]);
    expect((await findRequest(a.id, ids[1]!))?.state).toBe("in-progress");

    // A required comment missing: skipped with that reason; the others done.
    const refuse = await bulkRun({ tenant: a, actor: all, requestIds: [ids[1]!], choice: { kind: "action", actionId: "refuse" }, audit: audit(a, all) });
    expect(refuse.skipped[0]?.reason).toBe("workflowCommentRequired");

    const assign = await bulkRun({ tenant: a, actor: all, requestIds: [sent[2]!.id, sent[3]!.id], choice: { kind: "assign", assigneeId: scoped.id }, audit: audit(a, all) });
    expect(assign.changed).toHaveLength(2);
    expect((await findRequest(a.id, sent[3]!.id))?.assigneeId).toBe(scoped.id);
  });
});
