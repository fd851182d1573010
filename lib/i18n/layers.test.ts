import { describe, expect, it } from "vitest";
import { catalogueCoverage } from "@/lib/i18n/check";
import { applyLayers, withMessage } from "@/lib/i18n/messages";

describe("layers of interface messages", () => {
  const files = { Site: { title: "Ville", home: "Accueil" }, Mail: { hello: "Bonjour" } };

  it("resolves town → platform → files: the later layer wins, other keys keep the files' text", () => {
    const platform = new Map([
      ["Site.title", "Mairie"],
      ["Mail.hello", "Bonjour à vous"],
    ]);
    const town = new Map([["Site.title", "Hôtel de ville"]]);
    expect(applyLayers(files, [platform, town])).toEqual({ Site: { title: "Hôtel de ville", home: "Accueil" }, Mail: { hello: "Bonjour à vous" } });
    expect(applyLayers(files, [platform])).toEqual({ Site: { title: "Mairie", home: "Accueil" }, Mail: { hello: "Bonjour à vous" } });
  });

  it("never changes the catalogue it starts from (cached and shared between towns)", () => {
    const before = JSON.stringify(files);
    withMessage(files, "Site.title", "Autre");
    applyLayers(files, [new Map([["Mail.hello", "Salut"]])]);
    expect(JSON.stringify(files)).toBe(before);
  });

  it("adds a key the files do not have yet (a new namespace too)", () => {
    expect(withMessage(files, "Account.title", "Votre espace")).toMatchObject({ Account: { title: "Votre espace" } });
  });
});

describe("catalogueCoverage", () => {
  it("counts keys present and not empty, to a tenth of a percent", () => {
    const source = { A: { a: "1", b: "2", c: "3" } };
    expect(catalogueCoverage(source, { A: { a: "un", b: " ", d: "extra" } })).toEqual({ total: 3, translated: 1, percent: 33.3 });
    expect(catalogueCoverage(source, source).percent).toBe(100);
  });
});
