// Import and export of a language's layer (nested JSON, XLIFF 2.0, PO) on a real PostgreSQL: exporting a
// layer and importing the same file changes nothing; a layer exported and imported into an empty one
// gives the same texts (Arabic plurals and placeholders included), as proposals waiting for review;
// one invalid message refuses the whole file with nothing stored; unknown keys are reported; and the
// command line's export writes messages/<locale>.json with the approved platform translations only.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, inTransaction } from "@/lib/core/db";
import { flattenCatalogue, type TCatalogue } from "@/lib/i18n/check";
import { PLATFORM_SCOPE, type TActor, type TScope } from "@/lib/translations/repo";
import { catalogueEntries, SOURCE } from "@/lib/translations/service/catalogue";
import { proposeTranslation, reviewTranslation } from "@/lib/translations/service/edit-translation";
import { TRANSFER_FORMATS } from "@/lib/translations/service/transfer-format";
import { exportLayer, ImportRefusedError, importLayer, writePlatformCatalogue } from "@/lib/translations/service/transfer";
import frFiles from "@/messages/fr.json";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";

let database: TAppDatabase;
const translator: TActor = { type: "agent", id: null, label: "translator@test" };
const reviewer: TActor = { type: "agent", id: null, label: "reviewer@test" };

const PLURAL_KEY = "Errors.tooManyBookings";
const PLURAL_AR = "لديكم {max, plural, zero {لا مواعيد} one {موعد واحد} two {موعدان} few {# مواعيد} many {# موعدًا} other {# موعد}} خلال {days} يومًا، «مثلًا».";
const PLACEHOLDER_KEY = "Common.pageTitle";
const PLACEHOLDER_AR = "{page} | {site}";
const WAITING_KEY = "Common.languageSwitcherCurrent";
const WAITING_AR = "{language} (اللغة المختارة)\nسطر ثانٍ";

const propose = (scope: TScope, locale: string, key: string, value: string) => inTransaction(() => proposeTranslation({ scope, locale, key, value, actor: translator }));
const publish = async (scope: TScope, locale: string, key: string, value: string) => {
  await propose(scope, locale, key, value);
  await inTransaction(() => reviewTranslation({ scope, locale, key, decision: "approve", comment: null, actor: reviewer }));
};
const rows = (scope: string) => db().translation.count({ where: { scope } });
const events = (scope: string) => db().translationEvent.count({ where: { translation: { scope } } });
const valueIn = async (scope: TScope, locale: string, key: string) => (await catalogueEntries(scope, locale)).find((e) => e.key === key)!;

