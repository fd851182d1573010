// Exports of the agents' bookings list (CSV or XLSX), with the list's filters and always narrowed to the
// services the agent may work on (bookingQuery). A small export is answered at once; a larger one is
// an AppointmentExport row and a pg-boss job that writes the file under DATA_DIR/exports/<town id>/,
// listed on the agent's exports page and downloadable only by that agent, for 7 days.
//
// Bookings are read in keyset pages of EXPORT_PAGE rows and written batch after batch, so memory stays
// flat however many rows there are. The audit entry (appointments.export) records the filters, columns,
// format and number of rows: never the search text, which may be a citizen's name.
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { z } from "zod";
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import type { TAgentActor } from "@/lib/auth/session";
import { db, inTransaction } from "@/lib/core/db";
import { getEnv } from "@/lib/core/env";
import { getLogger } from "@/lib/core/logger";
import { pickLocalized } from "@/lib/i18n/localized";
import { translator } from "@/lib/i18n/translator";
import { getBoss, transactionExecutor } from "@/lib/notifications/boss";
import { listTenants, type TTenant } from "@/lib/tenancy/registry";
import {
  countAppointments,
  deleteExports,
  exportsCreatedBefore,
  findAgentExport,
  findExport,
  findSite,
  insertExport,
  listAgentExports,
  searchAppointments,
  updateExport,
  type TAppointmentQuery,
  type TExportRow,
  type TServiceRow,
} from "@/lib/appointments/repo";
import {
  EXPORT_COLUMN_IDS,
  EXPORT_FORMATS,
  EXPORT_MIME,
  sheetColumns,
  toSheetRow,
  wallClock,
  writeCsv,
  writeXlsx,
  type TExportFormat,
  type TExportLabels,
  type TExportQuestion,
  type TRowContext,
  type TSheetColumn,
  type TSheetRow,
} from "@/lib/appointments/export-format";
import { customFieldsOf } from "@/lib/appointments/schemas";
import { BOOKING_STATUSES, bookingQuery, ZBookingFilters, type TBookingFilters } from "@/lib/appointments/service/booking-list";
import { allTownServices } from "@/lib/appointments/service/definitions";

export const EXPORT_QUEUE = "appointments-export";
export const PURGE_EXPORTS_QUEUE = "appointments-export-purge";
/** Files (and their rows) are deleted this long after the export was asked for. */
export const EXPORT_KEEP_MS = 7 * 24 * 3_600_000;
export const EXPORT_QUEUE_OPTIONS = { name: EXPORT_QUEUE, retryLimit: 2, retryDelay: 30, expireInSeconds: 3600 } as const;
/** Rows read per query (keyset pages). */
export const EXPORT_PAGE = 1000;

const asList = (v: unknown) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]);

/** The export form: the list's filters (ignored when malformed, as on the list) plus columns and format. */
export const ZExportRequest = ZBookingFilters.extend({
  format: z.enum(EXPORT_FORMATS, { message: "exportFormat" }),
  columns: z.preprocess(asList, z.array(z.enum(EXPORT_COLUMN_IDS, { message: "exportColumns" }), { message: "exportColumns" }).min(1, "exportColumns").max(EXPORT_COLUMN_IDS.length)),
});
export type TExportRequest = z.infer<typeof ZExportRequest>;

/** What an AppointmentExport row keeps in `query`: the filters as shown, the database query they gave, the columns. */
const ZStoredQuery = z.object({
  filters: z.record(z.string(), z.string()),
  columns: z.array(z.enum(EXPORT_COLUMN_IDS)),
  locale: z.string(),
  rowsExpected: z.number().int(),
  query: z.object({
    serviceIds: z.array(z.string()).nullable(),
    siteId: z.string().nullable(),
    from: z.string().nullable(),
    to: z.string().nullable(),
    status: z.enum(BOOKING_STATUSES).nullable(),
    q: z.string().nullable(),
  }),
});
type TStoredQuery = z.infer<typeof ZStoredQuery>;

function storedQuery(query: TAppointmentQuery): TStoredQuery["query"] {
  return { serviceIds: query.serviceIds, siteId: query.siteId ?? null, from: query.from?.toISOString() ?? null, to: query.to?.toISOString() ?? null, status: query.status ?? null, q: query.q ?? null };
}

