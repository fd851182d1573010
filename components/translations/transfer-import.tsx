"use client";
// The import form of a language (file, format, layer) and its answer: the messages proposed, with
// their text before and after, or, when the file was refused, every message that does not fit its
// source with the reason. Works without JavaScript (the server renders the action's answer).
import { useActionState, useEffect, useRef } from "react";
import { SubmitButton, type TActionFormLabels } from "@/components/form/action-form";
import type { TActionState, TFormAction } from "@/lib/core/action";
import type { TImportAnswer } from "@/lib/translations/service/transfer-format";

export type TTransferImportTexts = {
  file: string;
  fileHint: string;
  format: string;
  formats: { value: string; label: string }[];
  layer: string;
  layers: { value: string; label: string }[];
  importButton: string;
  reportTitle: string;
  changedCaption: string;
  key: string;
  before: string;
  after: string;
  none: string;
  invalidTitle: string;
  invalidLead: string;
  invalidCaption: string;
  issue: string;
};

const FORM_FIELDS = new Set(["file", "format", "layer", "locale", "_form"]);

export function TransferImport({ action, lang, dir, texts, labels, defaultLayer }: { action: TFormAction; lang: string; dir: "ltr" | "rtl"; texts: TTransferImportTexts; labels: TActionFormLabels; defaultLayer: string }) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as TActionState<unknown>);
  const feedback = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status !== "idle") feedback.current?.focus();
  }, [state]);
  const report = state.status === "ok" ? (state.data as TImportAnswer) : null;
  const errors = state.status === "error" ? state.fieldErrors : {};
  const invalid = Object.entries(errors).filter(([field]) => !FORM_FIELDS.has(field));
  const fieldError = (name: string) => errors[name];
  const selectClass = "mt-2 block rounded-town border-2 border-ink bg-white px-3 py-2 text-lg";
  const cell = "border-b border-line p-2 align-top";
  const head = "border-b-2 border-ink p-2 text-start";
  const values = state.status === "error" ? state.values : {};
  return (
    <>
      {state.status === "error" ? (
        <div ref={feedback} tabIndex={-1} role="alert" aria-labelledby="import-error-title" className="mb-6 border-4 border-danger p-4 outline-none focus-visible:outline-3 focus-visible:outline-accent">
          <h3 id="import-error-title" className="text-xl font-bold">{invalid.length > 0 ? texts.invalidTitle : labels.errorTitle}</h3>
          {invalid.length > 0 ? (
            <>
              <p className="mt-2">{texts.invalidLead}</p>
              <div className="mt-2 overflow-x-auto">
                <table className="w-full border-collapse text-start">
                  <caption className="sr-only">{texts.invalidCaption}</caption>
                  <thead>
                    <tr>
                      <th scope="col" className={head}>{texts.key}</th>
                      <th scope="col" className={head}>{texts.issue}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {invalid.map(([key, message]) => (
                      <tr key={key}>
                        <td className={cell}>
                          <code dir="ltr" className="break-all text-sm">{key}</code>
                        </td>
                        <td className={`${cell} font-bold text-danger`}>{message}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </>
          ) : (
            <ul className="mt-2 list-none space-y-1">
              {Object.keys(errors).length === 0 ? <li className="font-bold text-danger">{state.error}</li> : null}
              {Object.entries(errors).map(([field, message]) => (
                <li key={field}>
                  <a href={`#import-${field === "_form" ? "file" : field}`} className="font-bold text-danger">{message}</a>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
      {report ? (
        <section ref={feedback} tabIndex={-1} role="status" aria-labelledby="import-report-title" className="mb-6 border-s-8 border-success bg-success-soft p-4 outline-none">
          <h3 id="import-report-title" className="text-xl font-bold">{texts.reportTitle}</h3>
          <p className="mt-2 font-bold">{report.summary.changed}</p>
          <p className="mt-1">{report.summary.unchanged}</p>
          {report.unknownKeys.length > 0 ? (
            <>
              <p className="mt-1">{report.summary.unknown}</p>
              <ul className="ms-6 list-disc">
                {report.unknownKeys.slice(0, 50).map((k) => (
                  <li key={k}>
                    <code dir="ltr" className="break-all text-sm">{k}</code>
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {report.changed.length > 0 ? (
            <div className="mt-4 overflow-x-auto bg-white">
              <table className="w-full border-collapse text-start">
                <caption className="p-2 text-start font-bold">{texts.changedCaption}</caption>
                <thead>
                  <tr>
                    <th scope="col" className={head}>{texts.key}</th>
                    <th scope="col" className={head}>{texts.before}</th>
                    <th scope="col" className={head}>{texts.after}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.changed.map((c) => (
                    <tr key={c.key}>
                      <td className={cell}>
                        <code dir="ltr" className="break-all text-sm">{c.key}</code>
                      </td>
                      <td className={cell}>{c.before ? <span lang={lang} dir={dir}>{c.before}</span> : <span className="text-muted">{texts.none}</span>}</td>
                      <td className={cell}>
                        <span lang={lang} dir={dir}>{c.after}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </section>
      ) : null}
      <form key={state.status === "idle" ? "idle" : String(state.at)} id="translations-import" action={formAction} encType="multipart/form-data" noValidate>
        <input type="hidden" name="locale" value={lang} />
        <div className={`mt-6 ${fieldError("file") ? "border-s-4 border-danger ps-4" : ""}`}>
          <label htmlFor="import-file" className="block text-lg font-bold">{texts.file}</label>
          <p id="import-file-hint" className="mt-1 text-muted">{texts.fileHint}</p>
          {fieldError("file") ? <p id="import-file-error" className="mt-1 font-bold text-danger">{fieldError("file")}</p> : null}
          <input id="import-file" name="file" type="file" accept=".json,.xlf,.xliff,.po,application/json,application/xliff+xml,text/x-gettext-translation" aria-describedby={fieldError("file") ? "import-file-hint import-file-error" : "import-file-hint"} className="mt-2 block" />
        </div>
        <div className="mt-6">
          <label htmlFor="import-format" className="block text-lg font-bold">{texts.format}</label>
          <select id="import-format" name="format" defaultValue={typeof values.format === "string" ? values.format : "xliff"} className={selectClass}>
            {texts.formats.map((f) => (
              <option key={f.value} value={f.value}>{f.label}</option>
            ))}
          </select>
        </div>
        <div className="mt-6">
          <label htmlFor="import-layer" className="block text-lg font-bold">{texts.layer}</label>
          <select id="import-layer" name="layer" defaultValue={typeof values.layer === "string" ? values.layer : defaultLayer} className={selectClass}>
            {texts.layers.map((l) => (
              <option key={l.value} value={l.value}>{l.label}</option>
            ))}
          </select>
        </div>
        <SubmitButton label={texts.importButton} pendingLabel={labels.pending} pending={pending} style="primary" />
      </form>
    </>
  );
}