describe("translation import and export", () => {
  beforeAll(async () => {
    database = await openAppDatabase("translations-transfer");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it.each(TRANSFER_FORMATS)("round-trips a layer through %s without loss", async (format) => {
    const a = await createVisibleTown(`tx-a-${format}`);
    await publish(a.id, "ar", PLURAL_KEY, PLURAL_AR);
    await publish(a.id, "ar", PLACEHOLDER_KEY, PLACEHOLDER_AR);
    await propose(a.id, "ar", WAITING_KEY, WAITING_AR);

    // The same file back into the same layer: nothing changes, nothing stored.
    const file = await exportLayer({ scope: a.id, locale: "ar", format, include: "all" });
    expect(file.filename).toBe(`civitas-ar-town-all.${format === "xliff" ? "xlf" : format}`);
    const [rowsBefore, eventsBefore] = [await rows(a.id), await events(a.id)];
    const same = await importLayer({ scope: a.id, locale: "ar", format, body: file.body, actor: translator });
    expect(same.changed).toEqual([]);
    expect(same.invalid).toEqual([]);
    expect(same.unknownKeys).toEqual([]);
    expect(same.unchanged).toBeGreaterThan(3);
    expect([await rows(a.id), await events(a.id)]).toEqual([rowsBefore, eventsBefore]);

    // Into an empty layer of another town: the same texts, as proposals waiting for review.
    const b = await createVisibleTown(`tx-b-${format}`);
    const into = await importLayer({ scope: b.id, locale: "ar", format, body: file.body, actor: translator });
    expect(into.changed.map((c) => c.key).sort()).toEqual([WAITING_KEY, PLACEHOLDER_KEY, PLURAL_KEY].sort());
    for (const [key, value] of [[PLURAL_KEY, PLURAL_AR], [PLACEHOLDER_KEY, PLACEHOLDER_AR], [WAITING_KEY, WAITING_AR]] as const) {
      const entry = await valueIn(b.id, "ar", key);
      expect(entry.row).toMatchObject({ value, state: "translated", liveValue: null });
    }
    const history = await db().translationEvent.findMany({ where: { translation: { scope: b.id } } });
    expect(history.map((e) => e.action)).toEqual(["import", "import", "import"]);
    const again = await exportLayer({ scope: b.id, locale: "ar", format, include: "all" });
    expect(again.body).toBe(file.body);

    // "live": what the site shows (the waiting proposal is not live yet).
    const live = await exportLayer({ scope: a.id, locale: "ar", format: "json", include: "live" });
    const liveTexts = flattenCatalogue(JSON.parse(live.body) as TCatalogue);
    expect(liveTexts.get(PLURAL_KEY)).toBe(PLURAL_AR);
    expect(liveTexts.get(WAITING_KEY)).not.toBe(WAITING_AR);
  });

  it("refuses a whole file when one message is invalid, and stores nothing", async () => {
    const town = await createVisibleTown("tx-invalid");
    const body = JSON.stringify({
      Common: { pageTitle: "{page} — {site}" },
      Errors: { tooManyBookings: "{max, plural, one {x} other {y}" },
      Booking: { nope: "x" },
    });
    const error = await importLayer({ scope: town.id, locale: "fr", format: "json", body, actor: translator }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportRefusedError);
    const report = (error as ImportRefusedError).report;
    expect(report.invalid.map((i) => i.key)).toEqual([PLURAL_KEY]);
    expect(report.invalid[0]!.issues[0]!.code).toBe("translationInvalidIcu");
    expect(report.changed.map((c) => c.key)).toEqual([PLACEHOLDER_KEY]);
    expect((error as ImportRefusedError).fields[PLURAL_KEY]?.key).toBe("translationInvalidIcu");
    expect(await rows(town.id)).toBe(0);
  });

  it("reports the keys the catalogue does not have, and ignores empty translations", async () => {
    const town = await createVisibleTown("tx-unknown");
    const po = [
      'msgid ""',
      'msgstr ""',
      '"Language: fr\\n"',
      "",
      'msgctxt "Nowhere.key"',
      'msgid "Something"',
      'msgstr "Quelque chose"',
      "",
      `msgctxt "${PLACEHOLDER_KEY}"`,
      `msgid "${SOURCE.get(PLACEHOLDER_KEY)}"`,
      'msgstr ""',
      "",
    ].join("\n");
    const report = await importLayer({ scope: town.id, locale: "fr", format: "po", body: po, actor: translator });
    expect(report).toEqual({ changed: [], unchanged: 0, unknownKeys: ["Nowhere.key"], invalid: [] });
    expect(await rows(town.id)).toBe(0);
  });

  it("writes messages/<locale>.json with the approved platform translations (CLI export)", async () => {
    const approved = "Fenêtre : {page} · {site}";
    await publish(PLATFORM_SCOPE, "fr", PLACEHOLDER_KEY, approved);
    await propose(PLATFORM_SCOPE, "fr", WAITING_KEY, "{language} (en attente)");
    const dir = await mkdtemp(join(tmpdir(), "civitas-i18n-"));
    try {
      const result = await writePlatformCatalogue("fr", dir);
      expect(result.changed).toBe(1);
      const text = await readFile(join(dir, "fr.json"), "utf8");
      expect(text.endsWith("}\n")).toBe(true);
      expect(text).toContain('\n  "');
      const written = flattenCatalogue(JSON.parse(text) as TCatalogue);
      const files = flattenCatalogue(frFiles as TCatalogue);
      expect(written.get(PLACEHOLDER_KEY)).toBe(approved);
      expect(written.get(WAITING_KEY)).toBe(files.get(WAITING_KEY));
      expect(written.size).toBe(files.size);
      const order = [...written.keys()].filter((k) => SOURCE.has(k));
      expect(order).toEqual([...SOURCE.keys()].filter((k) => written.has(k)));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
