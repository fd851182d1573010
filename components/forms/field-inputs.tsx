"use client";
// The inputs of a citizen's form step (GOV.UK patterns): label or legend, hint, error message, aria
// wiring, and the value typed kept after a refused submission (ActionForm's state) — else the saved
// answer. `initialError` shows an error known when the page is rendered (a step sent back from the
// check page). Used by components/forms/field-renderer.tsx.
import { useEffect, useRef, useState, type ReactNode } from "react";
import { fieldId, useField } from "@/components/form/action-form";
import type { TConditions, TField } from "@/lib/forms/definition";
import { parseStepValues } from "@/lib/forms/fill/parse-values";
import { conditionsHold, type TAnswers } from "@/lib/forms/fill/visibility";

export type TText = { text: string; lang?: string };

type TCommon = { name: string; label: TText; hint?: TText; optionalLabel?: string; initialError?: string };

function useShown(name: string, initialError?: string) {
  const { error, value, submitted } = useField(name);
  return { error: submitted ? error : initialError, value, submitted };
}

function describedBy(name: string, hint?: unknown, error?: string): string | undefined {
  const ids = [hint ? `${fieldId(name)}-hint` : null, error ? `${fieldId(name)}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function LabelText({ label, optionalLabel }: { label: TText; optionalLabel?: string }) {
  return (
    <>
      <span lang={label.lang}>{label.text}</span>
      {optionalLabel ? <span className="font-normal"> {optionalLabel}</span> : null}
    </>
  );
}

function Hint({ name, hint }: { name: string; hint?: TText }) {
  return hint ? (
    <p id={`${fieldId(name)}-hint`} className="mt-1 whitespace-pre-line text-muted" lang={hint.lang}>
      {hint.text}
    </p>
  ) : null;
}

export function ErrorText({ name, error }: { name: string; error?: string }) {
  return error ? (
    <p id={`${fieldId(name)}-error`} className="mt-1 font-bold text-danger">
      {error}
    </p>
  ) : null;
}

const inputClass = (error?: string, width = "max-w-xl") => `mt-2 block w-full ${width} rounded-town border-2 ${error ? "border-danger" : "border-ink"} bg-white px-3 py-2 text-lg`;

export function TextInput({
  type,
  defaultValue,
  autoComplete,
  ...props
}: TCommon & { type: "text" | "email" | "tel" | "number" | "date"; defaultValue?: string; autoComplete?: string }) {
  const { error, value, submitted } = useShown(props.name, props.initialError);
  const width = type === "number" || type === "date" || type === "tel" ? "max-w-xs" : "max-w-xl";
  return (
    <div className={`mt-6 ${error ? "border-s-4 border-danger ps-4" : ""}`}>
      <label htmlFor={fieldId(props.name)} className="block text-lg font-bold">
        <LabelText label={props.label} optionalLabel={props.optionalLabel} />
      </label>
      <Hint name={props.name} hint={props.hint} />
      <ErrorText name={props.name} error={error} />
      <input
        id={fieldId(props.name)}
        name={props.name}
        // Numbers are typed as text (a decimal comma is fine); the browser's own checks stay off (noValidate).
        type={type === "number" ? "text" : type}
        inputMode={type === "number" ? "decimal" : type === "email" ? "email" : type === "tel" ? "tel" : undefined}
        dir={type === "email" || type === "tel" ? "ltr" : undefined}
        defaultValue={submitted ? (typeof value === "string" ? value : "") : defaultValue}
        autoComplete={autoComplete}
        spellCheck={type === "email" ? false : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        className={inputClass(error, width)}
      />
    </div>
  );
}

export function TextAreaInput({ defaultValue, ...props }: TCommon & { defaultValue?: string }) {
  const { error, value, submitted } = useShown(props.name, props.initialError);
  return (
    <div className={`mt-6 ${error ? "border-s-4 border-danger ps-4" : ""}`}>
      <label htmlFor={fieldId(props.name)} className="block text-lg font-bold">
        <LabelText label={props.label} optionalLabel={props.optionalLabel} />
      </label>
      <Hint name={props.name} hint={props.hint} />
      <ErrorText name={props.name} error={error} />
      <textarea
        id={fieldId(props.name)}
        name={props.name}
        rows={5}
        defaultValue={submitted ? (typeof value === "string" ? value : "") : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        className={inputClass(error)}
      />
    </div>
  );
}

export type TChoiceOption = { value: string; label: TText };

export function SelectInput({ options, defaultValue, placeholder, ...props }: TCommon & { options: TChoiceOption[]; defaultValue?: string; placeholder: string }) {
  const { error, value, submitted } = useShown(props.name, props.initialError);
  return (
    <div className={`mt-6 ${error ? "border-s-4 border-danger ps-4" : ""}`}>
      <label htmlFor={fieldId(props.name)} className="block text-lg font-bold">
        <LabelText label={props.label} optionalLabel={props.optionalLabel} />
      </label>
      <Hint name={props.name} hint={props.hint} />
      <ErrorText name={props.name} error={error} />
      <select
        id={fieldId(props.name)}
        name={props.name}
        defaultValue={submitted ? (typeof value === "string" ? value : "") : (defaultValue ?? "")}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(props.name, props.hint, error)}
        className={inputClass(error)}
      >
        <option value="">{placeholder}</option>
        {options.map((o) => (
          <option key={o.value} value={o.value} lang={o.label.lang}>
            {o.label.text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Radios, checkboxes, yes/no and a consent box: a fieldset whose legend is the question. */
export function ChoiceInput({ kind, options, defaultValue = [], inline = false, ...props }: TCommon & { kind: "radio" | "checkbox"; options: TChoiceOption[]; defaultValue?: string[]; inline?: boolean }) {
  const { error, value, submitted } = useShown(props.name, props.initialError);
  const chosen = new Set(submitted ? (Array.isArray(value) ? value : value ? [value] : []) : defaultValue);
  return (
    <div id={fieldId(props.name)} tabIndex={-1} className={`mt-6 outline-none ${error ? "border-s-4 border-danger ps-4" : ""}`}>
      <fieldset aria-describedby={describedBy(props.name, props.hint, error)}>
        <legend className="text-lg font-bold">
          <LabelText label={props.label} optionalLabel={props.optionalLabel} />
        </legend>
        <Hint name={props.name} hint={props.hint} />
        <ErrorText name={props.name} error={error} />
        <div className={inline ? "mt-2 flex flex-wrap gap-x-8 gap-y-2" : "mt-2 space-y-2"}>
          {options.map((o, i) => {
            const id = `${fieldId(props.name)}-${i}`;
            return (
              <div key={o.value} className="flex items-start gap-3">
                <input id={id} type={kind} name={props.name} value={o.value} defaultChecked={chosen.has(o.value)} className="mt-1 h-6 w-6 shrink-0 accent-primary" />
                <label htmlFor={id} className="text-lg" lang={o.label.lang}>
                  {o.label.text}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

/** Street, postcode and town in a fieldset; each input has its own name, error and label. */
export function AddressInput({ labels, defaultValue, initialErrors = {}, ...props }: TCommon & { labels: { street: string; postcode: string; town: string }; defaultValue?: { street?: string; postcode?: string; town?: string }; initialErrors?: Record<string, string> }) {
  const parts = [
    { key: "street", autoComplete: "street-address", width: "max-w-xl" },
    { key: "postcode", autoComplete: "postal-code", width: "max-w-40" },
    { key: "town", autoComplete: "address-level2", width: "max-w-md" },
  ] as const;
  return (
    <div className="mt-6">
      <fieldset aria-describedby={props.hint ? `${fieldId(props.name)}-hint` : undefined}>
        <legend className="text-lg font-bold">
          <LabelText label={props.label} optionalLabel={props.optionalLabel} />
        </legend>
        <Hint name={props.name} hint={props.hint} />
        {parts.map((part) => (
          <AddressPart key={part.key} name={`${props.name}.${part.key}`} label={labels[part.key]} autoComplete={part.autoComplete} width={part.width} defaultValue={defaultValue?.[part.key]} initialError={initialErrors[`${props.name}.${part.key}`]} />
        ))}
      </fieldset>
    </div>
  );
}

function AddressPart({ name, label, autoComplete, width, defaultValue, initialError }: { name: string; label: string; autoComplete: string; width: string; defaultValue?: string; initialError?: string }) {
  const { error, value, submitted } = useShown(name, initialError);
  return (
    <div className={`mt-4 ${error ? "border-s-4 border-danger ps-4" : ""}`}>
      <label htmlFor={fieldId(name)} className="block font-bold">
        {label}
      </label>
      <ErrorText name={name} error={error} />
      <input
        id={fieldId(name)}
        name={name}
        type="text"
        autoComplete={autoComplete}
        defaultValue={submitted ? (typeof value === "string" ? value : "") : defaultValue}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${fieldId(name)}-error` : undefined}
        className={inputClass(error, width)}
      />
    </div>
  );
}

