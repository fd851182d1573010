// The translator's preview: sample values from the source's arguments, and the text rendered with them.
import { describe, expect, it } from "vitest";
import { pluralCategories, renderPreview, sampleValues } from "@/lib/translations/service/preview";

describe("preview", () => {
  const plural = "{count, plural, one {# town} other {# towns}}";

  it("gives every argument of the source a sample of its kind", () => {
    const samples = sampleValues("{name} booked {count, plural, one {# place} other {# places}} on {day, date} ({status, select, sent {sent} other {unknown}}) at {site}, {who}");
    expect(samples).toMatchObject({ name: "Camille Martin", count: 3, status: "sent", site: "Hôtel de ville", who: "‹who›" });
    expect(samples.day).toBeInstanceOf(Date);
    expect(sampleValues(plural, 1)).toEqual({ count: 1 });
    expect(sampleValues("Read <link>the notice</link>.")).toEqual({});
    expect(sampleValues("Skip to main content")).toEqual({});
  });

  it("renders a plural with the language's categories (Arabic and French)", () => {
    const ar = "{count, plural, zero {لا مدن} one {مدينة واحدة} two {مدينتان} few {# مدن} many {# مدينة} other {# مدينة*}}";
    const arDigits = (n: number) => new Intl.NumberFormat("ar").format(n);
    expect(renderPreview(ar, "ar", sampleValues(plural, 0))).toBe("لا مدن");
    expect(renderPreview(ar, "ar", sampleValues(plural, 1))).toBe("مدينة واحدة");
    expect(renderPreview(ar, "ar", sampleValues(plural, 2))).toBe("مدينتان");
    expect(renderPreview(ar, "ar", sampleValues(plural))).toBe(`${arDigits(3)} مدن`);
    expect(renderPreview(ar, "ar", sampleValues(plural, 11))).toBe(`${arDigits(11)} مدينة`);
    expect(renderPreview(ar, "ar", sampleValues(plural, 100))).toBe(`${arDigits(100)} مدينة*`);

    const fr = "{count, plural, one {# ville} many {# de villes} other {# villes}}";
    expect(renderPreview(fr, "fr", sampleValues(plural, 1))).toBe("1 ville");
    expect(renderPreview(fr, "fr", sampleValues(plural, 0))).toBe("0 ville");
    expect(renderPreview(fr, "fr", sampleValues(plural))).toBe("3 villes");
  });

  it("renders a select with the source's first option", () => {
    const source = "Accessibility: {status, select, none {not compliant} partial {partially compliant} other {not assessed}}";
    const samples = sampleValues(source);
    expect(samples).toEqual({ status: "none" });
    expect(renderPreview("Accessibilité : {status, select, none {non conforme} partial {partiellement conforme} other {non évaluée}}", "fr", samples)).toBe("Accessibilité : non conforme");
    // A select whose first option is other: other.
    expect(sampleValues("{kind, select, other {x}}")).toEqual({ kind: "other" });
  });

  it("renders text placeholders with readable stand-ins", () => {
    expect(renderPreview("Bienvenue à {town}, {name}.", "fr", sampleValues("Welcome to {town}, {name}."))).toBe("Bienvenue à Lutèce, Camille Martin.");
  });

  it("gives null for a message that cannot be rendered", () => {
    expect(renderPreview("Bienvenue à {town", "fr", { town: "Lutèce" })).toBeNull();
    expect(renderPreview("{count, plural, one {# ville}", "fr", { count: 1 })).toBeNull();
  });

  it("lists a language's plural categories", () => {
    expect(pluralCategories("ar").sort()).toEqual(["few", "many", "one", "other", "two", "zero"]);
    expect(pluralCategories("fr").sort()).toEqual(["many", "one", "other"]);
    expect(pluralCategories("de").sort()).toEqual(["one", "other"]);
  });
});
