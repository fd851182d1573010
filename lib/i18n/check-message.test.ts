// checkMessage: a translation against its source (lib/i18n/check.ts), the issues the translator's
// editor shows as "Errors.translation…" messages.
import { describe, expect, it } from "vitest";
import { checkMessage } from "@/lib/i18n/check";

const codes = (source: string, text: string, locale: string) => checkMessage(source, text, locale).map((i) => i.code);

describe("checkMessage", () => {
  it("accepts a translation with the same placeholders, in any order", () => {
    expect(checkMessage("{page} – {site}", "{site} : {page}", "fr")).toEqual([]);
    expect(checkMessage("Welcome to {town}.", "Bienvenue à {town}.", "fr")).toEqual([]);
    expect(checkMessage("Skip to main content", "Aller au contenu", "fr")).toEqual([]);
  });

  it("reports a missing and an extra placeholder by name", () => {
    expect(checkMessage("Welcome to {town}.", "Bienvenue.", "fr")).toEqual([{ code: "translationPlaceholderMissing", params: { name: "town" } }]);
    expect(checkMessage("Welcome to {town}.", "Bienvenue à {ville}.", "fr")).toEqual([
      { code: "translationPlaceholderMissing", params: { name: "town" } },
      { code: "translationPlaceholderExtra", params: { name: "ville" } },
    ]);
    expect(checkMessage("Hello", "Bonjour {name}", "fr")).toEqual([{ code: "translationPlaceholderExtra", params: { name: "name" } }]);
  });

  it("compares rich-text tags like placeholders (reported without brackets)", () => {
    expect(checkMessage("Read <link>the notice</link>.", "Lisez <link>la notice</link>.", "fr")).toEqual([]);
    expect(checkMessage("Read <link>the notice</link>.", "Lisez la notice.", "fr")).toEqual([{ code: "translationPlaceholderMissing", params: { name: "link" } }]);
    expect(checkMessage("Read <link>the notice</link>.", "Lisez <a>la notice</a>.", "fr")).toEqual([
      { code: "translationPlaceholderMissing", params: { name: "link" } },
      { code: "translationPlaceholderExtra", params: { name: "a" } },
    ]);
  });

  it("reports an argument of another kind than the source's", () => {
    expect(checkMessage("{count, plural, one {# town} other {# towns}}", "{count} villes", "fr")).toEqual([
      { code: "translationArgumentKind", params: { name: "count", actual: "argument", expected: "plural" } },
    ]);
    expect(codes("{count, number} items", "{count, plural, other {# éléments}}", "fr")).toEqual(["translationArgumentKind"]);
  });

  describe("plural categories of the target language", () => {
    const source = "{count, plural, one {# town} other {# towns}}";

    it("accepts the six Arabic categories, or only some of them", () => {
      expect(checkMessage(source, "{count, plural, zero {لا مدن} one {مدينة} two {مدينتان} few {# مدن} many {# مدينة} other {# مدينة}}", "ar")).toEqual([]);
      expect(checkMessage(source, "{count, plural, one {مدينة} other {# مدينة}}", "ar")).toEqual([]);
      expect(checkMessage(source, "{count, plural, =0 {لا مدن} =2 {مدينتان} other {# مدينة}}", "ar")).toEqual([]);
    });

    it("refuses in French a category French does not have, with the allowed list", () => {
      expect(checkMessage(source, "{count, plural, one {# ville} many {# villes} other {# villes}}", "fr")).toEqual([]);
      const issues = checkMessage(source, "{count, plural, one {# ville} few {# villes} other {# villes}}", "fr");
      expect(issues).toHaveLength(1);
      expect(issues[0]!.code).toBe("translationPluralCategory");
      expect(issues[0]!.params).toMatchObject({ name: "count", category: "few", locale: "fr" });
      expect(issues[0]!.params.allowed!.split(", ").sort()).toEqual(["many", "one", "other"]);
      expect(codes(source, "{count, plural, zero {aucune} one {# ville} other {# villes}}", "fr")).toEqual(["translationPluralCategory"]);
    });

    it("refuses in German anything but one and other", () => {
      expect(checkMessage(source, "{count, plural, one {# Stadt} other {# Städte}}", "de")).toEqual([]);
      expect(codes(source, "{count, plural, one {# Stadt} two {# Städte} other {# Städte}}", "de")).toEqual(["translationPluralCategory"]);
      expect(codes(source, "{count, plural, one {# Stadt} many {# Städte} other {# Städte}}", "de")).toEqual(["translationPluralCategory"]);
    });

    it("needs an other option", () => {
      expect(checkMessage(source, "{count, plural, one {# ville} many {# villes}}", "fr")).toContainEqual({ code: "translationNoOther", params: { name: "count" } });
    });

    it("checks ordinals with the ordinal categories", () => {
      const ordinal = "{n, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}";
      expect(checkMessage(ordinal, "{n, selectordinal, one {#er} other {#e}}", "fr")).toEqual([]);
      expect(codes(ordinal, "{n, selectordinal, one {#er} two {#e} other {#e}}", "fr")).toEqual(["translationPluralCategory"]);
    });
  });

  it("needs an other option in a select", () => {
    const source = "{status, select, none {not compliant} other {not assessed}}";
    expect(checkMessage(source, "{status, select, none {non conforme} other {non évalué}}", "fr")).toEqual([]);
    expect(checkMessage(source, "{status, select, none {non conforme} full {conforme}}", "fr")).toEqual([{ code: "translationNoOther", params: { name: "status" } }]);
  });

  it("reports invalid syntax alone (no placeholder noise)", () => {
    for (const broken of ["Bienvenue à {town", "{count, plural, one {# ville} other {# villes}", "{count, plural, one # ville other # villes}", "Bienvenue à {}"]) {
      const issues = checkMessage("Welcome to {town}.", broken, "fr");
      expect(issues.map((i) => i.code)).toEqual(["translationInvalidIcu"]);
      expect(issues[0]!.params.detail).toEqual(expect.any(String));
    }
  });
});
