"use client";
// The file field's markup and its JavaScript enhancement. Without JavaScript the Upload and Remove
// buttons submit the surrounding step form to the documents routes (formAction). With JavaScript the
// Upload button sends the chosen file (and the step's other answers, so they are kept) with
// XMLHttpRequest, shows a labelled <progress>, announces the outcome in a live region, then refreshes
// the page's server data so the list of files shows the new one.
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState, type MouseEvent } from "react";

export type TShownDocument = { id: string; originalName: string; size: number; mediaType: string; downloadUrl: string; deleteUrl: string };

export type TFileUploadTexts = {
  filesAdded: string;
  download: string;
  remove: string;
  /** With the placeholder {name} */
  removeNamed: string;
  upload: string;
  uploadAnother: string;
  replaces: string;
  /** Accepted kinds, size, number of files: one sentence or three */
  constraints: string;
  /** With the placeholders {name} (and {reason} for failed) */
  progress: string;
  uploading: string;
  uploaded: string;
  failed: string;
  noFileChosen: string;
  /** With the placeholders {type} and {size} */
  fileDetails: string;
  /** Error key (namespace Errors, upload…) → message */
  errors: Record<string, string>;
};

const fill = (text: string, values: Record<string, string>) => text.replace(/\{(\w+)\}/g, (all, key: string) => values[key] ?? all);

const idOf = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;

function formatSize(bytes: number, locale: string): string {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), "megabyte"] : [Math.max(bytes / 1024, 0.1), "kilobyte"];
  return new Intl.NumberFormat(locale, { style: "unit", unit, unitDisplay: "short", maximumFractionDigits: 1 }).format(value);
}

function typeName(mediaType: string): string {
  if (mediaType === "application/pdf") return "PDF";
  if (mediaType.startsWith("image/")) return mediaType.slice("image/".length).toUpperCase();
  if (mediaType.includes("wordprocessingml")) return "Word";
  if (mediaType.includes("spreadsheetml")) return "Excel";
  if (mediaType.includes("opendocument.text")) return "ODT";
  if (mediaType.includes("opendocument.spreadsheet")) return "ODS";
  return mediaType;
}

