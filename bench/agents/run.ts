// bench/agents: the agents' side of appointments at a large town's scale, in-process, on its own
// embedded PostgreSQL. One town with two services at two sites (realistic opening hours, public
// holidays closed), --appointments bookings (default 200,000) spread over the past and the next six
// months, seeded with a few INSERT … SELECT statements: names, e-mails, phones, ANTS numbers, ~10 %
// cancelled, attendance recorded on most past bookings, a few overbooked, people per booking, the
// slots and places of every slot that was booked (appointment_slot / appointment_place, as ensureSlot
// and claimPlaces would have left them), the reminders already sent or still to send, a few comments.
//
// Then the real service functions are timed (median and p95 of --reps repetitions after a warm-up),
// each repetition interleaved with the reference R, a plain indexed read through the same Prisma
// client:  SELECT id FROM appointment WHERE "tenantId" = $1 ORDER BY "startsAt" LIMIT 50.
// Figures are ratios to R (the machine is shared and noisy); milliseconds are given for context.
//   - listBookings: first page with the list's default filters and with a service filter, a name
//     search (from today and over all dates), a partial and a whole reference search; the count it runs
//   - bookingStatistics over 30 and 365 days; calendarView for a site's day and week
//   - exports (buildExport, the background job) of ~--export-rows rows, CSV and XLSX → rows/s, against a
//     raw read of the same rows
//   - sendDueReminders with --reminders due reminders → reminders/s
//   - the retention job (anonymiseTown, batches of 5,000) with the services' retention set to 30 days
// Each slow statement's plan is captured with auto_explain (one extra pass, not timed); the searches'
// statements are all captured (threshold 0 ms) to check which index answers them: the pg_trgm GIN
// indexes appointment_*_trgm_idx (migration 20261123030000_appointment_search) for a name or part of a
// reference, the unique ("tenantId", reference) index for a whole reference. The benchmark neither
// creates nor drops them: it only checks that the migrations left them.
// Results are printed and written into docs/benchmarks.md (bench:agents section), beside the figures of
// the first run (BEFORE, below), measured before the fixes that run suggested.
// Usage: npm run bench:agents [-- --appointments 200000 --reps 30 --export-rows 20000 --export-reps 5 --reminders 5000 --retention-batches 8 --dry-run]
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import inspector from "node:inspector/promises";
import pg from "pg";
import { startEmbeddedPostgres, type TEmbeddedDatabase } from "@/lib/core/embedded-postgres";
import { applyMigrations } from "@/lib/core/migrate";
import { fmt, median, percentile, sleep } from "@/bench/lib/stats";

// ---------------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};
const APPOINTMENTS = option("appointments", 200_000);
const REPS = option("reps", 30);
const WARMUP = 3;
const EXPORT_ROWS = option("export-rows", 20_000);
const EXPORT_REPS = option("export-reps", 5);
const REMINDERS = option("reminders", 5_000);
const RETENTION_BATCHES = option("retention-batches", 8);
/** --dry-run: print the report section instead of writing it into docs/benchmarks.md. */
const DRY_RUN = args.includes("--dry-run");
/** Share of the places of the period that bookings take (before people > 1 and cancellations). */
const FILL = 0.8;

// ---------------------------------------------------------------------------------------------------
// The first run's figures, shown as "before" beside this run's: copied from docs/benchmarks.md as this
// script wrote it on 2026-11-23 02:48 UTC (code 14e3959-dirty, same machine, 200,000 appointments, 30
// repetitions), before the fixes it suggested: the search's trigram indexes and whole-reference lookup
// (migration 20261123030000_appointment_search, appointmentWhere in lib/appointments/repo.ts), one
// Intl.DateTimeFormat per time zone (wallClock, localDate) and events.once in writeCsv, slotCapacities
// for the statistics. Only meaningful at the default size (--appointments 200000).

const BEFORE_LABEL = "2026-11-23 02:48 UTC, code 14e3959-dirty";
/** Latencies: median ms and median × R (R's median over that run: 0.80 ms). */
const BEFORE_LATENCY: Record<string, { ms: number; xR: number }> = {
  list: { ms: 9.59, xR: 10.7 },
  count: { ms: 8.08, xR: 10.9 },
  "list-service": { ms: 5.18, xR: 7.1 },
  "list-name": { ms: 90.1, xR: 73.5 },
  "list-name-all": { ms: 148, xR: 129 },
  "count-name-all": { ms: 137, xR: 121 },
  // (no partial-reference measure then; the whole reference went through the same LIKE '%…%' scan)
  "list-ref": { ms: 149, xR: 162 },
  "list-ref-all": { ms: 260, xR: 226 },
  stats30: { ms: 70.4, xR: 62.2 },
  stats365: { ms: 273, xR: 230 },
  "cal-day": { ms: 12.8, xR: 13.2 },
  "cal-week": { ms: 65.4, xR: 42.9 },
};
/** Throughputs: median ms per run and items/s. */
const BEFORE_THROUGHPUT: Record<string, { ms: number; rate: number }> = {
  "raw-read": { ms: 281, rate: 71_189 },
  "export-csv": { ms: 4_361, rate: 4_583 },
  "export-xlsx": { ms: 5_248, rate: 3_809 },
  reminders: { ms: 17_916, rate: 279 },
  retention: { ms: 427, rate: 11_707 },
};
/** CPU profiles: ms per run. */
const BEFORE_PROFILE: Record<string, number> = {
  "list-name-all": 176,
  stats365: 298,
  "cal-day": 21,
  "cal-week": 72,
  "export-csv": 4_812,
  "export-xlsx": 5_967,
  reminders: 1_334,
};
/** Inclusive ms per run of the functions the Intl.DateTimeFormat fix targeted, in those profiles. */
const BEFORE_FUNCTION_MS = { wallClockInCsvExport: 3_530, localDateInCalendarWeek: 27 };
/** Process warnings of that run. */
const BEFORE_WARNINGS = "MaxListenersExceededWarning (error listeners added to a WriteStream) 6 times during the exports";

const TMP = mkdtempSync(path.join(os.tmpdir(), "civitas-agents-"));
chmodSync(TMP, 0o755); // as root, PostgreSQL runs as the postgres user and must reach TMP/db
let database: TEmbeddedDatabase | null = null;
const clients: pg.Client[] = [];
let cleaned: Promise<void> | null = null;
let pgLogText = "";
/** Process warnings seen during the run (e.g. listeners added to a stream and never removed), per phase. */
const warnings = new Map<string, { message: string; phase: string; count: number }>();
let phase = "setup";
process.on("warning", (w) => {
  const message = `${w.name}: ${w.message.replace(/\d+ (\w+) listeners/, "N $1 listeners")}`;
  const key = `${message}\u0000${phase}`;
  const seen = warnings.get(key) ?? { message, phase, count: 0 };
  seen.count++;
  warnings.set(key, seen);
});

function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => {});
    try {
      const { stopBoss } = await import("@/lib/notifications/boss");
      await stopBoss();
    } catch {
      // never started
    }
    try {
      const { stopInvalidationListener } = await import("@/lib/core/invalidation");
      await stopInvalidationListener();
    } catch {
      // never listened
    }
    try {
      const { disconnectDb } = await import("@/lib/core/db");
      await disconnectDb();
    } catch {
      // never connected
    }
    if (database) await database.stop().catch((e) => console.error("stopping PostgreSQL:", e));
    database = null;
    rmSync(TMP, { recursive: true, force: true });
  })();
  return cleaned;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the database…`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

const ms = (n: number) => (n >= 100 ? fmt(n) : n >= 10 ? fmt(n, 1) : fmt(n, 2));
const times = (n: number) => (n >= 100 ? fmt(n) : n >= 10 ? fmt(n, 1) : fmt(n, 2));
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" / ");

// Realistic names: French first names and the most frequent French surnames, in frequency order (a
// skewed pick makes the first ones common, as in a real town).
const FIRST_NAMES = [
  "Marie", "Jean", "Pierre", "Michel", "Nathalie", "Isabelle", "Philippe", "Sylvie", "Catherine", "Françoise", "Alain", "Patrick", "Nicolas", "Christophe", "Sophie",
  "Stéphane", "Valérie", "Sandrine", "Laurent", "Céline", "Julien", "David", "Aurélie", "Camille", "Thomas", "Léa", "Manon", "Hugo", "Lucas", "Chloé", "Emma", "Louis",
  "Gabriel", "Jade", "Inès", "Léo", "Raphaël", "Hélène", "Émilie", "Noé", "Zoé", "Mathéo", "Yasmine", "Mohamed", "Karim", "Fatima", "Amina", "Nour", "Aïcha", "Rayan",
  "Adam", "Sarah", "Anaïs", "Thérèse", "Joël", "Gaëlle", "Loïc", "Maëlle", "Benoît", "François", "Agnès", "Bernadette", "Jérôme", "Mélanie", "Océane", "Clément",
];
const LAST_NAMES = [
  "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefebvre", "Leroy", "Roux", "David",
  "Bertrand", "Morel", "Fournier", "Girard", "Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefèvre", "Faure", "André", "Mercier",
  "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia", "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry",
  "Roussel", "Mathieu", "Gautier", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard",
  "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud", "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin",
  "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe", "Bourgeois", "Pierre", "Benoît", "Rey",
  "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte", "Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis",
  "Moulin", "Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet", "Adam", "Paris", "Poirier", "Marty", "Aubry",
  "Guyot", "Carré", "Charles", "Renault", "Charpentier", "Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet",
  "Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain", "Breton", "Besson", "Langlois", "Rémy", "Le Goff",
  "Pelletier", "Lévêque", "Perrier", "Leblanc", "Barré", "Lebrun", "Marchal", "Weber", "Mallet", "Hamon", "Boulanger", "Jacob", "Monnier", "Michaud", "Rodriguez",
  "Guichard", "Gillet", "Étienne", "Grondin", "Poulain", "Tessier", "Chevallier", "Collin", "Chauvin", "Da Silva", "Bouchet", "Gay", "Lemaître", "Bénard",
  "Maréchal", "Humbert", "Reynaud", "Antoine", "Hoarau", "Perret", "Barthélemy", "Cordier", "Pichon", "Lejeune", "Gilbert", "Lamy", "Delaunay", "Pasquier",
];
const MAIL_DOMAINS = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "yahoo.fr", "sfr.fr", "outlook.fr", "wanadoo.fr", "icloud.com"];
/** The name searched for: a surname of middling frequency (~0.7 % of the bookings). */
const SEARCHED_NAME = "Rousseau";
const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // lib/appointments/service/book-appointment.ts

const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]::text[]`;
/** A reference XXX-XXX-XXX from the row number n: a bijection of n mod 32^9, so references are unique. */
function referenceSql(n: string): string {
  const x = `((${n} * 1103515245 + 12345) % 35184372088832)`;
  const digit = (k: number) => `substr('${REFERENCE_ALPHABET}', ((${x} >> ${5 * k}) & 31)::int + 1, 1)`;
  const group = (ks: number[]) => ks.map(digit).join(" || ");
  return `${group([8, 7, 6])} || '-' || ${group([5, 4, 3])} || '-' || ${group([2, 1, 0])}`;
}
const ASCII = `translate(lower(replace(replace(%s, ' ', ''), '''', '')), 'àâäéèêëîïôöûüùçñ', 'aaaeeeeiioouuucn')`;

