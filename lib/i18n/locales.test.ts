import { describe, expect, it } from "vitest";
import { localeDirection, negotiateLocale, parseAcceptLanguage } from "@/lib/i18n/locales";

describe("Accept-Language negotiation", () => {
  it("orders by quality, then by position", () => {
    expect(parseAcceptLanguage("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5")).toEqual(["fr-CH", "fr", "en", "de"]);
    expect(parseAcceptLanguage("de;q=0.5, es")).toEqual(["es", "de"]);
    expect(parseAcceptLanguage("en;q=0, not a tag!!, hu")).toEqual(["hu"]);
  });

  it("picks the best enabled locale, else the town's default", () => {
    const lutece = ["fr", "en", "es", "ar"];
    expect(negotiateLocale("es-ES,es;q=0.9,en;q=0.8", lutece, "fr")).toBe("es");
    expect(negotiateLocale("ar-MA", lutece, "fr")).toBe("ar");
    expect(negotiateLocale("de-DE,de;q=0.9", lutece, "fr")).toBe("fr");
    expect(negotiateLocale("de-DE,de;q=0.9,en;q=0.5", lutece, "fr")).toBe("en");
    expect(negotiateLocale(undefined, lutece, "fr")).toBe("fr");
    expect(negotiateLocale("", ["hu", "en", "de"], "hu")).toBe("hu");
  });

  it("knows the writing direction", () => {
    expect(localeDirection("ar")).toBe("rtl");
    expect(localeDirection("fr")).toBe("ltr");
    expect(localeDirection("hu")).toBe("ltr");
    expect(localeDirection("he-IL")).toBe("rtl");
  });
});