function revivedQuery(stored: TStoredQuery["query"]): TAppointmentQuery {
  return { ...stored, from: stored.from ? new Date(stored.from) : null, to: stored.to ? new Date(stored.to) : null };
}

/** The filters for the audit trail: no search text (it may be a citizen's name), only whether there was one. */
function auditedFilters(filters: TBookingFilters): Record<string, unknown> {
  const { q, ...rest } = filters;
  return { ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v)), search: Boolean(q) };
}

export async function exportLabels(locale: string): Promise<TExportLabels> {
  const t = await translator(locale, "AppointmentExports");
  const columns = Object.fromEntries(EXPORT_COLUMN_IDS.filter((id) => id !== "customFields").map((id) => [id, t(`columns.${id}`)])) as TExportLabels["columns"];
  return {
    columns,
    status: { booked: t("values.booked"), cancelled: t("values.cancelled") },
    attendance: { arrived: t("values.arrived"), no_show: t("values.no_show") },
    source: { web: t("values.web"), api: t("values.api"), agent: t("values.agent") },
    yes: t("values.yes"),
    no: t("values.no"),
  };
}

/** The services an export covers: those of the query (the agent's scope, maybe one), archived ones too. */
async function exportedServices(tenant: TTenant, query: TAppointmentQuery): Promise<TServiceRow[]> {
  const all = await allTownServices(tenant.id);
  return query.serviceIds === null ? all : all.filter((s) => query.serviceIds!.includes(s.id));
}

type TPrepared = { columns: TSheetColumn[]; context: TRowContext; sites: Map<string, string>; siteName: (names: unknown, id: string) => string };

async function prepare(tenant: TTenant, query: TAppointmentQuery, columnIds: readonly string[], locale: string): Promise<TPrepared> {
  const services = await exportedServices(tenant, query);
  const fallbacks = [tenant.defaultLocale];
  const name = (value: unknown, id: string) => pickLocalized(value, locale, fallbacks)?.text ?? id;
  const serviceNames = new Map(services.map((s) => [s.id, name(s.names, s.id)]));
  const sites = new Map<string, string>();
  for (const s of services) for (const link of s.sites) sites.set(link.siteId, name(link.site.names, link.siteId));
  const questions: TExportQuestion[] = services.flatMap((s) =>
    customFieldsOf(s.customFields).map((f) => ({
      serviceId: s.id,
      fieldId: f.id,
      type: f.type,
      label: name(f.labels, f.id),
      options: Object.fromEntries((f.options ?? []).map((o) => [o.value, name(o.labels, o.value)])),
    })),
  );
  const labels = await exportLabels(locale);
  const serviceName = (id: string) => serviceNames.get(id) ?? id;
  return {
    columns: sheetColumns(columnIds, labels, questions, serviceName),
    context: { timeZone: tenant.timeZone, labels, questions, serviceName, siteName: (id) => sites.get(id) ?? id },
    sites,
    siteName: name,
  };
}

/** The rows of the query in time order, a keyset page at a time; `counter.rows` counts what was read. */
async function* batches(tenant: TTenant, query: TAppointmentQuery, prepared: TPrepared, counter: { rows: number }): AsyncGenerator<TSheetRow[]> {
  let after: { startsAt: Date; id: string } | null = null;
  for (;;) {
    const page = await searchAppointments(tenant.id, query, { limit: EXPORT_PAGE, after });
    if (page.length === 0) return;
    // A site since unlinked from its service: its name from the database, once.
    for (const siteId of new Set(page.map((a) => a.siteId))) {
      if (prepared.sites.has(siteId)) continue;
      const site = await findSite(tenant.id, siteId);
      prepared.sites.set(siteId, prepared.siteName(site?.names, siteId));
    }
    counter.rows += page.length;
    yield page.map((a) => toSheetRow(a, prepared.context));
    if (page.length < EXPORT_PAGE) return;
    const last = page[page.length - 1]!;
    after = { startsAt: last.startsAt, id: last.id };
  }
}