// auto_explain plans from the server log

type TPlan = { durationMs: number; query: string; lines: string[] };

function parsePlans(text: string): TPlan[] {
  const plans: TPlan[] = [];
  const header = /LOG:\s+duration: ([\d.]+) ms\s+plan:/g;
  const starts: { index: number; end: number; ms: number }[] = [];
  for (let m = header.exec(text); m; m = header.exec(text)) starts.push({ index: m.index, end: m.index + m[0].length, ms: Number(m[1]) });
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    let body = text.slice(s.end, starts[i + 1]?.index ?? text.length);
    // The block ends at the next log entry (a line starting with a time stamp).
    const next = body.search(/\n\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    if (next >= 0) body = body.slice(0, next);
    const lines = body.split("\n").map((l) => l.replace(/\s+$/, ""));
    const first = lines.findIndex((l) => /\(cost=[^)]*\) \(actual/.test(l) || /\(actual time=/.test(l));
    if (first < 0) continue;
    const query = lines.slice(0, first).join(" ").replace(/^\s*Query Text:\s*/, "").replace(/\s+/g, " ").trim();
    plans.push({ durationMs: s.ms, query, lines: lines.slice(first).filter((l) => l.trim() !== "").map((l) => l.replace(/^\t/, "")) });
  }
  return plans;
}

/**
 * The lines that say where the time goes: every plan node (without its cost estimate), the filter of a
 * sequential scan (the condition no index served) and the rows it removed; long literals shortened.
 */
function keyLines(plan: TPlan, max = 18): string[] {
  const out: string[] = [];
  const tidy = (l: string) =>
    l
      .replace(/\s*\(cost=[^)]*\)/, "")
      .replace(/'[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'::uuid/g, "'…'::uuid")
      .replace(/'\{[0-9a-f,-]{36,}\}'::uuid\[\]/g, "'{…}'::uuid[]")
      .replace(/\s+$/, "");
  let lastNode = "";
  for (const line of plan.lines) {
    const t = line.trim();
    if (/\(actual/.test(t) || /^CTE \w+/.test(t)) {
      lastNode = t;
      out.push(tidy(line));
    } else if (/^Rows Removed by (Filter|Join Filter):/.test(t) || (/^(Filter|Join Filter):/.test(t) && /Seq Scan|Join/.test(lastNode))) {
      out.push(tidy(line).slice(0, 360));
    }
  }
  return out.length > max ? [...out.slice(0, max), "  …"] : out;
}

// ---------------------------------------------------------------------------------------------------
// CPU profile of this process (node:inspector) while a function runs: where the JavaScript time goes,
// and how long the process waited (idle: the database's answers).

type TProfileNode = { id: number; callFrame: { functionName: string; url: string }; children?: number[] };
type TCpuProfile = { nodes: TProfileNode[]; samples?: number[]; timeDeltas?: number[] };
type TProfileSummary = { key: string; label: string; runs: number; wallMs: number; idleMs: number; gcMs: number; topSelf: [string, number][]; topApp: [string, number][]; app: Map<string, number> };

const frameName = (f: TProfileNode["callFrame"]) => {
  const file = f.url.replace(/^file:\/\//, "").replace(`${process.cwd()}/`, "").replace(/^.*node_modules\//, "");
  return `${f.functionName || "(anonymous)"}${file ? ` (${file})` : ""}`;
};

async function cpuProfile(key: string, label: string, fn: () => Promise<unknown>, runs: number): Promise<TProfileSummary> {
  const session = new inspector.Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 250 });
  await session.post("Profiler.start");
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) await fn();
  const wallMs = performance.now() - t0;
  const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: TCpuProfile };
  session.disconnect();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000));
  const selfByName = new Map<string, number>();
  for (const [id, t] of self) {
    const name = frameName(byId.get(id)!.callFrame);
    selfByName.set(name, (selfByName.get(name) ?? 0) + t);
  }
  // Inclusive time of the application's functions (lib/, app/), recursion counted once.
  const inclusive = new Map<string, number>();
  const walk = (id: number, stack: Set<string>): number => {
    const node = byId.get(id)!;
    let total = self.get(id) ?? 0;
    const name = frameName(node.callFrame);
    const app = /^(lib|app)\//.test(name.replace(/^.*\(/, "")) && !stack.has(name);
    if (app) stack.add(name);
    for (const child of node.children ?? []) total += walk(child, stack);
    if (app) {
      stack.delete(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + total);
    }
    return total;
  };
  walk(profile.nodes[0]!.id, new Set());
  const top = (m: Map<string, number>, n: number, skip: RegExp) => [...m].filter(([k]) => !skip.test(k)).sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, v / runs] as [string, number]);
  return {
    key,
    label,
    runs,
    wallMs,
    idleMs: (selfByName.get("(idle)") ?? 0) / runs,
    gcMs: (selfByName.get("(garbage collector)") ?? 0) / runs,
    topSelf: top(selfByName, 6, /^\((idle|program|garbage collector|root)\)/),
    topApp: top(inclusive, 6, /^$/),
    app: new Map([...inclusive].map(([k, v]) => [k, v / runs])),
  };
}

// ---------------------------------------------------------------------------------------------------
// Main

