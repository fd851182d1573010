// The agents' inbox: sent requests of the forms the agent may process, filtered from the address (form,
// state, assignee, submission dates, final states shown or not, search by reference or name / e-mail),
// newest sent first, in keyset pages. The inbox page, the bulk actions and the exports read through here.
import { z } from "zod";
import type { TAgentActor } from "@/lib/auth/session";
import { startOfDayInZone, startOfNextDayInZone } from "@/lib/core/dates";
import { parseDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { countInboxRequests, listVersionsOfForms, searchInboxRequests, type TFormRow, type TFormVersionRow, type TInboxCursor, type TInboxQuery, type TRequestRow } from "@/lib/forms/repo";
import { formIdsFor, formsFor } from "@/lib/forms/service/form-scope";
import { pickLocalized } from "@/lib/i18n/localized";
import type { TTenant } from "@/lib/tenancy/registry";
import { parseWorkflow, type TWorkflow } from "@/lib/workflow/definition";

export const PROCESS = "requests:process";
export const INBOX_PAGE_SIZE = 50;

const blank = (v: unknown) => (v === "" ? undefined : v);
const optionalId = z.preprocess(blank, z.uuid().optional()).catch(undefined);
const optionalDate = z.preprocess(blank, z.iso.date().optional()).catch(undefined);

/** "me", "unassigned", "agent:<id>", "team:<role>" */
const ZAssigneeFilter = z.preprocess(blank, z.union([z.enum(["me", "unassigned"]), z.string().regex(/^agent:[0-9a-f-]{36}$/), z.string().regex(/^team:[A-Za-z0-9_:-]{1,64}$/)]).optional()).catch(undefined);

/** Filters as typed in the address; anything malformed is ignored (never an error page). */
export const ZInboxFilters = z.object({
  form: optionalId,
  state: z.preprocess(blank, z.string().regex(/^[a-z][a-z0-9_-]{0,47}$/).optional()).catch(undefined),
  assignee: ZAssigneeFilter,
  from: optionalDate,
  to: optionalDate,
  /** "1": include requests in a final state (hidden by default) */
  final: z.preprocess((v) => (v === "1" || v === "on" ? "1" : undefined), z.literal("1").optional()).catch(undefined),
  q: z.preprocess((v) => (typeof v === "string" ? v.trim().slice(0, 100) || undefined : undefined), z.string().optional()),
});
export type TInboxFilters = z.infer<typeof ZInboxFilters>;

export function parseInboxFilters(params: Record<string, string | string[] | undefined>): TInboxFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return ZInboxFilters.parse(flat);
}

/** The filters as an address query (links that keep them: pages, exports). */
export function inboxFiltersQuery(filters: TInboxFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, String(value));
  return params;
}

/** A published version with its definition and workflow parsed. */
export type TParsedVersion = { row: TFormVersionRow; definition: TFormDefinition; workflow: TWorkflow };

/** What the inbox knows of the agent's forms: the forms, their versions (parsed), by id. */
export type TInboxContext = {
  forms: TFormRow[];
  formById: Map<string, TFormRow>;
  versions: Map<string, TParsedVersion>;
  /** Every version of a form, newest first */
  versionsOf: (formId: string) => TParsedVersion[];
};

export async function inboxContext(tenant: Pick<TTenant, "id">, actor: Pick<TAgentActor, "grants">): Promise<TInboxContext> {
  const forms = await formsFor(tenant.id, actor, PROCESS);
  const rows = forms.length === 0 ? [] : await listVersionsOfForms(tenant.id, forms.map((f) => f.id));
  const versions = new Map<string, TParsedVersion>();
  for (const row of rows) {
    try {
      versions.set(row.id, { row, definition: parseDefinition(row.definition), workflow: parseWorkflow(row.workflow) });
    } catch {
      // A corrupt version is a bug; its requests still list, without labels.
    }
  }
  const byForm = new Map<string, TParsedVersion[]>();
  for (const v of versions.values()) byForm.set(v.row.formId, [...(byForm.get(v.row.formId) ?? []), v]);
  for (const list of byForm.values()) list.sort((a, b) => b.row.number - a.row.number);
  return { forms, formById: new Map(forms.map((f) => [f.id, f])), versions, versionsOf: (formId) => byForm.get(formId) ?? [] };
}

/** The label of a state of a request's version (else of the form's newest version that has it, else its id). */
export function stateLabel(ctx: TInboxContext, request: Pick<TRequestRow, "formId" | "versionId" | "state">, locale: string, fallbacks: readonly string[]): string {
  if (!request.state) return "";
  const candidates = [ctx.versions.get(request.versionId), ...ctx.versionsOf(request.formId)];
  for (const v of candidates) {
    const state = v?.workflow.states.find((s) => s.id === request.state);
    if (state) return pickLocalized(state.labels, locale, fallbacks)?.text ?? state.id;
  }
  return request.state;
}

