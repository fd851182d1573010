"use client";
// Importing closures from an .ics file in two steps: the file is read and shown (what would close,
// and which booked appointments fall inside: reference, time, citizen), then imported on
// confirmation. Works without JavaScript too (the server renders the answer of each step).
import { useActionState } from "react";
import { ActionForm, FormFeedback, SubmitButton, type TActionFormLabels } from "@/components/form/action-form";
import type { TActionState, TFormAction } from "@/lib/core/action";

type TAffected = { id: string; reference: string; when: string; name: string };
type TPreview = {
  ics: string;
  scope: string;
  siteId: string;
  closures: { summary: string; startsAt: string; endsAt: string }[];
  affectedText: string;
  /** The bookings hit, as the server formatted them (the town's time zone); the first ones if many. */
  affected: TAffected[];
  affectedMoreText: string;
  problemsText: string;
};

export type TClosureImportTexts = {
  file: string;
  fileHint: string;
  scope: string;
  scopeService: string;
  scopeAll: string;
  site: string;
  allSites: string;
  previewButton: string;
  previewTitle: string;
  caption: string;
  summary: string;
  from: string;
  to: string;
  none: string;
  importButton: string;
  affectedCaption: string;
  reference: string;
  when: string;
  citizen: string;
};

export function ClosureImport({
  previewAction,
  importAction,
  serviceId,
  sites,
  texts,
  labels,
  locale,
  timeZone,
  allowAll,
}: {
  previewAction: TFormAction;
  importAction: TFormAction;
  serviceId: string;
  sites: { id: string; name: string }[];
  texts: TClosureImportTexts;
  labels: TActionFormLabels;
  locale: string;
  timeZone: string;
  allowAll: boolean;
}) {
  const [state, formAction, pending] = useActionState(previewAction, { status: "idle" } as TActionState<unknown>);
  const summaryRef = { current: null } as React.RefObject<HTMLDivElement | null>;
  const preview = state.status === "ok" ? (state.data as TPreview) : null;
  const when = (iso: string) => new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone }).format(new Date(iso));
  const error = state.status === "error" ? state.fieldErrors.file : undefined;
  return (
    <>
      <FormFeedback state={state} labels={labels} id="ics-preview" summaryRef={summaryRef} noticeRef={{ current: null }} />
      <form id="ics-preview" action={formAction} encType="multipart/form-data" noValidate>
        <input type="hidden" name="serviceId" value={serviceId} />
        <div className={`mt-6 ${error ? "border-s-4 border-danger ps-4" : ""}`}>
          <label htmlFor="f-file" className="block text-lg font-bold">{texts.file}</label>
          <p id="f-file-hint" className="mt-1 text-muted">{texts.fileHint}</p>
          {error ? <p id="f-file-error" className="mt-1 font-bold text-danger">{error}</p> : null}
          <input id="f-file" name="file" type="file" accept=".ics,text/calendar" aria-describedby={error ? "f-file-hint f-file-error" : "f-file-hint"} className="mt-2 block" />
        </div>
        {allowAll ? (
          <fieldset className="mt-6">
            <legend className="text-lg font-bold">{texts.scope}</legend>
            <div className="mt-2 space-y-2">
              {(["service", "all"] as const).map((v) => (
                <div key={v} className="flex items-center gap-3">
                  <input id={`ics-scope-${v}`} type="radio" name="scope" value={v} defaultChecked={v === "service"} className="h-6 w-6 accent-primary" />
                  <label htmlFor={`ics-scope-${v}`} className="text-lg">{v === "service" ? texts.scopeService : texts.scopeAll}</label>
                </div>
              ))}
            </div>
          </fieldset>
        ) : (
          <input type="hidden" name="scope" value="service" />
        )}
        {sites.length > 1 ? (
          <div className="mt-6">
            <label htmlFor="ics-site" className="block text-lg font-bold">{texts.site}</label>
            <select id="ics-site" name="siteId" defaultValue="" className="mt-2 block rounded-town border-2 border-ink bg-white px-3 py-2 text-lg">
              <option value="">{texts.allSites}</option>
              {sites.map((s) => (
                <option key={s.id} value={s.id}>{s.name}</option>
              ))}
            </select>
          </div>
        ) : null}
        <SubmitButton label={texts.previewButton} pendingLabel={labels.pending} pending={pending} style="secondary" />
      </form>
      {preview ? (
        <section aria-labelledby="ics-preview-title" className="mt-8">
          <h3 id="ics-preview-title" className="text-xl font-bold">{texts.previewTitle}</h3>
          {preview.closures.length === 0 ? (
            <p>{texts.none}</p>
          ) : (
            <div className="mt-2 overflow-x-auto">
              <table className="w-full border-collapse text-start">
                <caption className="sr-only">{texts.caption}</caption>
                <thead>
                  <tr>
                    <th scope="col" className="border-b-2 border-ink p-2 text-start">{texts.summary}</th>
                    <th scope="col" className="border-b-2 border-ink p-2 text-start">{texts.from}</th>
                    <th scope="col" className="border-b-2 border-ink p-2 text-start">{texts.to}</th>
                  </tr>
                </thead>
                <tbody>
                  {preview.closures.map((c, i) => (
                    <tr key={i} className="border-b border-line">
                      <td className="p-2">{c.summary}</td>
                      <td className="p-2">{when(c.startsAt)}</td>
                      <td className="p-2">{when(c.endsAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <p className="mt-4 font-bold">{preview.affectedText}</p>
          {preview.affected.length > 0 ? <AffectedTable rows={preview.affected} texts={texts} locale={locale} /> : null}
          {preview.affectedMoreText ? <p className="mt-2">{preview.affectedMoreText}</p> : null}
          {preview.problemsText ? <p className="mt-2">{preview.problemsText}</p> : null}
          {preview.closures.length > 0 ? (
            <ActionForm id="ics-import" action={importAction} submitLabel={texts.importButton} labels={labels} hidden={{ serviceId, scope: preview.scope, siteId: preview.siteId, ics: preview.ics }} />
          ) : null}
        </section>
      ) : null}
    </>
  );
}

/** The booked appointments an import would hit, before importing (a table screen readers can use). */
function AffectedTable({ rows, texts, locale }: { rows: TAffected[]; texts: TClosureImportTexts; locale: string }) {
  return (
    <div className="mt-2 overflow-x-auto">
      <table id="ics-affected" className="w-full border-collapse text-start">
        <caption className="text-start font-bold">{texts.affectedCaption}</caption>
        <thead>
          <tr>
            <th scope="col" className="border-b-2 border-ink p-2 text-start">{texts.reference}</th>
            <th scope="col" className="border-b-2 border-ink p-2 text-start">{texts.when}</th>
            <th scope="col" className="border-b-2 border-ink p-2 text-start">{texts.citizen}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.id} className="border-b border-line">
              <th scope="row" className="p-2 text-start font-normal">
                <a href={`/${locale}/admin/appointments/${a.id}`} dir="ltr">{a.reference}</a>
              </th>
              <td className="p-2">{a.when}</td>
              <td className="p-2">{a.name}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