const startedAt = new Date();
const revision = (() => {
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], { encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
})();
let exitCode = 0;
try {
  const loadBefore = loadAverage();
  console.log(`bench/agents: ${fmt(APPOINTMENTS)} appointments, ${REPS} repetitions; load average ${loadBefore}`);
  database = await startEmbeddedPostgres({ dir: path.join(TMP, "db"), port: 0, log: (line) => void (pgLogText += `${line}\n`) });
  const dbName = new URL(database.url).pathname.slice(1);
  await applyMigrations(database.url);
  const admin = new pg.Client({ connectionString: database.url, application_name: "bench-agents-seed" });
  await admin.connect();
  clients.push(admin);
  const pgVersion = (await admin.query<{ server_version: string }>("SHOW server_version")).rows[0]?.server_version ?? "?";
  const versionNum = Number((await admin.query<{ server_version_num: string }>("SHOW server_version_num")).rows[0]?.server_version_num ?? 0);
  const sharedBuffers = (await admin.query<{ shared_buffers: string }>("SHOW shared_buffers")).rows[0]?.shared_buffers ?? "?";
  const workMem = (await admin.query<{ work_mem: string }>("SHOW work_mem")).rows[0]?.work_mem ?? "?";
  const UUID = versionNum >= 180000 ? "uuidv7()" : "gen_random_uuid()";

  process.env.DATABASE_URL = database.url;
  process.env.ROOT_DOMAIN = "civitas.test";
  process.env.DATA_DIR = path.join(TMP, "data");
  process.env.LOG_LEVEL = "warn";
  const { resetEnv } = await import("@/lib/core/env");
  resetEnv();

  const { getDb, disconnectDb } = await import("@/lib/core/db");
  const { createVisibleTown } = await import("@/tests/fixtures/towns");
  const { addOpeningRule, createService, createSite } = await import("@/lib/appointments/service/configure");
  const { findService, insertExport, updateServiceRow, countAppointments } = await import("@/lib/appointments/repo");
  const { ruleInputs } = await import("@/lib/appointments/service/availability");
  const { addDays, computeSlots, isoWeekday, localDate, localInstant } = await import("@/lib/appointments/slots");
  const { publicHolidayDates } = await import("@/lib/core/holidays");
  const { createAgentWithPassword } = await import("@/lib/agents/service/create-agent");
  const { getAgentForSession } = await import("@/lib/agents/service/get-agent-for-session");
  const { bookingQuery, listBookings, parseBookingFilters } = await import("@/lib/appointments/service/booking-list");
  const { bookingStatistics, parseStatsFilters } = await import("@/lib/appointments/service/statistics");
  const { calendarView } = await import("@/lib/appointments/service/calendar-view");
  const { buildExport } = await import("@/lib/appointments/service/export-bookings");
  const { DEFAULT_EXPORT_COLUMNS } = await import("@/lib/appointments/export-format");
  const { sendDueReminders } = await import("@/lib/appointments/service/reminders");
  const { anonymiseTown } = await import("@/lib/appointments/service/retention");
  type TWeekly = import("@/lib/appointments/slots").TWeekly;

  // ---- The town, its sites and services, an administrator
  const town = await createVisibleTown("grandeville");
  const tz = town.timeZone;
  const now0 = new Date();
  const today = localDate(now0, tz);
  const fromDate = addDays(today, -182);
  const toDate = addDays(today, 182);
  const years: number[] = [];
  for (let y = Number(fromDate.slice(0, 4)); y <= Number(toDate.slice(0, 4)); y++) years.push(y);
  const holidays = publicHolidayDates(town.holidayRegion, years);
  const names = (fr: string, en: string) => ({ fr, en });
  const siteHall = await createSite(town.id, { names: names("Hôtel de ville", "Town hall"), address: names("1 place de la Mairie, Grandeville", "1 place de la Mairie, Grandeville"), phone: "+33 1 00 00 00 01" });
  const siteNorth = await createSite(town.id, { names: names("Mairie annexe Nord", "North annex"), address: names("12 avenue du Nord, Grandeville", "12 avenue du Nord, Grandeville"), phone: "+33 1 00 00 00 02" });
  const sites = [siteHall, siteNorth];
  const weekdays = (ranges: [string, string][]) => Object.fromEntries(["1", "2", "3", "4", "5"].map((d) => [d, ranges]));
  const WEEK_ID: TWeekly = { ...weekdays([["08:30", "12:00"], ["13:30", "17:00"]]), "6": [["09:00", "12:00"]] };
  const WEEK_CIVIL: TWeekly = weekdays([["09:00", "12:00"], ["14:00", "16:30"]]);
  const validFrom = addDays(today, -400);
  const slotsPerDesk = (weekly: TWeekly, minutes: number) =>
    computeSlots({ rules: sites.map((s) => ({ siteId: s.id, validFrom, validUntil: null, weekly, slotMinutes: minutes, capacity: 1 })), closures: [], closedDates: holidays, timeZone: tz, from: fromDate, to: toDate, durationMinutes: minutes }).length;
  const deskId = Math.max(1, Math.ceil((0.6 * APPOINTMENTS) / FILL / slotsPerDesk(WEEK_ID, 20)));
  const deskCivil = Math.max(1, Math.ceil((0.4 * APPOINTMENTS) / FILL / slotsPerDesk(WEEK_CIVIL, 15)));
  const serviceId = await createService(town.id, {
    names: names("Cartes d'identité et passeports", "Identity cards and passports"),
    whatToBring: names("Photo d'identité, justificatif de domicile, pré-demande ANTS", "ID photo, proof of address, ANTS pre-application"),
    durationMinutes: 20,
    maxPeople: 3,
    antsField: "optional",
    phoneField: "optional",
    minNoticeHours: 2,
    horizonWeeks: 26,
    maxActivePerCitizen: 1,
    reminderOffsets: [2880, 120],
    reminderSms: true,
    siteIds: sites.map((s) => s.id),
  });
  const serviceCivil = await createService(town.id, {
    names: names("État civil", "Civil registry"),
    durationMinutes: 15,
    phoneField: "optional",
    minNoticeHours: 2,
    horizonWeeks: 26,
    maxActivePerCitizen: 2,
    reminderOffsets: [1440],
    customFields: [
      {
        id: "acte",
        type: "choice",
        required: true,
        labels: names("Acte demandé", "Certificate"),
        options: [
          { value: "naissance", labels: names("Naissance", "Birth") },
          { value: "mariage", labels: names("Mariage", "Marriage") },
          { value: "deces", labels: names("Décès", "Death") },
        ],
      },
    ],
    siteIds: sites.map((s) => s.id),
  });
  for (const site of sites) {
    await addOpeningRule(town.id, { serviceId: serviceId.id, siteId: site.id, validFrom, weekly: WEEK_ID, slotMinutes: 20, capacity: deskId });
    await addOpeningRule(town.id, { serviceId: serviceCivil.id, siteId: site.id, validFrom, weekly: WEEK_CIVIL, slotMinutes: 15, capacity: deskCivil });
  }
  const svcId = (await findService(town.id, serviceId.id))!;
  const svcCivil = (await findService(town.id, serviceCivil.id))!;
  const { id: agentId } = await createAgentWithPassword({ tenantId: town.id, email: `admin@${town.slug}.test`, name: "Claire Admin", password: "a long enough passphrase", roles: ["administrator"] });
  const agentRow = await getAgentForSession(town.id, agentId);
  if (!agentRow) throw new Error("agent not created");
  const actor = { ...agentRow, kind: "agent" as const, sessionId: "bench" };
  console.log(`Town ${town.slug} (${tz}); desks per site: ${deskId} (identity, 20 min) and ${deskCivil} (civil registry, 15 min); period ${fromDate} … ${toDate}`);

  // ---- Seed
  const seedStart = performance.now();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const r = await timed(() => admin.query(sql, params));
    console.log(`  ${label}: ${r.value.rowCount ?? 0} rows, ${fmt(r.ms)} ms`);
    return r.value;
  };
  const slotArrays = { service: [] as string[], site: [] as string[], start: [] as string[], end: [] as string[], capacity: [] as number[], weight: [] as number[] };
  for (const service of [svcId, svcCivil]) {
    const slots = computeSlots({ rules: ruleInputs(service), closures: [], closedDates: holidays, timeZone: tz, from: fromDate, to: toDate, durationMinutes: service.durationMinutes });
    for (const slot of slots) {
      // Past slots were booked as much as the town could; the coming months fill up less the further out they are.
      const daysAhead = (slot.start.getTime() - now0.getTime()) / 86_400_000;
      const weight = daysAhead <= 0 ? 1 : 1 - 0.7 * Math.min(1, daysAhead / 182);
      slotArrays.service.push(service.id);
      slotArrays.site.push(slot.siteId);
      slotArrays.start.push(slot.start.toISOString());
      slotArrays.end.push(slot.end.toISOString());
      slotArrays.capacity.push(slot.capacity);
      slotArrays.weight.push(weight);
    }
  }
  const places = slotArrays.capacity.reduce((a, b) => a + b, 0);
  console.log(`Seeding: ${fmt(slotArrays.start.length)} slots opened by the rules over the period, ${fmt(places)} places; ${fmt(APPOINTMENTS)} appointments to place`);
  if (places < APPOINTMENTS) throw new Error("not enough places for the appointments asked for");
  await admin.query("SELECT setseed(0.4242)");
  await step(
    "slots of the period (temporary)",
    `CREATE TEMP TABLE bench_slot AS
     SELECT ${UUID} AS id, t.service_id::uuid AS service_id, t.site_id::uuid AS site_id, t.starts_at, t.ends_at, t.capacity, t.weight
       FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::float8[]) AS t(service_id, site_id, starts_at, ends_at, capacity, weight)`,
    [slotArrays.service, slotArrays.site, slotArrays.start, slotArrays.end, slotArrays.capacity, slotArrays.weight],
  );
  // Weighted sample without replacement (key = u^(1/w)): N places of the period, busier in the past.
  await step(
    "places booked (temporary)",
    `CREATE TEMP TABLE bench_pick AS
     WITH grid AS (
       SELECT s.id AS slot_id, s.service_id, s.site_id, s.starts_at, s.ends_at, s.capacity, g.seat, power(random(), 1.0 / s.weight) AS k
         FROM bench_slot s CROSS JOIN LATERAL generate_series(1, s.capacity) AS g(seat)
     ), chosen AS (SELECT * FROM grid ORDER BY k DESC LIMIT $1)
     SELECT (row_number() OVER (ORDER BY starts_at, service_id, site_id, seat) - 1)::bigint AS n, slot_id, service_id, site_id, starts_at, ends_at, capacity, seat,
            random() AS r_status, random() AS r_att, random() AS r_people, random() AS r_source, random() AS r_over, random() AS r_first, random() AS r_last,
            random() AS r_mail, random() AS r_domain, random() AS r_phone, random() AS r_phone2, random() AS r_ants, random() AS r_locale, random() AS r_created,
            random() AS r_cancel, random() AS r_acte, random() AS r_comment
       FROM chosen`,
    [APPOINTMENTS],
  );
  const first = `(${sqlArray(FIRST_NAMES)})[1 + floor(power(r_first, 1.5) * ${FIRST_NAMES.length})::int]`;
  const last = `(${sqlArray(LAST_NAMES)})[1 + floor(power(r_last, 1.8) * ${LAST_NAMES.length})::int]`;
  const agentEmail = agentRow.email;
  await step(
    "appointments (temporary)",
    `CREATE TEMP TABLE bench_appt AS
     SELECT b.*, ${UUID} AS id, ${referenceSql("b.n")} AS reference,
            CASE WHEN b.r_status < 0.10 THEN 'cancelled' ELSE 'booked' END AS status,
            CASE WHEN b.service_id = $1::uuid AND b.r_people < 0.06 THEN 2 WHEN b.service_id = $1::uuid AND b.r_people < 0.075 THEN 3 ELSE 1 END AS people,
            b.r_status >= 0.10 AND b.r_over < 0.002 AS overbooked,
            CASE WHEN b.r_status >= 0.10 AND b.r_over < 0.002 THEN 'agent' WHEN b.r_source < 0.78 THEN 'web' WHEN b.r_source < 0.88 THEN 'api' ELSE 'agent' END AS source,
            f.first_name, f.last_name,
            ${ASCII.replace("%s", "f.first_name")} || '.' || ${ASCII.replace("%s", "f.last_name")} || CASE WHEN b.r_mail < 0.5 THEN (b.n % 1000)::text ELSE '' END
              || '@' || (${sqlArray(MAIL_DOMAINS)})[1 + floor(b.r_domain * ${MAIL_DOMAINS.length})::int] AS email,
            CASE WHEN b.r_phone < 0.65 THEN '+33 6 ' || to_char(floor(b.r_phone2 * 100000000)::int, 'FM00 00 00 00') END AS phone,
            CASE WHEN b.service_id = $1::uuid AND b.r_ants < 0.4 THEN upper(substr(md5(b.n::text), 1, 10)) END AS ants_number,
            CASE WHEN b.service_id = $1::uuid THEN '{}'::jsonb ELSE jsonb_build_object('acte', (ARRAY['naissance','mariage','deces'])[1 + floor(b.r_acte * 3)::int]) END AS fields,
            CASE WHEN b.r_locale < 0.92 THEN 'fr' ELSE 'en' END AS locale,
            least(now() - interval '5 minutes', b.starts_at - interval '1 day') - b.r_created * interval '40 days' AS created_at
       FROM bench_pick b CROSS JOIN LATERAL (SELECT ${first} AS first_name, ${last} AS last_name) f`,
    [svcId.id],
  );
  // More people than places left in a slot: booked beyond the places by an agent (overbooked, no place).
  await step(
    "slots overfilled by bookings for several people → overbooked",
    `WITH c AS (
       SELECT id, capacity, sum(people) OVER (PARTITION BY slot_id ORDER BY seat, n ROWS UNBOUNDED PRECEDING) AS cum
         FROM bench_appt WHERE status = 'booked' AND NOT overbooked)
     UPDATE bench_appt b SET overbooked = true, source = 'agent' FROM c WHERE c.id = b.id AND c.cum > c.capacity`,
  );
  await step(
    "appointment",
    `INSERT INTO appointment (id, "tenantId", reference, "serviceId", "siteId", "startsAt", "endsAt", people, status, "firstName", "lastName", email, phone, fields,
                              "antsNumber", locale, "manageTokenHash", "idempotencyKey", source, "apiKeyId", "bookedBy", overbooked, attendance, "attendanceAt",
                              "cancelledAt", reason, "anonymisedAt", "createdAt", "updatedAt")
     SELECT a.id, $1::uuid, a.reference, a.service_id, a.site_id, a.starts_at, a.ends_at, a.people, a.status::"AppointmentStatus", a.first_name, a.last_name, a.email,
            a.phone, a.fields, a.ants_number, a.locale, encode(sha256(convert_to(a.id::text || ':bench', 'UTF8')), 'hex'),
            CASE WHEN a.source = 'api' THEN 'bench-' || a.id::text END, a.source::"AppointmentSource", NULL, CASE WHEN a.source = 'agent' THEN $2 END, a.overbooked,
            x.attendance::"AppointmentAttendance", CASE WHEN x.attendance IS NOT NULL THEN a.starts_at + interval '4 minutes' END,
            x.cancelled_at, CASE WHEN x.cancelled_at IS NOT NULL AND a.r_cancel < 0.3 THEN 'Fermeture exceptionnelle du guichet' END, NULL, a.created_at,
            coalesce(x.cancelled_at, CASE WHEN x.attendance IS NOT NULL THEN a.starts_at + interval '4 minutes' END, a.created_at)
       FROM bench_appt a
       CROSS JOIN LATERAL (SELECT
            CASE WHEN a.status = 'booked' AND a.starts_at < now() THEN CASE WHEN a.r_att < 0.75 THEN 'arrived' WHEN a.r_att < 0.82 THEN 'no_show' END END AS attendance,
            CASE WHEN a.status = 'cancelled' THEN a.created_at + a.r_cancel * (least(now(), a.starts_at) - a.created_at) END AS cancelled_at) x
      ORDER BY a.created_at`,
    [town.id, agentEmail],
  );
  await step(
    "appointment_slot (every slot that was booked)",
    `INSERT INTO appointment_slot (id, "tenantId", "serviceId", "siteId", "startsAt", "endsAt", capacity)
     SELECT s.id, $1::uuid, s.service_id, s.site_id, s.starts_at, s.ends_at, s.capacity FROM bench_slot s
      WHERE EXISTS (SELECT 1 FROM bench_appt a WHERE a.slot_id = s.id) ORDER BY s.starts_at`,
    [town.id],
  );
  await step(
    "appointment_place (one per seat; the booked ones hold their appointment)",
    `INSERT INTO appointment_place (id, "tenantId", "slotId", seat, capacity, "appointmentId")
     SELECT ${UUID}, $1::uuid, s.id, g.seat, s.capacity, seats.appointment_id
       FROM appointment_slot s CROSS JOIN LATERAL generate_series(1, s.capacity) AS g(seat)
       LEFT JOIN (
         SELECT c.slot_id, gs AS seat, c.id AS appointment_id
           FROM (SELECT id, slot_id, people, sum(people) OVER (PARTITION BY slot_id ORDER BY seat, n ROWS UNBOUNDED PRECEDING) AS cum
                   FROM bench_appt WHERE status = 'booked' AND NOT overbooked) c
          CROSS JOIN LATERAL generate_series(c.cum - c.people + 1, c.cum) AS gs) seats ON seats.slot_id = s.id AND seats.seat = g.seat
      WHERE s."tenantId" = $1::uuid`,
    [town.id],
  );
  await step(
    "appointment_reminder (sent before past appointments, to send before coming ones)",
    `INSERT INTO appointment_reminder (id, "tenantId", "appointmentId", "offsetMinutes", "dueAt", "sentAt")
     SELECT ${UUID}, $1::uuid, a.id, o.off, a.starts_at - o.off * interval '1 minute',
            CASE WHEN a.starts_at - o.off * interval '1 minute' <= now() THEN a.starts_at - o.off * interval '1 minute' END
       FROM bench_appt a CROSS JOIN LATERAL unnest(CASE WHEN a.service_id = $2::uuid THEN ARRAY[2880, 120] ELSE ARRAY[1440] END) AS o(off)
      WHERE a.status = 'booked' AND a.created_at < a.starts_at - o.off * interval '1 minute'`,
    [town.id, svcId.id],
  );
  await step(
    "appointment_comment (2 % of the bookings)",
    `INSERT INTO appointment_comment (id, "tenantId", "appointmentId", "authorId", "authorName", body, "createdAt")
     SELECT ${UUID}, $1::uuid, a.id, $2::uuid, 'Claire Admin', 'Justificatif de domicile manquant : rappeler la veille.', a.created_at + interval '1 hour'
       FROM bench_appt a WHERE a.r_comment < 0.02`,
    [town.id, agentId],
  );
  const mix = (
    await admin.query<{ total: string; cancelled: string; arrived: string; no_show: string; overbooked: string; past: string; people: string; slots: string; places: string; booked_places: string; reminders: string }>(
      `SELECT (SELECT count(*) FROM appointment WHERE "tenantId" = $1) AS total,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND status = 'cancelled') AS cancelled,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND attendance = 'arrived') AS arrived,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND attendance = 'no_show') AS no_show,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND overbooked) AS overbooked,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND "startsAt" < now()) AS past,
              (SELECT sum(people) FROM appointment WHERE "tenantId" = $1) AS people,
              (SELECT count(*) FROM appointment_slot WHERE "tenantId" = $1) AS slots,
              (SELECT count(*) FROM appointment_place WHERE "tenantId" = $1) AS places,
              (SELECT count(*) FROM appointment_place WHERE "tenantId" = $1 AND "appointmentId" IS NOT NULL) AS booked_places,
              (SELECT count(*) FROM appointment_reminder WHERE "tenantId" = $1) AS reminders`,
      [town.id],
    )
  ).rows[0]!;
  const nameMatches = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM appointment WHERE "tenantId" = $1 AND ("lastName" ILIKE $2 OR "firstName" ILIKE $2 OR email LIKE lower($2))`, [town.id, `%${SEARCHED_NAME}%`])).rows[0]?.n ?? 0);
  for (const t of ["bench_slot", "bench_pick", "bench_appt"]) await admin.query(`DROP TABLE ${t}`);
  const vacuum = await timed(() => admin.query("VACUUM (ANALYZE) appointment, appointment_slot, appointment_place, appointment_reminder, appointment_comment"));
  const seedMs = performance.now() - seedStart;
  const tableSize = (await admin.query<{ size: string }>(`SELECT pg_size_pretty(pg_total_relation_size('appointment')) AS size`)).rows[0]?.size ?? "?";
  const mixText =
    `${fmt(Number(mix.total))} appointments (${fmt(Number(mix.past))} past), ${fmt(Number(mix.cancelled))} cancelled (${((Number(mix.cancelled) / Number(mix.total)) * 100).toFixed(1)} %), ` +
    `attendance ${fmt(Number(mix.arrived))} arrived / ${fmt(Number(mix.no_show))} no-shows, ${fmt(Number(mix.overbooked))} overbooked, ${fmt(Number(mix.people))} people; ` +
    `${fmt(Number(mix.slots))} slots materialised with ${fmt(Number(mix.places))} places (${fmt(Number(mix.booked_places))} held by bookings); ${fmt(Number(mix.reminders))} reminders; ` +
    `table appointment ${tableSize} with its indexes`;
  console.log(`Seeded in ${fmt(seedMs / 1000, 1)} s (VACUUM ANALYZE ${fmt(vacuum.ms / 1000, 1)} s): ${mixText}; "${SEARCHED_NAME}" matches ${fmt(nameMatches)} bookings`);

  // The search's indexes come from the migrations (20261123030000_appointment_search): checked, not made.
  const TRGM_INDEXES = ["appointment_first_name_trgm_idx", "appointment_last_name_trgm_idx", "appointment_email_trgm_idx", "appointment_reference_trgm_idx"];
  const trgmExtension = (await admin.query<{ extversion: string }>(`SELECT extversion FROM pg_extension WHERE extname = 'pg_trgm'`)).rows[0]?.extversion ?? null;
  const trgmFound = (
    await admin.query<{ name: string; size: string; def: string }>(
      `SELECT c.relname AS name, pg_size_pretty(pg_relation_size(c.oid)) AS size, pg_get_indexdef(c.oid) AS def
         FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid WHERE i.indrelid = 'appointment'::regclass AND c.relname = ANY($1::text[]) ORDER BY c.relname`,
      [TRGM_INDEXES],
    )
  ).rows;
  const trgmMissing = TRGM_INDEXES.filter((n) => !trgmFound.some((f) => f.name === n));
  const trgmText = trgmExtension
    ? `pg_trgm ${trgmExtension}; ${trgmFound.map((f) => `${f.name} (${f.size})`).join(", ")}${trgmMissing.length ? `; **missing: ${trgmMissing.join(", ")}**` : ""}`
    : "**pg_trgm is not installed**";
  console.log(`Search indexes from the migrations: ${trgmText}`);

  // ---- What is measured
  const reference = async () => getDb().$queryRaw<{ id: string }[]>`SELECT id FROM appointment WHERE "tenantId" = ${town.id}::uuid ORDER BY "startsAt" LIMIT 50`;
  const refRow = (
    await admin.query<{ reference: string }>(`SELECT reference FROM appointment WHERE "tenantId" = $1 AND status = 'booked' AND "startsAt" > now() + interval '10 days' ORDER BY "startsAt" LIMIT 1`, [town.id])
  ).rows[0]!;
  const dayShown = isoWeekday(today) <= 5 ? today : addDays(today, 8 - isoWeekday(today));
  const listFilters = {
    default: parseBookingFilters({ from: today }),
    service: parseBookingFilters({ from: today, service: svcCivil.id }),
    nameToday: parseBookingFilters({ from: today, q: SEARCHED_NAME }),
    nameAll: parseBookingFilters({ from: "", q: SEARCHED_NAME.toLowerCase() }),
    refPart: parseBookingFilters({ from: today, q: refRow.reference.slice(0, 7) }),
    refPartAll: parseBookingFilters({ from: "", q: refRow.reference.slice(0, 7) }),
    reference: parseBookingFilters({ from: today, q: refRow.reference }),
    referenceAll: parseBookingFilters({ from: "", q: refRow.reference }),
  };
  const stats30 = parseStatsFilters({}, tz);
  const stats365 = parseStatsFilters({ from: addDays(today, -364), to: today }, tz);

  type TResult = { key: string; label: string; samples: number[]; refs: number[]; note: string };
  const results: TResult[] = [];
  const allRefs: number[] = [];
  async function measure(key: string, label: string, fn: () => Promise<string>, reps = REPS, warmup = WARMUP): Promise<TResult> {
    let note = "";
    for (let i = 0; i < warmup; i++) {
      note = await fn();
      await reference();
    }
    const samples: number[] = [];
    const refs: number[] = [];
    for (let i = 0; i < reps; i++) {
      // Alternate the order so that neither side always runs on a cache the other warmed.
      if (i % 2 === 0) {
        refs.push((await timed(reference)).ms);
        const t = await timed(fn);
        samples.push(t.ms);
        note = t.value;
      } else {
        const t = await timed(fn);
        samples.push(t.ms);
        note = t.value;
        refs.push((await timed(reference)).ms);
      }
    }
    allRefs.push(...refs);
    const r: TResult = { key, label, samples, refs, note };
    results.push(r);
    console.log(`  ${label.padEnd(58)} median ${ms(median(samples)).padStart(8)} ms  p95 ${ms(percentile(samples, 95)).padStart(8)} ms  R ${ms(median(refs)).padStart(6)} ms  ${times(median(samples) / median(refs)).padStart(7)}× R  ${note}`);
    return r;
  }
  const listNote = (page: { rows: unknown[]; total: number }) => `${page.rows.length} rows of ${fmt(page.total)}`;

  const measures: { key: string; label: string; fn: () => Promise<string> }[] = [
    { key: "ref", label: "R: SELECT id … ORDER BY \"startsAt\" LIMIT 50 (reference)", fn: async () => `${(await reference()).length} rows` },
    { key: "list", label: "list, default filters (from today), first page", fn: async () => listNote(await listBookings(town, actor, listFilters.default)) },
    { key: "count", label: "  its count alone (countAppointments)", fn: async () => `${fmt(await countAppointments(town.id, bookingQuery(town, actor, listFilters.default)))}` },
    { key: "list-service", label: "list, one service (from today)", fn: async () => listNote(await listBookings(town, actor, listFilters.service)) },
    { key: "list-name", label: `list, name search "${SEARCHED_NAME}" (from today, as the form sends it)`, fn: async () => listNote(await listBookings(town, actor, listFilters.nameToday)) },
    { key: "list-name-all", label: `list, name search "${SEARCHED_NAME.toLowerCase()}", all dates ("from" emptied)`, fn: async () => listNote(await listBookings(town, actor, listFilters.nameAll)) },
    { key: "count-name-all", label: "  its count alone", fn: async () => `${fmt(await countAppointments(town.id, bookingQuery(town, actor, listFilters.nameAll)))}` },
    { key: "list-ref-part", label: `list, partial reference search "${refRow.reference.slice(0, 7)}" (from today)`, fn: async () => listNote(await listBookings(town, actor, listFilters.refPart)) },
    { key: "list-ref-part-all", label: "list, partial reference search, all dates", fn: async () => listNote(await listBookings(town, actor, listFilters.refPartAll)) },
    { key: "list-ref", label: "list, whole reference search (from today)", fn: async () => listNote(await listBookings(town, actor, listFilters.reference)) },
    { key: "list-ref-all", label: "list, whole reference search, all dates", fn: async () => listNote(await listBookings(town, actor, listFilters.referenceAll)) },
    { key: "stats30", label: "statistics, last 30 days", fn: async () => { const s = await bookingStatistics(town, actor, "fr", stats30); return `${fmt(s.totals.bookings)} bookings, ${fmt(s.totals.placesOffered)} places offered`; } },
    { key: "stats365", label: "statistics, last 365 days", fn: async () => { const s = await bookingStatistics(town, actor, "fr", stats365); return `${fmt(s.totals.bookings)} bookings, ${fmt(s.totals.placesOffered)} places offered`; } },
    { key: "cal-day", label: `calendar, one site, day (${dayShown})`, fn: async () => { const c = await calendarView(town, actor, { site: siteHall.id, date: dayShown }); return `${fmt(c.rows.length)} places shown`; } },
    { key: "cal-week", label: "calendar, one site, week", fn: async () => { const c = await calendarView(town, actor, { site: siteHall.id, date: dayShown, view: "week" }); return `${c.week.reduce((n, d) => n + d.groups.reduce((m, g) => m + g.counts.booked + g.counts.free + g.counts.held + g.counts.closed, 0), 0)} places counted`; } },
  ];
  phase = "latencies";
  console.log(`\nLatencies (${REPS} repetitions after ${WARMUP} warm-up runs, each interleaved with R):`);
  for (const m of measures) {
    if (m.key === "ref") continue;
    await measure(m.key, m.label, m.fn);
  }

  // ---- Exports (the background job, buildExport), CSV and XLSX
  const exportFrom = localInstant(addDays(today, -90), "00:00", tz);
  const exportToRow = (
    await admin.query<{ startsAt: Date }>(`SELECT "startsAt" FROM appointment WHERE "tenantId" = $1 AND "startsAt" >= $2 ORDER BY "startsAt", id OFFSET $3 LIMIT 1`, [town.id, exportFrom, EXPORT_ROWS])
  ).rows[0];
  const exportTo = exportToRow?.startsAt ?? localInstant(addDays(today, 183), "00:00", tz);
  const exportQuery = { serviceIds: null, siteId: null, from: exportFrom.toISOString(), to: exportTo.toISOString(), status: null, q: null };
  const exportCount = await countAppointments(town.id, { serviceIds: null, from: exportFrom, to: exportTo });
  const exportColumns = [...DEFAULT_EXPORT_COLUMNS];
  const exportOnce = async (format: "csv" | "xlsx") => {
    const id = randomUUID();
    await insertExport({ id, tenantId: town.id, agentId, format, query: { filters: {}, columns: exportColumns, locale: "fr", rowsExpected: exportCount, query: exportQuery } });
    const t = await timed(() => buildExport(town.id, id));
    const row = t.value;
    if (!row || row.status !== "ready" || !row.fileName) throw new Error(`export ${format} failed: ${row?.error ?? "no row"}`);
    const file = path.join(TMP, "data", "exports", row.fileName);
    const bytes = statSync(file).size;
    rmSync(file, { force: true });
    return { ms: t.ms, rows: row.rowCount ?? 0, bytes };
  };
  const rawRead = async () => (await getDb().$queryRaw<unknown[]>`SELECT * FROM appointment WHERE "tenantId" = ${town.id}::uuid AND "startsAt" >= ${exportFrom} AND "startsAt" < ${exportTo} ORDER BY "startsAt", id`).length;
  type TThroughput = { key: string; label: string; unit: string; items: number; samples: number[]; refs: number[]; extra: string };
  const throughputs: TThroughput[] = [];
  phase = "exports";
  console.log(`\nExports of ${fmt(exportCount)} bookings (${exportColumns.length} columns; ${EXPORT_REPS} repetitions after 1 warm-up):`);
  {
    const samples: number[] = [];
    const refs: number[] = [];
    await rawRead();
    for (let i = 0; i < Math.max(EXPORT_REPS, 5); i++) {
      refs.push((await timed(reference)).ms);
      samples.push((await timed(rawRead)).ms);
    }
    allRefs.push(...refs);
    throughputs.push({ key: "raw-read", label: `raw read of the same rows (SELECT * … ORDER BY "startsAt", id, one statement)`, unit: "rows", items: exportCount, samples, refs, extra: "" });
  }
  for (const format of ["csv", "xlsx"] as const) {
    await exportOnce(format);
    const samples: number[] = [];
    const refs: number[] = [];
    let bytes = 0;
    let rows = 0;
    for (let i = 0; i < EXPORT_REPS; i++) {
      refs.push((await timed(reference)).ms);
      const e = await exportOnce(format);
      samples.push(e.ms);
      bytes = e.bytes;
      rows = e.rows;
    }
    allRefs.push(...refs);
    throughputs.push({ key: `export-${format}`, label: `export ${format.toUpperCase()} (buildExport: keyset pages of 1,000, rows, file)`, unit: "rows", items: rows, samples, refs, extra: `${fmt(bytes / 1024 / 1024, 1)} MB file` });
  }
  for (const t of throughputs) console.log(`  ${t.label.padEnd(70)} median ${ms(median(t.samples)).padStart(8)} ms  → ${fmt(t.items / (median(t.samples) / 1000)).padStart(9)} ${t.unit}/s  ${t.extra}`);

  // ---- Plans of the slow statements (auto_explain, one untimed pass)
  const explainPass = async (label: string, fns: { key: string; fn: () => Promise<unknown> }[], minMs = 5) => {
    await admin.query(`ALTER DATABASE "${dbName}" SET session_preload_libraries = 'auto_explain'`);
    await admin.query(`ALTER DATABASE "${dbName}" SET auto_explain.log_min_duration = '${minMs}ms'`);
    await admin.query(`ALTER DATABASE "${dbName}" SET auto_explain.log_analyze = on`);
    await admin.query(`ALTER DATABASE "${dbName}" SET auto_explain.log_nested_statements = on`);
    await disconnectDb(); // new connections load auto_explain
    const plans = new Map<string, TPlan[]>();
    try {
      for (const { key, fn } of fns) {
        await fn(); // connections opened and caches filled before the logged run
        await sleep(300);
        const start = pgLogText.length;
        await fn();
        await sleep(500);
        plans.set(key, parsePlans(pgLogText.slice(start)).sort((a, b) => b.durationMs - a.durationMs));
      }
    } finally {
      await admin.query(`ALTER DATABASE "${dbName}" RESET ALL`);
      await disconnectDb();
    }
    console.log(`\nPlans (${label}; statements over ${minMs} ms, slowest first):`);
    for (const [key, list] of plans) {
      console.log(`- ${key}: ${list.length ? "" : "no statement over the threshold"}`);
      for (const p of list.slice(0, 2)) console.log(`    ${fmt(p.durationMs, 1)} ms  ${p.query.slice(0, 220)}\n${p.lines.map((l) => `      ${l}`).join("\n")}`);
    }
    return plans;
  };
  const byKey = new Map(measures.map((m) => [m.key, m]));
  const explained = ["list", "list-service", "stats30", "stats365", "cal-day", "cal-week"];
  phase = "query plans";
  const plans = await explainPass("the product's schema", explained.map((key) => ({ key, fn: byKey.get(key)!.fn })));
  // The searches: every statement (threshold 0 ms), to see which index answers the count and the page.
  const searched = ["list-name", "list-name-all", "list-ref-part", "list-ref-part-all", "list-ref", "list-ref-all"];
  const searchPlans = await explainPass("the searches, every statement", searched.map((key) => ({ key, fn: byKey.get(key)!.fn })), 0);

  // ---- Where the time goes in this process (CPU profiles, untimed pass)
  const profiles: TProfileSummary[] = [];
  phase = "profiles (exports among them)";
  const profileRuns: [string, string, () => Promise<unknown>, number][] = [
    ["list-name-all", byKey.get("list-name-all")!.label.trim(), byKey.get("list-name-all")!.fn, 5],
    ["stats365", byKey.get("stats365")!.label, byKey.get("stats365")!.fn, 5],
    ["cal-day", byKey.get("cal-day")!.label, byKey.get("cal-day")!.fn, 10],
    ["cal-week", byKey.get("cal-week")!.label, byKey.get("cal-week")!.fn, 10],
    ["export-csv", `export CSV of ${fmt(exportCount)} rows`, () => exportOnce("csv"), 1],
    ["export-xlsx", `export XLSX of ${fmt(exportCount)} rows`, () => exportOnce("xlsx"), 1],
  ];
  console.log("\nCPU profiles (this process; per run):");
  for (const [key, label, fn, runs] of profileRuns) {
    const p = await cpuProfile(key, label, fn, runs);
    profiles.push(p);
    console.log(`- ${label}: ${fmt(p.wallMs / runs)} ms per run, ${fmt(p.idleMs)} ms waiting (idle), GC ${fmt(p.gcMs)} ms`);
    console.log(`    application functions (inclusive): ${p.topApp.map(([k, v]) => `${k} ${fmt(v, 1)} ms`).join("; ")}`);
    console.log(`    self time: ${p.topSelf.map(([k, v]) => `${k} ${fmt(v, 1)} ms`).join("; ")}`);
  }

  // ---- Reminders: sendDueReminders with a backlog of due reminders
  const dueReminders = async (count: number) =>
    (
      await admin.query(
        `INSERT INTO appointment_reminder (id, "tenantId", "appointmentId", "offsetMinutes", "dueAt")
         SELECT ${UUID}, $1::uuid, a.id, 20160, now() - interval '1 minute'
           FROM appointment a
          WHERE a."tenantId" = $1::uuid AND a.status = 'booked' AND a."anonymisedAt" IS NULL AND a."startsAt" > now() + interval '1 hour'
            AND NOT EXISTS (SELECT 1 FROM appointment_reminder r WHERE r."appointmentId" = a.id AND r."offsetMinutes" = 20160)
          ORDER BY a."startsAt" LIMIT $2`,
        [town.id, count],
      )
    ).rowCount ?? 0;
  const queued = async () => {
    const r = await admin.query<{ mails: string; sms: string }>(
      `SELECT (SELECT count(*) FROM outbox_message WHERE "tenantId" = $1) AS mails, (SELECT count(*) FROM sms_message WHERE "tenantId" = $1) AS sms`,
      [town.id],
    ).catch(() => ({ rows: [{ mails: "-1", sms: "-1" }] }));
    return { mails: Number(r.rows[0]?.mails ?? 0), sms: Number(r.rows[0]?.sms ?? 0) };
  };
  phase = "reminders";
  await dueReminders(200);
  await sendDueReminders(new Date(), { tenantId: town.id }); // warm-up: pg-boss started, catalogues loaded
  const due = await dueReminders(REMINDERS);
  await admin.query("ANALYZE appointment_reminder");
  const before = await queued();
  const refsBefore = [(await timed(reference)).ms, (await timed(reference)).ms, (await timed(reference)).ms];
  const sent = await timed(() => sendDueReminders(new Date(), { tenantId: town.id }));
  const refsAfter = [(await timed(reference)).ms, (await timed(reference)).ms, (await timed(reference)).ms];
  const after = await queued();
  allRefs.push(...refsBefore, ...refsAfter);
  throughputs.push({
    key: "reminders",
    label: `sendDueReminders, ${fmt(due)} due reminders (batches of 50)`,
    unit: "reminders",
    items: sent.value,
    samples: [sent.ms],
    refs: [...refsBefore, ...refsAfter],
    extra: `${fmt(after.mails - before.mails)} e-mails and ${fmt(after.sms - before.sms)} text messages queued`,
  });
  await dueReminders(300);
  const reminderProfile = await cpuProfile("reminders", "sendDueReminders, 300 due reminders", () => sendDueReminders(new Date(), { tenantId: town.id }), 1);
  profiles.push(reminderProfile);
  console.log(`Profile of ${reminderProfile.label}: ${fmt(reminderProfile.wallMs)} ms, ${fmt(reminderProfile.idleMs)} ms waiting; ${reminderProfile.topApp.map(([k, v]) => `${k} ${fmt(v, 1)} ms`).join("; ")}`);
  const remindersPerDay = Number(
    (await admin.query<{ n: string }>(`SELECT count(*) / 7 AS n FROM appointment_reminder WHERE "tenantId" = $1 AND "sentAt" IS NULL AND "dueAt" > now() AND "dueAt" <= now() + interval '7 days'`, [town.id])).rows[0]?.n ?? 0,
  );
  console.log(`\nReminders: ${fmt(sent.value)} of ${fmt(due)} sent in ${fmt(sent.ms)} ms → ${fmt(sent.value / (sent.ms / 1000))} reminders/s; ${fmt(after.mails - before.mails)} e-mails and ${fmt(after.sms - before.sms)} text messages queued`);

  // ---- Retention: anonymiseTown with the services' retention set to 30 days
  phase = "retention";
  for (const s of [svcId, svcCivil]) await updateServiceRow(town.id, s.id, { retentionDays: 30 });
  const retentionDue = Number(
    (await admin.query<{ n: string }>(`SELECT count(*) AS n FROM appointment a JOIN appointment_service s ON s.id = a."serviceId" WHERE a."tenantId" = $1 AND a."anonymisedAt" IS NULL AND a."endsAt" + make_interval(days => s."retentionDays") < now()`, [town.id])).rows[0]?.n ?? 0,
  );
  const batches: number[] = [];
  const batchRefs: number[] = [];
  let anonymised = 0;
  for (let i = 0; i < RETENTION_BATCHES; i++) {
    batchRefs.push((await timed(reference)).ms);
    const t = await timed(() => anonymiseTown(town.id, new Date()));
    const n = Object.values(t.value).reduce((a, b) => a + b, 0);
    if (n === 0) break;
    batches.push(t.ms);
    anonymised += n;
    if (n < 5000) break;
  }
  allRefs.push(...batchRefs);
  throughputs.push({
    key: "retention",
    label: `retention job, anonymiseTown (batches of 5,000; ${fmt(retentionDue)} bookings due)`,
    unit: "rows",
    items: anonymised / Math.max(1, batches.length),
    samples: batches,
    refs: batchRefs,
    extra: `${fmt(anonymised)} anonymised in ${batches.length} batches`,
  });
  console.log(`Retention: ${fmt(anonymised)} of ${fmt(retentionDue)} due anonymised in ${batches.length} batches, median ${fmt(median(batches))} ms per batch → ${fmt((anonymised / batches.length) / (median(batches) / 1000))} rows/s`);
  const retentionPlans = await explainPass("retention job", [{ key: "retention", fn: () => anonymiseTown(town.id, new Date()) }], 5);
  const loadAfter = loadAverage();

  // ---------------------------------------------------------------------------------------------------
  // Report
  const R = median(allRefs);
  const cpu = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}`;
  /** The first run's figures apply to the default size only. */
  const showBefore = APPOINTMENTS === 200_000;
  const beforeL = (key: string) => (showBefore ? BEFORE_LATENCY[key] : undefined);
  const beforeT = (key: string) => (showBefore ? BEFORE_THROUGHPUT[key] : undefined);
  const beforeP = (key: string) => (showBefore ? BEFORE_PROFILE[key] : undefined);
  const was = (text: string | undefined) => (text ? ` (was ${text})` : "");
  const wasXR = (key: string) => was(beforeL(key) ? `${times(beforeL(key)!.xR)}×` : undefined);
  const latencyTable = [
    "| measure (in-process, real service functions) | result | median ms | p95 ms | × R (median) | × R (p95) | before: median ms | before: × R |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    `| **R**: \`SELECT id FROM appointment WHERE "tenantId" = $1 ORDER BY "startsAt" LIMIT 50\` ($queryRaw) | 50 rows | ${ms(R)} | ${ms(percentile(allRefs, 95))} | 1 | – | ${showBefore ? "0.80" : "–"} | 1 |`,
    ...results.map((r) => {
      const b = beforeL(r.key);
      return `| ${r.label.replace(/^\s+/, "↳ ")} | ${r.note} | ${ms(median(r.samples))} | ${ms(percentile(r.samples, 95))} | **${times(median(r.samples) / median(r.refs))}×** | ${times(percentile(r.samples, 95) / median(r.refs))}× | ${b ? ms(b.ms) : "–"} | ${b ? `${times(b.xR)}×` : "–"} |`;
    }),
  ].join("\n");
  const rateOf = (t: TThroughput | undefined) => (t ? t.items / (median(t.samples) / 1000) : NaN);
  const tp = (key: string) => throughputs.find((t) => t.key === key);
  const rawRate = rateOf(tp("raw-read"));
  const throughputTable = [
    "| measure | items per run | runs | median ms | items/s | one item, × R | rate ÷ raw read rate | | before: median ms | before: items/s |",
    "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|",
    ...throughputs.map((t) => {
      const perItem = median(t.samples) / t.items;
      const b = beforeT(t.key);
      return `| ${t.label} | ${fmt(t.items)} ${t.unit} | ${t.samples.length} | ${fmt(median(t.samples))} | **${fmt(rateOf(t))}** | ${times(perItem / median(t.refs))}× | ${t.unit === "rows" ? `${((rateOf(t) / rawRate) * 100).toFixed(1)} %` : "–"} | ${t.extra} | ${b ? fmt(b.ms) : "–"} | ${b ? fmt(b.rate) : "–"} |`;
    }),
  ].join("\n");
  const shortName = (k: string) => k.replace(/\((?:lib|app)\/(?:.*\/)?([^/]+)\)$/, "($1)");
  const profileTable = [
    "| measure (profiled in a separate, untimed pass) | ms per run | before: ms per run | waiting for PostgreSQL | JavaScript and GC | heaviest application functions (inclusive ms per run) |",
    "|---|---:|---:|---:|---:|---|",
    ...profiles.map((p) => {
      const per = p.wallMs / p.runs;
      const b = beforeP(p.key);
      return `| ${p.label} | ${fmt(per)} | ${b !== undefined ? fmt(b) : "–"} | ${fmt(p.idleMs)} | ${fmt(Math.max(0, per - p.idleMs))} | ${p.topApp.slice(0, 4).map(([k, v]) => `${shortName(k)} ${fmt(v)}`).join(", ")} |`;
    }),
  ].join("\n");

  // What the plans say: sequential scans, indexes, and which statement is which.
  const planOf = (map: Map<string, TPlan[]>, key: string) => map.get(key) ?? [];
  const seqLine = (list: TPlan[], table = "appointment") => {
    for (const p of list) {
      const i = p.lines.findIndex((l) => new RegExp(`Seq Scan on ${table}\\b`).test(l));
      if (i < 0) continue;
      const node = p.lines[i]!.trim().replace(/\s*\(cost=[^)]*\)/, "").replace(/^->\s+/, "");
      const removed = p.lines.slice(i + 1, i + 4).find((l) => /Rows Removed by Filter/.test(l))?.trim();
      return `${node}${removed ? `; ${removed}` : ""}`;
    }
    return null;
  };
  const statementName = (q: string) =>
    /^SELECT COUNT\(\*\)/.test(q) ? "the count (countAppointments)"
    : /^SELECT "public"\."appointment"\."id", "public"\."appointment"\."tenantId"/.test(q) ? "the page (searchAppointments)"
    : /to_char\("startsAt" AT TIME ZONE/.test(q) ? "bookings per day (appointmentsPerDay)"
    : /count\(p\.id\) FILTER/.test(q) ? "places per slot (takenPlaces)"
    : /^SELECT "public"\."appointment_slot"\./.test(q) && /"public"\."appointment_slot"\."capacity"/.test(q) && /FROM "public"\."appointment_slot" WHERE/.test(q) && !/JOIN/.test(q) ? "slot capacities (slotCapacities)"
    : /FILTER \(WHERE status = 'booked'\) AS bookings/.test(q) ? "counts per service (appointmentCountsByService)"
    : /FROM appointment_slot s\s+JOIN appointment_place p/.test(q) ? "places of the slots (calendarPlaces)"
    : /"overbooked" = \$|overbooked/.test(q) && /"public"\."appointment"/.test(q) ? "overbooked appointments"
    : `\`${q.slice(0, 60)}…\``;
  /** Index names a plan reads (index scans, index-only scans, bitmap index scans). */
  const indexNames = (p: TPlan) => [
    ...new Set(
      p.lines.flatMap((l) => {
        const m = /Index (?:Only )?Scan (?:Backward )?using "?(\w+)"? on|Bitmap Index Scan on "?(\w+)"?/.exec(l);
        return m ? [(m[1] ?? m[2])!] : [];
      }),
    ),
  ];
  const ratioOf = (key: string) => {
    const r = results.find((x) => x.key === key);
    return r ? median(r.samples) / median(r.refs) : NaN;
  };
  const xR = (key: string) => `${times(ratioOf(key))}× R`;
  const msOf = (key: string) => ms(median(results.find((x) => x.key === key)?.samples ?? [NaN]));
  const block = (p: TPlan, max = 18) => "```\n" + keyLines(p, max).join("\n") + "\n```";
  const planSection: string[] = [];
  const quiet: string[] = [];
  for (const key of explained) {
    const list = planOf(plans, key);
    const label = byKey.get(key)!.label.trim();
    const scans = list.filter((p) => p.lines.some((l) => /Seq Scan on appointment/.test(l)));
    if (list.length === 0) {
      quiet.push(`${label}: no statement over 5 ms`);
      continue;
    }
    if (scans.length === 0 && ratioOf(key) < 20) {
      quiet.push(`${label}: slowest statement ${fmt(list[0]!.durationMs, 1)} ms (${statementName(list[0]!.query)}), index scans`);
      continue;
    }
    const shown = scans.length ? scans : list.slice(0, 1);
    planSection.push(`- **${label}** (${xR(key)}): ${shown.map((p) => `${statementName(p.query)} ${fmt(p.durationMs, 1)} ms`).join(", ")}${scans.length ? " — sequential scans" : ""}:\n\n${shown.map((p) => block(p)).join("\n")}`);
  }
  const retentionList = planOf(retentionPlans, "retention");

  // The searches: the count and the page of each, the indexes they read.
  const UNIQUE_REFERENCE = "appointment_tenantId_reference_key";
  const wholeReference = (key: string) => key === "list-ref" || key === "list-ref-all";
  const expectedIndexes = (key: string) => (wholeReference(key) ? [UNIQUE_REFERENCE] : TRGM_INDEXES);
  const searchChecks = searched.map((key) => {
    const statements = planOf(searchPlans, key).filter((p) => /^the (count|page)/.test(statementName(p.query)));
    const count = statements.find((p) => statementName(p.query).startsWith("the count"));
    const page = statements.find((p) => statementName(p.query).startsWith("the page"));
    const seq = statements.filter((p) => p.lines.some((l) => /Seq Scan on appointment\b/.test(l)));
    const countIndexed = !!count && indexNames(count).some((n) => expectedIndexes(key).includes(n));
    return { key, label: byKey.get(key)!.label.trim(), count, page, seq, ok: countIndexed && seq.length === 0 };
  });
  const indexText = (p: TPlan) => {
    const names = indexNames(p);
    const allTrgm = TRGM_INDEXES.every((n) => names.includes(n));
    const shown = [...(allTrgm ? ["the four `appointment_*_trgm_idx` (BitmapOr)"] : []), ...names.filter((n) => !allTrgm || !TRGM_INDEXES.includes(n)).map((n) => `\`${n}\``)];
    return shown.join(" and ") || "no index";
  };
  const indexList = (p: TPlan | undefined) => (p ? `${ms(p.durationMs)} ms: ${indexText(p)}${p.lines.some((l) => /Seq Scan on appointment\b/.test(l)) ? ", **sequential scan of appointment**" : ""}` : "not logged");
  const searchTable = [
    "| search | × R (median) | before: × R | the count: its time, the indexes it reads | the page: its time, the indexes it reads |",
    "|---|---:|---:|---|---|",
    ...searchChecks.map((c) => `| ${c.label} | **${times(ratioOf(c.key))}×** | ${beforeL(c.key) ? `${times(beforeL(c.key)!.xR)}×` : "–"} | ${indexList(c.count)} | ${indexList(c.page)} |`),
  ].join("\n");
  const searchBlocks = ["list-name", "list-name-all", "list-ref-part", "list-ref"]
    .map((key) => {
      const c = searchChecks.find((x) => x.key === key)!;
      const slowest = [c.count, c.page].filter((p): p is TPlan => !!p).sort((a, b) => b.durationMs - a.durationMs)[0];
      return slowest ? `- ${c.label}, ${statementName(slowest.query)} (${fmt(slowest.durationMs, 1)} ms, its slower statement):\n\n${block(slowest, 14)}` : "";
    })
    .filter(Boolean)
    .join("\n");

  // What the figures mean (written from this run's figures; the conditions follow the plans and profiles).
  const prof = (key: string) => profiles.find((p) => p.key === key);
  const appMs = (p: TProfileSummary | undefined, fn: string) => [...(p?.app ?? [])].find(([k]) => k.startsWith(`${fn} `))?.[1] ?? 0;
  const meaning: string[] = [];
  {
    const wrong = searchChecks.filter((c) => !c.ok);
    // Where a name search's time goes now: its slower statement, and whether it reads the trigram bitmap.
    const nameCheck = searchChecks.find((c) => c.key === "list-name");
    const namePage = nameCheck?.page;
    const pageWalk = namePage?.lines.findIndex((l) => /Index Scan using "?appointment_tenantId_startsAt_idx"?/.test(l)) ?? -1;
    const pageRemoved = namePage && pageWalk >= 0 ? /Rows Removed by Filter: (\d+)/.exec(namePage.lines.slice(pageWalk + 1, pageWalk + 4).join(" "))?.[1] : undefined;
    const pageNote =
      namePage && nameCheck?.count && pageRemoved && namePage.durationMs > nameCheck.count.durationMs
        ? ` The slower of a name search's two statements is now the page (${ms(namePage.durationMs)} ms in the logged run, the count ${ms(nameCheck.count.durationMs)} ms with the trigram indexes): for the first page the planner walks the ("tenantId", "startsAt") index in time order and checks each booking (${fmt(Number(pageRemoved))} rows removed by the filter) until it has 51 matches, instead of reading the trigram bitmap and sorting the matches. It is the planner's choice for a LIMIT when it expects many matches spread over time; its cost is the bookings walked before the 51st match. Not changed here.`
        : "";
    meaning.push(
      `- **Search — fixed.** Migration \`20261123030000_appointment_search\` creates pg_trgm and GIN trigram indexes on "firstName", "lastName", email and reference (appointment_*_trgm_idx), which answer Prisma's \`contains\` (\`ILIKE '%…%'\` / \`LIKE '%…%'\`); appointmentWhere (lib/appointments/repo.ts) looks a whole reference (XXX-XXX-XXX) up with \`reference = q\` on the unique ("tenantId", reference) index. ` +
        `A name now costs ${xR("list-name")} from today${wasXR("list-name")} and ${xR("list-name-all")} over all dates${wasXR("list-name-all")}, medians ${msOf("list-name")} and ${msOf("list-name-all")} ms; part of a reference ${xR("list-ref-part")} and ${xR("list-ref-part-all")}; a whole reference ${xR("list-ref")} and ${xR("list-ref-all")}${showBefore ? ` (was ${times(BEFORE_LATENCY["list-ref"]!.xR)}× and ${times(BEFORE_LATENCY["list-ref-all"]!.xR)}×, when it went through the same \`LIKE '%…%'\` scan as a part of one)` : ""}. ` +
        (wrong.length === 0
          ? `The plans (every statement logged, table below) confirm it: each search's count reads the expected index (a trigram index for a name or part of a reference, \`${UNIQUE_REFERENCE}\` for a whole one) and no statement scans appointment sequentially.`
          : `**Not as expected** — ${wrong.map((c) => `${c.label}: ${c.seq.length ? `sequential scan (\`${seqLine(c.seq)}\`)` : `the count reads ${c.count ? indexNames(c.count).join(", ") || "no index" : "nothing logged"}, not ${expectedIndexes(c.key).join(" / ")}`}`).join("; ")}.`) +
        pageNote +
        ` The trigram indexes do not hold tenantId: with many towns in one database the bitmap is filtered by town afterwards (btree_gin could add it; not needed at one town's scale).`,
    );
  }
  const csv = tp("export-csv");
  const xlsx = tp("export-xlsx");
  const pCsv = prof("export-csv");
  const wallClockMs = appMs(pCsv, "wallClock");
  const leaks = [...warnings.values()].filter((w) => /MaxListenersExceeded/.test(w.message));
  if (csv && xlsx) {
    const bCsv = beforeT("export-csv");
    const bXlsx = beforeT("export-xlsx");
    const bProf = beforeP("export-csv");
    meaning.push(
      `- **Exports — fixed: ${fmt(rateOf(csv))} rows/s in CSV${was(bCsv && fmt(bCsv.rate))} and ${fmt(rateOf(xlsx))} in XLSX${was(bXlsx && fmt(bXlsx.rate))}, ${((rateOf(csv) / rawRate) * 100).toFixed(1)} % and ${((rateOf(xlsx) / rawRate) * 100).toFixed(1)} % of the rate at which PostgreSQL hands over the same rows** (${fmt(median(csv.samples) / 1000, 1)} s and ${fmt(median(xlsx.samples) / 1000, 1)} s for ${fmt(csv.items)} rows; this town's year of bookings (${fmt(Number(mix.total))}) would keep one server's CPU busy for about ${fmt(Number(mix.total) / rateOf(csv))} s${showBefore && bCsv ? `, was ${fmt(Number(mix.total) / bCsv.rate)} s` : ""}). ` +
        `wallClock (lib/appointments/export-format.ts) now reuses one Intl.DateTimeFormat per time zone instead of building one per cell: the profile puts ${fmt(wallClockMs)} ms of the CSV export's ${fmt(pCsv ? pCsv.wallMs / pCsv.runs : NaN)} ms in it${showBefore && bProf ? ` (was ${fmt(BEFORE_FUNCTION_MS.wallClockInCsvExport)} of ${fmt(bProf)})` : ""}` +
        (pCsv ? `; the heaviest application functions now: ${pCsv.topApp.slice(0, 4).map(([k, v]) => `${shortName(k)} ${fmt(v)} ms`).join(", ")}; ${fmt(pCsv.idleMs)} ms waiting for PostgreSQL.` : ".") +
        (leaks.length
          ? ` **Node still warned** ${leaks.map((w) => `\`${w.message}\` (${w.count} times, during ${w.phase})`).join("; ")}.`
          : ` writeCsv now waits for "drain" with \`events.once\`, which removes its listeners: no MaxListenersExceededWarning this run${showBefore ? ` (the first run had ${BEFORE_WARNINGS})` : ""}.`),
    );
  }
  const p365 = prof("stats365");
  const placeScan = seqLine(planOf(plans, "stats30"), "appointment_place") ?? seqLine(planOf(plans, "stats365"), "appointment_place");
  const takenLogged = [...planOf(plans, "stats30"), ...planOf(plans, "stats365")].some((p) => statementName(p.query).startsWith("places per slot"));
  const capacityPlan = planOf(plans, "stats365").find((p) => statementName(p.query).startsWith("slot capacities"));
  const dayScan = seqLine(planOf(plans, "stats365"));
  const slotsMs = appMs(p365, "computeSlots");
  const statsOthers = planOf(plans, "stats365").filter((p) => !statementName(p.query).startsWith("slot capacities")).slice(0, 3);
  meaning.push(
    `- **Statistics — fixed: ${xR("stats30")} for 30 days${wasXR("stats30")}, ${xR("stats365")} for a year${wasXR("stats365")}** (medians ${msOf("stats30")} and ${msOf("stats365")} ms). ` +
      (placeScan || takenLogged
        ? `**Not as expected**: the places are still read${placeScan ? ` — \`${placeScan}\`` : " (takenPlaces)"}.`
        : `placesOffered (lib/appointments/service/statistics.ts) reads each slot's capacity with slotCapacities (lib/appointments/repo.ts), from appointment_slot alone, instead of joining every place row of the period (the sequential scan of appointment_place is gone)${capacityPlan ? `: ${fmt(capacityPlan.durationMs, 1)} ms over a year, ${indexNames(capacityPlan).map((n) => `\`${n}\``).join(", ") || "no index"}` : "; it stays under the 5 ms logging threshold"}.`) +
      (statsOthers.length ? ` The year's slowest statements now: ${statsOthers.map((p) => `${statementName(p.query)} ${fmt(p.durationMs, 1)} ms`).join(", ")}.` : "") +
      (slotsMs > 0 ? ` Not changed: the places the rules offered are computed in JavaScript, computeSlots takes ${fmt(slotsMs)} ms of a year-long run (${fmt(appMs(p365, "localInstant"))} ms in localInstant, two @date-fns/tz conversions per opening range and day); computing each date's offset once would cut it.` : "") +
      (dayScan ? ` Over a year the bookings per day and per service read half of the table (\`${dayScan}\`), which is what a sequential scan is for; a covering index ("tenantId", "startsAt") INCLUDE ("serviceId", status) would make it index-only. A page opened a few times a day: neither is urgent.` : ""),
  );
  const ret = tp("retention");
  const retScan = seqLine(retentionList);
  const retScans = retentionList[0]?.lines.filter((l) => /Seq Scan on appointment\b/.test(l)).length ?? 0;
  if (ret) {
    const batchesNeeded = Math.ceil(retentionDue / 5000);
    const b = beforeT("retention");
    meaning.push(
      `- **Retention — not changed: ${fmt(rateOf(ret))} bookings anonymised per second${was(b && fmt(b.rate))}** (a batch of 5,000 in ${fmt(median(ret.samples))} ms). ` +
        (retScan
          ? `Each batch finds its rows with \`a."endsAt" + make_interval(days => s."retentionDays") < now\`, which no index can serve: \`${retScan}\`${retScans > 1 ? ", and the UPDATE joins the 5,000 ids back with a second sequential scan" : ""}. Every batch reads all the town's bookings not yet anonymised, so a backlog costs batches × town size (the ${fmt(retentionDue)} due here: ${batchesNeeded} batches, about ${fmt((batchesNeeded * median(ret.samples)) / 1000, 1)} s). In steady state one day's bookings fall due each day (one batch), so it is acceptable now; **still suggested** if towns grow: per service, \`a."serviceId" = $service AND a."endsAt" < $now - retentionDays\` with a partial index on ("tenantId", "endsAt") WHERE "anonymisedAt" IS NULL.`
          : "Its statements use indexes."),
    );
  }
  const pWeek = prof("cal-week");
  const localDateMs = appMs(pWeek, "localDate");
  meaning.push(
    `- **Calendar: ${xR("cal-day")} for a site's day${wasXR("cal-day")}, ${xR("cal-week")} for its week${wasXR("cal-week")}.**` +
      (seqLine(planOf(plans, "cal-week"), "appointment_place") || seqLine(planOf(plans, "cal-week"))
        ? ` Its places query reads a table sequentially: \`${seqLine(planOf(plans, "cal-week"), "appointment_place") ?? seqLine(planOf(plans, "cal-week"))}\`.`
        : ` Its statements use indexes (the slots' unique index, the places' ("slotId", seat) index, the appointments' primary key).`) +
      (pWeek
        ? ` localDate (lib/appointments/slots.ts) now reuses one Intl.DateTimeFormat per time zone: ${fmt(localDateMs)} ms of the week's ${fmt(pWeek.wallMs / pWeek.runs)} ms per run (profiled)${showBefore ? `, was ${fmt(BEFORE_FUNCTION_MS.localDateInCalendarWeek)} of ${fmt(BEFORE_PROFILE["cal-week"]!)}` : ""}; the heaviest application functions now: ${pWeek.topApp.slice(0, 3).map(([k, v]) => `${shortName(k)} ${fmt(v)} ms`).join(", ")}.`
        : ""),
  );
  const rem = tp("reminders");
  const pRem = prof("reminders");
  if (rem) {
    const b = beforeT("reminders");
    meaning.push(
      `- **Reminders: ${fmt(rateOf(rem))} per second${was(b && fmt(b.rate))}** (${ms(median(rem.samples) / rem.items)} ms each: the appointment is read, an e-mail — and a text message when the service sends them and the citizen gave a phone — is queued with its pg-boss job in the batch's transaction${pRem ? `; ${fmt((pRem.idleMs / (pRem.wallMs / pRem.runs)) * 100)} % of the time waiting for PostgreSQL` : ""}). This town has about ${fmt(remindersPerDay)} reminders due a day, ${fmt(remindersPerDay / rateOf(rem), 1)} s of work; the backlog of ${fmt(rem.items)} took ${fmt(median(rem.samples) / 1000, 1)} s. Not a bottleneck (reading a batch's 50 appointments in one query would be the next step if it became one).`,
    );
  }
  meaning.push(
    `- **Browsing the list is cheap**: the first page with the default filters costs ${xR("list")}${wasXR("list")}, median ${msOf("list")} ms, with a service filter ${xR("list-service")}. ${ratioOf("count") > 0.5 * ratioOf("list") ? "Most of it is" : "Part of it is"} the count of the ${results.find((r) => r.key === "count")?.note ?? "?"} coming bookings that listBookings runs beside the page (${xR("count")} alone, an index-only scan of ("tenantId", "startsAt")): it grows with the bookings to come, not with the town's history.`,
  );
  meaning.push(
    `- Process warnings during this run: ${warnings.size ? [...warnings.values()].map((w) => `\`${w.message}\` (${w.count} times, during ${w.phase})`).join("; ") : "none"}${showBefore ? ` (first run: ${BEFORE_WARNINGS})` : ""}.`,
  );
  const notes = meaning.join("\n");

  const section = `<!-- bench:agents -->
