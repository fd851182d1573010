// bench/citizens: the citizen space at a large town's scale, in-process, on its own embedded PostgreSQL.
// One town with --appointments bookings of other citizens (random e-mails, spread over a year), --requests
// sent requests of a published form (with their history lines), a few thousand waiting-list entries, and
// one citizen account that owns --mine appointments, --mine / 2 requests (each with ~5 public messages
// from the town), 2 drafts and a few waiting-list entries. A second address made --mine appointments,
// --mine / 2 requests and 3 waiting-list entries without an account (citizenId null): what attaching at
// sign-in finds. Seeded with a few INSERT … SELECT statements, then VACUUM ANALYZE.
//
// Then the real service functions are timed (median and p95 of --reps repetitions after a warm-up),
// each repetition interleaved with the reference R, a plain indexed read through the same Prisma
// client:  SELECT id FROM appointment WHERE "tenantId" = $1 ORDER BY "startsAt" LIMIT 50  (as bench/agents).
//   - citizenTimeline (lib/citizens/service/timeline.ts), everything and filtered by kind
//   - myData (lib/citizens/service/my-data.ts), "download my data"
//   - attachByEmail (lib/citizens/service/attach-items.ts) for the unattached address, in a transaction
//     rolled back after each repetition (every repetition attaches the same rows), and for the
//     account's own address (nothing left to attach: what every later sign-in pays)
// Every statement of each measure is then logged once with auto_explain (log_analyze, threshold 0 ms, an
// untimed pass on fresh connections) to report which index answers it, and any sequential scan.
// Results are printed and written into docs/benchmarks.md (bench:citizens section).
// Usage: npm run bench:citizens [-- --appointments 200000 --requests 50000 --mine 100 --reps 30 --dry-run]
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
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
const REQUESTS = option("requests", 50_000);
const MINE = option("mine", 100);
const MY_REQUESTS = Math.max(1, Math.floor(MINE / 2));
const MESSAGES_PER_REQUEST = 5;
const MY_WAITERS = 4;
const OTHER_SESSIONS = Math.max(10, Math.floor(APPOINTMENTS / 10));
const REPS = option("reps", 30);
const WARMUP = 3;
/** Logged runs of each measure in the auto_explain pass (the plans' times are their medians). */
const EXPLAIN_RUNS = 5;
/** --dry-run: print the report section instead of writing it into docs/benchmarks.md. */
const DRY_RUN = args.includes("--dry-run");
const MY_EMAIL = "camille.martin@example.net";
const NEW_EMAIL = "dominique.petit@example.net";

const TMP = mkdtempSync(path.join(os.tmpdir(), "civitas-citizens-"));
chmodSync(TMP, 0o755); // as root, PostgreSQL runs as the postgres user and must reach TMP/db
let database: TEmbeddedDatabase | null = null;
const clients: pg.Client[] = [];
let cleaned: Promise<void> | null = null;
let pgLogText = "";

