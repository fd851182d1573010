// Exports of the agents' bookings list: the column catalogue, one booking as a spreadsheet row, and the
// two file writers (CSV and XLSX). Pure: no database, no clock; the writers write to the stream they
// are given, batch after batch, so a large export never sits in memory.
//
// CSV is written for the spreadsheets French towns use: UTF-8 with a byte-order mark (without it Excel
// reads UTF-8 as Windows-1252 and "Hélène" becomes "HÃ©lÃ¨ne"), ";" between fields (Excel in French
// uses "," as the decimal mark, so it splits CSV on ";"), CRLF line ends, fields quoted when they hold
// ";", a quote or a line break.
import { once } from "node:events";
import type { Writable } from "node:stream";
import { stringify } from "csv-stringify/sync";
import ExcelJS from "exceljs";

/** The columns an agent may choose, in the order of the file. "customFields" opens one column per question. */
export const EXPORT_COLUMN_IDS = [
  "reference",
  "service",
  "site",
  "date",
  "time",
  "end",
  "people",
  "status",
  "attendance",
  "firstName",
  "lastName",
  "email",
  "phone",
  "antsNumber",
  "customFields",
  "source",
  "bookedBy",
  "overbooked",
  "reason",
  "createdAt",
] as const;
export type TExportColumnId = (typeof EXPORT_COLUMN_IDS)[number];
type TBaseColumnId = Exclude<TExportColumnId, "customFields">;

/** Checked when the export page opens: what a desk needs to call or welcome people. */
export const DEFAULT_EXPORT_COLUMNS: readonly TExportColumnId[] = ["reference", "service", "site", "date", "time", "people", "status", "attendance", "firstName", "lastName", "email", "phone"];

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type TExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_MIME: Record<TExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * How a value is written. Dates and times are the town's wall clock: "date" is "YYYY-MM-DD", "time"
 * "HH:MM", "datetime" "YYYY-MM-DD HH:MM". CSV writes these strings as they are (every spreadsheet
 * recognises them); XLSX turns them into real Excel dates (see writeXlsx).
 */
export type TColumnKind = "text" | "number" | "date" | "time" | "datetime";
export type TSheetColumn = { key: string; label: string; kind: TColumnKind; width: number };
export type TSheetValue = string | number | null;
export type TSheetRow = Record<string, TSheetValue>;

const BASE: Record<TBaseColumnId, { kind: TColumnKind; width: number }> = {
  reference: { kind: "text", width: 14 },
  service: { kind: "text", width: 28 },
  site: { kind: "text", width: 24 },
  date: { kind: "date", width: 12 },
  time: { kind: "time", width: 8 },
  end: { kind: "time", width: 8 },
  people: { kind: "number", width: 8 },
  status: { kind: "text", width: 12 },
  attendance: { kind: "text", width: 12 },
  firstName: { kind: "text", width: 18 },
  lastName: { kind: "text", width: 18 },
  email: { kind: "text", width: 30 },
  phone: { kind: "text", width: 18 },
  antsNumber: { kind: "text", width: 14 },
  source: { kind: "text", width: 10 },
  bookedBy: { kind: "text", width: 28 },
  overbooked: { kind: "text", width: 10 },
  reason: { kind: "text", width: 40 },
  createdAt: { kind: "datetime", width: 17 },
};

/** Interface texts the file needs, in the agent's language. */
export type TExportLabels = {
  columns: Record<TBaseColumnId, string>;
  status: Record<"booked" | "cancelled", string>;
  attendance: Record<"arrived" | "no_show", string>;
  source: Record<"web" | "api" | "agent", string>;
  yes: string;
  no: string;
};

/** A question of an exported service, its label and options already in the agent's language. */
export type TExportQuestion = {
  serviceId: string;
  fieldId: string;
  type: "text" | "number" | "date" | "choice" | "checkbox";
  label: string;
  options: Record<string, string>;
};

export const questionKey = (q: Pick<TExportQuestion, "serviceId" | "fieldId">) => `q:${q.serviceId}:${q.fieldId}`;

/**
 * The file's columns for the chosen ids, in catalogue order. "customFields" becomes one column per
 * question of the exported services; when several services have questions, the service's name is added
 * to the label so two "Comments" columns can be told apart.
 */