## B-agents: the agents' side of appointments at a large town's scale (bench/agents)

Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu}, ${fmt(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, its default settings: shared_buffers ${sharedBuffers}, work_mem ${workMem}), code ${revision}. Everything in one process (the service functions, Prisma, pg-boss) with PostgreSQL beside it on the same ${os.cpus().length} cores, nothing pinned; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after. \`npm run bench:agents\` regenerates this section (\`-- --appointments N\` for another size); it takes about ${fmt((Date.now() - startedAt.getTime()) / 60_000, 1)} min.

${showBefore ? `**Before and after.** The "before" columns are the first run of this benchmark (${BEFORE_LABEL}, same machine and size), kept as constants in bench/agents/run.ts. Since then: the search's trigram indexes and whole-reference lookup (migration 20261123030000_appointment_search, appointmentWhere in lib/appointments/repo.ts), one Intl.DateTimeFormat per time zone in wallClock (lib/appointments/export-format.ts) and localDate (lib/appointments/slots.ts), \`events.once(out, "drain")\` in writeCsv, and slotCapacities for the statistics. The retention job is unchanged.` : `**Before and after.** Not shown: the first run's figures (${BEFORE_LABEL}) were measured at 200,000 appointments.`}

**Method.** One town (Europe/Paris, French public holidays) with two services at two sites: identity cards and passports (20-minute slots, ${deskId} desks per site, Mon–Fri 08:30–12:00 and 13:30–17:00 and Saturday mornings, up to 3 people per booking, reminders 2 days and 2 hours before, also by SMS) and civil registry (15-minute slots, ${deskCivil} desks per site, Mon–Fri 09:00–12:00 and 14:00–16:30, one custom question, a reminder the day before). Seeded with a few INSERT … SELECT statements in ${fmt(seedMs / 1000, 1)} s: ${mixText}. The bookings take places from ${fromDate} to ${toDate}, every place of the past equally likely, the coming months less the further out; they are inserted in booking order (not in time order), as a real table grows. Names are frequent French first names and surnames, skewed like real ones ("${SEARCHED_NAME}" matches ${fmt(nameMatches)} bookings), e-mails derived from them, 65 % with a phone. Then VACUUM ANALYZE. The search's indexes are those the migrations create (checked, not made by the benchmark): ${trgmText}. Each measure calls the real service function in this process, as an administrator (createAgentWithPassword + getAgentForSession): ${WARMUP} warm-up runs, then ${REPS} timed runs, each paired with one run of the reference **R** through the same Prisma client, in alternating order; "× R" divides by the median of the R runs paired with that measure (R's median over the whole run: ${ms(R)} ms). Exports: the background job (buildExport: keyset pages, rows, file in a temporary DATA_DIR) over the bookings from ${addDays(today, -90)} on, ${EXPORT_REPS} runs per format after one warm-up, against one statement reading the same rows. Reminders: ${fmt(due)} due reminders inserted on the nearest booked appointments (as after a pause of the job), one sendDueReminders run (e-mails and SMS queued through pg-boss, not sent). Retention: both services' retention set to 30 days, anonymiseTown run batch after batch. Query plans: a separate, untimed pass with auto_explain (log_analyze; statements over 5 ms, every statement for the searches) on fresh connections; CPU profiles: another untimed pass with node:inspector.

### Latencies

${latencyTable}

### Throughputs

${throughputTable}

### What changed, and what the figures mean

${notes}

### The searches: which index answers (auto_explain, every statement)

${searchTable}

${searchBlocks}

### Query plans of the other measures (key lines, from auto_explain)

${planSection.join("\n")}
- Without sequential scans: ${quiet.join("; ")}.
${retentionList[0] ? `- **Retention job** (anonymiseExpiredAppointments), one batch ${fmt(retentionList[0].durationMs, 1)} ms:\n\n${block(retentionList[0], 34)}` : ""}

### Where the process's time goes (CPU profiles)

${profileTable}
<!-- /bench:agents -->`;

  if (DRY_RUN) {
    console.log(`\n--dry-run: the section, not written to docs/benchmarks.md:\n\n${section}`);
  } else {
    const file = path.resolve("docs/benchmarks.md");
    const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
    const marker = /<!-- bench:agents -->[\s\S]*<!-- \/bench:agents -->/;
    const next = marker.test(current) ? current.replace(marker, () => section) : `${current.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, next);
    console.log(`\n${latencyTable}\n\n${throughputTable}\n\n${searchTable}\n\nWritten to docs/benchmarks.md`);
  }
} catch (error) {
  console.error("\nbench/agents failed:", error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
