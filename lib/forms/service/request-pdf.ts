// One request as a PDF for an agent (pdfkit): title, town, reference, state, the citizen, answers by
// step, documents, history. Written in the request's language (the citizen's), Arabic included: the
// DejaVu Sans font has the glyphs; fontkit (inside pdfkit) shapes Arabic letters and lays an Arabic run
// out right to left; bidi-js splits each line into runs of one direction and orders them for the eye
// (numbers and Latin words inside Arabic text, Arabic names inside a French PDF). Lines are wrapped
// here, before the reordering, so each wrapped line is ordered on its own.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import bidiFactory from "bidi-js";
import PDFDocument from "pdfkit";
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import type { TAgentActor } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { loadAgentRequest, requestDetail } from "@/lib/forms/service/request-view";
import { pickLocalized } from "@/lib/i18n/localized";
import { localeDirection } from "@/lib/i18n/locales";
import { translator } from "@/lib/i18n/translator";
import type { TTenant } from "@/lib/tenancy/registry";

// The font files of the dejavu-fonts-ttf package. The name is put together at run time: a literal
// require.resolve is rewritten by Turbopack (to a "[project]/…" path that does not exist, or a .ttf
// module it cannot bundle). Resolved from this module, else from the project's node_modules.
function fontDir(): string {
  const name = ["dejavu-fonts-ttf", "package.json"].join("/");
  const candidates: string[] = [];
  try {
    candidates.push(path.dirname(createRequire(import.meta.url).resolve(name)));
  } catch {
    // not resolvable from here (bundled): the project's node_modules below
  }
  candidates.push(path.join(process.cwd(), "node_modules", "dejavu-fonts-ttf"));
  const found = candidates.find((dir) => existsSync(path.join(dir, "ttf", "DejaVuSans.ttf")));
  if (!found) throw new Error("the DejaVu Sans font (dejavu-fonts-ttf) is not installed");
  return path.join(found, "ttf");
}
const FONT_DIR = fontDir();
const FONT = path.join(FONT_DIR, "DejaVuSans.ttf");
const FONT_BOLD = path.join(FONT_DIR, "DejaVuSans-Bold.ttf");

const bidi = bidiFactory();
const STRONG_RTL = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/**
 * A line in the order the eye reads it: runs of one direction, left to right on the page. A right-to-left
 * run with Arabic or Hebrew letters is kept in logical order (fontkit shapes and reverses it); one without
 * (spaces, punctuation) is reversed here, its mirrored characters swapped.
 */
export function visualRuns(line: string, rtl: boolean): string[] {
  if (!line) return [];
  const levels = bidi.getEmbeddingLevels(line, rtl ? "rtl" : "ltr");
  const order = bidi.getReorderedIndices(line, levels);
  const runs: { level: number; indices: number[] }[] = [];
  for (const i of order) {
    const level = levels.levels[i]!;
    const last = runs[runs.length - 1];
    const contiguous = last && last.level === level && Math.abs(last.indices[last.indices.length - 1]! - i) === 1;
    if (last && contiguous) last.indices.push(i);
    else runs.push({ level, indices: [i] });
  }
  return runs.map((run) => {
    if (run.level % 2 === 0) return run.indices.map((i) => line[i]).join("");
    const logical = [...run.indices].sort((a, b) => a - b).map((i) => line[i]!).join("");
    if (STRONG_RTL.test(logical)) return logical;
    return run.indices.map((i) => bidi.getMirroredCharacter(line[i]!) ?? line[i]).join("");
  });
}

type TDoc = InstanceType<typeof PDFDocument>;

