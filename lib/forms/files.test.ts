import { describe, expect, it } from "vitest";
import { acceptedMediaTypes, cleanFileName, contentDisposition, detectMediaType, isAcceptedMediaType, locateFileField, maxFilesOf, maxUploadBytes, safeReturnPath, withOutcome } from "@/lib/forms/files";
import type { TFormDefinition } from "@/lib/forms/definition";
import { parseScanAnswer } from "@/lib/forms/service/virus-scan";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201e2a2b9360000000049454e44ae426082", "hex");
/** The start of a Windows executable ("MZ" header pointing at a "PE" signature). */
function exe(): Buffer {
  const b = Buffer.alloc(512);
  b.write("MZ", 0, "latin1");
  b.writeUInt32LE(0x80, 0x3c);
  b.write("PE\0\0", 0x80, "latin1");
  return b;
}

describe("type detection and the allow-list", () => {
  it("reads the type from the bytes, not the name", async () => {
    expect(await detectMediaType(PDF)).toBe("application/pdf");
    expect(await detectMediaType(PNG)).toBe("image/png");
    expect(await detectMediaType(Buffer.from("just some text that is not a known format"))).toBeUndefined();
    const exeType = await detectMediaType(exe());
    expect(exeType === undefined || exeType === "application/x-msdownload").toBe(true);
  });

  it("accepts PDF and images by default, office documents only when asked", () => {
    const field = { validation: {} };
    expect(isAcceptedMediaType(field, "application/pdf")).toBe(true);
    expect(isAcceptedMediaType(field, "image/heic")).toBe(true);
    expect(isAcceptedMediaType(field, "application/vnd.openxmlformats-officedocument.wordprocessingml.document")).toBe(false);
    expect(isAcceptedMediaType(field, "application/x-msdownload")).toBe(false);
    expect(isAcceptedMediaType(field, undefined)).toBe(false);
    const office = { validation: { fileKinds: ["office" as const] } };
    expect(acceptedMediaTypes(office)).toContain("application/vnd.oasis.opendocument.text");
    expect(isAcceptedMediaType(office, "application/pdf")).toBe(false);
  });

  it("limits the size to the field's own limit, never above the platform's", () => {
    expect(maxUploadBytes({ validation: { maxSizeMb: 2 } }, 20)).toBe(2 * 1024 * 1024);
    expect(maxUploadBytes({ validation: { maxSizeMb: 50 } }, 20)).toBe(20 * 1024 * 1024);
    expect(maxUploadBytes({}, 0.5)).toBe(512 * 1024);
    expect(maxFilesOf({})).toBe(1);
    expect(maxFilesOf({ validation: { maxFiles: 3 } })).toBe(3);
  });

  it("finds file fields at the top level and inside repeatable groups", () => {
    const def: TFormDefinition = {
      steps: [
        {
          id: "s",
          titles: { en: "S" },
          fields: [
            { id: "proof", type: "file", labels: { en: "Proof" } },
            { id: "items", type: "group", labels: { en: "Items" }, fields: [{ id: "photo", type: "file", labels: { en: "Photo" } }] },
            { id: "name", type: "text", labels: { en: "Name" } },
          ],
        },
      ],
    };
    expect(locateFileField(def, "proof")?.groupId).toBeNull();
    expect(locateFileField(def, "photo")?.groupId).toBe("items");
    expect(locateFileField(def, "name")).toBeNull();
    expect(locateFileField(def, "nope")).toBeNull();
  });
});

describe("file names", () => {
  it("keeps the last path segment without control or bidi characters", () => {
    expect(cleanFileName("C:\\fakepath\\scan.pdf")).toBe("scan.pdf");
    expect(cleanFileName("a/b/../x.png")).toBe("x.png");
    expect(cleanFileName("evil\u202Egnp.exe")).toBe("evilgnp.exe");
    expect(cleanFileName("line\r\nbreak.pdf")).toBe("linebreak.pdf");
    expect(cleanFileName("..")).toBe("file");
    expect([...cleanFileName("é".repeat(400))]).toHaveLength(255);
  });

  it("names a download with an ASCII fallback and the RFC 5987 UTF-8 form", () => {
    expect(contentDisposition("facture.pdf")).toBe(`attachment; filename="facture.pdf"; filename*=UTF-8''facture.pdf`);
    expect(contentDisposition("Relevé d’identité (1).pdf")).toBe(`attachment; filename="Releve d_identite (1).pdf"; filename*=UTF-8''Relev%C3%A9%20d%E2%80%99identit%C3%A9%20%281%29.pdf`);
    expect(contentDisposition('a"b;c%d.pdf')).toBe(`attachment; filename="a_b_c_d.pdf"; filename*=UTF-8''a%22b%3Bc%25d.pdf`);
    expect(contentDisposition("وثيقة.pdf")).toMatch(/^attachment; filename="_+\.pdf"; filename\*=UTF-8''%D9%88/);
  });
});

describe("return path after an upload", () => {
  const locales = ["fr", "en", "ar"];
  it("accepts only this site's request pages", () => {
    expect(safeReturnPath("/fr/requests/bulky/items", locales)).toBe("/fr/requests/bulky/items");
    expect(safeReturnPath("/ar/requests/correct/abc?x=1", locales)).toBe("/ar/requests/correct/abc?x=1");
    for (const bad of ["https://evil.example/fr/requests/x", "//evil.example/fr/requests/x", "/\\evil.example", "/de/requests/x", "/fr/admin/requests", "/fr/requests/../admin", "fr/requests/x", null, ""]) {
      expect(safeReturnPath(bad, locales)).toBeNull();
    }
  });

  it("replaces a previous outcome in the query", () => {
    expect(withOutcome("/fr/requests/a/b?upload-error=uploadType&field=x&keep=1", { uploaded: "proof" })).toBe("/fr/requests/a/b?keep=1&uploaded=proof");
  });
});

describe("clamd answers", () => {
  it("reads OK, FOUND and errors", () => {
    expect(parseScanAnswer("stream: OK")).toEqual({ clean: true });
    expect(parseScanAnswer("stream: Eicar-Test-Signature FOUND")).toEqual({ clean: false, signature: "Eicar-Test-Signature" });
    expect(() => parseScanAnswer("INSTREAM size limit exceeded. ERROR")).toThrow();
  });
});