export function FileUploadField(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  documents: TShownDocument[];
  uploadUrl: string;
  accept: string;
  canAddMore: boolean;
  replaces: boolean;
  required?: boolean;
  locale: string;
  texts: TFileUploadTexts;
}) {
  const { texts } = props;
  const router = useRouter();
  const inputRef = useRef<HTMLInputElement>(null);
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number } | null>(null);
  const [message, setMessage] = useState<{ text: string; failed: boolean } | null>(null);
  const id = idOf(props.name);
  // Marks the widget once hydrated (the Upload button then goes through XHR): tests wait for it.
  const [enhanced, setEnhanced] = useState(false);
  useEffect(() => setEnhanced(true), []);
  const progressId = `${useId()}-progress`;
  const describedBy = [props.hint ? `${id}-hint` : null, `${id}-constraints`, props.error ? `${id}-error` : null, message?.failed ? `${id}-status` : null].filter(Boolean).join(" ");

  function upload(event: MouseEvent<HTMLButtonElement>) {
    const input = inputRef.current;
    const form = event.currentTarget.form;
    if (!input || !form || typeof XMLHttpRequest === "undefined") return; // the form submits natively
    event.preventDefault();
    if (progress) return;
    const file = input.files?.[0];
    if (!file) {
      setMessage({ text: texts.noFileChosen, failed: true });
      input.focus();
      return;
    }
    // The step's other answers go too (the route keeps them), but no other field's file.
    const body = new FormData(form);
    for (const [key, value] of [...body.entries()]) if (typeof value !== "string" && key !== props.name) body.delete(key);
    body.set(props.name, file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", props.uploadUrl);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.responseType = "json";
    setMessage({ text: fill(texts.uploading, { name: file.name }), failed: false });
    setProgress({ name: file.name, loaded: 0, total: file.size });
    xhr.upload.onprogress = (e) => setProgress({ name: file.name, loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    const done = (errorKey: string | null) => {
      setProgress(null);
      if (errorKey === null) {
        setMessage({ text: fill(texts.uploaded, { name: file.name }), failed: false });
        input.value = "";
        router.refresh();
      } else {
        setMessage({ text: fill(texts.failed, { name: file.name, reason: texts.errors[errorKey] ?? texts.errors.uploadFailed ?? "" }), failed: true });
      }
    };
    xhr.onload = () => {
      const answer = xhr.response as { ok?: boolean; error?: string } | null;
      done(answer?.ok ? null : (answer?.error ?? "uploadFailed"));
    };
    xhr.onerror = () => done("uploadFailed");
    xhr.onabort = () => done("uploadFailed");
    xhr.send(body);
  }

  const percent = progress && progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  return (
    <div data-file-upload={enhanced ? "enhanced" : "static"} className={`mt-6 ${props.error ? "border-s-4 border-danger ps-4" : ""}`}>
      {props.canAddMore ? (
        <label htmlFor={id} className="block text-lg font-bold">
          {props.label}
        </label>
      ) : (
        <p className="text-lg font-bold">{props.label}</p>
      )}
      {props.hint ? (
        <p id={`${id}-hint`} className="mt-1 text-muted">
          {props.hint}
        </p>
      ) : null}
      <p id={`${id}-constraints`} className="mt-1 text-muted">
        {texts.constraints}
      </p>
      {props.error ? (
        <p id={`${id}-error`} className="mt-1 font-bold text-danger">
          {props.error}
        </p>
      ) : null}
      {props.documents.length > 0 ? (
        <ul aria-label={`${texts.filesAdded}: ${props.label}`} className="mt-3 max-w-xl divide-y divide-ink/20 border-y border-ink/20">
          {props.documents.map((d) => (
            <li key={d.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2">
              <a href={d.downloadUrl} download className="font-bold text-primary underline" dir="auto">
                {d.originalName}
              </a>
              <span className="text-muted">{fill(texts.fileDetails, { type: typeName(d.mediaType), size: formatSize(d.size, props.locale) })}</span>
              <button
                type="submit"
                formAction={d.deleteUrl}
                formMethod="post"
                formEncType="application/x-www-form-urlencoded"
                formNoValidate
                aria-label={fill(texts.removeNamed, { name: d.originalName })}
                className="ms-auto min-h-11 rounded-town border-2 border-ink bg-white px-3 py-1 font-bold text-ink"
              >
                {texts.remove}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {props.replaces ? <p className="mt-2 text-muted">{texts.replaces}</p> : null}
      {props.documents.length > 0 && props.canAddMore && !props.replaces ? <p className="mt-2 text-muted">{texts.uploadAnother}</p> : null}
      {props.canAddMore ? (
        <div className="mt-3 flex flex-wrap items-center gap-3">
          <input
            ref={inputRef}
            id={id}
            name={props.name}
            type="file"
            accept={props.accept}
            aria-describedby={describedBy}
            aria-invalid={props.error ? true : undefined}
            aria-required={props.required && props.documents.length === 0 ? true : undefined}
            className="block max-w-full text-lg"
          />
          <button
            type="submit"
            formAction={props.uploadUrl}
            formMethod="post"
            formEncType="multipart/form-data"
            formNoValidate
            onClick={upload}
            aria-disabled={progress ? true : undefined}
            className="min-h-11 rounded-town border-2 border-ink bg-white px-4 py-1 text-lg font-bold text-ink"
          >
            {texts.upload}
          </button>
        </div>
      ) : null}
      {progress ? (
        <div className="mt-3 max-w-xl">
          <label htmlFor={progressId} className="block">
            {fill(texts.progress, { name: progress.name })}
          </label>
          <progress id={progressId} max={100} value={percent} className="mt-1 block h-4 w-full accent-primary">
            {percent}%
          </progress>
        </div>
      ) : null}
      <p id={`${id}-status`} role="status" aria-live="polite" className={message?.failed ? "mt-2 font-bold text-danger" : "mt-2"}>
        {message?.text ?? ""}
      </p>
    </div>
  );
}