/** Writes a paragraph: wrapped to the page's width, each line ordered by bidi, aligned to its direction. */
function paragraph(doc: TDoc, text: string, options: { rtl: boolean; size?: number; bold?: boolean; gap?: number; indent?: number }) {
  const size = options.size ?? 10;
  doc.font(options.bold ? "bold" : "regular").fontSize(size);
  const left = doc.page.margins.left + (options.rtl ? 0 : (options.indent ?? 0));
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right - (options.indent ?? 0);
  const lineHeight = size * 1.45;
  for (const source of text.split(/\r?\n/)) {
    const lineRtl = options.rtl;
    const words = source.split(/(\s+)/).filter((w) => w !== "");
    const lines: string[] = [];
    let current = "";
    for (const word of words) {
      const candidate = current + word;
      if (current && doc.widthOfString(candidate.trim()) > width) {
        lines.push(current.trim());
        current = word.trimStart();
      } else current = candidate;
    }
    lines.push(current.trim());
    for (const line of lines) {
      if (doc.y + lineHeight > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      const runs = visualRuns(line, lineRtl);
      const total = runs.reduce((sum, r) => sum + doc.widthOfString(r), 0);
      let x = lineRtl ? doc.page.width - doc.page.margins.right - (options.rtl ? (options.indent ?? 0) : 0) - total : left;
      for (const run of runs) {
        doc.text(run, x, y, { lineBreak: false });
        x += doc.widthOfString(run);
      }
      doc.x = doc.page.margins.left;
      doc.y = y + lineHeight;
    }
  }
  doc.y += options.gap ?? 0;
}

export type TRequestPdf = { body: Buffer; fileName: string; reference: string };

/** The PDF of a request for an agent who may process its form (else NotFoundError), audited (requests.pdf). */
export async function requestPdf(input: { tenant: TTenant; actor: TAgentActor; requestId: string; audit: TAuditContext; compress?: boolean }): Promise<TRequestPdf> {
  const { tenant, actor } = input;
  // The request's language (the citizen's), if the town still offers it.
  const request = await loadAgentRequest(tenant, actor, input.requestId);
  const locale = tenant.enabledLocales.includes(request.locale) ? request.locale : tenant.defaultLocale;
  const d = await requestDetail(tenant, actor, request.id, locale);
  const t = await translator(locale, "RequestInbox");
  const rtl = localeDirection(locale) === "rtl";
  const when = (at: Date) => formatInstant(at, locale, tenant.timeZone, { dateStyle: "long", timeStyle: "short" });
  const reference = d.request.reference ?? d.request.id;
  const townName = pickLocalized(tenant.names, locale, [tenant.defaultLocale])?.text ?? tenant.slug;

  const doc = new PDFDocument({
    size: "A4",
    margin: 50,
    compress: input.compress ?? true,
    lang: locale,
    displayTitle: true,
    info: { Title: `${d.formTitle} ${reference}`, Subject: reference, Author: townName, Creator: "Civitas" },
  });
  doc.registerFont("regular", FONT);
  doc.registerFont("bold", FONT_BOLD);
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });

  paragraph(doc, townName, { rtl, size: 10 });
  paragraph(doc, d.formTitle, { rtl, size: 18, bold: true, gap: 6 });
  const facts: [string, string][] = [
    [t("col.reference"), reference],
    [t("col.version"), String(d.version.number)],
    [t("col.state"), d.stateLabel],
    [t("col.submitted"), d.request.submittedAt ? when(d.request.submittedAt) : "—"],
    [t("col.name"), d.request.anonymisedAt ? t("anonymised") : (d.request.name ?? "—")],
    [t("col.email"), d.request.anonymisedAt ? t("anonymised") : (d.request.email ?? "—")],
    [t("col.assignee"), d.assignee || t("nobody")],
  ];
  for (const [label, value] of facts) paragraph(doc, `${label}: ${value}`, { rtl });
  doc.y += 8;

  paragraph(doc, t("answers"), { rtl, size: 14, bold: true, gap: 4 });
  for (const step of d.steps) {
    paragraph(doc, step.stepTitle, { rtl, size: 12, bold: true, gap: 2 });
    for (const row of step.rows) {
      paragraph(doc, row.label, { rtl, bold: true });
      const lines = [...row.lines, ...row.documents.map((doc) => doc.originalName)];
      paragraph(doc, lines.length > 0 ? lines.join("\n") : "—", { rtl, indent: 12, gap: 4 });
    }
  }

  paragraph(doc, t("documents"), { rtl, size: 14, bold: true, gap: 4 });
  if (d.documents.length === 0) paragraph(doc, t("noDocuments"), { rtl, gap: 4 });
  for (const file of d.documents) paragraph(doc, `${file.originalName} (${file.mediaType}, ${Math.max(1, Math.round(file.size / 1024))} KB)`, { rtl });
  doc.y += 8;

  paragraph(doc, t("history"), { rtl, size: 14, bold: true, gap: 4 });
  for (const line of d.history) {
    paragraph(doc, `${when(line.at)} — ${line.who}`, { rtl, bold: true });
    paragraph(doc, line.what + (line.body ? `\n${line.body}` : ""), { rtl, indent: 12, gap: 4 });
  }

  doc.end();
  await done;
  await recordAudit(input.audit, { action: "requests.pdf", targetType: "request", targetId: d.request.id, summary: { reference } });
  return { body: Buffer.concat(chunks), fileName: `${reference}.pdf`, reference };
}
