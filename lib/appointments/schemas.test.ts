// The citizen's details as each service asks for them: required and optional fields, the ANTS
// pre-application number, custom questions of every type; and appointment references.
import { describe, expect, it } from "vitest";
import { detailsSchema, normalizeAntsNumber } from "@/lib/appointments/schemas";
import { newReference } from "@/lib/appointments/service/book-appointment";

const service = (over: Partial<Parameters<typeof detailsSchema>[0]> = {}) => ({
  phoneField: "optional" as const,
  antsField: "off" as const,
  maxPeople: 1,
  customFields: [],
  ...over,
});
const base = { firstName: " Jeanne ", lastName: "Martin", email: " Jeanne@Example.NET " };
const keys = (input: Record<string, unknown>, over = {}) => {
  const r = detailsSchema(service(over)).safeParse(input);
  const first: Record<string, string> = {};
  if (!r.success) for (const i of r.error.issues) first[i.path.join(".")] ??= i.message;
  return first; // the first message of each field, as the forms show it
};

describe("detailsSchema", () => {
  it("trims names and lower-cases the e-mail", () => {
    expect(detailsSchema(service()).parse(base)).toEqual({ firstName: "Jeanne", lastName: "Martin", email: "jeanne@example.net", phone: null, antsNumber: null, fields: {} });
  });

  it("names each missing or wrong field with its message key", () => {
    expect(keys({})).toEqual({ firstName: "firstNameRequired", lastName: "lastNameRequired", email: "emailRequired" });
    expect(keys({ ...base, email: "nope" })).toEqual({ email: "email" });
    expect(keys({ ...base, phone: "call me" })).toEqual({ phone: "phone" });
    expect(keys({ ...base, phone: "" })).toEqual({});
    expect(keys({ ...base }, { phoneField: "required" })).toEqual({ phone: "phoneRequired" });
    expect(keys({ ...base, phone: "+33 6 12 34 56 78" }, { phoneField: "required" })).toEqual({});
  });

  it("checks the ANTS pre-application number: 10 letters or digits, spaces and case ignored", () => {
    expect(normalizeAntsNumber(" ab12 cd-34ef ")).toBe("AB12CD34EF");
    expect(detailsSchema(service({ antsField: "required" })).parse({ ...base, antsNumber: "ab12 cd34ef" }).antsNumber).toBe("AB12CD34EF");
    expect(keys({ ...base }, { antsField: "required" })).toEqual({ antsNumber: "antsNumberRequired" });
    expect(keys({ ...base, antsNumber: "AB12" }, { antsField: "required" })).toEqual({ antsNumber: "antsNumber" });
    expect(keys({ ...base, antsNumber: "AB12CD34EF9" }, { antsField: "optional" })).toEqual({ antsNumber: "antsNumber" });
    expect(keys({ ...base, antsNumber: "" }, { antsField: "optional" })).toEqual({});
    // Not asked: ignored.
    expect(detailsSchema(service()).parse({ ...base, antsNumber: "x" }).antsNumber).toBeNull();
  });

  it("reads custom questions of every type", () => {
    const customFields = [
      { id: "note", type: "text", required: false, labels: { fr: "Note" } },
      { id: "witnesses", type: "number", required: true, labels: { fr: "Témoins" } },
      { id: "wedding", type: "date", required: true, labels: { fr: "Date" } },
      { id: "lang", type: "choice", required: true, labels: { fr: "Langue" }, options: [{ value: "fr", labels: { fr: "Français" } }, { value: "en", labels: { fr: "Anglais" } }] },
      { id: "consent", type: "checkbox", required: true, labels: { fr: "Présents" } },
      { id: "newsletter", type: "checkbox", required: false, labels: { fr: "Lettre" } },
    ];
    const ok = detailsSchema(service({ customFields })).parse({ ...base, f_witnesses: "2,5", f_wedding: "2027-06-12", f_lang: "en", f_consent: "on" });
    expect(ok.fields).toEqual({ witnesses: 2.5, wedding: "2027-06-12", lang: "en", consent: true, newsletter: false });
    const errors = keys({ ...base, f_witnesses: "two", f_wedding: "2027-02-30", f_lang: "de" }, { customFields });
    expect(errors).toEqual({ f_witnesses: "number", f_wedding: "date", f_lang: "choose", f_consent: "mustAccept" });
    expect(Object.keys(keys({ ...base }, { customFields })).sort()).toEqual(["f_consent", "f_lang", "f_wedding", "f_witnesses"]);
  });
});

describe("newReference", () => {
  it("is three groups of three characters without 0, O, 1 or I, and varies", () => {
    const refs = new Set(Array.from({ length: 2000 }, () => newReference()));
    expect(refs.size).toBe(2000);
    for (const ref of refs) expect(ref).toMatch(/^[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}-[A-HJ-NP-Z2-9]{3}$/);
  });
});