export function sheetColumns(chosen: readonly string[], labels: TExportLabels, questions: readonly TExportQuestion[], serviceName: (id: string) => string): TSheetColumn[] {
  const wanted = new Set(chosen);
  const columns: TSheetColumn[] = [];
  const several = new Set(questions.map((q) => q.serviceId)).size > 1;
  for (const id of EXPORT_COLUMN_IDS) {
    if (!wanted.has(id)) continue;
    if (id === "customFields") {
      for (const q of questions) {
        columns.push({
          key: questionKey(q),
          label: several ? `${q.label} (${serviceName(q.serviceId)})` : q.label,
          kind: q.type === "number" ? "number" : q.type === "date" ? "date" : "text",
          width: 24,
        });
      }
    } else {
      columns.push({ key: id, label: labels.columns[id], ...BASE[id] });
    }
  }
  return columns;
}

/** What the writers need of an appointment (a row of the appointment table). */
export type TExportAppointment = {
  reference: string;
  serviceId: string;
  siteId: string;
  startsAt: Date;
  endsAt: Date;
  people: number;
  status: "booked" | "cancelled";
  attendance: "arrived" | "no_show" | null;
  firstName: string;
  lastName: string;
  email: string;
  phone: string | null;
  antsNumber: string | null;
  fields: unknown;
  source: "web" | "api" | "agent";
  bookedBy: string | null;
  overbooked: boolean;
  reason: string | null;
  createdAt: Date;
};

export type TRowContext = {
  timeZone: string;
  labels: TExportLabels;
  questions: readonly TExportQuestion[];
  serviceName: (id: string) => string;
  siteName: (id: string) => string;
};

/** The town's wall clock of an instant: "YYYY-MM-DD" and "HH:MM" (24-hour). */
const wallFormats = new Map<string, Intl.DateTimeFormat>();

export function wallClock(instant: Date, timeZone: string): { date: string; time: string } {
  // One formatter per time zone: creating one per cell was most of an export's time (bench/agents).
  let format = wallFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    wallFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { date: `${get("year")}-${get("month")}-${get("day")}`, time: `${get("hour")}:${get("minute")}` };
}

function answer(q: TExportQuestion, value: unknown, labels: TExportLabels): TSheetValue {
  if (value === undefined || value === null || value === "") return null;
  switch (q.type) {
    case "checkbox":
      return value === true ? labels.yes : labels.no;
    case "choice":
      return q.options[String(value)] ?? String(value);
    case "number":
      return typeof value === "number" ? value : Number.isFinite(Number(value)) ? Number(value) : String(value);
    default:
      return String(value);
  }
}

/** One appointment as a row keyed like sheetColumns (every column; the writers keep the chosen ones). */
export function toSheetRow(a: TExportAppointment, ctx: TRowContext): TSheetRow {
  const start = wallClock(a.startsAt, ctx.timeZone);
  const end = wallClock(a.endsAt, ctx.timeZone);
  const created = wallClock(a.createdAt, ctx.timeZone);
  const row: TSheetRow = {
    reference: a.reference,
    service: ctx.serviceName(a.serviceId),
    site: ctx.siteName(a.siteId),
    date: start.date,
    time: start.time,
    end: end.time,
    people: a.people,
    status: ctx.labels.status[a.status],
    attendance: a.attendance ? ctx.labels.attendance[a.attendance] : null,
    firstName: a.firstName,
    lastName: a.lastName,
    email: a.email,
    phone: a.phone,
    antsNumber: a.antsNumber,
    source: ctx.labels.source[a.source],
    bookedBy: a.bookedBy,
    overbooked: a.overbooked ? ctx.labels.yes : ctx.labels.no,
    reason: a.reason,
    createdAt: `${created.date} ${created.time}`,
  };
  const fields = a.fields && typeof a.fields === "object" ? (a.fields as Record<string, unknown>) : {};
  for (const q of ctx.questions) row[questionKey(q)] = q.serviceId === a.serviceId ? answer(q, fields[q.fieldId], ctx.labels) : null;
  return row;
}

/**
 * A spreadsheet runs a cell that starts with "=", "+", "-" or "@" as a formula: a citizen who types
 * `=HYPERLINK("http://…")` as their name must not get a live link into the agent's spreadsheet
 * (CSV injection). Such text gets a leading apostrophe, which spreadsheets show as text. Plain numbers
 * and phone numbers ("+33 1 23 45 67 89", "-3") are left alone: without letters they cannot call a
 * function. XLSX needs none of this: its cells are typed, a string is never a formula.
 */
export function neutraliseFormula(text: string): string {
  if (/^[=@\t\r]/.test(text)) return `'${text}`;
  if (/^[+-]/.test(text) && !/^[+-][0-9 ().,-]*$/.test(text)) return `'${text}`;
  return text;
}

function csvCell(column: TSheetColumn, value: TSheetValue): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  return column.kind === "text" ? neutraliseFormula(value) : value;
}

