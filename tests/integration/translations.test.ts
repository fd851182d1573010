// The translation workspace on a real PostgreSQL, through its services (no HTTP), each test with its own
// towns: a proposal waits (not live) until a reviewer approves it, then the site shows it at once (this
// process's cache dropped, and a NOTIFY for the others); the layers resolve town → platform → files →
// English, a town's wording never reaching another town; the approved value stays live while a new
// proposal waits, a rejection needs a comment, a revert proposes an old value again (never another
// town's); the ICU checks of a proposal; the catalogue's states, outdated rows and completeness.
//
// The platform layer is shared by every town of this file's database: each test uses its own keys.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError, NotFoundError } from "@/lib/core/errors";
import { INVALIDATION_CHANNEL, parseInvalidation, subscribeInvalidation, type TInvalidation } from "@/lib/core/invalidation";
import { loadLiveMessages, type TMessages } from "@/lib/i18n/messages";
import { findTranslation, listEvents, PLATFORM_SCOPE, type TActor, type TScope } from "@/lib/translations/repo";
import { catalogueEntries, completeness, SOURCE } from "@/lib/translations/service/catalogue";
import { proposeTranslation, reviewTranslation, revertTranslation } from "@/lib/translations/service/edit-translation";
import frFiles from "@/messages/fr.json";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";

let database: TAppDatabase;

const translator: TActor = { type: "agent", id: null, label: "translator@test" };
const reviewer: TActor = { type: "agent", id: null, label: "reviewer@test" };

/** A text of a nested catalogue by its flattened key. */
function text(messages: TMessages | Record<string, unknown>, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

const en = (key: string) => SOURCE.get(key)!;
const fr = (key: string) => text(frFiles, key)!;

const propose = (scope: TScope, locale: string, key: string, value: string) => inTransaction(() => proposeTranslation({ scope, locale, key, value, actor: translator }));
const approve = (scope: TScope, locale: string, key: string) => inTransaction(() => reviewTranslation({ scope, locale, key, decision: "approve", comment: null, actor: reviewer }));
const reject = (scope: TScope, locale: string, key: string, comment: string | null) => inTransaction(() => reviewTranslation({ scope, locale, key, decision: "reject", comment, actor: reviewer }));
/** Proposed and approved: live. */
const publish = async (scope: TScope, locale: string, key: string, value: string) => {
  await propose(scope, locale, key, value);
  return approve(scope, locale, key);
};

const live = async (locale: string, tenantId: string | null, key: string) => text(await loadLiveMessages(locale, tenantId), key);

async function refusal(promise: Promise<unknown>): Promise<ActionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ActionError);
  return error as ActionError;
}

/** The field error of a refused proposal. */
async function fieldRefusal(promise: Promise<unknown>, field = "value") {
  const error = await refusal(promise);
  expect(error).toBeInstanceOf(FieldsError);
  return (error as FieldsError).fields[field];
}

