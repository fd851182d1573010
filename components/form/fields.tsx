"use client";
// Form fields for ActionForm: label, hint, error message (GOV.UK patterns), aria wiring, and the value
// typed kept after a refused submission.
import type { ReactNode } from "react";
import { fieldId, useField } from "@/components/form/action-form";

type TCommon = { name: string; label: string; hint?: string; required?: boolean; lang?: string; dir?: "ltr" | "rtl" | "auto"; className?: string };

function describedBy(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : null, error ? `${fieldId(name)}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function FieldShell({ name, label, hint, error, children, labelFor = true, className = "" }: { name: string; label: string; hint?: string; error?: string; children: ReactNode; labelFor?: boolean; className?: string }) {
  return (
    <div className={`mt-6 ${error ? "border-s-4 border-danger ps-4" : ""} ${className}`}>
      {labelFor ? (
        <label htmlFor={fieldId(name)} className="block text-lg font-bold">
          {label}
        </label>
      ) : null}
      {hint ? (
        <p id={`${fieldId(name)}-hint`} className="mt-1 text-muted">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${fieldId(name)}-error`} className="mt-1 font-bold text-danger">
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

const inputClass = (error?: string) => `mt-2 block w-full max-w-xl rounded-town border-2 ${error ? "border-danger" : "border-ink"} bg-white px-3 py-2 text-lg`;

export function TextField({
  type = "text",
  defaultValue,
  autoComplete,
  inputMode,
  width = "full",
  ...props
}: TCommon & { type?: "text" | "email" | "password" | "tel" | "date" | "number" | "url"; defaultValue?: string; autoComplete?: string; inputMode?: "numeric" | "email" | "tel" | "text"; width?: "full" | "short" }) {
  const { error, value, submitted } = useField(props.name);
  const shown = type === "password" ? undefined : submitted ? (typeof value === "string" ? value : "") : defaultValue;
  return (
    <FieldShell name={props.name} label={props.label} hint={props.hint} error={error} className={props.className}>
      <input
        id={fieldId(props.name)}
        name={props.name}
        type={type}
        defaultValue={shown}
        autoComplete={autoComplete}
        inputMode={inputMode}
        required={props.required}
        lang={props.lang}
        dir={props.dir}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        className={`${inputClass(error)} ${width === "short" ? "max-w-xs" : ""}`}
      />
    </FieldShell>
  );
}

export function TextArea({ defaultValue, rows = 5, ...props }: TCommon & { defaultValue?: string; rows?: number }) {
  const { error, value, submitted } = useField(props.name);
  return (
    <FieldShell name={props.name} label={props.label} hint={props.hint} error={error} className={props.className}>
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        rows={rows}
        defaultValue={submitted ? (typeof value === "string" ? value : "") : defaultValue}
        required={props.required}
        lang={props.lang}
        dir={props.dir}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        className={inputClass(error)}
      />
    </FieldShell>
  );
}

export type TOption = { value: string; label: string; lang?: string; hint?: string };

export function SelectField({ options, defaultValue, ...props }: TCommon & { options: TOption[]; defaultValue?: string }) {
  const { error, value, submitted } = useField(props.name);
  return (
    <FieldShell name={props.name} label={props.label} hint={props.hint} error={error} className={props.className}>
      <select
        id={fieldId(props.name)}
        name={props.name}
        defaultValue={submitted ? (typeof value === "string" ? value : "") : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        className={inputClass(error)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.lang}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

/** Checkboxes (several answers) or radios (one answer) in a fieldset whose legend is the question. */
export function ChoiceGroup({
  kind,
  options,
  defaultValue = [],
  columns = false,
  ...props
}: TCommon & { kind: "checkbox" | "radio"; options: TOption[]; defaultValue?: string[] | string; /** Short options (times) in columns on wider screens. */ columns?: boolean }) {
  const { error, value, submitted } = useField(props.name);
  const chosen = new Set(submitted ? (Array.isArray(value) ? value : value ? [value] : []) : Array.isArray(defaultValue) ? defaultValue : [defaultValue]);
  return (
    <div id={fieldId(props.name)} tabIndex={-1} className={`mt-6 outline-none ${error ? "border-s-4 border-danger ps-4" : ""} ${props.className ?? ""}`}>
      <fieldset aria-describedby={describedBy(props.name, props.hint, error)}>
        <legend className="text-lg font-bold">{props.label}</legend>
        {props.hint ? (
          <p id={`${fieldId(props.name)}-hint`} className="mt-1 text-muted">
            {props.hint}
          </p>
        ) : null}
        {error ? (
          <p id={`${fieldId(props.name)}-error`} className="mt-1 font-bold text-danger">
            {error}
          </p>
        ) : null}
        <div className={columns ? "mt-2 grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3 lg:grid-cols-4" : "mt-2 space-y-2"}>
          {options.map((o, i) => {
            const id = `${fieldId(props.name)}-${i}`;
            return (
              <div key={o.value} className="flex items-start gap-3">
                <input id={id} type={kind} name={props.name} value={o.value} defaultChecked={chosen.has(o.value)} className="mt-1 h-6 w-6 shrink-0 accent-primary" aria-describedby={o.hint ? `${id}-hint` : undefined} />
                <label htmlFor={id} className="text-lg">
                  <span lang={o.lang}>{o.label}</span>
                  {o.hint ? (
                    <span id={`${id}-hint`} className="block text-base text-muted">
                      {o.hint}
                    </span>
                  ) : null}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