const CSV_OPTIONS = { delimiter: ";", record_delimiter: "windows", quoted_match: /[\r\n]/ } as const;

/**
 * The CSV file, chunk by chunk: byte-order mark and header, then one chunk per batch of rows. Fields
 * holding ";" or a quote are quoted by csv-stringify; a line break alone is not in its default rule
 * with CRLF record ends, hence `quoted_match`.
 */
export async function* csvChunks(columns: readonly TSheetColumn[], batches: AsyncIterable<readonly TSheetRow[]> | Iterable<readonly TSheetRow[]>): AsyncGenerator<string> {
  yield stringify([columns.map((c) => c.label)], { ...CSV_OPTIONS, bom: true });
  for await (const batch of batches) {
    if (batch.length === 0) continue;
    yield stringify(
      batch.map((row) => columns.map((c) => csvCell(c, row[c.key] ?? null))),
      CSV_OPTIONS,
    );
  }
}

/** Writes the CSV file to `out` and ends it. */
export async function writeCsv(columns: readonly TSheetColumn[], batches: AsyncIterable<readonly TSheetRow[]> | Iterable<readonly TSheetRow[]>, out: Writable): Promise<void> {
  for await (const chunk of csvChunks(columns, batches)) {
    // once() rejects on "error" and removes its listeners either way (no listener left per wait).
    if (!out.write(chunk)) await once(out, "drain");
  }
  await new Promise<void>((resolve, reject) => {
    out.once("error", reject);
    out.end(resolve);
  });
}

// Excel has no time zones: a date cell is a count of days on a wall clock. The town's wall clock is
// written as if it were UTC (exceljs turns a JavaScript Date into that count in UTC), so the cell shows
// the time the citizen was given, whatever the time zone of the computer that opens the file. Dates
// are real dates rather than text so the agent can sort, filter and count by day; the date format is
// Excel's built-in short date (number format 14), which each spreadsheet shows in its user's regional
// style (04/03/2025 in France, 2025. 03. 04. in Hungary). Times are Excel times shown as "hh:mm".
const DATE_FORMAT = "mm-dd-yy"; // exceljs writes this string as built-in format 14: the user's short date
const DATETIME_FORMAT = 'm/d/yy "h":mm'; // built-in 22: the user's short date and time
const TIME_FORMAT = "hh:mm";

function excelDate(kind: "date" | "time" | "datetime", value: string): Date | string {
  const m = /^(?:(\d{4})-(\d{2})-(\d{2}))?\s?(?:(\d{2}):(\d{2}))?$/.exec(value);
  if (!m) return value;
  const [, y, mo, d, hh, mm] = m;
  if (kind === "time") return hh ? new Date(Date.UTC(1899, 11, 30, Number(hh), Number(mm))) : value;
  if (!y) return value;
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(hh ?? 0), Number(mm ?? 0)));
}

function xlsxCell(column: TSheetColumn, value: TSheetValue): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === "number" || column.kind === "text" || column.kind === "number") return value;
  return excelDate(column.kind, value);
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\ */
function sheetName(name: string): string {
  return name.replace(/[[\]:*?/\\]/g, " ").trim().slice(0, 31) || "Sheet1";
}

/**
 * Writes the XLSX file to `out` (and ends it) with exceljs's streaming writer: each batch of rows is
 * committed to the zip as it comes. Bold header row, frozen so it stays in view, a filter on it,
 * column widths; `rtl` shows the sheet right to left (Arabic).
 */
export async function writeXlsx(
  columns: readonly TSheetColumn[],
  batches: AsyncIterable<readonly TSheetRow[]> | Iterable<readonly TSheetRow[]>,
  out: Writable,
  options: { sheetName: string; rtl?: boolean },
): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(sheetName(options.sheetName), {
    views: [{ state: "frozen", xSplit: 0, ySplit: 1, rightToLeft: options.rtl ?? false }],
  });
  sheet.columns = columns.map((c) => ({
    key: c.key,
    width: c.width,
    style: c.kind === "date" ? { numFmt: DATE_FORMAT } : c.kind === "time" ? { numFmt: TIME_FORMAT } : c.kind === "datetime" ? { numFmt: DATETIME_FORMAT } : {},
  }));
  if (columns.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = sheet.addRow(columns.map((c) => c.label));
  header.font = { bold: true };
  header.commit();
  for await (const batch of batches) {
    for (const row of batch) sheet.addRow(columns.map((c) => xlsxCell(c, row[c.key] ?? null))).commit();
  }
  sheet.commit();
  await workbook.commit();
}