async function writeFile(format: TExportFormat, prepared: TPrepared, rows: AsyncIterable<TSheetRow[]>, out: Writable, locale: string): Promise<void> {
  if (format === "csv") return writeCsv(prepared.columns, rows, out);
  const t = await translator(locale, "AppointmentExports");
  return writeXlsx(prepared.columns, rows, out, { sheetName: t("sheetName"), rtl: locale === "ar" });
}

/** The file name offered for download: bookings-<town>-<date in the town>.<ext>. */
export function exportFileName(tenant: Pick<TTenant, "slug" | "timeZone">, format: string, at: Date): string {
  return `bookings-${tenant.slug}-${wallClock(at, tenant.timeZone).date}.${format === "xlsx" ? "xlsx" : "csv"}`;
}

/** How many bookings the filters give the agent (the export page shows it; it decides inline or background). */
export function exportRowCount(tenant: TTenant, actor: Pick<TAgentActor, "grants">, filters: TBookingFilters): Promise<number> {
  return countAppointments(tenant.id, bookingQuery(tenant, actor, filters));
}

/** What the export page shows: the filters' names, the rows to export, whether the services ask questions. */
export async function exportPageData(tenant: TTenant, actor: Pick<TAgentActor, "grants">, locale: string, filters: TBookingFilters) {
  const query = bookingQuery(tenant, actor, filters);
  const [count, services] = await Promise.all([countAppointments(tenant.id, query), exportedServices(tenant, query)]);
  const picked = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale]);
  const service = filters.service ? services.find((s) => s.id === filters.service) : undefined;
  const site = filters.site ? services.flatMap((s) => s.sites).find((l) => l.siteId === filters.site)?.site : undefined;
  return {
    count,
    inlineMax: inlineLimit(),
    hasQuestions: services.some((s) => customFieldsOf(s.customFields).length > 0),
    serviceName: service ? picked(service.names) : null,
    siteName: site ? picked(site.names) : null,
  };
}

export function inlineLimit(): number {
  return getEnv().EXPORT_INLINE_MAX_ROWS;
}

export type TExportOutcome =
  | { kind: "file"; body: Buffer; fileName: string; mime: string; rows: number }
  | { kind: "queued"; id: string; rows: number };

/**
 * Runs an export asked by an agent: small ones are built at once (in memory: at most
 * EXPORT_INLINE_MAX_ROWS rows), larger ones queued. Audited either way.
 */
export async function requestExport(input: { tenant: TTenant; actor: TAgentActor; locale: string; request: TExportRequest; audit: TAuditContext; now?: Date }): Promise<TExportOutcome> {
  const { tenant, actor, locale, request } = input;
  const now = input.now ?? new Date();
  const { format, columns, ...rawFilters } = request;
  const filters: TBookingFilters = rawFilters;
  const query = bookingQuery(tenant, actor, filters);
  const expected = await countAppointments(tenant.id, query);
  const summary = { format, columns, filters: auditedFilters(filters) };

  if (expected <= inlineLimit()) {
    const prepared = await prepare(tenant, query, columns, locale);
    const counter = { rows: 0 };
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (chunk: Buffer) => chunks.push(chunk));
    await writeFile(format, prepared, batches(tenant, query, prepared, counter), sink, locale);
    await recordAudit(input.audit, { action: "appointments.export", summary: { ...summary, mode: "inline", rows: counter.rows } });
    return { kind: "file", body: Buffer.concat(chunks), fileName: exportFileName(tenant, format, now), mime: EXPORT_MIME[format], rows: counter.rows };
  }

  const boss = await getBoss();
  // Created by startAppointmentJobs too; again here so a server started before this queue existed can send.
  await boss.createQueue(EXPORT_QUEUE, EXPORT_QUEUE_OPTIONS);
  const id = randomUUID();
  const stored: TStoredQuery = {
    filters: Object.fromEntries(Object.entries(filters).filter((e): e is [string, string] => typeof e[1] === "string" && e[1] !== "")),
    columns,
    locale,
    rowsExpected: expected,
    query: storedQuery(query),
  };
  await inTransaction(async () => {
    await insertExport({ id, tenantId: tenant.id, agentId: actor.id, format, query: stored });
    await boss.send(EXPORT_QUEUE, { tenantId: tenant.id, exportId: id }, { db: transactionExecutor(db()) });
    await recordAudit(input.audit, { action: "appointments.export", targetType: "appointment-export", targetId: id, summary: { ...summary, mode: "background", rows: expected } });
  });
  return { kind: "queued", id, rows: expected };
}

