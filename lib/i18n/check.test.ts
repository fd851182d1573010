import { describe, expect, it } from "vitest";
import { checkCatalogue } from "@/lib/i18n/check";

const source = {
  Home: {
    intro: "Welcome to {town}.",
    status: "{status, select, partial {partially} other {unknown}}",
    count: "{count, plural, one {# town} other {# towns}}",
    rich: "Read <link>the notice</link>.",
  },
};

describe("catalogue check", () => {
  it("accepts a complete, valid translation", () => {
    const fr = {
      Home: {
        intro: "Bienvenue à {town}.",
        status: "{status, select, partial {partiellement} other {inconnu}}",
        count: "{count, plural, one {# ville} many {# villes} other {# villes}}",
        rich: "Lisez <link>la notice</link>.",
      },
    };
    expect(checkCatalogue(source, fr, "fr")).toEqual([]);
  });

  it("reports missing keys, bad ICU, placeholder differences and extra keys", () => {
    const broken = {
      Home: {
        intro: "Bienvenue à {ville}.",
        status: "{status, select, partial {partiellement}",
        count: "{count, plural, one {# ville} few {# villes} other {# villes}}",
      },
      Extra: { x: "y" },
    };
    const messages = checkCatalogue(source, broken, "fr").map((p) => `${p.key}: ${p.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "Home.intro: placeholder {town} of the source is missing",
        "Home.intro: placeholder {ville} is not in the source",
        expect.stringMatching(/^Home\.status: invalid ICU message/),
        expect.stringMatching(/^Home\.count: plural \{count\} uses "few", which is not a plural category of fr/),
        "Home.rich: missing translation",
        "Extra.x: key is not in the source catalogue",
      ]),
    );
  });

  it("accepts the six Arabic plural categories", () => {
    const ar = { Home: { ...source.Home, count: "{count, plural, zero {لا مدن} one {مدينة} two {مدينتان} few {# مدن} many {# مدينة} other {# مدينة}}" } };
    expect(checkCatalogue(source, ar, "ar")).toEqual([]);
  });
});
