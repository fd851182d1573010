import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseCsv } from "@/tests/fixtures/csv";
import {
  DEFAULT_EXPORT_COLUMNS,
  EXPORT_COLUMN_IDS,
  neutraliseFormula,
  sheetColumns,
  toSheetRow,
  wallClock,
  writeCsv,
  writeXlsx,
  type TExportAppointment,
  type TExportLabels,
  type TExportQuestion,
  type TSheetColumn,
  type TSheetRow,
} from "@/lib/appointments/export-format";

const labels: TExportLabels = {
  columns: {
    reference: "Reference",
    service: "Service",
    site: "Site",
    date: "Date",
    time: "Time",
    end: "End",
    people: "People",
    status: "Status",
    attendance: "Attendance",
    firstName: "First name",
    lastName: "Last name",
    email: "Email",
    phone: "Phone",
    antsNumber: "ANTS number",
    source: "Source",
    bookedBy: "Booked by",
    overbooked: "Overbooked",
    reason: "Reason",
    createdAt: "Booked on",
  },
  status: { booked: "Booked", cancelled: "Cancelled" },
  attendance: { arrived: "Arrived", no_show: "No-show" },
  source: { web: "Web", api: "API", agent: "Agent" },
  yes: "Yes",
  no: "No",
};

const SERVICE = "0195b0a0-0000-7000-8000-000000000001";
const OTHER = "0195b0a0-0000-7000-8000-000000000002";
const questions: TExportQuestion[] = [
  { serviceId: SERVICE, fieldId: "reason", type: "choice", label: "Motif", options: { new: "Première demande", renew: "Renouvellement" } },
  { serviceId: SERVICE, fieldId: "count", type: "number", label: "Nombre", options: {} },
  { serviceId: OTHER, fieldId: "note", type: "text", label: "Remarque", options: {} },
];

function appointment(overrides: Partial<TExportAppointment> = {}): TExportAppointment {
  return {
    reference: "K7M-3QF-9TX",
    serviceId: SERVICE,
    siteId: "site-1",
    // 09:30 in Paris (summer time, UTC+2)
    startsAt: new Date("2025-06-03T07:30:00Z"),
    endsAt: new Date("2025-06-03T07:50:00Z"),
    people: 2,
    status: "booked",
    attendance: "no_show",
    firstName: "Hélène",
    lastName: "Dupont; Martin",
    email: "helene@example.net",
    phone: "+33 1 23 45 67 89",
    antsNumber: null,
    fields: { reason: "renew", count: 3 },
    source: "web",
    bookedBy: null,
    overbooked: false,
    reason: null,
    createdAt: new Date("2025-05-20T22:15:00Z"),
    ...overrides,
  };
}

const ctx = {
  timeZone: "Europe/Paris",
  labels,
  questions,
  serviceName: (id: string) => (id === SERVICE ? "Passeport" : "Carte d’identité"),
  siteName: () => "Mairie annexe",
};

async function collect(write: (out: PassThrough) => Promise<void>): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on("data", (c: Buffer) => chunks.push(c));
  await write(out);
  return Buffer.concat(chunks);
}


const tricky: TSheetRow[] = [
  { reference: "AAA-111-BBB", lastName: "Dupont; Martin", firstName: 'Jean "Jeannot"', reason: "Line one\nline two", email: "zoe@example.net", people: 1 },
  { reference: "CCC-222-DDD", lastName: "Ærøskøbing-Łódź", firstName: "Ñandú", reason: "carriage\rreturn", email: "x@example.net", people: 3 },
  { reference: "EEE-333-FFF", lastName: "بن علي", firstName: "فاطمة", reason: null, email: "=HYPERLINK(\"http://evil\")", people: 2 },
];
const trickyColumns: TSheetColumn[] = [
  { key: "reference", label: "Référence", kind: "text", width: 14 },
  { key: "lastName", label: "Nom", kind: "text", width: 18 },
  { key: "firstName", label: "Prénom", kind: "text", width: 18 },
  { key: "reason", label: "Motif; détail", kind: "text", width: 30 },
  { key: "email", label: "E-mail", kind: "text", width: 30 },
  { key: "people", label: "Personnes", kind: "number", width: 8 },
];

