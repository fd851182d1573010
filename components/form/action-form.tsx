"use client";
// A form posting to a server action (lib/core/action.ts), usable without JavaScript: the browser posts
// the form, the server runs the action and renders the page with its answer. With JavaScript the same
// happens without a reload. On error: an error summary ("There is a problem") that takes focus and
// links to each field, the message beside each field, and every value typed kept.
import { createContext, useActionState, useContext, useEffect, useRef, type ReactNode } from "react";
import type { TActionState, TFormAction } from "@/lib/core/action";

type TAction = TFormAction;
type TFormContext = { state: TActionState<unknown>; pending: boolean };

const FormContext = createContext<TFormContext>({ state: { status: "idle" }, pending: false });

export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}

/** The error and the value typed for a field, after a refused submission. */
export function useField(name: string): { error?: string; value?: string | string[]; submitted: boolean } {
  const { state } = useContext(FormContext);
  if (state.status !== "error") return { submitted: false };
  return { error: state.fieldErrors[name], value: state.values[name], submitted: true };
}


export type TActionFormLabels = { errorTitle: string; pending: string };

export function ActionForm({
  action,
  children,
  submitLabel,
  labels,
  hidden = {},
  submitStyle = "primary",
  multipart = false,
  className = "",
  id,
  secretLabel,
  enterSubmits = false,
}: {
  action: TAction;
  children?: ReactNode;
  submitLabel: string;
  labels: TActionFormLabels;
  hidden?: Record<string, string>;
  submitStyle?: "primary" | "secondary" | "warning";
  multipart?: boolean;
  className?: string;
  id?: string;
  /** The action returns a secret shown once ({ key }): shown after success under this label. */
  secretLabel?: string;
  /**
   * The form holds other submit buttons before its own (upload, "add another"): pressing Enter in a
   * field would press the first of them. With this, Enter submits the form as its main button does.
   */
  enterSubmits?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as TActionState<unknown>);
  const summary = useRef<HTMLDivElement>(null);
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "error") summary.current?.focus();
    if (state.status === "ok" && state.message) notice.current?.focus();
  }, [state]);
  const key = state.status === "idle" ? "idle" : String(state.at);
  return (
    <FormContext.Provider value={{ state, pending }}>
      <FormFeedback state={state} labels={labels} id={id} summaryRef={summary} noticeRef={notice} />
      {secretLabel && state.status === "ok" && typeof (state.data as { key?: unknown } | null)?.key === "string" ? (
        <div className="mb-6 border-4 border-success p-4">
          <p className="font-bold">{secretLabel}</p>
          <p className="mt-2 break-all font-mono text-lg" dir="ltr">
            {(state.data as { key: string }).key}
          </p>
        </div>
      ) : null}
      <form key={key} id={id} action={formAction} noValidate encType={multipart ? "multipart/form-data" : undefined} className={className}>
        {Object.entries(hidden).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {enterSubmits ? <button type="submit" hidden tabIndex={-1} aria-hidden="true" /> : null}
        {children}
        <SubmitButton label={submitLabel} pendingLabel={labels.pending} pending={pending} style={submitStyle} />
      </form>
    </FormContext.Provider>
  );
}

export function SubmitButton({ label, pendingLabel, pending, style }: { label: string; pendingLabel: string; pending: boolean; style: "primary" | "secondary" | "warning" }) {
  const styles = {
    primary: "bg-primary text-on-primary",
    secondary: "border-2 border-ink bg-white text-ink",
    warning: "bg-danger text-white",
  } as const;
  return (
    <div className="mt-6">
      <button type="submit" aria-disabled={pending} className={`min-h-11 rounded-town px-5 py-2 text-lg font-bold ${styles[style]}`}>
        {pending ? pendingLabel : label}
      </button>
    </div>
  );
}

/** The error summary (takes focus, links to each field) or the success notice of a submission. */
export function FormFeedback({
  state,
  labels,
  id,
  summaryRef,
  noticeRef,
}: {
  state: TActionState<unknown>;
  labels: TActionFormLabels;
  id?: string;
  summaryRef: React.RefObject<HTMLDivElement | null>;
  noticeRef: React.RefObject<HTMLDivElement | null>;
}) {
  const fieldErrors = state.status === "error" ? Object.entries(state.fieldErrors) : [];
  return (
    <>
      {/* autoFocus: pages sent without JavaScript (lib/server/lean-pages.ts) get the focus from the browser. */}
      {state.status === "error" && (
        <div ref={summaryRef} tabIndex={-1} autoFocus role="alert" aria-labelledby={`${id ?? "form"}-error-title`} className="mb-6 border-4 border-danger p-4 outline-none focus-visible:outline-3 focus-visible:outline-accent">
          <h2 id={`${id ?? "form"}-error-title`} className="text-xl font-bold">
            {labels.errorTitle}
          </h2>
          {fieldErrors.length === 0 || fieldErrors.every(([f]) => f === "_form") ? (
            <p className="mt-2 font-bold text-danger">{state.error}</p>
          ) : (
            <ul className="mt-2 list-none space-y-1">
              {fieldErrors.map(([field, message]) => (
                <li key={field}>
                  <a href={`#${fieldId(field)}`} className="font-bold text-danger">
                    {message}
                  </a>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {state.status === "ok" && state.message && (
        <div ref={noticeRef} tabIndex={-1} autoFocus role="status" className="mb-6 border-s-8 border-success bg-success-soft p-4 font-bold outline-none">
          {state.message}
        </div>
      )}
    </>
  );
}