describe("translation workspace", () => {
  beforeAll(async () => {
    database = await openAppDatabase("translations");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("keeps a proposal off the site until a reviewer approves it, then shows it at once and tells the other processes", async () => {
    const town = await createVisibleTown("tr-live");
    const key = "Common.skipLink";
    expect(await live("fr", town.id, key)).toBe(fr(key));

    const row = await propose(town.id, "fr", key, "Sauter au contenu");
    expect(row).toMatchObject({ scope: town.id, tenantId: town.id, locale: "fr", key, value: "Sauter au contenu", state: "translated", liveValue: null, updatedBy: translator.label });
    expect(await live("fr", town.id, key)).toBe(fr(key));

    // Another process: a plain LISTEN on the channel, and a subscriber of this process.
    const other = new pg.Client({ connectionString: database.url });
    await other.connect();
    const notified: TInvalidation[] = [];
    other.on("notification", (message) => {
      if (message.channel === INVALIDATION_CHANNEL) notified.push(parseInvalidation(message.payload));
    });
    await other.query(`LISTEN ${INVALIDATION_CHANNEL}`);
    const here: TInvalidation[] = [];
    const unsubscribe = await subscribeInvalidation(database.url, (event) => void here.push(event));
    try {
      const approved = await approve(town.id, "fr", key);
      expect(approved).toMatchObject({ state: "reviewed", value: "Sauter au contenu", liveValue: null, reviewedBy: reviewer.label });
      // The cached catalogue was dropped: the next page shows the approved text, in this town only.
      expect(await live("fr", town.id, key)).toBe("Sauter au contenu");
      expect(await live("en", town.id, key)).toBe(en(key));
      expect(here).toContainEqual({ scope: "translations", tenantId: town.id });
      for (let i = 0; i < 100 && notified.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(notified).toContainEqual({ scope: "translations", tenantId: town.id, from: expect.any(String) });
    } finally {
      unsubscribe();
      await other.end();
    }

    const events = await listEvents(row.scope, row.id);
    // Another layer's scope never reads this history.
    expect(await listEvents(PLATFORM_SCOPE, row.id)).toEqual([]);
    expect(events.map((e) => [e.action, e.state, e.value]).sort()).toEqual([
      ["approve", "reviewed", "Sauter au contenu"],
      ["edit", "translated", "Sauter au contenu"],
    ]);
  });

  it("resolves a town's wording over the platform layer over the files over English, one town never changing another", async () => {
    const a = await createVisibleTown("tr-layers-a");
    const b = await createVisibleTown("tr-layers-b");
    const platformKey = "Site.navContact";
    const townKey = "Site.navHome";

    // Files first.
    expect(await live("fr", a.id, platformKey)).toBe(fr(platformKey));
    expect(await live("fr", b.id, platformKey)).toBe(fr(platformKey));

    // The platform layer shows in every town (and on the platform's own pages).
    await publish(PLATFORM_SCOPE, "fr", platformKey, "Nous écrire");
    expect(await live("fr", a.id, platformKey)).toBe("Nous écrire");
    expect(await live("fr", b.id, platformKey)).toBe("Nous écrire");
    expect(await live("fr", null, platformKey)).toBe("Nous écrire");

    // Town A's own wording wins over the platform in A, and B keeps the platform's.
    await publish(a.id, "fr", platformKey, "Écrire à la mairie");
    expect(await live("fr", a.id, platformKey)).toBe("Écrire à la mairie");
    expect(await live("fr", b.id, platformKey)).toBe("Nous écrire");
    expect(await live("fr", null, platformKey)).toBe("Nous écrire");

    // A town override over the files, without a platform row: the other town keeps the files.
    await publish(a.id, "fr", townKey, "Page d’accueil de la ville");
    expect(await live("fr", a.id, townKey)).toBe("Page d’accueil de la ville");
    expect(await live("fr", b.id, townKey)).toBe(fr(townKey));

    // A language without files: English, with the layers over it.
    expect(await live("nl", a.id, townKey)).toBe(en(townKey));
    await publish(b.id, "nl", townKey, "Startpagina");
    expect(await live("nl", b.id, townKey)).toBe("Startpagina");
    expect(await live("nl", a.id, townKey)).toBe(en(townKey));
    expect(await live("nl", b.id, platformKey)).toBe(en(platformKey));

    // Town A's screen reads only its own layer.
    expect(await findTranslation(b.id, "fr", platformKey)).toBeNull();
    expect((await findTranslation(a.id, "fr", platformKey))?.value).toBe("Écrire à la mairie");
  });

  it("keeps the approved value live while a proposal waits, needs a comment to reject, and reverts to an old value of the town's own layer", async () => {
    const a = await createVisibleTown("tr-review-a");
    const b = await createVisibleTown("tr-review-b");
    const key = "Common.languageSwitcher";

    await publish(a.id, "fr", key, "Langue du site");
    const waiting = await propose(a.id, "fr", key, "Choix de la langue");
    expect(waiting).toMatchObject({ state: "translated", value: "Choix de la langue", liveValue: "Langue du site" });
    expect(await live("fr", a.id, key)).toBe("Langue du site");

    // A rejection needs a comment, and keeps the live value.
    const missing = await fieldRefusal(reject(a.id, "fr", key, "  "), "comment");
    expect(missing).toEqual({ key: "translationCommentRequired" });
    const rejected = await reject(a.id, "fr", key, "Trop long");
    expect(rejected).toMatchObject({ state: "rejected", comment: "Trop long", value: "Choix de la langue", liveValue: "Langue du site" });
    expect(await live("fr", a.id, key)).toBe("Langue du site");
    const [rejectedEntry] = (await catalogueEntries(a.id, "fr")).filter((e) => e.key === key);
    expect(rejectedEntry).toMatchObject({ state: "rejected", shown: "Langue du site" });

    // A newer proposal, approved: it replaces the live value.
    await publish(a.id, "fr", key, "Langue");
    expect(await live("fr", a.id, key)).toBe("Langue");

    // Sending back a live translation with nothing waiting never takes it off the site.
    const liveRejected = await reject(a.id, "fr", key, "À revoir");
    expect(liveRejected).toMatchObject({ state: "rejected", value: "Langue", liveValue: "Langue" });
    expect(await live("fr", a.id, key)).toBe("Langue");

    // Revert: the first value becomes the proposal again (waiting), then live once approved.
    const events = await listEvents(rejected.scope, rejected.id);
    const first = events.find((e) => e.action === "edit" && e.value === "Langue du site");
    expect(first).toBeDefined();
    const reverted = await inTransaction(() => revertTranslation({ scope: a.id, eventId: first!.id, actor: translator }));
    expect(reverted).toMatchObject({ state: "translated", value: "Langue du site", liveValue: "Langue" });
    expect(await live("fr", a.id, key)).toBe("Langue");
    expect((await listEvents(rejected.scope, rejected.id))[0]).toMatchObject({ action: "revert", value: "Langue du site", state: "translated" });
    await approve(a.id, "fr", key);
    expect(await live("fr", a.id, key)).toBe("Langue du site");

    // Town B cannot revert with town A's event, nor with an unknown id; the platform layer neither.
    const error = await refusal(inTransaction(() => revertTranslation({ scope: b.id, eventId: first!.id, actor: translator })));
    expect(error).toBeInstanceOf(NotFoundError);
    expect(await refusal(inTransaction(() => revertTranslation({ scope: PLATFORM_SCOPE, eventId: first!.id, actor: translator })))).toBeInstanceOf(NotFoundError);
    expect(await refusal(inTransaction(() => revertTranslation({ scope: b.id, eventId: "0190c2d4-0000-7000-8000-000000000000", actor: translator })))).toBeInstanceOf(NotFoundError);
    expect(await findTranslation(b.id, "fr", key)).toBeNull();
    // Nor review a row it does not have.
    expect(await refusal(approve(b.id, "fr", key))).toBeInstanceOf(NotFoundError);
  });

  it("refuses a proposal that does not fit its source", async () => {
    const town = await createVisibleTown("tr-checks");
    const id = town.id;

    expect(await fieldRefusal(propose(id, "fr", "Home.intro", "Bienvenue à {town"))).toMatchObject({ key: "translationInvalidIcu" });
    expect(await fieldRefusal(propose(id, "fr", "Home.intro", "Bienvenue."))).toEqual({ key: "translationPlaceholderMissing", params: { name: "town" } });
    expect(await fieldRefusal(propose(id, "fr", "Home.intro", "Bienvenue à {town}, {name}."))).toEqual({ key: "translationPlaceholderExtra", params: { name: "name" } });
    expect(await fieldRefusal(propose(id, "fr", "Home.intro", "   "))).toEqual({ key: "translationEmpty" });
    expect(await fieldRefusal(propose(id, "fr", "Platform.languages", "{count, plural, one {# langue} few {# langues} other {# langues}}"))).toEqual({
      key: "translationPluralCategory",
      params: { name: "count", category: "few", locale: "fr", allowed: expect.any(String) },
    });
    expect(await fieldRefusal(propose(id, "fr", "Platform.languages", "{count, select, one {# langue} other {# langues}}"))).toMatchObject({ key: "translationArgumentKind" });
    expect(await refusal(propose(id, "fr", "Nope.notAKey", "x"))).toBeInstanceOf(NotFoundError);

    // Arabic needs not every category: one and other are enough; French accepts many.
    expect(await propose(id, "ar", "Platform.languages", "{count, plural, one {لغة واحدة} other {# لغات}}")).toMatchObject({ state: "translated" });
    expect(await propose(id, "ar", "Mail.waitingHours", "{count, plural, zero {لا ساعات} one {ساعة} two {ساعتان} few {# ساعات} many {# ساعة} other {# ساعة}}")).toMatchObject({ state: "translated" });
    expect(await propose(id, "fr", "Platform.languages", "{count, plural, one {# langue} many {# langues} other {# langues}}")).toMatchObject({ state: "translated" });

    // Two first proposals at once (no row to lock yet): one row, both values in its history.
    const both = await Promise.all([propose(id, "es", "Site.navHome", "Inicio"), propose(id, "es", "Site.navHome", "Portada")]);
    expect(both[0].id).toBe(both[1].id);
    expect((await listEvents(both[0].scope, both[0].id)).map((e) => e.value).sort()).toEqual(["Inicio", "Portada"]);

    // Nothing refused was stored.
    expect(await findTranslation(id, "fr", "Home.intro")).toBeNull();
  });

  it("lists every source key with its state, marks outdated rows, and counts completeness", async () => {
    const town = await createVisibleTown("tr-catalogue");
    const id = town.id;
    const [kTranslated, kReviewed, kRejected, kFiles] = ["Site.mainNavigation", "Common.newWindow", "Site.navHome", "Contact.intro"];

    await propose(id, "fr", kTranslated, "Menu principal");
    await publish(id, "fr", kReviewed, "s’ouvre dans un nouvel onglet");
    await propose(id, "fr", kRejected, "Accueil !");
    await reject(id, "fr", kRejected, "Sans point d’exclamation");

    const entries = new Map((await catalogueEntries(id, "fr")).map((e) => [e.key, e]));
    expect(entries.size).toBe(SOURCE.size);
    expect(entries.get(kTranslated)).toMatchObject({ namespace: "Site", source: en(kTranslated), files: fr(kTranslated), state: "translated", shown: fr(kTranslated), outdated: false });
    expect(entries.get(kReviewed)).toMatchObject({ state: "reviewed", shown: "s’ouvre dans un nouvel onglet", outdated: false });
    expect(entries.get(kRejected)).toMatchObject({ state: "rejected", shown: fr(kRejected), row: expect.objectContaining({ comment: "Sans point d’exclamation" }) });
    expect(entries.get(kFiles)).toMatchObject({ state: "files", row: null, shown: fr(kFiles) });

    // A language without files: everything untranslated, nothing shown from the layer.
    const nl = await catalogueEntries(id, "nl");
    expect(nl.every((e) => e.state === "untranslated" && e.files === null && e.shown === null)).toBe(true);

    // The source changed since the translation: outdated (the stored hash no longer matches).
    await db().translation.updateMany({ where: { scope: id, locale: "fr", key: kReviewed }, data: { sourceHash: "0".repeat(64) } });
    const afterChange = new Map((await catalogueEntries(id, "fr")).map((e) => [e.key, e]));
    expect(afterChange.get(kReviewed)).toMatchObject({ state: "reviewed", outdated: true });
    expect(afterChange.get(kTranslated)?.outdated).toBe(false);
    // A new proposal records the current source's hash.
    await propose(id, "fr", kReviewed, "s’ouvre dans une nouvelle fenêtre");
    expect((await catalogueEntries(id, "fr")).find((e) => e.key === kReviewed)?.outdated).toBe(false);

    // Completeness. French files translate every key: an approval changes what is shown, not the count.
    const frBefore = await completeness(id, "fr");
    expect(frBefore.total).toBe(SOURCE.size);
    await publish(id, "fr", kTranslated, "Menu principal");
    const frAfter = await completeness(id, "fr");
    expect(frAfter.translated).toBe(frBefore.translated);
    expect(frAfter.reviewed).toBe(frBefore.reviewed + 1);

    // Dutch has no files: 0 %, then one key of "Site" approved in the town's layer counts.
    const nlBefore = await completeness(id, "nl");
    expect(nlBefore).toMatchObject({ locale: "nl", total: SOURCE.size, translated: 0, reviewed: 0, percent: 0 });
    await publish(id, "nl", "Site.navContact", "Contact");
    await propose(id, "nl", "Site.navHome", "Startpagina"); // waiting: not counted
    const nlAfter = await completeness(id, "nl");
    expect(nlAfter).toMatchObject({ translated: 1, reviewed: 1 });
    expect(nlAfter.percent).toBe(Math.floor((1 / SOURCE.size) * 1000) / 10);
    const site = nlAfter.namespaces.find((n) => n.namespace === "Site")!;
    expect(site.translated).toBe(1);
    expect(site.percent).toBe(Math.floor((1 / site.total) * 1000) / 10);
    expect(site.percent).toBeGreaterThan(0);

    // Another town's completeness is its own; the platform layer counts for every town.
    const other = await createVisibleTown("tr-catalogue-b");
    expect((await completeness(other.id, "nl")).translated).toBe(0);
    await publish(PLATFORM_SCOPE, "nl", "Common.pageTitle", "{page} – {site}");
    expect((await completeness(other.id, "nl")).translated).toBe(1);
    expect((await catalogueEntries(other.id, "nl")).find((e) => e.key === "Common.pageTitle")).toMatchObject({ state: "untranslated", row: null, shown: "{page} – {site}" });
    expect((await completeness(PLATFORM_SCOPE, "nl")).translated).toBe(1);
  });
});