/** A repeatable group: a fieldset, its own error (too few / too many items), its rows, "Add another". */
export function GroupShell({ name, label, hint, optionalLabel, initialError, children, add }: TCommon & { children: ReactNode; add: ReactNode }) {
  const { error } = useShown(name, initialError);
  return (
    <div id={fieldId(name)} tabIndex={-1} className={`mt-8 outline-none ${error ? "border-s-4 border-danger ps-4" : ""}`}>
      <fieldset aria-describedby={describedBy(name, hint, error)}>
        <legend className="text-xl font-bold">
          <LabelText label={label} optionalLabel={optionalLabel} />
        </legend>
        <Hint name={name} hint={hint} />
        <ErrorText name={name} error={error} />
        {children}
        {add}
      </fieldset>
    </div>
  );
}

/** A field error shown where a whole field is replaced by another component (file, slot). */
export function FieldError({ name, initialError }: { name: string; initialError?: string }) {
  const { error } = useShown(name, initialError);
  return <ErrorText name={name} error={error} />;
}

/**
 * A field whose display depends on answers of the same step: shown by default (without JavaScript
 * every such field is there, and the server ignores those whose conditions do not hold); with
 * JavaScript it appears and disappears as the citizen answers.
 */
export function ConditionalField({ conditions, fields, saved, children }: { conditions: TConditions; fields: TField[]; saved: TAnswers; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState(true);
  useEffect(() => {
    const form = ref.current?.closest("form");
    if (!form) return;
    const update = () => {
      const values: Record<string, string | string[]> = {};
      const data = new FormData(form);
      for (const key of new Set(data.keys())) {
        const all = data.getAll(key).filter((v): v is string => typeof v === "string");
        values[key] = all.length === 1 ? (all[0] as string) : all;
      }
      const typed = parseStepValues(fields, values);
      const answers: TAnswers = { ...saved };
      for (const f of fields) delete answers[f.id];
      setShown(conditionsHold(conditions, { ...answers, ...typed }));
    };
    update();
    form.addEventListener("change", update);
    form.addEventListener("input", update);
    return () => {
      form.removeEventListener("change", update);
      form.removeEventListener("input", update);
    };
  }, [conditions, fields, saved]);
  return (
    <div ref={ref} hidden={!shown}>
      {children}
    </div>
  );
}

/** Errors known when the page is rendered (a step sent back from the check page): the same summary as ActionForm's, focused. */
export function InitialErrorSummary({ title, errors }: { title: string; errors: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  const { submitted } = useField("_");
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const entries = Object.entries(errors);
  if (submitted || entries.length === 0) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" aria-labelledby="step-error-title" className="mb-6 border-4 border-danger p-4 outline-none focus-visible:outline-3 focus-visible:outline-accent">
      <h2 id="step-error-title" className="text-xl font-bold">
        {title}
      </h2>
      <ul className="mt-2 list-none space-y-1">
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${fieldId(field)}`} className="font-bold text-danger">
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
