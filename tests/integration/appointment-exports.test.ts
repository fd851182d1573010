// Exports of the bookings list and statistics on a real PostgreSQL: a background export's job writes
// the file with the right rows, only the scoped agent's services, in keyset pages; another agent or
// another town cannot reach it; old files are deleted; the audit keeps no personal data. Statistics are
// checked against a known set of bookings (cancellations, no-shows, overbooking, a day boundary in the
// town's zone) and the places the rules offered (a closure and a public holiday removed).
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { findAgentExport, findExport } from "@/lib/appointments/repo";
import { bookDirect, type TDirectBooking } from "@/lib/appointments/service/book-appointment";
import { addClosure } from "@/lib/appointments/service/configure";
import { buildExport, EXPORT_PAGE, openExportFile, purgeOldExports, requestExport, type TExportRequest } from "@/lib/appointments/service/export-bookings";
import { bookingStatistics, parseStatsFilters } from "@/lib/appointments/service/statistics";
import { localInstant, type TWeekly } from "@/lib/appointments/slots";
import type { TAgentActor } from "@/lib/auth/session";
import { db } from "@/lib/core/db";
import type { TTenant } from "@/lib/tenancy/registry";
import { citizen, createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";
import { parseCsvFile } from "@/tests/fixtures/csv";

const audit = (tenant: TTenant, actor?: TAgentActor) => ({ tenantId: tenant.id, actor: actor ? { type: "agent" as const, id: actor.id, label: actor.email } : { type: "system" as const, label: "test" } });

function booking(tenant: TTenant, service: TDirectBooking["service"], start: Date, details: TDirectBooking["details"], extra: Partial<TDirectBooking> = {}): TDirectBooking {
  return { tenant, service, siteId: null, start, people: 1, details, locale: "fr", idempotencyKey: null, apiKeyId: null, source: "api", audit: audit(tenant), ...extra };
}

async function agent(tenant: TTenant, local: string, scope?: string[]): Promise<TAgentActor> {
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: local, password: "a long enough passphrase", roles: ["agent"], scope });
  const found = await getAgentForSession(tenant.id, id);
  if (!found) throw new Error("agent not found");
  return { kind: "agent", sessionId: randomUUID(), ...found };
}

/** An appointment row written directly (past dates, attendance, cancellations: no booking rules involved). */
async function insertAppointment(tenant: TTenant, serviceId: string, siteId: string, startsAt: Date, extra: Record<string, unknown> = {}) {
  await db().appointment.create({
    data: {
      id: randomUUID(),
      tenantId: tenant.id,
      reference: randomBytes(5).toString("hex").toUpperCase(),
      serviceId,
      siteId,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      firstName: "Test",
      lastName: "Person",
      email: `p${randomBytes(3).toString("hex")}@example.net`,
      locale: "fr",
      manageTokenHash: randomBytes(32).toString("hex"),
      ...extra,
    },
  });
}


const request = (overrides: Partial<TExportRequest> = {}): TExportRequest => ({ format: "csv", columns: ["reference", "service", "firstName", "lastName", "customFields"], ...overrides });

