// bench/translations: what the translation layers cost, in-process, on its own embedded PostgreSQL.
// One town; the platform layer with --platform reviewed translations into "fr" and the town's layer
// with --town reviewed overrides (real keys of messages/en.json, spread over every namespace; about
// half of the town's keys also have a platform row, as a town rewording the platform's text would).
//
// The reference R is what a page paid for its messages before the layers: loadMessages("fr")
// (lib/i18n/messages.ts), the files merged over en, cached after the first call. Each measure runs
// --reps times after a warm-up, each repetition interleaved with R in alternating order; calls that
// take microseconds are timed in batches (the batch's time divided by its size), R always is.
//   - loadLiveMessages("fr", town) warm (cached): what every page pays now
//   - the same cold (forgetLiveMessages() before each repetition, outside the timing): what the first
//     page after an approval pays (NOTIFY drops the merged catalogues in every process), with its
//     parts: the two reads (liveTranslations, platform and town) and applyLayers (the merge)
//   - a whole lookup: translator("fr", "Site", town) then t("navHome") (a key the town overrides)
//   - catalogueEntries and completeness (lib/translations/service/catalogue.ts), the translator's list
//     and overview pages, for the town's layer and the platform's, with the flattening of
//     messages/fr.json they redo on every call
// The statement behind liveTranslations is shown with EXPLAIN ANALYZE. Results are printed and written
// into docs/benchmarks.md (bench:translations section).
// Usage: npm run bench:translations [-- --platform 500 --town 200 --reps 30 --dry-run]
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type TEmbeddedDatabase } from "@/lib/core/embedded-postgres";
import { applyMigrations } from "@/lib/core/migrate";
import { fmt, median, percentile } from "@/bench/lib/stats";
import type { TCatalogue } from "@/lib/i18n/check";
import type { TMessages } from "@/lib/i18n/messages";

// ---------------------------------------------------------------------------------------------------
// Options

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : NaN;
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : fallback;
};
const PLATFORM_ROWS = option("platform", 500);
const TOWN_ROWS = option("town", 200);
const REPS = option("reps", 30);
const WARMUP = 3;
/** Calls per timed sample for what takes microseconds (R, the cached catalogue, a lookup). */
const BATCH = 200;
const LOCALE = "fr";
/** --dry-run: print the report section instead of writing it into docs/benchmarks.md. */
const DRY_RUN = args.includes("--dry-run");

const TMP = mkdtempSync(path.join(os.tmpdir(), "civitas-translations-"));
chmodSync(TMP, 0o755); // as root, PostgreSQL runs as the postgres user and must reach TMP/db
let database: TEmbeddedDatabase | null = null;
const clients: pg.Client[] = [];
let cleaned: Promise<void> | null = null;

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