describe("columns", () => {
  it("keeps the catalogue's order and opens one column per question of the exported services", () => {
    const columns = sheetColumns(["email", "customFields", "reference", "date"], labels, questions, ctx.serviceName);
    expect(columns.map((c) => c.key)).toEqual(["reference", "date", "email", `q:${SERVICE}:reason`, `q:${SERVICE}:count`, `q:${OTHER}:note`]);
    // Several services with questions: the service names tell the columns apart.
    expect(columns[3]!.label).toBe("Motif (Passeport)");
    expect(columns[4]!.kind).toBe("number");
    const one = sheetColumns(["customFields"], labels, questions.slice(0, 1), ctx.serviceName);
    expect(one.map((c) => c.label)).toEqual(["Motif"]);
  });

  it("defaults are columns of the catalogue", () => {
    for (const id of DEFAULT_EXPORT_COLUMNS) expect(EXPORT_COLUMN_IDS).toContain(id);
  });
});

describe("rows", () => {
  it("shows dates and times on the town's wall clock, labels in the agent's language, answers by option label", () => {
    const row = toSheetRow(appointment(), ctx);
    expect(row).toMatchObject({
      date: "2025-06-03",
      time: "09:30",
      end: "09:50",
      status: "Booked",
      attendance: "No-show",
      source: "Web",
      overbooked: "No",
      createdAt: "2025-05-21 00:15",
      service: "Passeport",
      [`q:${SERVICE}:reason`]: "Renouvellement",
      [`q:${SERVICE}:count`]: 3,
      [`q:${OTHER}:note`]: null,
    });
  });

  it("handles the change to winter time", () => {
    expect(wallClock(new Date("2025-10-26T00:30:00Z"), "Europe/Paris")).toEqual({ date: "2025-10-26", time: "02:30" });
    expect(wallClock(new Date("2025-10-26T01:30:00Z"), "Europe/Paris")).toEqual({ date: "2025-10-26", time: "02:30" });
    expect(wallClock(new Date("2025-10-26T02:30:00Z"), "Europe/Paris")).toEqual({ date: "2025-10-26", time: "03:30" });
  });
});

