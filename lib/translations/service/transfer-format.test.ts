// The translation files (nested JSON, XLIFF 2.0, PO) without a database: what goes out comes back
// unchanged (placeholders, ICU plurals, quotes, line breaks, right-to-left text), untranslated keys
// stay empty, a file for another language or that does not parse is refused, and the comparison with
// a layer finds the changed, unchanged, unknown and invalid messages.
import { describe, expect, it } from "vitest";
import { ActionError } from "@/lib/core/errors";
import { compareImport, nestedCatalogue, parseTransfer, serialiseTransfer, TRANSFER_FORMATS, type TTransferItem } from "@/lib/translations/service/transfer-format";

const items: TTransferItem[] = [
  { key: "Booking.title", source: "Book an appointment", target: "احجز موعدًا" },
  { key: "Booking.count", source: "{count, plural, one {# place left} other {# places left}}", target: "{count, plural, zero {لا أماكن} one {مكان واحد} two {مكانان} few {# أماكن} many {# مكانًا} other {# مكان}}" },
  { key: "Booking.hello", source: "Hello {name}, \"see\" you at {time}\nBye", target: "مرحبا {name}، «نراك» في {time}\nوداعا" },
  { key: "Common.missing", source: "Not yet & <soon>", target: null },
];

describe("translation files", () => {
  it.each(TRANSFER_FORMATS)("gives back what it wrote (%s)", async (format) => {
    const { body } = await serialiseTransfer(format, "ar", items);
    const back = await parseTransfer(format, body, "ar");
    for (const item of items.filter((i) => i.target)) expect(back.get(item.key)).toBe(item.target);
    expect(back.get("Common.missing") || null).toBeNull();
    const report = compareImport(items.map((i) => ({ key: i.key, source: i.source, current: i.target })), back, "ar");
    expect(report).toEqual({ changed: [], unchanged: 3, unknownKeys: [], invalid: [] });
  });

  it("writes JSON nested like the message files, without untranslated keys", async () => {
    expect(nestedCatalogue(items)).toEqual({ Booking: { title: items[0]!.target, count: items[1]!.target, hello: items[2]!.target } });
    const { body } = await serialiseTransfer("json", "ar", items);
    expect(body.endsWith("}\n")).toBe(true);
  });

  it("writes XLIFF 2.0 with the languages, a unit per key and the namespace as a note", async () => {
    const { body } = await serialiseTransfer("xliff", "ar", items);
    expect(body).toContain('version="2.0" srcLang="en" trgLang="ar"');
    expect(body).toContain('<unit id="Booking.count">');
    expect(body).toContain("<note>Booking</note>");
    expect(body).toContain("Not yet &amp; &lt;soon&gt;");
  });

  it("writes PO with the key as context, the English as msgid and ICU plurals in one msgstr", async () => {
    const { body } = await serialiseTransfer("po", "ar", items);
    expect(body).toContain('"Language: ar\\n"');
    expect(body).toContain('msgctxt "Booking.count"\nmsgid "{count, plural, one {# place left} other {# places left}}"');
    expect(body).not.toContain("msgid_plural");
    expect(body).toContain('msgctxt "Common.missing"\nmsgid "Not yet & <soon>"\nmsgstr ""');
  });

  it("ignores fuzzy PO entries", async () => {
    const po = 'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n#, fuzzy\nmsgctxt "Booking.title"\nmsgid "Book an appointment"\nmsgstr "Prendre rendez-vous"\n';
    expect((await parseTransfer("po", po, "fr")).get("Booking.title")).toBeNull();
  });

  it("refuses files that do not parse, or that are for another language", async () => {
    const refused = async (format: (typeof TRANSFER_FORMATS)[number], body: string) => {
      const error = await parseTransfer(format, body, "ar").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ActionError);
      return (error as ActionError).key;
    };
    expect(await refused("json", "{ not json")).toBe("translationImportUnreadable");
    expect(await refused("json", "[1, 2]")).toBe("translationImportUnreadable");
    expect(await refused("xliff", "<xliff version=\"1.2\"></xliff>")).toBe("translationImportUnreadable");
    expect(await refused("po", 'msgid "a"\nmsgstr "b\n')).toBe("translationImportUnreadable");
    const { body } = await serialiseTransfer("po", "fr", items);
    expect(await refused("po", body)).toBe("translationImportWrongLanguage");
    const xliff = await serialiseTransfer("xliff", "fr", items);
    expect(await refused("xliff", xliff.body)).toBe("translationImportWrongLanguage");
    expect(await refused("json", "x".repeat(2 * 1024 * 1024 + 1))).toBe("translationImportTooLarge");
  });

  it("compares a file with a layer: changed, unchanged, unknown keys and invalid messages", () => {
    const current = items.map((i) => ({ key: i.key, source: i.source, current: i.target }));
    const incoming = new Map<string, string | null>([
      ["Booking.title", "احجز"],
      ["Booking.count", "{count, plural, one {#} other {#} banana {#}}"],
      ["Booking.hello", "مرحبا {nom}"],
      ["Common.missing", ""],
      ["Nope.key", "x"],
    ]);
    const report = compareImport(current, incoming, "ar");
    expect(report.changed).toEqual([{ key: "Booking.title", before: items[0]!.target, after: "احجز" }]);
    expect(report.unchanged).toBe(0);
    expect(report.unknownKeys).toEqual(["Nope.key"]);
    expect(report.invalid.map((i) => [i.key, i.issues.map((x) => x.code)])).toEqual([
      ["Booking.count", ["translationPluralCategory"]],
      ["Booking.hello", ["translationPlaceholderMissing", "translationPlaceholderMissing", "translationPlaceholderExtra"]],
    ]);
  });
});