/** Milliseconds with three significant digits (the measures range from a microsecond to tens of ms). */
const ms = (n: number) => (n >= 100 ? fmt(n) : n >= 10 ? fmt(n, 1) : n >= 1 ? fmt(n, 2) : n >= 0.1 ? fmt(n, 3) : n >= 0.01 ? fmt(n, 4) : fmt(n, 5));
const times = (n: number) => (n >= 100 ? fmt(n) : n >= 10 ? fmt(n, 1) : fmt(n, 2));
async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: performance.now() - t0, value };
}
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(" / ");

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
  console.log(`bench/translations: ${PLATFORM_ROWS} platform and ${TOWN_ROWS} town translations into "${LOCALE}", ${REPS} repetitions; load average ${loadBefore}`);
  database = await startEmbeddedPostgres({ dir: path.join(TMP, "db"), port: 0 });
  await applyMigrations(database.url);
  const admin = new pg.Client({ connectionString: database.url, application_name: "bench-translations-seed" });
  await admin.connect();
  clients.push(admin);
  const pgVersion = (await admin.query<{ v: string }>("SELECT current_setting('server_version') AS v")).rows[0]?.v ?? "?";

  process.env.DATABASE_URL = database.url;
  process.env.ROOT_DOMAIN = "civitas.test";
  process.env.DATA_DIR = path.join(TMP, "data");
  process.env.LOG_LEVEL = "warn";
  const { resetEnv } = await import("@/lib/core/env");
  resetEnv();

  const { getDb } = await import("@/lib/core/db");
  const { createVisibleTown } = await import("@/tests/fixtures/towns");
  const { loadMessages, loadLiveMessages, forgetLiveMessages, applyLayers, withMessage } = await import("@/lib/i18n/messages");
  const { translator } = await import("@/lib/i18n/translator");
  const { liveTranslations, listTranslations, PLATFORM_SCOPE, waitingCounts } = await import("@/lib/translations/repo");
  const { languageReadiness, platformLanguages } = await import("@/lib/translations/service/languages");
  const { catalogueEntries, completeness, SOURCE, sourceHash } = await import("@/lib/translations/service/catalogue");
  const { flattenCatalogue } = await import("@/lib/i18n/check");
  const frFile = (await import("@/messages/fr.json")).default as TCatalogue;

  // ---- The town and the two layers
  const town = await createVisibleTown("languedoc");
  const keys = [...SOURCE.keys()];
  if (PLATFORM_ROWS > keys.length || TOWN_ROWS > keys.length) throw new Error(`messages/en.json has ${keys.length} keys: --platform and --town must not exceed it`);
  const LOOKUP_KEY = "Site.navHome";
  // Evenly spread over the catalogue (so over every namespace); the town's keys: every other one of the
  // platform's, then keys the platform layer does not have; LOOKUP_KEY always in both.
  const spread = (from: string[], n: number) => Array.from({ length: n }, (_, i) => from[Math.floor((i * from.length) / n)]!);
  const platformKeys = [...new Set([LOOKUP_KEY, ...spread(keys, PLATFORM_ROWS)])].slice(0, PLATFORM_ROWS);
  const platformSet = new Set(platformKeys);
  const shared = spread(platformKeys, Math.min(platformKeys.length, Math.ceil(TOWN_ROWS / 2)));
  const others = keys.filter((k) => !platformSet.has(k));
  const townKeys = [...new Set([LOOKUP_KEY, ...shared, ...spread(others, Math.min(others.length, TOWN_ROWS))])].slice(0, TOWN_ROWS);
  const overlap = townKeys.filter((k) => platformSet.has(k)).length;
  // Values stay valid ICU messages: a prefix before the source text (no apostrophe, no brace).
  const seedLayer = async (scope: string, tenantId: string | null, layerKeys: string[], prefix: string) => {
    const t = await timed(() =>
      admin.query(
        `INSERT INTO translation (id, scope, "tenantId", locale, key, value, state, "sourceHash", "updatedBy", "reviewedBy", "createdAt", "updatedAt")
         SELECT gen_random_uuid(), $1, $2::uuid, $3, k.key, k.value, 'reviewed', k.hash, 'translator@example.org', 'reviewer@example.org', now(), now()
           FROM unnest($4::text[], $5::text[], $6::text[]) AS k(key, value, hash)`,
        [scope, tenantId, LOCALE, layerKeys, layerKeys.map((k) => `${prefix} ${SOURCE.get(k)!}`), layerKeys.map((k) => sourceHash(SOURCE.get(k)!))],
      ),
    );
    console.log(`  ${scope === PLATFORM_SCOPE ? "platform" : "town"} layer: ${t.value.rowCount} rows, ${fmt(t.ms)} ms`);
  };
  await seedLayer(PLATFORM_SCOPE, null, platformKeys, "Plateforme :");
  await seedLayer(town.id, town.id, townKeys, "Ville :");
  await admin.query("VACUUM (ANALYZE) translation");
  const tableSize = (await admin.query<{ s: string }>("SELECT pg_size_pretty(pg_total_relation_size('translation')) AS s")).rows[0]?.s ?? "?";
  const frKeys = flattenCatalogue(frFile).size;
  const mixText = `${platformKeys.length} reviewed platform translations and ${townKeys.length} reviewed town overrides (${overlap} of them over a platform row) into "${LOCALE}", out of the ${fmt(keys.length)} keys of messages/en.json (messages/${LOCALE}.json has ${fmt(frKeys)}); the table with its indexes ${tableSize}`;
  console.log(`Seeded: ${mixText}`);

  // Sanity: the layers resolve as they should before anything is timed.
  const first = await loadLiveMessages(LOCALE, town.id);
  const tSite = await translator(LOCALE, "Site", town.id);
  if (!tSite("navHome").startsWith("Ville :")) throw new Error(`the town's override does not show: ${tSite("navHome")}`);
  const platformOnlyKey = platformKeys.find((k) => !townKeys.includes(k))!;
  const platformSeen = platformOnlyKey.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], first);
  if (typeof platformSeen !== "string" || !platformSeen.startsWith("Plateforme :")) throw new Error(`the platform layer does not show for ${platformOnlyKey}`);
  const catalogueSize = JSON.stringify(first).length;
  const firstEntries = await catalogueEntries(town.id, LOCALE);
  const withFiles = firstEntries.filter((e) => e.files !== null).length;
  if (withFiles === 0) throw new Error(`catalogueEntries found no text in messages/${LOCALE}.json (rawFiles' dynamic import failed?)`);

  // ---- What is measured
  const reference = async () => {
    for (let i = 0; i < BATCH; i++) await loadMessages(LOCALE);
  };
  const timeReference = async () => (await timed(reference)).ms / BATCH;

  type TResult = { key: string; label: string; samples: number[]; refs: number[]; note: string };
  const results: TResult[] = [];
  const allRefs: number[] = [];
  type TRun = { ms: number; note: string };
  /** `fn` returns its own time (e.g. a batch divided by its size, or the part after an untimed setup). */
  async function measure(key: string, label: string, fn: () => Promise<TRun>): Promise<void> {
    let note = "";
    for (let i = 0; i < WARMUP; i++) {
      note = (await fn()).note;
      await reference();
    }
    const samples: number[] = [];
    const refs: number[] = [];
    for (let i = 0; i < REPS; i++) {
      // Alternate the order so that neither side always runs on a cache the other warmed.
      if (i % 2 === 0) refs.push(await timeReference());
      const r = await fn();
      samples.push(r.ms);
      note = r.note;
      if (i % 2 === 1) refs.push(await timeReference());
    }
    allRefs.push(...refs);
    results.push({ key, label, samples, refs, note });
    console.log(`  ${label.padEnd(70)} median ${ms(median(samples)).padStart(9)} ms  p95 ${ms(percentile(samples, 95)).padStart(9)} ms  R ${ms(median(refs)).padStart(8)} ms  ${times(median(samples) / median(refs)).padStart(8)}× R  ${note}`);
  }
  /** Times `batch` calls of fn and returns the time of one. */
  const batched = (batch: number, fn: () => Promise<string>) => async (): Promise<TRun> => {
    let note = "";
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) note = await fn();
    return { ms: (performance.now() - t0) / batch, note };
  };
  const once = (fn: () => Promise<string>) => async (): Promise<TRun> => {
    const t = await timed(fn);
    return { ms: t.ms, note: t.value };
  };

  /** The merge as first written (one withMessage per key: the top level and the key's namespace copied for every key). */
  function mergePerKey(base: TMessages, layers: Map<string, string>[]): TMessages {
    let out = base;
    for (const layer of layers) for (const [key, value] of layer) out = withMessage(out, key, value);
    return out;
  }
  const platformLayer = await liveTranslations(PLATFORM_SCOPE, LOCALE);
  const townLayer = await liveTranslations(town.id, LOCALE);
  const baseFr = await loadMessages(LOCALE);
  if (JSON.stringify(mergePerKey(baseFr, [platformLayer, townLayer])) !== JSON.stringify(applyLayers(baseFr, [platformLayer, townLayer]))) throw new Error("mergePerKey and applyLayers disagree");
  const countEntries = (entries: { state: string; outdated: boolean }[]) => {
    const by = new Map<string, number>();
    for (const e of entries) by.set(e.state, (by.get(e.state) ?? 0) + 1);
    return `${fmt(entries.length)} entries (${[...by].map(([s, n]) => `${fmt(n)} ${s}`).join(", ")})`;
  };

  const measures: { key: string; label: string; fn: () => Promise<TRun> }[] = [
    { key: "warm", label: `loadLiveMessages("${LOCALE}", town), warm (cached)`, fn: batched(BATCH, async () => ((await loadLiveMessages(LOCALE, town.id)) === first ? "the cached catalogue" : "a new catalogue")) },
    {
      key: "cold",
      label: `loadLiveMessages("${LOCALE}", town), cold (forgetLiveMessages() before, untimed)`,
      fn: async () => {
        forgetLiveMessages();
        const t = await timed(() => loadLiveMessages(LOCALE, town.id));
        return { ms: t.ms, note: `${fmt(JSON.stringify(t.value).length / 1024)} KB of JSON merged` };
      },
    },
    {
      key: "reads",
      label: "  ↳ its reads: liveTranslations(platform) and liveTranslations(town), in parallel",
      fn: once(async () => {
        const p = await liveTranslations(PLATFORM_SCOPE, LOCALE);
        const t = await liveTranslations(town.id, LOCALE);
        return `${p.size} + ${t.size} rows`;
      }),
    },
    {
      key: "merge",
      label: "  ↳ its merge: applyLayers(files, [platform, town])",
      fn: once(async () => {
        const out = applyLayers(baseFr, [platformLayer, townLayer]);
        return `${platformLayer.size + townLayer.size} keys, ${Object.keys(out).length} namespaces`;
      }),
    },
    {
      key: "merge-once",
      label: "  ↳ for comparison: the merge as first written (one withMessage per key)",
      fn: once(async () => {
        const out = mergePerKey(baseFr, [platformLayer, townLayer]);
        return `${Object.keys(out).length} namespaces, the same catalogue`;
      }),
    },
    {
      key: "lookup",
      label: `translator("${LOCALE}", "Site", town) then t("navHome"), warm`,
      fn: batched(BATCH, async () => (await translator(LOCALE, "Site", town.id))("navHome")),
    },
    {
      key: "lookup-files",
      label: `  ↳ the same over the files only: translator("${LOCALE}", "Site") then t("navHome")`,
      fn: batched(BATCH, async () => (await translator(LOCALE, "Site"))("navHome")),
    },
    { key: "entries-town", label: `catalogueEntries(town, "${LOCALE}") (the translator's list, town layer)`, fn: once(async () => countEntries(await catalogueEntries(town.id, LOCALE))) },
    { key: "entries-platform", label: `catalogueEntries("platform", "${LOCALE}") (platform layer)`, fn: once(async () => countEntries(await catalogueEntries(PLATFORM_SCOPE, LOCALE))) },
    {
      key: "entries-reads",
      label: "  ↳ its reads: listTranslations(town) and (platform), in parallel",
      fn: once(async () => {
        const [a, b] = await Promise.all([listTranslations(town.id, LOCALE), listTranslations(PLATFORM_SCOPE, LOCALE)]);
        return `${a.length} + ${b.length} rows`;
      }),
    },
    { key: "flatten", label: `  ↳ flattening messages/${LOCALE}.json (rawFiles redoes it on every call)`, fn: once(async () => `${fmt(flattenCatalogue(frFile).size)} keys`) },
    {
      key: "completeness",
      label: `completeness(town, "${LOCALE}") (the overview)`,
      fn: once(async () => {
        const c = await completeness(town.id, LOCALE);
        return `${c.percent} % of ${fmt(c.total)}, ${c.reviewed} reviewed, ${c.namespaces.length} namespaces`;
      }),
    },
    {
      key: "readiness",
      label: `languageReadiness(["it", "pt"], town) (the settings page: the share of the two added languages)`,
      fn: once(async () => {
        const r = await languageReadiness(["it", "pt"], town.id);
        return [...r].map(([code, percent]) => `${code} ${percent} %`).join(", ");
      }),
    },
    {
      key: "languages",
      label: "platformLanguages() and waitingCounts(platform) (the operator's languages page, before the shares)",
      fn: once(async () => {
        const [languages, waiting] = await Promise.all([platformLanguages(), waitingCounts(PLATFORM_SCOPE)]);
        return `${languages.length} languages, ${[...waiting.values()].reduce((a, b) => a + b, 0)} waiting`;
      }),
    },
  ];
  console.log(`\nLatencies (${REPS} repetitions after ${WARMUP} warm-up runs, each interleaved with R; R and the warm calls in batches of ${BATCH}):`);
  for (const m of measures) await measure(m.key, m.label, m.fn);

  // One round trip through the same Prisma client, for scale (how R compares with any query).
  const roundTrips: number[] = [];
  for (let i = 0; i < WARMUP + REPS; i++) {
    const t = await timed(() => getDb().$queryRaw`SELECT 1`);
    if (i >= WARMUP) roundTrips.push(t.ms);
  }
  const roundTrip = median(roundTrips);

  // ---- The statement behind liveTranslations (the shape Prisma sends)
  const explain = async (scope: string, tenantId: string | null) =>
    (
      await admin.query<{ "QUERY PLAN": string }>(
        `EXPLAIN (ANALYZE, COSTS OFF) SELECT key, value, state, "liveValue" FROM translation
          WHERE scope = $1 AND ${tenantId ? `"tenantId" = '${tenantId}'::uuid` : `"tenantId" IS NULL`} AND locale = $2 AND (state = 'reviewed' OR "liveValue" IS NOT NULL)`,
        [scope, LOCALE],
      )
    ).rows.map((r) => r["QUERY PLAN"]);
  const planPlatform = await explain(PLATFORM_SCOPE, null);
  const planTown = await explain(town.id, town.id);
  const scanOf = (plan: string[]) => plan.filter((l) => /Scan/.test(l)).map((l) => l.trim().replace(/\s*\(actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+) loops=\d+\)/, " (rows=$1)")).join("; ") || plan[0]!.trim();
  console.log(`\nliveTranslations(platform): ${scanOf(planPlatform)}\nliveTranslations(town): ${scanOf(planTown)}`);

  // ---- Report
  const loadAfter = loadAverage();
  const R = median(allRefs);
  const get = (key: string) => results.find((x) => x.key === key)!;
  const med = (key: string) => median(get(key).samples);
  const cpu = os.cpus()[0]?.model.replace(/\s+/g, " ").trim() ?? "?";
  const latencyTable = [
    "| measure | what it returned (last run) | median ms | p95 ms | **median × R** | p95 × R | median ÷ R of the whole run |",
    "|---|---|---:|---:|---:|---:|---:|",
    `| **R**: \`loadMessages("${LOCALE}")\`, cached (what a page paid before the layers) | the files' catalogue | ${ms(R)} | ${ms(percentile(allRefs, 95))} | 1 | – | 1 |`,
    ...results.map(
      (r) =>
        `| ${r.label} | ${r.note} | ${ms(median(r.samples))} | ${ms(percentile(r.samples, 95))} | **${times(median(r.samples) / median(r.refs))}×** | ${times(percentile(r.samples, 95) / median(r.refs))}× | ${times(median(r.samples) / R)}× |`,
    ),
    `| for scale: one \`SELECT 1\` through the same Prisma client | 1 row | ${ms(roundTrip)} | ${ms(percentile(roundTrips, 95))} | – | – | ${times(roundTrip / R)}× |`,
  ].join("\n");
  const coldParts = med("reads") + med("merge");
  const notes = [
    `- **Every page** now pays ${ms(med("warm"))} ms for its messages instead of ${ms(R)} ms (${times(med("warm") / R)}× R): both are an await of a cached promise (loadLiveMessages first awaits the NOTIFY subscription, already settled, then looks the (town, locale) key up in a Map). In absolute terms it is ${times(roundTrip / med("warm"))} times less than one database round trip (${ms(roundTrip)} ms): negligible for a page. A whole lookup (translator, then t()) costs ${ms(med("lookup"))} ms with the layers and ${ms(med("lookup-files"))} ms over the files alone: createTranslator dominates, not the layers.`,
    `- **After an approval** (NOTIFY drops the merged catalogues in every process), the next page for that town and language pays ${ms(med("cold"))} ms once (${times(med("cold") / R)}× R, ${times(med("cold") / roundTrip)} round trips): the two reads of the layers, in parallel (${ms(med("reads"))} ms, ${get("reads").note}) and applyLayers (${ms(med("merge"))} ms for ${platformLayer.size + townLayer.size} keys: each branch a layer touches is copied once). Parts ${ms(coldParts)} ms of the ${ms(med("cold"))} ms. The first version of the merge (one withMessage per key, copying the top level (${Object.keys(baseFr).length} namespaces) and the key's namespace for every key) took ${ms(med("merge-once"))} ms here, ${times(med("merge-once") / med("merge"))}× the current one; the first run of this benchmark found it (7.49 ms of an 11.8 ms cold load) and the reads were sequential then. At these sizes it is a one-off per approval, town, language and process.`,
    `- **The translator's screens**: catalogueEntries takes ${ms(med("entries-town"))} ms for the town's layer and ${ms(med("entries-platform"))} ms for the platform's; completeness ${ms(med("completeness"))} ms (catalogueEntries, then one pass per namespace over every entry). Of this, the two reads take ${ms(med("entries-reads"))} ms (whole rows, in parallel) and flattening messages/${LOCALE}.json ${ms(med("flatten"))} ms — rawFiles redoes it on every call (not cached, unlike loadMessages); the rest is building ${fmt(keys.length)} entries (a SHA-256 of the source for each row to tell an outdated one). These are agents' pages, not citizens': ${times(med("entries-town") / R)}× R is ${times(med("entries-town") / roundTrip)} round trips.`,
    `- **Languages**: the town settings page computes the share of each language the operator added (completeness over files, platform and town layers): ${ms(med("readiness"))} ms for two (it, pt), computed in parallel (one completeness alone: ${ms(med("completeness"))} ms). The operator's languages page lists the languages and the waiting proposals in ${ms(med("languages"))} ms, then pays one completeness per language. Both are rare staff pages; the citizen pages never compute a share.`,
    `- **Query plans** (EXPLAIN ANALYZE of the statement liveTranslations sends): platform — ${scanOf(planPlatform)}; town — ${scanOf(planTown)}. A sequential scan is the right plan while the table is this small (${tableSize}) and the platform layer most of it; the (scope, locale, state) index serves the town's layer.`,
    `- **Memory**: the merged catalogue of one (town, language) is about ${fmt(catalogueSize / 1024)} KB as JSON, kept per town and language that has been shown (the branches the layers do not touch are shared with the files' catalogue).`,
  ].join("\n");

  const section = `<!-- bench:translations -->
## B-translations: the cost of the translation layers (bench/translations)

Run ${startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC on ${cpu}, ${fmt(os.totalmem() / 1024 ** 3)} GB, Node ${process.version}, PostgreSQL ${pgVersion} (embedded, its default settings), code ${revision}. Everything in one process (the service functions, Prisma) with PostgreSQL beside it on the same ${os.cpus().length} cores; load average (1/5/15 min) ${loadBefore} before, ${loadAfter} after. \`npm run bench:translations\` regenerates this section (\`-- --platform N --town N\` for another size); it takes about ${fmt((Date.now() - startedAt.getTime()) / 60_000, 1)} min.

**Method.** One town; ${mixText}. Each measure calls the real function in this process: ${WARMUP} warm-up runs, then ${REPS} timed runs, each paired with one run of the reference **R** — \`loadMessages("${LOCALE}")\` (lib/i18n/messages.ts), the files only, cached after the first call: what a page paid for its messages before the layers — in alternating order. R and the measures that take microseconds (the cached catalogue, the lookup) are timed in batches of ${BATCH} calls, divided by ${BATCH}. The cold measure calls \`forgetLiveMessages()\` before each run, outside the timing. "× R" divides by the median of the R runs paired with that measure; the last column by R's median over the whole run (${ms(R)} ms). A \`SELECT 1\` through the same Prisma client gives the scale of one database round trip.

### Latencies

${latencyTable}

### What the figures mean

${notes}
<!-- /bench:translations -->`;

  if (DRY_RUN) {
    console.log(`\n--dry-run: the section, not written to docs/benchmarks.md:\n\n${section}`);
  } else {
    const file = path.resolve("docs/benchmarks.md");
    const current = existsSync(file) ? readFileSync(file, "utf8") : "# Benchmarks\n\n";
    const marker = /<!-- bench:translations -->[\s\S]*<!-- \/bench:translations -->/;
    const next = marker.test(current) ? current.replace(marker, () => section) : `${current.trimEnd()}\n\n${section}\n`;
    writeFileSync(file, next);
    console.log(`\n${latencyTable}\n\n${notes}\n\nWritten to docs/benchmarks.md`);
  }
} catch (error) {
  console.error("\nbench/translations failed:", error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(exitCode);