describe("formula injection", () => {
  it("neutralises text a spreadsheet would run, not phone numbers", () => {
    expect(neutraliseFormula("=1+2")).toBe("'=1+2");
    expect(neutraliseFormula("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutraliseFormula("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(neutraliseFormula("-2+3+cmd")).toBe("'-2+3+cmd");
    expect(neutraliseFormula("+33 1 23 45 67 89")).toBe("+33 1 23 45 67 89");
    expect(neutraliseFormula("Dupont")).toBe("Dupont");
  });
});

describe("CSV", () => {
  it("UTF-8 with a byte-order mark, ';' separators, CRLF, quoting of ';', quotes and line breaks", async () => {
    const bytes = await collect((out) => writeCsv(trickyColumns, [tricky.slice(0, 2), [], tricky.slice(2)], out));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("Référence;Nom;Prénom;")).toBe(true);
    expect(text).toContain('"Motif; détail"');
    expect(text.endsWith("\r\n")).toBe(true);
    // Every record ends with CRLF; the only bare line breaks are inside quoted fields.
    expect(text.split("\r\n")).toHaveLength(5);
    const rows = parseCsv(text.replace(/\r\n$/, ""));
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual(["Référence", "Nom", "Prénom", "Motif; détail", "E-mail", "Personnes"]);
    expect(rows[1]).toEqual(["AAA-111-BBB", "Dupont; Martin", 'Jean "Jeannot"', "Line one\nline two", "zoe@example.net", "1"]);
    expect(rows[2]).toEqual(["CCC-222-DDD", "Ærøskøbing-Łódź", "Ñandú", "carriage\rreturn", "x@example.net", "3"]);
    expect(rows[3]).toEqual(["EEE-333-FFF", "بن علي", "فاطمة", "", "'=HYPERLINK(\"http://evil\")", "2"]);
  });

  it("an empty export is the header alone", async () => {
    const bytes = await collect((out) => writeCsv(trickyColumns.slice(0, 2), [], out));
    expect(bytes.toString("utf8")).toBe("\ufeffRéférence;Nom\r\n");
  });
});

describe("XLSX", () => {
  it("reads back with bold frozen header, widths, real dates and times, and the text as typed", async () => {
    const columns = sheetColumns(["reference", "date", "time", "lastName", "firstName", "people", "reason", "createdAt", "customFields"], labels, questions.slice(0, 2), ctx.serviceName);
    const rows = [
      toSheetRow(appointment(), ctx),
      toSheetRow(appointment({ reference: "ZZZ-999-YYY", firstName: "فاطمة", lastName: "بن علي", reason: 'He said "no"; then\nleft', fields: {}, startsAt: new Date("2025-12-01T16:00:00Z") }), ctx),
      toSheetRow(appointment({ firstName: "=HYPERLINK(\"http://evil\")" }), ctx),
    ];
    const bytes = await collect((out) => writeXlsx(columns, [rows.slice(0, 1), rows.slice(1)], out, { sheetName: "Bookings: June/July", rtl: true }));
    expect(bytes.subarray(0, 2).toString()).toBe("PK");

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.name).toBe("Bookings  June July");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 1, rightToLeft: true });
    expect(sheet.rowCount).toBe(4);
    const header = sheet.getRow(1);
    expect(header.values).toEqual([undefined, "Reference", "Date", "Time", "People", "First name", "Last name", "Motif", "Nombre", "Reason", "Booked on"]);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(14);
    expect(sheet.getColumn(5).width).toBe(18);

    const first = sheet.getRow(2);
    expect(first.getCell(1).value).toBe("K7M-3QF-9TX");
    // The town's wall clock, as an Excel date: 3 June 2025, 09:30.
    expect(first.getCell(2).value).toEqual(new Date(Date.UTC(2025, 5, 3)));
    expect(first.getCell(2).numFmt).toBe("mm-dd-yy");
    expect(first.getCell(3).value).toEqual(new Date(Date.UTC(1899, 11, 30, 9, 30)));
    expect(first.getCell(3).numFmt).toBe("hh:mm");
    expect(first.getCell(4).value).toBe(2);
    expect(first.getCell(5).value).toBe("Hélène");
    expect(first.getCell(6).value).toBe("Dupont; Martin");
    expect(first.getCell(7).value).toBe("Renouvellement");
    expect(first.getCell(8).value).toBe(3);
    expect(first.getCell(10).value).toEqual(new Date(Date.UTC(2025, 4, 21, 0, 15)));

    const second = sheet.getRow(3);
    expect(second.getCell(2).value).toEqual(new Date(Date.UTC(2025, 11, 1)));
    expect(second.getCell(3).value).toEqual(new Date(Date.UTC(1899, 11, 30, 17, 0)));
    expect(second.getCell(5).value).toBe("فاطمة");
    expect(second.getCell(6).value).toBe("بن علي");
    expect(second.getCell(7).value).toBeNull();
    expect(second.getCell(9).value).toBe('He said "no"; then\nleft');
    // A typed cell: text that looks like a formula stays text (no apostrophe needed).
    expect(sheet.getRow(4).getCell(5).value).toBe("=HYPERLINK(\"http://evil\")");
    expect(sheet.getRow(4).getCell(5).type).toBe(ExcelJS.ValueType.String);
  });
});
