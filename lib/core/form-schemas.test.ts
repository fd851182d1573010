// Texts per language in forms (<prefix>_<language>): any language tag is taken, trimmed, blank becomes
// undefined, too long is refused on its own field, and the other fields' errors and later refinements
// are reported in the same answer (a citizen or agent fixes everything at once).
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { withLocalizedTexts } from "@/lib/core/form-schemas";

const Z = withLocalizedTexts({ email: z.string().min(1, "emailRequired") }, { name: 10 }).superRefine((v, ctx) => {
  if (!v.name_fr) ctx.addIssue({ code: "custom", path: ["name_fr"], message: "nameRequired" });
});

describe("withLocalizedTexts", () => {
  it("keeps the texts of any language, trimmed, blank as undefined", () => {
    expect(Z.parse({ email: "a", name_fr: " Ville ", "name_pt-BR": "Cidade", name_nl: "  " })).toEqual({ email: "a", name_fr: "Ville", "name_pt-BR": "Cidade", name_nl: undefined });
  });

  it("refuses a text too long on its own field, and reports every other problem with it", () => {
    const issues = Z.safeParse({ email: "", name_it: "x".repeat(11) }).error!.issues.map((i) => `${i.path.join(".")}:${i.message}`);
    expect(issues).toEqual(expect.arrayContaining(["email:emailRequired", "name_it:tooLong", "name_fr:nameRequired"]));
  });

  it("ignores fields of other prefixes and refuses a text that is not a string", () => {
    expect(Z.parse({ email: "a", name_fr: "V", other_fr: 3 })).toMatchObject({ other_fr: 3 });
    expect(Z.safeParse({ email: "a", name_fr: ["V"] }).error!.issues[0]).toMatchObject({ path: ["name_fr"], message: "invalid" });
  });
});