function exportsDir(): string {
  return path.join(getEnv().DATA_DIR, "exports");
}

/** The job: builds one queued export's file and marks it ready (or failed). Does nothing for an export not queued. */
export async function buildExport(tenantId: string, exportId: string, now: () => Date = () => new Date()): Promise<TExportRow | null> {
  const tenant = (await listTenants()).find((t) => t.id === tenantId);
  const row = tenant ? await findExport(tenantId, exportId) : null;
  if (!tenant || !row || row.status !== "queued") return row;
  const format: TExportFormat = row.format === "xlsx" ? "xlsx" : "csv";
  const dir = path.join(exportsDir(), tenant.id);
  const fileName = `${tenant.id}/${row.id}.${format}`;
  const partial = path.join(dir, `${row.id}.${format}.part`);
  try {
    const stored = ZStoredQuery.parse(row.query);
    const query = revivedQuery(stored.query);
    const prepared = await prepare(tenant, query, stored.columns, stored.locale);
    const counter = { rows: 0 };
    await mkdir(dir, { recursive: true });
    await writeFile(format, prepared, batches(tenant, query, prepared, counter), createWriteStream(partial), stored.locale);
    await rename(partial, path.join(exportsDir(), fileName));
    await updateExport(tenant.id, row.id, { status: "ready", rowCount: counter.rows, fileName, finishedAt: now() });
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    getLogger().error({ err: error, tenant: tenant.slug, exportId: row.id }, "bookings export failed");
    await updateExport(tenant.id, row.id, { status: "failed", error: (error instanceof Error ? error.message : String(error)).slice(0, 500), finishedAt: now() });
  }
  return findExport(tenant.id, row.id);
}

/** The agent's exports, newest first. */
export function exportsOf(tenant: TTenant, actor: Pick<TAgentActor, "id">): Promise<TExportRow[]> {
  return listAgentExports(tenant.id, actor.id, 50);
}

export type TExportFile = { stream: Readable; size: number; fileName: string; mime: string };

/** A ready export's file for the agent who asked it, or null (another agent's, another town's, unknown, not ready). */
export async function openExportFile(tenant: TTenant, actor: Pick<TAgentActor, "id">, exportId: string): Promise<TExportFile | null> {
  if (!z.uuid().safeParse(exportId).success) return null;
  const row = await findAgentExport(tenant.id, actor.id, exportId);
  if (!row || row.status !== "ready" || !row.fileName) return null;
  const root = exportsDir();
  const file = path.resolve(root, row.fileName);
  if (!file.startsWith(path.join(root, tenant.id) + path.sep)) return null;
  const info = await stat(file).catch(() => null);
  if (!info?.isFile()) return null;
  return { stream: createReadStream(file), size: info.size, fileName: exportFileName(tenant, row.format, row.createdAt), mime: EXPORT_MIME[row.format === "xlsx" ? "xlsx" : "csv"] };
}

/**
 * The scheduled clean-up: deletes the exports asked for more than 7 days before `now` (files and rows),
 * and any file left in DATA_DIR/exports older than that (a build interrupted half-way).
 */
export async function purgeOldExports(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - EXPORT_KEEP_MS);
  const root = exportsDir();
  let deleted = 0;
  for (const tenant of await listTenants()) {
    const old = await exportsCreatedBefore(tenant.id, cutoff);
    if (old.length === 0) continue;
    for (const row of old) if (row.fileName) await rm(path.join(root, row.fileName), { force: true });
    deleted += (await deleteExports(tenant.id, old.map((r) => r.id))).count;
  }
  const towns = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const town of towns.filter((d) => d.isDirectory())) {
    const dir = path.join(root, town.name);
    for (const name of await readdir(dir).catch(() => [])) {
      const info = await stat(path.join(dir, name)).catch(() => null);
      if (info?.isFile() && info.mtime < cutoff) await rm(path.join(dir, name), { force: true });
    }
  }
  return deleted;
}