function cleanup(): Promise<void> {
  cleaned ??= (async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => {});
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

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // lib/appointments/service/book-appointment.ts
/** A reference XXX-XXX-XXX from the row number n: a bijection of n mod 32^9, so references are unique. */
function referenceSql(n: string): string {
  const x = `((${n} * 1103515245 + 12345) % 35184372088832)`;
  const digit = (k: number) => `substr('${REFERENCE_ALPHABET}', ((${x} >> ${5 * k}) & 31)::int + 1, 1)`;
  const group = (ks: number[]) => ks.map(digit).join(" || ");
  return `${group([8, 7, 6])} || '-' || ${group([5, 4, 3])} || '-' || ${group([2, 1, 0])}`;
}
const FIRST_NAMES = ["Marie", "Jean", "Pierre", "Nathalie", "Isabelle", "Philippe", "Sylvie", "Nicolas", "Sophie", "Camille", "Léa", "Hugo", "Inès", "Karim", "Yasmine", "Thomas"];
const LAST_NAMES = ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Rousseau"];
const sqlArray = (xs: readonly string[]) => `ARRAY[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(",")}]::text[]`;

// auto_explain plans from the server log (as bench/agents)

type TPlan = { durationMs: number; query: string; lines: string[] };

function parsePlans(text: string): TPlan[] {
  const plans: TPlan[] = [];
  const header = /LOG:\s+duration: ([\d.]+) ms\s+plan:/g;
  const starts: { index: number; end: number; ms: number }[] = [];
  for (let m = header.exec(text); m; m = header.exec(text)) starts.push({ index: m.index, end: m.index + m[0].length, ms: Number(m[1]) });
  for (let i = 0; i < starts.length; i++) {
    const s = starts[i]!;
    let body = text.slice(s.end, starts[i + 1]?.index ?? text.length);
    const next = body.search(/\n\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
    if (next >= 0) body = body.slice(0, next);
    const lines = body.split("\n").map((l) => l.replace(/\s+$/, ""));
    const first = lines.findIndex((l) => /\(cost=[^)]*\) \(actual/.test(l) || /\(actual time=/.test(l));
    if (first < 0) continue;
    const query = lines.slice(0, first).join(" ").replace(/^\s*Query Text:\s*/, "").replace(/\s*Query Parameters:.*$/, "").replace(/\s+/g, " ").trim();
    plans.push({ durationMs: s.ms, query, lines: lines.slice(first).filter((l) => l.trim() !== "").map((l) => l.replace(/^\t/, "")) });
  }
  return plans;
}

/** What a statement is: its verb and main table ("SELECT appointment", "UPDATE form_request"). */
function statementOf(q: string): string {
  const verb = /^\s*(SELECT|UPDATE|INSERT|DELETE|WITH)/i.exec(q)?.[1]?.toUpperCase() ?? "?";
  const table = /(?:UPDATE|FROM|INTO)\s+"public"\."(\w+)"/i.exec(q)?.[1] ?? /(?:UPDATE|FROM|INTO)\s+"?(\w+)"?/i.exec(q)?.[1] ?? "?";
  return `${verb} ${table}`;
}

/** How the plan reaches its rows: every scan node, tidied ("Index Scan using x on t (rows=100)", "Seq Scan on t …"). */
function accessPaths(p: TPlan): string[] {
  const out: string[] = [];
  p.lines.forEach((line, i) => {
    const m = /((?:Parallel )?(?:Seq Scan|Index Scan(?: Backward)?|Index Only Scan(?: Backward)?|Bitmap Index Scan|Bitmap Heap Scan)\b[^(]*)\(cost=[^)]*\) \(actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+) loops=(\d+)\)/.exec(line);
    if (!m) return;
    let text = `${m[1]!.trim()} (rows=${Number(m[2])}${m[3] !== "1" ? `, loops=${m[3]}` : ""})`;
    if (/Seq Scan/.test(m[1]!)) {
      const removed = p.lines.slice(i + 1, i + 4).find((l) => /Rows Removed by Filter/.test(l))?.trim();
      if (removed) text += `; ${removed}`;
    }
    if (/Bitmap Heap Scan/.test(m[1]!)) return; // its Bitmap Index Scan names the index
    out.push(text);
  });
  return out;
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
/** Thrown inside the attach transaction so that it rolls back. */
class Rollback extends Error {}
let exitCode = 0;
try {
  const loadBefore = loadAverage();
  console.log(`bench/citizens: ${fmt(APPOINTMENTS)} appointments, ${fmt(REQUESTS)} requests, the account's ${MINE} appointments and ${MY_REQUESTS} requests, ${REPS} repetitions; load average ${loadBefore}`);
  database = await startEmbeddedPostgres({ dir: path.join(TMP, "db"), port: 0, log: (line) => void (pgLogText += `${line}\n`) });
  const dbName = new URL(database.url).pathname.slice(1);
  await applyMigrations(database.url);
  const admin = new pg.Client({ connectionString: database.url, application_name: "bench-citizens-seed" });
  await admin.connect();
  clients.push(admin);
  const show = async (name: string) => (await admin.query<Record<string, string>>(`SHOW ${name}`)).rows[0]?.[name] ?? "?";
  const pgVersion = await show("server_version");
  const versionNum = Number(await show("server_version_num"));
  const sharedBuffers = await show("shared_buffers");
  const workMem = await show("work_mem");
  const UUID = versionNum >= 180000 ? "uuidv7()" : "gen_random_uuid()";

  process.env.DATABASE_URL = database.url;
  process.env.ROOT_DOMAIN = "civitas.test";
  process.env.DATA_DIR = path.join(TMP, "data");
  process.env.LOG_LEVEL = "warn";
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url"); // follow-up links of the requests
  const { resetEnv } = await import("@/lib/core/env");
  resetEnv();

  const { getDb, disconnectDb, inTransaction } = await import("@/lib/core/db");
  const { createVisibleTown } = await import("@/tests/fixtures/towns");
  const { createPublishedForm } = await import("@/tests/fixtures/forms");
  const { createService, createSite } = await import("@/lib/appointments/service/configure");
  const { findCitizen, insertCitizen } = await import("@/lib/citizens/repo");
  const { citizenTimeline } = await import("@/lib/citizens/service/timeline");
  const { myData } = await import("@/lib/citizens/service/my-data");
  const { attachByEmail } = await import("@/lib/citizens/service/attach-items");
  const { listCitizenAppointments, listCitizenWaiters } = await import("@/lib/appointments/repo");
  const { listCitizenRequests, listEventsOfRequests, formsAndVersionsOf } = await import("@/lib/forms/repo");
  const { parseWorkflow } = await import("@/lib/workflow/definition");

  // ---- The town, two sites, two services, a published form, the two accounts
  const town = await createVisibleTown("citeville");
  const names = (fr: string, en: string) => ({ fr, en });
  const siteHall = await createSite(town.id, { names: names("Hôtel de ville", "Town hall"), address: names("1 place de la Mairie", "1 place de la Mairie"), phone: "+33 1 00 00 00 01" });
  const siteNorth = await createSite(town.id, { names: names("Mairie annexe Nord", "North annex"), address: names("12 avenue du Nord", "12 avenue du Nord"), phone: "+33 1 00 00 00 02" });
  const siteIds = [siteHall.id, siteNorth.id];
  const common = { phoneField: "optional" as const, minNoticeHours: 2, horizonWeeks: 26, maxActivePerCitizen: 2, reminderOffsets: [1440], siteIds };
  const serviceId = await createService(town.id, { names: names("Cartes d'identité et passeports", "Identity cards and passports"), durationMinutes: 20, ...common });
  const serviceCivil = await createService(town.id, { names: names("État civil", "Civil registry"), durationMinutes: 15, ...common });
  const serviceIds = [serviceId.id, serviceCivil.id];
  const form = await createPublishedForm(town, undefined, undefined, { title: "Encombrants", slug: "encombrants", prefix: "EN" });
  const me = await insertCitizen({ tenantId: town.id, email: MY_EMAIL, emailVerifiedAt: new Date(), name: "Camille Martin", locale: "fr" });
  const newcomer = await insertCitizen({ tenantId: town.id, email: NEW_EMAIL, emailVerifiedAt: new Date(), name: null, locale: "en" });

  // ---- Seed
  const seedStart = performance.now();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const r = await timed(() => admin.query(sql, params));
    console.log(`  ${label}: ${fmt(r.value.rowCount ?? 0)} rows, ${fmt(r.ms)} ms`);
    return r.value;
  };
  await admin.query("SELECT setseed(0.4242)");
  const first = `(${sqlArray(FIRST_NAMES)})[1 + floor(random() * ${FIRST_NAMES.length})::int]`;
  const last = `(${sqlArray(LAST_NAMES)})[1 + floor(random() * ${LAST_NAMES.length})::int]`;
  // Appointments: n < APPOINTMENTS are other citizens' (about two bookings per address), then the
  // account's MINE, then the newcomer's MINE (not attached). Spread over the past and the next six months.
  await step(
    "appointments (temporary)",
    `CREATE TEMP TABLE bench_appt AS
     SELECT g.n, ${UUID} AS id, ${referenceSql("g.n")} AS reference,
            CASE WHEN g.n < $1 THEN 'user' || floor(random() * ($1 / 2))::int || '@example.org' WHEN g.n < $1 + $2 THEN $3 ELSE $4 END AS email,
            CASE WHEN g.n >= $1 AND g.n < $1 + $2 THEN $5::uuid END AS citizen_id,
            ($6::uuid[])[1 + floor(random() * 2)::int] AS service_id, ($7::uuid[])[1 + floor(random() * 2)::int] AS site_id,
            date_trunc('hour', now() - interval '182 days' + random() * interval '365 days') + floor(random() * 4) * interval '15 minutes' AS starts_at,
            random() AS r_status, random() AS r_att, random() AS r_created, ${first} AS first_name, ${last} AS last_name
       FROM generate_series(0::bigint, $1::bigint + 2 * $2 - 1) AS g(n)`,
    [APPOINTMENTS, MINE, MY_EMAIL, NEW_EMAIL, me.id, serviceIds, siteIds],
  );
  await step(
    "appointment",
    `INSERT INTO appointment (id, "tenantId", reference, "serviceId", "siteId", "startsAt", "endsAt", people, status, "firstName", "lastName", email, phone, fields,
                              locale, "citizenId", "manageTokenHash", source, attendance, "attendanceAt", "cancelledAt", "createdAt", "updatedAt")
     SELECT a.id, $1::uuid, a.reference, a.service_id, a.site_id, a.starts_at, a.starts_at + interval '20 minutes', 1,
            (CASE WHEN a.r_status < 0.1 THEN 'cancelled' ELSE 'booked' END)::"AppointmentStatus", a.first_name, a.last_name, a.email, NULL, '{}'::jsonb,
            'fr', a.citizen_id, encode(sha256(convert_to(a.id::text || ':bench', 'UTF8')), 'hex'), 'web'::"AppointmentSource",
            x.attendance::"AppointmentAttendance", CASE WHEN x.attendance IS NOT NULL THEN a.starts_at + interval '4 minutes' END,
            CASE WHEN a.r_status < 0.1 THEN c.created_at + interval '1 day' END, c.created_at, c.created_at
       FROM bench_appt a
       CROSS JOIN LATERAL (SELECT least(now() - interval '5 minutes', a.starts_at - interval '1 day') - a.r_created * interval '30 days' AS created_at) c
       CROSS JOIN LATERAL (SELECT CASE WHEN a.r_status >= 0.1 AND a.starts_at < now() THEN CASE WHEN a.r_att < 0.8 THEN 'arrived' WHEN a.r_att < 0.88 THEN 'no_show' END END AS attendance) x
      ORDER BY c.created_at`,
    [town.id],
  );
  const waiters = Math.max(10, Math.floor(APPOINTMENTS / 50));
  await step(
    "appointment_waiter (others, the account's, the newcomer's)",
    `INSERT INTO appointment_waiter (id, "tenantId", "serviceId", "siteId", email, locale, weekdays, "citizenId", "tokenHash", status, "createdAt", "updatedAt")
     SELECT ${UUID}, $1::uuid, ($2::uuid[])[1 + (g.n % 2)], CASE WHEN g.n % 3 = 0 THEN ($3::uuid[])[1 + (g.n % 2)] END,
            CASE WHEN g.n < $4 THEN 'user' || floor(random() * 100000)::int || '@example.org' WHEN g.n < $4 + $5 THEN $6 ELSE $7 END, 'fr', '{}',
            CASE WHEN g.n >= $4 AND g.n < $4 + $5 THEN $8::uuid END, encode(sha256(convert_to(g.n::text || ':waiter', 'UTF8')), 'hex'),
            (CASE WHEN random() < 0.6 THEN 'waiting' WHEN random() < 0.5 THEN 'booked' ELSE 'left' END)::"WaiterStatus", c.at, c.at
       FROM generate_series(0, $4 + 2 * $5 - 2) AS g(n) CROSS JOIN LATERAL (SELECT now() - random() * interval '120 days' + g.n * interval '0 seconds' AS at) c`,
    [town.id, serviceIds, siteIds, waiters, MY_WAITERS, MY_EMAIL, NEW_EMAIL, me.id],
  );
  // Requests: n < REQUESTS are others', then the account's MY_REQUESTS, then the newcomer's MY_REQUESTS;
  // and the account's 2 drafts.
  await step(
    "requests (temporary)",
    `CREATE TEMP TABLE bench_req AS
     SELECT g.n, ${UUID} AS id, 'EN-' || lpad(g.n::text, 7, '0') AS reference,
            CASE WHEN g.n < $1 THEN 'user' || floor(random() * 100000)::int || '@example.org' WHEN g.n < $1 + $2 THEN $3 ELSE $4 END AS email,
            CASE WHEN g.n >= $1 AND g.n < $1 + $2 THEN $5::uuid END AS citizen_id,
            (ARRAY['received','in-progress','in-progress','waiting-citizen','done','done','done','refused'])[1 + floor(random() * 8)::int] AS state,
            now() - random() * interval '365 days' AS submitted_at, ${first} || ' ' || ${last} AS name
       FROM generate_series(0, $1 + 2 * $2 - 1) AS g(n)`,
    [REQUESTS, MY_REQUESTS, MY_EMAIL, NEW_EMAIL, me.id],
  );
  await step(
    "form_request (sent)",
    `INSERT INTO form_request (id, "tenantId", "formId", "versionId", reference, status, state, data, "stepReached", email, name, locale, "citizenId",
                               "followTokenHash", "submittedAt", "stateChangedAt", "createdAt", "updatedAt")
     SELECT r.id, $1::uuid, $2::uuid, $3::uuid, r.reference, 'submitted'::"RequestStatus", r.state,
            jsonb_build_object('what', 'Un canapé et un matelas', 'items', jsonb_build_array('sofa', 'bed'), 'count', 2), 1, r.email, r.name, 'fr', r.citizen_id,
            encode(sha256(convert_to(r.id::text || ':follow', 'UTF8')), 'hex'), r.submitted_at,
            CASE WHEN r.state <> 'received' THEN r.submitted_at + interval '2 days' END, r.submitted_at - interval '10 minutes',
            r.submitted_at + CASE WHEN r.state <> 'received' THEN interval '2 days' ELSE interval '0' END
       FROM bench_req r ORDER BY r.submitted_at`,
    [town.id, form.form.id, form.version.id],
  );
  await step(
    "form_request (the account's drafts)",
    `INSERT INTO form_request (id, "tenantId", "formId", "versionId", status, data, "stepReached", locale, "citizenId", "draftTokenHash", "createdAt", "updatedAt")
     SELECT ${UUID}, $1::uuid, $2::uuid, $3::uuid, 'draft'::"RequestStatus", '{}'::jsonb, 0, 'fr', $4::uuid,
            encode(sha256(convert_to(g.n::text || ':draft', 'UTF8')), 'hex'), now() - g.n * interval '3 days', now() - g.n * interval '3 days'
       FROM generate_series(1, 2) AS g(n)`,
    [town.id, form.form.id, form.version.id, me.id],
  );
  await step(
    "request_event (submitted; the state changes, public)",
    `INSERT INTO request_event (id, "tenantId", "requestId", kind, "actionId", "fromState", "toState", body, public, "actorKind", "createdAt")
     SELECT ${UUID}, $1::uuid, r.id, 'submitted', NULL, NULL, 'received', NULL, true, 'citizen', r.submitted_at FROM bench_req r
     UNION ALL
     SELECT ${UUID}, $1::uuid, r.id, 'action', 'take', 'received', r.state, NULL, false, 'agent', r.submitted_at + interval '2 days' FROM bench_req r WHERE r.state <> 'received'`,
    [town.id],
  );
  await step(
    `request_event (${MESSAGES_PER_REQUEST} public messages to the account on each of its requests, an internal comment on every 4th request)`,
    `INSERT INTO request_event (id, "tenantId", "requestId", kind, body, public, "actorKind", "createdAt")
     SELECT ${UUID}, $1::uuid, r.id, 'message', 'Bonjour, votre demande avance : passage prévu la semaine prochaine (message ' || m || ').', true, 'agent',
            r.submitted_at + m * interval '6 hours'
       FROM bench_req r CROSS JOIN generate_series(1, $2) AS m WHERE r.citizen_id IS NOT NULL
     UNION ALL
     SELECT ${UUID}, $1::uuid, r.id, 'comment', 'Vérifier l''adresse.', false, 'agent', r.submitted_at + interval '1 hour' FROM bench_req r WHERE r.n % 4 = 0`,
    [town.id, MESSAGES_PER_REQUEST],
  );
  await step(
    "auth_session (the account's sign-ins)",
    `INSERT INTO auth_session (id, "tenantId", "citizenId", "createdAt", "lastSeenAt", "expiresAt", "revokedAt", ip, "userAgent")
     SELECT encode(sha256(convert_to(g.n::text || ':session', 'UTF8')), 'hex'), $1::uuid, $2::uuid, now() - g.n * interval '9 days', now() - g.n * interval '9 days' + interval '20 minutes',
            now() - g.n * interval '9 days' + interval '30 days', CASE WHEN g.n > 0 THEN now() - g.n * interval '9 days' + interval '1 hour' END, '192.0.2.' || g.n, 'Mozilla/5.0 (bench)'
       FROM generate_series(0, 11) AS g(n)`,
    [town.id, me.id],
  );
  await step(
    "auth_session (other citizens' sign-ins)",
    `INSERT INTO auth_session (id, "tenantId", "citizenId", "createdAt", "lastSeenAt", "expiresAt", ip, "userAgent")
     SELECT encode(sha256(convert_to(g.n::text || ':other-session', 'UTF8')), 'hex'), $1::uuid, ${UUID}, c.at, c.at + interval '10 minutes', c.at + interval '30 days', '198.51.100.1', 'Mozilla/5.0 (bench)'
       FROM generate_series(1, $2) AS g(n) CROSS JOIN LATERAL (SELECT now() - random() * interval '60 days' + g.n * interval '0 seconds' AS at) c`,
    [town.id, OTHER_SESSIONS],
  );
  for (const t of ["bench_appt", "bench_req"]) await admin.query(`DROP TABLE ${t}`);
  const vacuum = await timed(() => admin.query("VACUUM (ANALYZE) appointment, appointment_waiter, form_request, request_event, auth_session, citizen"));
  const seedMs = performance.now() - seedStart;
  const counts = (
    await admin.query<Record<string, string>>(
      `SELECT (SELECT count(*) FROM appointment WHERE "tenantId" = $1) AS appointments,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND "citizenId" = $2) AS mine,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND "citizenId" = $2 AND status = 'booked' AND "startsAt" > now()) AS mine_upcoming,
              (SELECT count(*) FROM appointment WHERE "tenantId" = $1 AND email = $3 AND "citizenId" IS NULL) AS unattached,
              (SELECT count(DISTINCT email) FROM appointment WHERE "tenantId" = $1) AS addresses,
              (SELECT count(*) FROM appointment_waiter WHERE "tenantId" = $1) AS waiters,
              (SELECT count(*) FROM form_request WHERE "tenantId" = $1) AS requests,
              (SELECT count(*) FROM form_request WHERE "tenantId" = $1 AND "citizenId" = $2) AS my_requests,
              (SELECT count(*) FROM request_event WHERE "tenantId" = $1) AS events,
              pg_size_pretty(pg_total_relation_size('appointment')) AS appointment_size,
              pg_size_pretty(pg_total_relation_size('form_request')) AS request_size,
              pg_size_pretty(pg_total_relation_size('request_event')) AS event_size`,
      [town.id, me.id, NEW_EMAIL],
    )
  ).rows[0]!;
  const mixText =
    `${fmt(Number(counts.appointments))} appointments (${fmt(Number(counts.addresses))} distinct addresses; table with its indexes ${counts.appointment_size}), ` +
    `${fmt(Number(counts.waiters))} waiting-list entries, ${fmt(Number(counts.requests))} requests (${counts.request_size}) with ${fmt(Number(counts.events))} history lines (${counts.event_size}); ` +
    `the account: ${counts.mine} appointments (${counts.mine_upcoming} coming up), ${MY_WAITERS} waiting-list entries, ${counts.my_requests} requests (2 of them drafts) with ${MESSAGES_PER_REQUEST} public messages each, 12 sessions (and ${fmt(OTHER_SESSIONS)} sessions of other accounts); ` +
    `the newcomer's address: ${counts.unattached} appointments, ${MY_REQUESTS} requests and ${MY_WAITERS - 1} waiting-list entries not attached`;
  console.log(`Seeded in ${fmt(seedMs / 1000, 1)} s (VACUUM ANALYZE ${fmt(vacuum.ms / 1000, 1)} s): ${mixText}`);

  // ---- What is measured
  const reference = async () => getDb().$queryRaw<{ id: string }[]>`SELECT id FROM appointment WHERE "tenantId" = ${town.id}::uuid ORDER BY "startsAt" LIMIT 50`;
  const meRow = (await findCitizen(town.id, me.id))!;
  const timelineNote = (t: Awaited<ReturnType<typeof citizenTimeline>>) =>
    `${t.upcoming.length} coming up + ${t.history.length} in the history (${Object.entries(t.counts).map(([k, n]) => `${n} ${k}`).join(", ")})`;
  /** attachByEmail for the newcomer inside a transaction that then rolls back; the time of attachByEmail alone. */
  const attachRolledBack = async (): Promise<{ note: string; ms: number }> => {
    let out: { note: string; ms: number } | null = null;
    try {
      await inTransaction(async () => {
        const t = await timed(() => attachByEmail(town.id, newcomer.id, NEW_EMAIL, "en"));
        out = { note: Object.entries(t.value).map(([k, n]) => `${n} ${k}`).join(", "), ms: t.ms };
        throw new Rollback("rolled back on purpose");
      });
    } catch (e) {
      if (!(e instanceof Rollback)) throw e;
    }
    return out!;
  };

  type TResult = { key: string; label: string; samples: number[]; refs: number[]; note: string };
  const results: TResult[] = [];
  const allRefs: number[] = [];
  async function measure(key: string, label: string, fn: () => Promise<string | { note: string; ms: number }>): Promise<void> {
    const run = async () => {
      const t = await timed(fn);
      return typeof t.value === "string" ? { note: t.value, ms: t.ms } : t.value;
    };
    let note = "";
    for (let i = 0; i < WARMUP; i++) {
      note = (await run()).note;
      await reference();
    }
    const samples: number[] = [];
    const refs: number[] = [];
    for (let i = 0; i < REPS; i++) {
      // Alternate the order so that neither side always runs on a cache the other warmed.
      if (i % 2 === 0) refs.push((await timed(reference)).ms);
      const r = await run();
      samples.push(r.ms);
      note = r.note;
      if (i % 2 === 1) refs.push((await timed(reference)).ms);
    }
    allRefs.push(...refs);
    results.push({ key, label, samples, refs, note });
    console.log(`  ${label.padEnd(62)} median ${ms(median(samples)).padStart(7)} ms  p95 ${ms(percentile(samples, 95)).padStart(7)} ms  R ${ms(median(refs)).padStart(5)} ms  ${times(median(samples) / median(refs)).padStart(6)}× R  ${note}`);
  }

  const measures: { key: string; label: string; fn: () => Promise<string | { note: string; ms: number }> }[] = [
    { key: "timeline", label: "citizenTimeline, everything", fn: async () => timelineNote(await citizenTimeline(town, me.id, "fr", null)) },
    {
      key: "timeline-reads",
      label: "  ↳ its reads alone (the repo functions, as citizenTimeline chains them)",
      fn: async () => {
        const [a, w, r] = await Promise.all([
          listCitizenAppointments(town.id, me.id),
          listCitizenWaiters(town.id, me.id),
          (async () => {
            const rows = await listCitizenRequests(town.id, me.id);
            await formsAndVersionsOf(town.id, [...new Set(rows.map((x) => x.formId))], [...new Set(rows.map((x) => x.versionId))]);
            const events = await listEventsOfRequests(town.id, rows.filter((x) => x.status === "submitted").map((x) => x.id));
            return { rows, events };
          })(),
        ]);
        return `${a.length} appointments, ${w.length} waiting, ${r.rows.length} requests, ${r.events.length} history lines`;
      },
    },
    {
      key: "parse-workflows",
      label: "  ↳ parseWorkflow once per sent request (what citizenRequests did before it parsed once per version)",
      fn: async () => {
        const { versions } = await formsAndVersionsOf(town.id, [], [form.version.id]);
        const t = await timed(async () => {
          for (let i = 0; i < MY_REQUESTS; i++) parseWorkflow(versions[0]!.workflow);
        });
        return { note: `${MY_REQUESTS} parses of the same version's workflow (zod)`, ms: t.ms };
      },
    },
    { key: "timeline-request", label: "citizenTimeline, kind = request", fn: async () => timelineNote(await citizenTimeline(town, me.id, "fr", "request")) },
    { key: "timeline-message", label: "citizenTimeline, kind = message", fn: async () => timelineNote(await citizenTimeline(town, me.id, "fr", "message")) },
    {
      key: "my-data",
      label: "myData (download my data), + JSON.stringify",
      fn: async () => {
        const d = await myData(town, meRow, "fr");
        const json = JSON.stringify(d);
        return `${d.appointments.length} appointments, ${d.waitingList.length} waiting, ${d.requests.length} requests, ${d.requests.reduce((n, r) => n + r.history.length, 0)} history lines, ${d.sessions.length} sessions; ${fmt(json.length / 1024)} KB of JSON`;
      },
    },
    { key: "attach-new", label: "attachByEmail, newcomer's address (rolled back each time)", fn: attachRolledBack },
    { key: "attach-none", label: "attachByEmail, the account's address (nothing new)", fn: async () => Object.entries(await attachByEmail(town.id, me.id, MY_EMAIL, "fr")).map(([k, n]) => `${n} ${k}`).join(", ") },
  ];
  console.log(`\nLatencies (${REPS} repetitions after ${WARMUP} warm-up runs, each interleaved with R):`);
  for (const m of measures) await measure(m.key, m.label, m.fn);
  const stillUnattached = Number((await admin.query<{ n: string }>(`SELECT count(*) AS n FROM appointment WHERE "tenantId" = $1 AND email = $2 AND "citizenId" IS NULL`, [town.id, NEW_EMAIL])).rows[0]?.n);
  if (stillUnattached !== MINE) throw new Error(`the attach measure did not roll back: ${stillUnattached} of the newcomer's appointments left unattached`);

  // ---- Every statement's plan (auto_explain, threshold 0, one untimed pass on fresh connections)
  await admin.query(`ALTER DATABASE "${dbName}" SET session_preload_libraries = 'auto_explain'`);
  await admin.query(`ALTER DATABASE "${dbName}" SET auto_explain.log_min_duration = '0ms'`);
  await admin.query(`ALTER DATABASE "${dbName}" SET auto_explain.log_analyze = on`);
  await disconnectDb(); // new connections load auto_explain
  /** Per measure, the plans of each logged run (every statement). */
  const plans = new Map<string, TPlan[][]>();
  try {
    for (const m of measures) {
      if (m.key === "timeline-request" || m.key === "timeline-message" || m.key === "timeline-reads" || m.key === "parse-workflows") continue; // same statements as "timeline" (the filter is applied in JavaScript)
      await m.fn(); // connections opened and caches filled before the logged runs
      const runs: TPlan[][] = [];
      for (let i = 0; i < EXPLAIN_RUNS; i++) {
        await sleep(300);
        const start = pgLogText.length;
        await m.fn();
        await sleep(400);
        runs.push(parsePlans(pgLogText.slice(start)).filter((p) => !/"public"\."tenant"|FROM tenant\b|appointment WHERE "tenantId" = \$1 ORDER BY "startsAt" LIMIT 50/.test(p.query))); // the registry, R
      }
      plans.set(m.key, runs);
    }
  } finally {
    await admin.query(`ALTER DATABASE "${dbName}" RESET ALL`);
    await disconnectDb();
  }
  console.log(`\nPlans (auto_explain, every statement; median ms of ${EXPLAIN_RUNS} logged runs):`);
  type TPlanRow = { measure: string; statement: string; ms: number; paths: string[]; seq: boolean };
  const planRows: TPlanRow[] = [];
  for (const [key, runs] of plans) {
    const label = measures.find((m) => m.key === key)!.label;
    console.log(`- ${label}:`);
    // The same statement in every run: its query text and its rank among the statements of that text.
    const byStatement = new Map<string, TPlan[]>();
    for (const run of runs) {
      const seen = new Map<string, number>();
      for (const p of run) {
        const nth = (seen.get(p.query) ?? 0) + 1;
        seen.set(p.query, nth);
        const k = `${p.query}\u0000${nth}`;
        byStatement.set(k, [...(byStatement.get(k) ?? []), p]);
      }
    }
    for (const list of byStatement.values()) {
      const last = list[list.length - 1]!;
      const paths = accessPaths(last);
      const row = { measure: label, statement: statementOf(last.query), ms: median(list.map((p) => p.durationMs)), paths, seq: paths.some((x) => /Seq Scan/.test(x)) };
      planRows.push(row);
      console.log(`    ${fmt(row.ms, 2).padStart(7)} ms  ${row.statement.padEnd(28)} ${paths.join(" | ")}`);
    }
  }

  // ---- Report
  const loadAfter = loadAverage();
  const R = median(allRefs);
  const ratio = (key: string) => {
    const r = results.find((x) => x.key === key)!;
    return median(r.samples) / median(r.refs);
  };
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, " ").trim() ?? "?";
  const latencyTable = [
    "| measure | what it returned (last run) | median ms | p95 ms | **median × R** | p95 × R | median ÷ R of the whole run |",
    "|---|---|---:|---:|---:|---:|---:|",
    `| **R**: \`SELECT id FROM appointment WHERE "tenantId" = $1 ORDER BY "startsAt" LIMIT 50\` ($queryRaw) | 50 rows | ${ms(R)} | ${ms(percentile(allRefs, 95))} | 1 | – | 1 |`,
    ...results.map((r) => `| ${r.label} | ${r.note} | ${ms(median(r.samples))} | ${ms(percentile(r.samples, 95))} | **${times(median(r.samples) / median(r.refs))}×** | ${times(percentile(r.samples, 95) / median(r.refs))}× | ${times(median(r.samples) / R)}× |`),
  ].join("\n");
  const planTable = [
    "| measure | statement | median ms (logged runs) | how PostgreSQL reaches the rows |",
    "|---|---|---:|---|",
    ...planRows.map((p) => `| ${p.measure} | ${p.statement} | ${fmt(p.ms, 2)} | ${p.paths.map((x) => (/Seq Scan/.test(x) ? `**${x}**` : x)).join("; ") || "(no scan: result or insert)"} |`),
  ].join("\n");
  const EXPECTED: [string, RegExp, string][] = [
    ["the account's appointments", /appointment_tenantId_citizenId_idx/, "appointment (tenantId, citizenId)"],
    ["the account's requests and drafts", /form_request_tenantId_citizenId_idx/, "form_request (tenantId, citizenId)"],
    ["their history lines", /request_event_tenantId_requestId_createdAt_idx/, "request_event (tenantId, requestId, createdAt)"],
    ["the account's waiting-list entries", /appointment_waiter_tenantId_citizenId_idx/, "appointment_waiter (tenantId, citizenId)"],
    ["attaching appointments by address", /appointment_tenantId_email_status_idx/, "appointment (tenantId, email, status)"],
    ["attaching requests by address", /form_request_tenantId_email_idx/, "form_request (tenantId, email)"],
  ];
  const allPaths = planRows.flatMap((p) => p.paths);
  const expectedText = EXPECTED.map(([what, re, index]) => `${what}: ${index} — ${allPaths.some((x) => re.test(x)) ? "used" : "**not used**"}`).join("; ");
  const seqRows = planRows.filter((p) => p.seq).filter((p, i, all) => all.findIndex((q) => q.measure === p.measure && q.statement === p.statement) === i);
  const seqText = seqRows.length
    ? `**Sequential scans**: ${seqRows.map((p) => `${p.measure}, ${p.statement}: \`${p.paths.find((x) => /Seq Scan/.test(x))}\``).join("; ")}.`
    : "No statement reads a table sequentially.";
  const inDatabase = results
    .filter((r) => plans.has(r.key))
    .map((r) => {
      const rows = planRows.filter((p) => p.measure === r.label);
      return `${r.label}: ${rows.length} statements, ${fmt(rows.reduce((n, p) => n + p.ms, 0), 1)} ms in PostgreSQL (summed medians of the logged runs) against a median of ${ms(median(r.samples))} ms`;
    });
  const notes = [
    `- **Indexes.** ${expectedText}.`,
    `- ${seqText}` +
      (seqRows.some((p) => /appointment_waiter/.test(p.statement) && /^UPDATE/.test(p.statement))
        ? ` attachAppointmentsToCitizen (lib/appointments/repo.ts) finds the waiting-list entries by \`"tenantId", "citizenId" IS NULL, email\`, and appointment_waiter has no index on the address: every sign-in reads the whole table (every town's entries). Suggested: \`@@index([tenantId, email])\` on AppointmentWaiter, i.e. \`CREATE INDEX "appointment_waiter_tenantId_email_idx" ON "appointment_waiter"("tenantId", "email")\`, which could also serve findActiveWaiter (a citizen’s place on a service’s list, found by address).`
        : ""),
    `- The kind filter is applied in JavaScript (arrangeTimeline) after the same statements, so a filtered timeline costs what the whole one does (${times(ratio("timeline"))}× R everything, ${times(ratio("timeline-request"))}× and ${times(ratio("timeline-message"))}× filtered).`,
    `- Where the time goes: ${inDatabase.join("; ")}. The timeline's and myData's branches run in parallel (Promise.all), so the sum can exceed the wall time. For the timeline, its reads alone through Prisma (the same repo calls, chained the same way) take ${ms(median(results.find((r) => r.key === "timeline-reads")!.samples))} ms of its ${ms(median(results.find((r) => r.key === "timeline")!.samples))} ms: the rest is the service and site names (serviceAndSiteNames: one more round of two queries after each of the appointments' and the waiting list's reads) and the JavaScript work (names picked per locale, a follow-up link — an HMAC — per request and per message, and the workflows, now parsed once per version in citizenRequests (lib/forms/service/citizen-requests.ts): parsing one for each of the ${MY_REQUESTS} requests, as the first version did, took ${ms(median(results.find((r) => r.key === "parse-workflows")!.samples))} ms with zod). Attaching writes each row anew (citizenId is indexed, so the update is not HOT and every index of the table gets an entry, among them appointment's four trigram GIN indexes): ${ms(planRows.find((p) => p.measure.startsWith("attachByEmail, newcomer") && p.statement === "UPDATE appointment")?.ms ?? NaN)} ms for the ${MINE} appointments, once per address.`,
  ].join("\n");

  const section = `<!-- bench:citizens -->
## B-citizens: the citizen space at a large town's scale (bench/citizens)

Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu}, ${fmt(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, its default settings: shared_buffers ${sharedBuffers}, work_mem ${workMem}), code ${revision}. Everything in one process (the service functions, Prisma) with PostgreSQL beside it on the same ${os.cpus().length} cores; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after. \`npm run bench:citizens\` regenerates this section (\`-- --appointments N --requests N --mine N\` for another size); it takes about ${fmt((Date.now() - startedAt.getTime()) / 60_000, 1)} min.

**Method.** One town, two sites, two services, one published form (the default workflow). Seeded with a few INSERT … SELECT statements in ${fmt(seedMs / 1000, 1)} s: ${mixText}. Other citizens' bookings are spread over the past six months and the next six, ~10 % cancelled, attendance recorded on past ones; requests over the past year in every state of the workflow, each with its "submitted" line, a state change for those past "received", an internal comment on every fourth. Then VACUUM ANALYZE. Each measure calls the real service function in this process: ${WARMUP} warm-up runs, then ${REPS} timed runs, each paired with one run of the reference **R** through the same Prisma client, in alternating order; "× R" divides by the median of the R runs paired with that measure; the last column by R's median over the whole run (${ms(R)} ms), steadier when the machine is busy. Attaching the newcomer's address runs attachByEmail in a transaction (inTransaction) that is rolled back after each run, so every run attaches the same rows; the time is attachByEmail's alone (not BEGIN and ROLLBACK). Query plans: a separate, untimed pass with auto_explain (log_analyze, every statement) on fresh connections, ${EXPLAIN_RUNS} logged runs per measure; a statement's time is its median over them (with EXPLAIN ANALYZE's overhead).

### Latencies

${latencyTable}

### What the figures mean

${notes}

### Which index answers each statement (auto_explain)

${planTable}
<!-- /bench:citizens -->`;

  if (DRY_RUN) {
    console.log(`\n--dry-run: the section, not written to docs/benchmarks.md:\n\n${section}`);
  } else {
    const file = path.resolve("docs/benchmarks.md");
    const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
    const marker = /<!-- bench:citizens -->[\s\S]*<!-- \/bench:citizens -->/;
    const next = marker.test(current) ? current.replace(marker, () => section) : `${current.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, next);
    console.log(`\n${latencyTable}\n\n${notes}\n\nWritten to docs/benchmarks.md`);
  }
} catch (error) {
  console.error("\nbench/citizens failed:", error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