describe("bookings exports and statistics", () => {
  let database: TAppDatabase;
  let dataDir: string;
  let a: TTenant;
  let b: TTenant;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), "civitas-exports-"));
    database = await openAppDatabase("exports", { DATA_DIR: dataDir, EXPORT_INLINE_MAX_ROWS: "3" });
    a = await createVisibleTown("alpha");
    b = await createVisibleTown("beta");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
    await rm(dataDir, { recursive: true, force: true });
  });

  describe("exports", () => {
    it("a large export is queued, built by the job with only the scoped agent's services, and reachable only by that agent", async () => {
      const question = { id: "motif", type: "choice" as const, required: false, labels: { fr: "Motif", en: "Reason" }, options: [{ value: "new", labels: { fr: "Première demande", en: "First request" } }] };
      const { service: passports } = await createBookableService(a, { capacity: 5, service: { names: { fr: "Passeports", en: "Passports" }, customFields: [question] } });
      const { service: other } = await createBookableService(a, { capacity: 5, service: { names: { fr: "Autre", en: "Other" } } });
      const names: [string, string][] = [
        ["Hélène", "Dupont; Martin"],
        ["فاطمة", "بن علي"],
        ['Jean "Jeannot"', "Ærøskøbing"],
        ["Zoé", "Łódź"],
      ];
      for (const [i, [firstName, lastName]] of names.entries()) {
        await bookDirect(booking(a, passports, tomorrowAt(a, `1${i}:00`), { ...citizen(`pass${i}`), firstName, lastName, fields: i === 0 ? { motif: "new" } : {} }));
      }
      for (let i = 0; i < 3; i++) await bookDirect(booking(a, other, tomorrowAt(a, `1${i}:20`), citizen(`other${i}`)));

      const scoped = await agent(a, "scoped", [`service:${passports.id}`]);
      const outcome = await requestExport({ tenant: a, actor: scoped, locale: "en", request: request(), audit: audit(a, scoped) });
      expect(outcome).toMatchObject({ kind: "queued", rows: 4 });
      if (outcome.kind !== "queued") throw new Error("not queued");

      // Queued with its job, in the same transaction.
      const jobs = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM pgboss.job WHERE name = 'appointments-export' AND data->>'exportId' = ${outcome.id}`;
      expect(jobs[0]!.n).toBe(1n);
      expect((await findExport(a.id, outcome.id))?.status).toBe("queued");
      // Not ready yet: nothing to download.
      expect(await openExportFile(a, scoped, outcome.id)).toBeNull();

      const built = await buildExport(a.id, outcome.id);
      expect(built).toMatchObject({ status: "ready", rowCount: 4, fileName: `${a.id}/${outcome.id}.csv` });
      // A second run of the job (a retry) changes nothing.
      expect((await buildExport(a.id, outcome.id))?.finishedAt).toEqual(built?.finishedAt);

      const file = await readFile(path.join(dataDir, "exports", built!.fileName!));
      const rows = parseCsvFile(file);
      expect(rows[0]).toEqual(["Reference", "Service", "First name", "Last name", "Reason"]);
      expect(rows.slice(1).map((r) => [r[1], r[2], r[3], r[4]])).toEqual([
        ["Passports", "Hélène", "Dupont; Martin", "First request"],
        ["Passports", "فاطمة", "بن علي", ""],
        ["Passports", 'Jean "Jeannot"', "Ærøskøbing", ""],
        ["Passports", "Zoé", "Łódź", ""],
      ]);

      // Only the agent who asked: not another agent of the town, not through another town.
      const opened = await openExportFile(a, scoped, outcome.id);
      expect(opened?.size).toBe(file.length);
      expect(opened?.fileName).toMatch(new RegExp(`^bookings-${a.slug}-\\d{4}-\\d{2}-\\d{2}\\.csv$`));
      opened?.stream.destroy();
      const colleague = await agent(a, "colleague");
      expect(await openExportFile(a, colleague, outcome.id)).toBeNull();
      const foreign = await agent(b, "foreign");
      expect(await openExportFile(b, foreign, outcome.id)).toBeNull();
      expect(await openExportFile(b, scoped, outcome.id)).toBeNull();
      expect(await findAgentExport(b.id, scoped.id, outcome.id)).toBeNull();
      expect(await findExport(b.id, outcome.id)).toBeNull();
      expect(await openExportFile(a, scoped, "not-a-uuid")).toBeNull();

      // Audited without personal data: filters, columns, format, rows.
      const entry = await db().auditEntry.findFirst({ where: { tenantId: a.id, action: "appointments.export", targetId: outcome.id } });
      expect(entry?.summary).toMatchObject({ format: "csv", mode: "background", rows: 4, columns: ["reference", "service", "firstName", "lastName", "customFields"] });
      expect(JSON.stringify(entry?.summary)).not.toMatch(/Hélène|Dupont|@example/);

      // The colleague with every service sees both services' bookings (inline, with a search that is not audited).
      const all = await requestExport({ tenant: a, actor: colleague, locale: "fr", request: request({ q: "Łódź", columns: ["lastName", "email"] }), audit: audit(a, colleague) });
      expect(all).toMatchObject({ kind: "file", rows: 1, mime: "text/csv; charset=utf-8" });
      if (all.kind !== "file") throw new Error("not a file");
      expect(parseCsvFile(all.body).slice(1)).toEqual([["Łódź", "citizenpass3@example.net"]]);
      const searched = await db().auditEntry.findFirst({ where: { tenantId: a.id, action: "appointments.export", actorId: colleague.id } });
      expect(searched?.summary).toMatchObject({ mode: "inline", rows: 1, filters: { search: true } });
      expect(JSON.stringify(searched?.summary)).not.toContain("Łódź");

      // A scoped agent filtering on a service outside their scope gets nothing.
      const outside = await requestExport({ tenant: a, actor: scoped, locale: "en", request: request({ service: other.id }), audit: audit(a, scoped) });
      expect(outside).toMatchObject({ kind: "file", rows: 0 });
    });

    it("XLSX built by the job reads back with exceljs", async () => {
      const { service } = await createBookableService(a, { capacity: 5, service: { names: { fr: "Cartes", en: "Cards" } } });
      for (let i = 0; i < 4; i++) await bookDirect(booking(a, service, tomorrowAt(a, `0${i + 6}:00`, 2), { ...citizen(`x${i}`), lastName: i === 0 ? "Café; «Noël»" : `Nom${i}` }));
      const actor = await agent(a, "xlsx", [`service:${service.id}`]);
      const outcome = await requestExport({ tenant: a, actor, locale: "en", request: request({ format: "xlsx", columns: ["reference", "date", "time", "lastName"] }), audit: audit(a, actor) });
      if (outcome.kind !== "queued") throw new Error("not queued");
      const built = await buildExport(a.id, outcome.id);
      expect(built).toMatchObject({ status: "ready", rowCount: 4 });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.readFile(path.join(dataDir, "exports", built!.fileName!));
      const sheet = workbook.worksheets[0]!;
      expect(sheet.rowCount).toBe(5);
      expect(sheet.getRow(1).values).toEqual([undefined, "Reference", "Date", "Time", "Last name"]);
      expect(sheet.getRow(2).getCell(4).value).toBe("Café; «Noël»");
      expect(sheet.getRow(2).getCell(2).value).toBeInstanceOf(Date);
      expect(sheet.getRow(2).getCell(3).value).toEqual(new Date(Date.UTC(1899, 11, 30, 6, 0)));
    });

    it("reads in keyset pages: every booking once, in time order, past a page boundary with equal start times", async () => {
      const { service, sites } = await createBookableService(a, { capacity: 5, service: { names: { fr: "Masse", en: "Bulk" } } });
      const start = new Date("2025-02-03T08:00:00Z");
      const total = EXPORT_PAGE + 150;
      await db().appointment.createMany({
        data: Array.from({ length: total }, (_, i) => ({
          id: randomUUID(),
          tenantId: a.id,
          reference: `BULK${String(i).padStart(6, "0")}`,
          serviceId: service.id,
          siteId: sites[0]!.id,
          // Many bookings share a start: the page boundary falls among equal times.
          startsAt: new Date(start.getTime() + Math.floor(i / 300) * 3_600_000),
          endsAt: new Date(start.getTime() + Math.floor(i / 300) * 3_600_000 + 1_200_000),
          firstName: "Bulk",
          lastName: `N${i}`,
          email: `bulk${i}@example.net`,
          locale: "fr",
          manageTokenHash: randomBytes(32).toString("hex"),
        })),
      });
      const actor = await agent(a, "bulk", [`service:${service.id}`]);
      const outcome = await requestExport({ tenant: a, actor, locale: "en", request: request({ columns: ["reference", "date", "time"] }), audit: audit(a, actor) });
      if (outcome.kind !== "queued") throw new Error("not queued");
      const built = await buildExport(a.id, outcome.id);
      expect(built?.rowCount).toBe(total);
      const rows = parseCsvFile(await readFile(path.join(dataDir, "exports", built!.fileName!))).slice(1);
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r[0])).size).toBe(total);
      const times = rows.map((r) => `${r[1]} ${r[2]}`);
      expect([...times].sort()).toEqual(times);
    });

    it("files and rows older than 7 days are deleted by the clean-up", async () => {
      const { service } = await createBookableService(a, { capacity: 5, service: { names: { fr: "Vieux", en: "Old" } } });
      for (let i = 0; i < 4; i++) await bookDirect(booking(a, service, tomorrowAt(a, `0${i + 6}:40`, 3), citizen(`old${i}`)));
      const actor = await agent(a, "old", [`service:${service.id}`]);
      const outcome = await requestExport({ tenant: a, actor, locale: "en", request: request(), audit: audit(a, actor) });
      if (outcome.kind !== "queued") throw new Error("not queued");
      const built = await buildExport(a.id, outcome.id);
      const file = path.join(dataDir, "exports", built!.fileName!);
      await purgeOldExports(new Date(Date.now() + 6 * 24 * 3_600_000));
      expect((await stat(file)).isFile()).toBe(true);
      expect(await findExport(a.id, outcome.id)).not.toBeNull();
      expect(await purgeOldExports(new Date(Date.now() + 8 * 24 * 3_600_000))).toBeGreaterThanOrEqual(1);
      await expect(stat(file)).rejects.toMatchObject({ code: "ENOENT" });
      expect(await findExport(a.id, outcome.id)).toBeNull();
    });
  });

  describe("statistics", () => {
    it("counts a known week: bookings, people, cancellations, attendance, places offered and per day", async () => {
      const c = await createVisibleTown("gamma");
      // Monday to Friday 09:00–12:00, one-hour slots of 2 places: 6 places a weekday.
      const weekly: TWeekly = Object.fromEntries(["1", "2", "3", "4", "5"].map((d) => [d, [["09:00", "12:00"]]]));
      const { service, sites } = await createBookableService(c, { capacity: 2, slotMinutes: 60, weekly, service: { names: { fr: "Mairie", en: "Town hall" }, closedOnHolidays: true } });
      const { service: hidden, sites: hiddenSites } = await createBookableService(c, { capacity: 2, slotMinutes: 60, weekly, service: { names: { fr: "Caché", en: "Hidden" } } });
      const site = sites[0]!.id;
      const at = (date: string, time: string) => localInstant(date, time, c.timeZone);
      // Week of Easter Monday 2025 (21 April, a public holiday in France): 4 open weekdays = 24 places,
      // minus a closure of Wednesday's 09:00 slot (2 places): 22 places offered.
      await addClosure(c.id, { serviceId: service.id, startsAt: at("2025-04-23", "09:00"), endsAt: at("2025-04-23", "10:00") });
      await insertAppointment(c, service.id, site, at("2025-04-22", "09:00"), { people: 2, attendance: "arrived" });
      await insertAppointment(c, service.id, site, at("2025-04-22", "10:00"), { attendance: "no_show" });
      // 00:30 in Paris on the 22nd is still the 21st in UTC: counted on the town's day.
      await insertAppointment(c, service.id, site, at("2025-04-22", "00:30"));
      await insertAppointment(c, service.id, site, at("2025-04-23", "11:00"));
      await insertAppointment(c, service.id, site, at("2025-04-24", "09:00"), { status: "cancelled", cancelledAt: new Date() });
      await insertAppointment(c, service.id, site, at("2025-04-25", "09:00"), { overbooked: true, attendance: "no_show" });
      // Outside the period, and another service outside the agent's scope.
      await insertAppointment(c, service.id, site, at("2025-04-28", "09:00"));
      await insertAppointment(c, service.id, site, at("2025-04-20", "23:30"));
      await insertAppointment(c, hidden.id, hiddenSites[0]!.id, at("2025-04-22", "09:00"));

      const scoped = await agent(c, "stats", [`service:${service.id}`]);
      const filters = parseStatsFilters({ from: "2025-04-21", to: "2025-04-27" }, c.timeZone);
      const stats = await bookingStatistics(c, scoped, "en", filters);
      expect(stats.choices.map((s) => s.name)).toEqual(["Town hall"]);
      expect(stats.services).toHaveLength(1);
      expect(stats.services[0]).toMatchObject({
        serviceId: service.id,
        name: "Town hall",
        bookings: 5,
        people: 6,
        cancellations: 1,
        arrived: 1,
        noShows: 2,
        past: 5,
        placesBooked: 5,
        placesOffered: 22,
        noShowRate: 2 / 5,
        fillRate: 5 / 22,
      });
      expect(stats.days).toEqual([
        { date: "2025-04-21", bookings: 0 },
        { date: "2025-04-22", bookings: 3 },
        { date: "2025-04-23", bookings: 1 },
        { date: "2025-04-24", bookings: 0 },
        { date: "2025-04-25", bookings: 1 },
        { date: "2025-04-26", bookings: 0 },
        { date: "2025-04-27", bookings: 0 },
      ]);

      // An agent of every service sees both, with totals; the hidden service has no holiday closure.
      const everyone = await agent(c, "everyone");
      const all = await bookingStatistics(c, everyone, "en", filters);
      expect(all.services.map((s) => [s.name, s.bookings, s.placesOffered])).toEqual([
        ["Town hall", 5, 22],
        ["Hidden", 1, 30],
      ]);
      expect(all.totals).toMatchObject({ bookings: 6, placesOffered: 52, noShows: 2 });

      // Another town's service id, or one outside the scope, is not a choice: the scope is shown.
      const { service: foreign } = await createBookableService(b, { capacity: 1 });
      const viaForeign = await bookingStatistics(c, scoped, "en", parseStatsFilters({ from: "2025-04-21", to: "2025-04-27", service: foreign.id }, c.timeZone));
      expect(viaForeign.services.map((s) => s.serviceId)).toEqual([service.id]);
      const viaHidden = await bookingStatistics(c, scoped, "en", parseStatsFilters({ from: "2025-04-21", to: "2025-04-27", service: hidden.id }, c.timeZone));
      expect(viaHidden.services.map((s) => s.serviceId)).toEqual([service.id]);
    });

    it("defaults to the last 30 days up to today and keeps periods within a year", () => {
      const now = new Date("2025-03-10T23:30:00Z"); // already 11 March in Paris
      expect(parseStatsFilters({}, "Europe/Paris", now)).toEqual({ from: "2025-02-10", to: "2025-03-11", serviceId: null, adjusted: false });
      expect(parseStatsFilters({ from: "2025-03-11", to: "2025-03-01" }, "Europe/Paris", now)).toMatchObject({ from: "2025-03-01", to: "2025-03-11", adjusted: true });
      expect(parseStatsFilters({ from: "2020-01-01", to: "2025-03-01" }, "Europe/Paris", now)).toMatchObject({ from: "2024-03-01", to: "2025-03-01", adjusted: true });
      expect(parseStatsFilters({ from: "garbage", service: "nope" }, "Europe/Paris", now)).toMatchObject({ from: "2025-02-10", serviceId: null });
    });
  });
});
