// Pure rules about the files citizens upload: which media types a file field accepts (recognised from
// the bytes, never from the name), how large a file may be, the name kept and how a download names it,
// and where an upload may send the browser back to.
import { fileTypeFromBuffer, fileTypeFromFile } from "file-type";
import { FILE_KINDS, type TField, type TFileKind, type TFormDefinition } from "@/lib/forms/definition";

export const DEFAULT_FILE_KINDS: TFileKind[] = ["pdf", "image"];

/** Error keys (namespace "Errors") an upload may end with. */
export const UPLOAD_ERRORS = [
  "uploadMissing",
  "uploadEmpty",
  "uploadTooLarge",
  "uploadType",
  "uploadInfected",
  "uploadScanUnavailable",
  "uploadTooMany",
  "uploadNoDraft",
  "uploadField",
  "uploadFailed",
  "uploadGone",
] as const;
export type TUploadError = (typeof UPLOAD_ERRORS)[number];

export function isUploadError(value: unknown): value is TUploadError {
  return typeof value === "string" && (UPLOAD_ERRORS as readonly string[]).includes(value);
}

export function fileKindsOf(field: Pick<TField, "validation">): TFileKind[] {
  return field.validation?.fileKinds?.length ? field.validation.fileKinds : DEFAULT_FILE_KINDS;
}

/** The media types the field accepts. */
export function acceptedMediaTypes(field: Pick<TField, "validation">): string[] {
  return fileKindsOf(field).flatMap((kind) => [...FILE_KINDS[kind]]);
}

/** For the file input's `accept` attribute (a hint for the browser's picker; the server decides). */
export function acceptAttribute(field: Pick<TField, "validation">): string {
  const extensions: Record<TFileKind, string[]> = {
    pdf: [".pdf"],
    image: [".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".gif", ".tif", ".tiff"],
    office: [".docx", ".xlsx", ".odt", ".ods"],
  };
  return [...acceptedMediaTypes(field), ...fileKindsOf(field).flatMap((k) => extensions[k])].join(",");
}

export function isAcceptedMediaType(field: Pick<TField, "validation">, mediaType: string | undefined | null): boolean {
  return Boolean(mediaType) && acceptedMediaTypes(field).includes(mediaType!);
}

/** Largest file the field accepts, in bytes: the field's own limit, never above the platform's ceiling. */
export function maxUploadBytes(field: Pick<TField, "validation">, platformMaxMb: number): number {
  const mb = Math.min(field.validation?.maxSizeMb ?? platformMaxMb, platformMaxMb);
  return Math.floor(mb * 1024 * 1024);
}

export function maxUploadMb(field: Pick<TField, "validation">, platformMaxMb: number): number {
  return Math.min(field.validation?.maxSizeMb ?? platformMaxMb, platformMaxMb);
}

/** How many files the field takes (1 unless the form says more). With 1, a new file replaces the old. */
export function maxFilesOf(field: Pick<TField, "validation">): number {
  return field.validation?.maxFiles ?? 1;
}

/** The media type read from the file's first bytes; undefined when not recognised. */
export async function detectMediaType(source: string | Uint8Array): Promise<string | undefined> {
  const found = typeof source === "string" ? await fileTypeFromFile(source) : await fileTypeFromBuffer(source);
  return found?.mime;
}

/** A file field of the form by id, at the top level or inside a repeatable group. */
export function locateFileField(def: TFormDefinition, fieldId: string): { field: TField; groupId: string | null } | null {
  for (const step of def.steps) {
    for (const field of step.fields) {
      if (field.id === fieldId && field.type === "file") return { field, groupId: null };
      if (field.type === "group") {
        const sub = field.fields?.find((f) => f.id === fieldId && f.type === "file");
        if (sub) return { field: sub, groupId: field.id };
      }
    }
  }
  return null;
}

/** The HTML name of the file input (shared contract: `<id>`, or `<group>.<index>.<sub>` in a group). */
export function fileInputName(fieldId: string, groupId: string | null, groupIndex: number | null): string {
  return groupId !== null ? `${groupId}.${groupIndex ?? 0}.${fieldId}` : fieldId;
}

/**
 * The name kept for display: the last path segment (old browsers send C:\fakepath\…), Unicode
 * normalised, without control or bidi-override characters, at most 255 characters.
 */
export function cleanFileName(name: string | undefined | null): string {
  const base = (name ?? "").split(/[\\/]/).pop() ?? "";
  const cleaned = base
    .normalize("NFC")
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "")
    .trim();
  const chars = [...cleaned];
  const short = chars.length > 255 ? chars.slice(0, 255).join("") : cleaned;
  return short === "" || short === "." || short === ".." ? "file" : short;
}

/** A filename as a Content-Disposition attachment: an ASCII fallback and the RFC 5987 UTF-8 form. */
export function contentDisposition(name: string): string {
  const clean = cleanFileName(name);
  const ascii = clean
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]/g, "_")
    .replace(/["\\;%]/g, "_");
  const encoded = encodeURIComponent(clean).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** The page an upload sends the browser back to: a path of this site under /<locale>/requests/, else null. */
export function safeReturnPath(value: string | null | undefined, locales: readonly string[]): string | null {
  if (!value || value.length > 1000 || !value.startsWith("/") || value.startsWith("//") || value.includes("\\")) return null;
  let url: URL;
  try {
    url = new URL(value, "http://site.invalid");
  } catch {
    return null;
  }
  if (url.host !== "site.invalid") return null;
  const [, locale, section] = url.pathname.split("/");
  if (!locale || !locales.includes(locale) || section !== "requests") return null;
  if (url.pathname.split("/").some((s) => s === ".." || s === ".")) return null;
  return url.pathname + url.search;
}

/** The return path with the upload's outcome in its query (previous outcomes removed). */
export function withOutcome(returnPath: string, outcome: Record<string, string>): string {
  const url = new URL(returnPath, "http://site.invalid");
  for (const key of ["upload-error", "field", "uploaded", "removed"]) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(outcome)) url.searchParams.set(key, value);
  return url.pathname + url.search;
}
