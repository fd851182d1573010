// Platform languages on a real PostgreSQL, through the services: the operator adds a language CLDR
// knows (canonical tag, not twice, not a built-in one), translators' approved platform texts make it
// speak (over English, since it has no catalogue file), a town cannot enable it below READY_PERCENT
// while Italian (shipped catalogue) is ready, a language a town already has stays allowed, and a
// language in use or built in cannot be removed. The town settings and the town creation forms take
// name_<l> fields for any of the town's languages.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction } from "@/lib/core/db";
import { FieldsError } from "@/lib/core/errors";
import { READY_PERCENT } from "@/lib/i18n/locales";
import { loadLiveMessages, type TMessages } from "@/lib/i18n/messages";
import { ZCreateTown } from "@/lib/platform/schemas";
import { ZIdentitySettings } from "@/lib/tenancy/schemas-settings";
import { getTenantBySlug } from "@/lib/tenancy/registry";
import { updateIdentity, updateLanguages } from "@/lib/tenancy/service/update-settings";
import { PLATFORM_SCOPE, type TActor } from "@/lib/translations/repo";
import { proposeTranslation, reviewTranslation } from "@/lib/translations/service/edit-translation";
import { addPlatformLanguage, assertLanguagesReady, canonicalLanguage, languageReadiness, platformLanguageCodes, removePlatformLanguage } from "@/lib/translations/service/languages";
import { waitingProposals } from "@/lib/translations/service/platform-review";
import itFiles from "@/messages/it.json";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";

let database: TAppDatabase;
const translator: TActor = { type: "agent", id: null, label: "translator@test" };
const operator: TActor = { type: "operator", id: null, label: "operator@test" };

function text(messages: TMessages | Record<string, unknown>, key: string): string | undefined {
  let node: unknown = messages;
  for (const part of key.split(".")) node = typeof node === "object" && node !== null ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "string" ? node : undefined;
}

async function fieldError(promise: Promise<unknown>, field: string) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FieldsError);
  return (error as FieldsError).fields[field];
}

describe("platform languages", () => {
  beforeAll(async () => {
    database = await openAppDatabase("translations-languages");
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("knows a language code CLDR knows, in its canonical form", () => {
    expect(canonicalLanguage("nl")).toBe("nl");
    expect(canonicalLanguage("pt-br")).toBe("pt-BR");
    expect(canonicalLanguage(" NL ")).toBe("nl");
    expect(canonicalLanguage("qq")).toBeNull();
    expect(canonicalLanguage("xx-YY")).toBeNull();
    expect(canonicalLanguage("../etc")).toBeNull();
    expect(canonicalLanguage("")).toBeNull();
  });

  it("adds a language once; it speaks through the platform layer over English; towns enable it only when translated enough", async () => {
    expect(await platformLanguageCodes()).not.toContain("nl");
    expect(await addPlatformLanguage("NL", "operator@test")).toEqual({ code: "nl" });
    expect(await platformLanguageCodes()).toContain("nl");
    expect(await fieldError(addPlatformLanguage("nl", null), "code")).toEqual({ key: "languageExists" });
    expect(await fieldError(addPlatformLanguage("fr", null), "code")).toEqual({ key: "languageExists" });
    expect(await fieldError(addPlatformLanguage("qq", null), "code")).toEqual({ key: "languageUnknown" });

    // No catalogue file: English until translated; an approved platform text shows in every town.
    const town = await createVisibleTown("lang-nl");
    const key = "Site.poweredBy";
    expect(text(await loadLiveMessages("nl", town.id), key)).toBe(text(await import("@/messages/en.json"), key));
    await inTransaction(() => proposeTranslation({ scope: PLATFORM_SCOPE, locale: "nl", key, value: "Aangedreven door Civitas", actor: translator }));
    const queue = await waitingProposals("nl");
    expect(queue.total).toBe(1);
    expect(queue.items[0]).toMatchObject({ key, value: "Aangedreven door Civitas", by: "translator@test", issues: [] });
    await inTransaction(() => reviewTranslation({ scope: PLATFORM_SCOPE, locale: "nl", key, decision: "approve", comment: null, actor: operator }));
    expect(text(await loadLiveMessages("nl", town.id), key)).toBe("Aangedreven door Civitas");
    expect((await waitingProposals("nl")).total).toBe(0);

    // One message of 2,500: far from ready; the town cannot enable it, Italian (shipped) it can.
    const readiness = await languageReadiness(["nl", "it"], town.id);
    expect(readiness.get("nl")).toBeLessThan(1);
    expect(readiness.get("it")).toBeGreaterThanOrEqual(READY_PERCENT);
    expect(await fieldError(updateLanguages(town, ["fr", "en", "nl"], "fr"), "enabledLocales")).toMatchObject({ key: "languageNotReady", params: { language: "nl", threshold: READY_PERCENT } });
    expect(await fieldError(updateLanguages(town, ["fr", "en", "xx"], "fr"), "enabledLocales")).toMatchObject({ key: "languageNotOffered" });
    await addPlatformLanguage("it", null).catch(() => undefined);
    expect(await updateLanguages(town, ["fr", "en", "it"], "fr")).toEqual({ enabledLocales: { from: ["fr", "en"], to: ["fr", "en", "it"] } });
    const withItalian = (await getTenantBySlug(town.slug))!;
    expect(text(await loadLiveMessages("it", town.id), "Common.skipLink")).toBe(text(itFiles, "Common.skipLink"));

    // A language a town already has stays allowed (a new English text never switches it off).
    await expect(assertLanguagesReady(["fr", "nl"], ["fr", "nl"], town.id)).resolves.toBeUndefined();

    // The town's name in Italian goes through the settings form's name_it field.
    const form = ZIdentitySettings.parse({ name_fr: "Ville", name_it: "  Città  ", address_it: "", contactEmail: "" });
    expect(form.name_it).toBe("Città");
    expect(form.address_it).toBeUndefined();
    expect(ZIdentitySettings.safeParse({ name_it: "x".repeat(121) }).error?.issues[0]).toMatchObject({ path: ["name_it"], message: "tooLong" });
    await updateIdentity(withItalian, form);
    expect((await getTenantBySlug(town.slug))!.names).toMatchObject({ fr: "Ville", it: "Città" });

    // Removal: not a built-in language, not one a town uses.
    expect(await fieldError(removePlatformLanguage("fr"), "code")).toEqual({ key: "languageBuiltIn" });
    expect(await fieldError(removePlatformLanguage("it"), "code")).toMatchObject({ key: "languageInUse", params: { count: 1 } });
    await removePlatformLanguage("nl");
    expect(await platformLanguageCodes()).not.toContain("nl");
    expect(await fieldError(updateLanguages(town, ["fr", "nl"], "fr"), "enabledLocales")).toMatchObject({ key: "languageNotOffered" });
  });

  it("creates a town in any ready language, with its name in it", () => {
    const parsed = ZCreateTown.safeParse({ slug: "citta", name_it: "Città", enabledLocales: ["it", "en"], defaultLocale: "it", timeZone: "Europe/Rome", holidayRegion: "IT", adminEmail: "a@example.org", adminName: "Ada" });
    expect(parsed.success).toBe(true);
    expect((parsed.data as Record<string, unknown>).name_it).toBe("Città");
    const missing = ZCreateTown.safeParse({ slug: "citta", name_en: "Citta", enabledLocales: ["it", "en"], defaultLocale: "it", timeZone: "Europe/Rome", holidayRegion: "IT", adminEmail: "a@example.org", adminName: "Ada" });
    expect(missing.error?.issues.map((i) => i.message)).toContain("townNameRequired");
  });
});
