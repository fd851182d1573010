// Exports of the agents' inbox (CSV or XLSX): the inbox's filters, always narrowed to the forms the
// agent may process. Columns: reference, form, version, state, submitted, citizen's name and e-mail,
// assignee, then every answer field of the filtered form (one column per field, flattened like the
// inbox's answer columns: lib/forms/answer-text.ts). The writers are the appointments' ones (CSV UTF-8
// with a byte-order mark and ";", XLSX with exceljs): lib/appointments/export-format.ts.
//
// Requests are read in keyset pages; the audit entry (requests.export) records the filters, the
// format and the number of rows, never the search text (it may be a citizen's name).
import { PassThrough } from "node:stream";
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import type { TAgentActor } from "@/lib/auth/session";
import { agentsOfTown, rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { roleLabel } from "@/lib/agents/role-label";
import { EXPORT_MIME, wallClock, writeCsv, writeXlsx, type TExportFormat, type TSheetColumn, type TSheetRow } from "@/lib/appointments/export-format";
import { answerFields, type TField } from "@/lib/forms/definition";
import { answerValue, fieldLabel, type TAnswerTextContext } from "@/lib/forms/answer-text";
import { listDocumentsOfRequests, searchInboxRequests, type TRequestRow } from "@/lib/forms/repo";
import { inboxContext, inboxQuery, stateLabel, type TInboxContext, type TInboxFilters } from "@/lib/forms/service/request-list";
import { pickLocalized } from "@/lib/i18n/localized";
import { translator } from "@/lib/i18n/translator";
import type { TTenant } from "@/lib/tenancy/registry";

export const REQUEST_EXPORT_FORMATS = ["csv", "xlsx"] as const;
export const REQUEST_EXPORT_PAGE = 1000;

/** Who a request is assigned to, as people read it: agents by name, teams by role name. */
export async function assigneeNamer(tenantId: string, locale: string, defaultLocale: string): Promise<(r: Pick<TRequestRow, "assigneeId" | "assigneeTeam">) => string> {
  const [agents, roles, roleNames] = await Promise.all([agentsOfTown(tenantId), rolesOfTownWithCounts(tenantId), translator(locale, "RoleNames")]);
  const agentName = new Map(agents.map((a) => [a.id, a.name]));
  const teamName = new Map<string, string>();
  for (const role of roles) {
    const name = roleLabel(role, locale, defaultLocale, (k) => (roleNames.has(k) ? roleNames(k) : k));
    teamName.set(role.id, name);
    if (role.builtin) teamName.set(role.builtin, name);
  }
  return (r) => {
    const parts = [r.assigneeId ? (agentName.get(r.assigneeId) ?? "—") : null, r.assigneeTeam ? (teamName.get(r.assigneeTeam) ?? r.assigneeTeam) : null].filter(Boolean);
    return parts.join(" · ");
  };
}

/** The answer fields of the filtered form (its newest version first, then older versions' extra fields). */
export function exportedFields(ctx: TInboxContext, formId: string | undefined): TField[] {
  if (!formId) return [];
  const fields = new Map<string, TField>();
  for (const v of ctx.versionsOf(formId)) for (const f of answerFields(v.definition)) if (!fields.has(f.id)) fields.set(f.id, f);
  return [...fields.values()];
}

export type TRequestExport = { body: Buffer; fileName: string; mime: string; rows: number };

/** The file name offered for download: requests-<town>-<date in the town>.<ext>. */
export function requestExportFileName(tenant: Pick<TTenant, "slug" | "timeZone">, format: TExportFormat, at: Date): string {
  return `requests-${tenant.slug}-${wallClock(at, tenant.timeZone).date}.${format}`;
}

/** Builds the export of the inbox's filters for the agent and audits it. */
export async function exportRequests(input: { tenant: TTenant; actor: TAgentActor; locale: string; filters: TInboxFilters; format: TExportFormat; audit: TAuditContext; now?: Date }): Promise<TRequestExport> {
  const { tenant, actor, locale, filters, format } = input;
  const now = input.now ?? new Date();
  const fallbacks = [tenant.defaultLocale];
  const t = await translator(locale, "RequestInbox");
  const ctx = await inboxContext(tenant, actor);
  const query = inboxQuery(tenant, actor, ctx, filters);
  const fields = exportedFields(ctx, filters.form);
  const assignee = await assigneeNamer(tenant.id, locale, tenant.defaultLocale);

  const columns: TSheetColumn[] = [
    { key: "reference", label: t("col.reference"), kind: "text", width: 18 },
    { key: "form", label: t("col.form"), kind: "text", width: 28 },
    { key: "version", label: t("col.version"), kind: "number", width: 8 },
    { key: "state", label: t("col.state"), kind: "text", width: 18 },
    { key: "submitted", label: t("col.submitted"), kind: "datetime", width: 17 },
    { key: "name", label: t("col.name"), kind: "text", width: 24 },
    { key: "email", label: t("col.email"), kind: "text", width: 30 },
    { key: "assignee", label: t("col.assignee"), kind: "text", width: 22 },
    ...fields.map((f): TSheetColumn => ({ key: `a:${f.id}`, label: fieldLabel(f, { locale, fallbacks }), kind: f.type === "number" ? "number" : f.type === "date" ? "date" : "text", width: 24 })),
  ];

  const counter = { rows: 0 };
  async function* batches(): AsyncGenerator<TSheetRow[]> {
    let after: { submittedAt: Date; id: string } | null = null;
    for (;;) {
      const page: TRequestRow[] = await searchInboxRequests(tenant.id, query, { limit: REQUEST_EXPORT_PAGE, after });
      if (page.length === 0) return;
      const documents = fields.some((f) => f.type === "file" || f.type === "group") ? await listDocumentsOfRequests(tenant.id, page.map((r) => r.id)) : [];
      counter.rows += page.length;
      yield page.map((r) => {
        const form = ctx.formById.get(r.formId);
        const version = ctx.versions.get(r.versionId);
        const submitted = r.submittedAt ? wallClock(r.submittedAt, tenant.timeZone) : null;
        const row: TSheetRow = {
          reference: r.reference,
          form: form ? (pickLocalized(form.titles, locale, fallbacks)?.text ?? form.slug) : "",
          version: version?.row.number ?? null,
          state: stateLabel(ctx, r, locale, fallbacks),
          submitted: submitted ? `${submitted.date} ${submitted.time}` : null,
          name: r.name,
          email: r.email,
          assignee: assignee(r) || null,
        };
        const data = r.data && typeof r.data === "object" ? (r.data as Record<string, unknown>) : {};
        const textCtx: TAnswerTextContext = {
          locale,
          fallbacks,
          timeZone: tenant.timeZone,
          yes: t("yes"),
          no: t("no"),
          documentNames: (fieldId, groupIndex) => documents.filter((d) => d.requestId === r.id && d.fieldId === fieldId && (groupIndex === null || d.groupIndex === groupIndex)).map((d) => d.originalName),
        };
        for (const f of fields) {
          const value = answerValue(f, data[f.id], textCtx);
          row[`a:${f.id}`] = value === "" ? null : value;
        }
        return row;
      });
      if (page.length < REQUEST_EXPORT_PAGE) return;
      const last = page[page.length - 1]!;
      after = { submittedAt: last.submittedAt!, id: last.id };
    }
  }

  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on("data", (chunk: Buffer) => chunks.push(chunk));
  if (format === "csv") await writeCsv(columns, batches(), sink);
  else await writeXlsx(columns, batches(), sink, { sheetName: t("sheetName"), rtl: locale === "ar" });

  const { q, ...rest } = filters;
  await recordAudit(input.audit, { action: "requests.export", summary: { format, filters: { ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v)), search: Boolean(q) }, rows: counter.rows } });
  return { body: Buffer.concat(chunks), fileName: requestExportFileName(tenant, format, now), mime: EXPORT_MIME[format], rows: counter.rows };
}