/** States offered by the filter: those of the form's versions (or of every form of the agent), once each. */
export function stateOptions(ctx: TInboxContext, formId: string | undefined, locale: string, fallbacks: readonly string[]): { value: string; label: string; final: boolean }[] {
  const forms = formId ? ctx.forms.filter((f) => f.id === formId) : ctx.forms;
  const seen = new Map<string, { value: string; label: string; final: boolean }>();
  for (const form of forms) {
    for (const v of ctx.versionsOf(form.id)) {
      for (const s of v.workflow.states) {
        if (!seen.has(s.id)) seen.set(s.id, { value: s.id, label: pickLocalized(s.labels, locale, fallbacks)?.text ?? s.id, final: Boolean(s.final) });
      }
    }
  }
  return [...seen.values()];
}

/** The database query: the agent's forms (or the one filtered, if in scope), dates in the town's zone. */
export function inboxQuery(tenant: Pick<TTenant, "timeZone">, actor: Pick<TAgentActor, "grants" | "id">, ctx: TInboxContext, filters: TInboxFilters): TInboxQuery {
  const scope = formIdsFor(actor, PROCESS);
  let formIds: string[] | null = scope === "all" ? null : scope;
  if (filters.form) formIds = scope === "all" || scope.includes(filters.form) ? [filters.form] : [];
  const hideStates =
    filters.final || filters.state
      ? []
      : [...ctx.versions.values()]
          .filter((v) => formIds === null || formIds.includes(v.row.formId))
          .map((v) => ({ versionId: v.row.id, states: v.workflow.states.filter((s) => s.final).map((s) => s.id) }))
          .filter((h) => h.states.length > 0);
  const a = filters.assignee;
  const assignee: TInboxQuery["assignee"] =
    a === "me" ? { kind: "agent", id: actor.id } : a === "unassigned" ? { kind: "unassigned" } : a?.startsWith("agent:") ? { kind: "agent", id: a.slice(6) } : a?.startsWith("team:") ? { kind: "team", team: a.slice(5) } : null;
  return {
    formIds,
    state: filters.state ?? null,
    hideStates,
    assignee,
    from: filters.from ? startOfDayInZone(filters.from, tenant.timeZone) : null,
    to: filters.to ? startOfNextDayInZone(filters.to, tenant.timeZone) : null,
    q: filters.q ?? null,
  };
}

export type TInboxPage = { rows: TRequestRow[]; total: number; next: string | null };

export async function listInbox(
  tenant: Pick<TTenant, "id" | "timeZone">,
  actor: Pick<TAgentActor, "grants" | "id">,
  ctx: TInboxContext,
  filters: TInboxFilters,
  after?: TInboxCursor | null,
  pageSize = INBOX_PAGE_SIZE,
): Promise<TInboxPage> {
  const query = inboxQuery(tenant, actor, ctx, filters);
  const [rows, total] = await Promise.all([searchInboxRequests(tenant.id, query, { limit: pageSize + 1, after }), countInboxRequests(tenant.id, query)]);
  const last = rows.length > pageSize ? rows[pageSize - 1] : null;
  return { rows: rows.slice(0, pageSize), total, next: last?.submittedAt ? `${last.submittedAt.toISOString()}_${last.id}` : null };
}

/** The "after" cursor of the address ("<ISO instant>_<id>"), or null. */
export function parseInboxCursor(value: string | string[] | undefined): TInboxCursor | null {
  const raw = Array.isArray(value) ? value[0] : value;
  const match = raw?.match(/^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)_([0-9a-f-]{36})$/);
  if (!match) return null;
  const submittedAt = new Date(match[1]!);
  return Number.isNaN(submittedAt.getTime()) || !z.uuid().safeParse(match[2]).success ? null : { submittedAt, id: match[2]! };
}

// ——— Columns chosen by the agent ———

export const INBOX_COLUMNS = ["form", "state", "citizen", "submitted", "updated", "assignee"] as const;
export type TInboxColumn = (typeof INBOX_COLUMNS)[number];
export const DEFAULT_INBOX_COLUMNS: readonly string[] = ["form", "state", "citizen", "submitted", "assignee"];
export const COLUMNS_COOKIE = "cv_inbox_cols";

/** Column ids: the fixed ones, or "a:<field id>" for an answer of the filtered form. */
const COLUMN_ID = /^(?:form|state|citizen|submitted|updated|assignee|a:[a-z][a-z0-9_]{0,47})$/;

/** The columns from the address (cols, repeated or comma-separated), else the remembered ones, else the defaults. */
export function chosenColumns(fromQuery: string | string[] | undefined, remembered: string | undefined): string[] {
  const parse = (v: string | string[]) => [...new Set([v].flat().flatMap((s) => s.split(",")).filter((c) => COLUMN_ID.test(c)))].slice(0, 40);
  if (fromQuery !== undefined) {
    const cols = parse(fromQuery);
    if (cols.length > 0) return cols;
  }
  if (remembered) {
    const cols = parse(remembered);
    if (cols.length > 0) return cols;
  }
  return [...DEFAULT_INBOX_COLUMNS];
}
