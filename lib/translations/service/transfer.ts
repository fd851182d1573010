// Export and import of a language's layer (platform or town) as nested JSON, XLIFF 2.0 or PO, and the
// catalogue the command line writes back to messages/<locale>.json. An import never publishes: every
// changed message becomes a proposal (history action "import") that waits for a reviewer, like one typed
// in the editor; one invalid message refuses the whole file, nothing stored.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { inTransaction } from "@/lib/core/db";
import { FieldsError } from "@/lib/core/errors";
import { applyLayers, type TMessages } from "@/lib/i18n/messages";
import { liveTranslations, PLATFORM_SCOPE, type TActor, type TScope } from "@/lib/translations/repo";
import { catalogueEntries, SOURCE } from "@/lib/translations/service/catalogue";
import { proposeTranslation } from "@/lib/translations/service/edit-translation";
import { compareImport, EXTENSIONS, nestedCatalogue, parseTransfer, serialiseTransfer, type TImportReport, type TTransferFormat } from "@/lib/translations/service/transfer-format";
import { flattenCatalogue, type TCatalogue } from "@/lib/i18n/check";

export type TTransferInclude = "live" | "all";

/**
 * Every source key with its text in the layer: "all" = the layer's latest text (its row, waiting or
 * not, else the files'), "live" = what the site shows now. Untranslated: empty target (left out of JSON).
 */
export async function exportLayer(input: { scope: TScope; locale: string; format: TTransferFormat; include: TTransferInclude }): Promise<{ body: string; contentType: string; filename: string }> {
  const entries = await catalogueEntries(input.scope, input.locale);
  const items = entries.map((e) => ({ key: e.key, source: e.source, target: (input.include === "all" ? (e.row?.value ?? e.files) : e.shown) || null }));
  const { body, contentType } = await serialiseTransfer(input.format, input.locale, items);
  const layer = input.scope === PLATFORM_SCOPE ? "platform" : "town";
  return { body, contentType, filename: `civitas-${input.locale}-${layer}-${input.include}.${EXTENSIONS[input.format]}` };
}

/** An import refused because some messages do not fit their source: the report lists them all. */
export class ImportRefusedError extends FieldsError {
  constructor(public readonly report: TImportReport) {
    super(Object.fromEntries(report.invalid.map((i) => [i.key, { key: i.issues[0]!.code, params: i.issues[0]!.params }])));
    this.name = "ImportRefusedError";
  }
}

/** Reads a file into a layer: changed messages proposed (waiting for review); all or nothing. */
export async function importLayer(input: { scope: TScope; locale: string; format: TTransferFormat; body: string; actor: TActor }): Promise<TImportReport> {
  const incoming = await parseTransfer(input.format, input.body, input.locale);
  return inTransaction(async () => {
    const entries = await catalogueEntries(input.scope, input.locale);
    const report = compareImport(
      entries.map((e) => ({ key: e.key, source: e.source, current: e.row?.value ?? e.files })),
      incoming,
      input.locale,
    );
    if (report.invalid.length > 0) throw new ImportRefusedError(report);
    for (const change of report.changed) {
      await proposeTranslation({ scope: input.scope, locale: input.locale, key: change.key, value: change.after, actor: input.actor, action: "import" });
    }
    return report;
  });
}

/**
 * messages/<locale>.json as the platform layer has it now: the files' catalogue with the approved
 * platform translations applied, keys in the source's order (the command line writes it back to the
 * repository). `changed`: how many keys differ from the files.
 */
export async function platformCatalogue(locale: string, files: TCatalogue): Promise<{ catalogue: TCatalogue; changed: number }> {
  const live = await liveTranslations(PLATFORM_SCOPE, locale);
  const before = flattenCatalogue(files);
  const merged = flattenCatalogue(applyLayers(files as TMessages, [new Map([...live].filter(([key]) => SOURCE.has(key)))]) as TCatalogue);
  let changed = 0;
  for (const [key, value] of merged) if (before.get(key) !== value) changed++;
  // Source keys first, in the source's order; then any key the files have beyond the source.
  const ordered = [...SOURCE.keys()].filter((k) => merged.has(k)).map((key) => ({ key, source: "", target: merged.get(key)! }));
  const extra = [...merged.keys()].filter((k) => !SOURCE.has(k)).map((key) => ({ key, source: "", target: merged.get(key)! }));
  return { catalogue: nestedCatalogue([...ordered, ...extra], { keepEmpty: true }), changed };
}

/** `civitas i18n export`: writes <dir>/<locale>.json (2-space JSON and a newline); returns the path and the count changed. */
export async function writePlatformCatalogue(locale: string, dir: string, messagesDir = join(process.cwd(), "messages")): Promise<{ path: string; changed: number; keys: number }> {
  let files: TCatalogue = {};
  try {
    files = JSON.parse(await readFile(join(messagesDir, `${locale}.json`), "utf8")) as TCatalogue;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const { catalogue, changed } = await platformCatalogue(locale, files);
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${locale}.json`);
  await writeFile(path, `${JSON.stringify(catalogue, null, 2)}\n`, "utf8");
  return { path, changed, keys: flattenCatalogue(catalogue).size };
}
