"use client";
// The inbox's bulk form: the list's table (a checkbox per row) and the action to run on the rows ticked.
// Posts to a server action (works without JavaScript); the answer says how many requests changed and
// lists those skipped, each with the reason.
import { useActionState, useEffect, useRef, type ReactNode } from "react";
import { FormFeedback, SubmitButton, type TActionFormLabels } from "@/components/form/action-form";
import type { TActionState, TFormAction } from "@/lib/core/action";

type TReport = { summary: string; skipped: { id: string; reference: string | null; reason: string }[] };

export function InboxBulkForm({
  action,
  labels,
  submitLabel,
  skippedTitle,
  unknownRequest,
  children,
}: {
  action: TFormAction;
  labels: TActionFormLabels;
  submitLabel: string;
  skippedTitle: string;
  unknownRequest: string;
  children: ReactNode;
}) {
  const [state, formAction, pending] = useActionState(action, { status: "idle" } as TActionState<unknown>);
  const summary = useRef<HTMLDivElement>(null);
  const report = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (state.status === "error") summary.current?.focus();
    if (state.status === "ok") report.current?.focus();
  }, [state]);
  const data = state.status === "ok" ? (state.data as TReport) : null;
  return (
    <>
      <FormFeedback state={state} labels={labels} id="bulk" summaryRef={summary} noticeRef={report} />
      {data ? (
        <div ref={report} tabIndex={-1} role="status" className="mb-6 border-s-8 border-success bg-success-soft p-4 outline-none">
          <p className="font-bold">{data.summary}</p>
          {data.skipped.length > 0 ? (
            <>
              <p className="mt-2 font-bold">{skippedTitle}</p>
              <ul className="mt-1 list-disc ps-6">
                {data.skipped.map((s) => (
                  <li key={s.id}>
                    <span dir="ltr">{s.reference ?? unknownRequest}</span>: {s.reason}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}
      <form key={state.status === "idle" ? "idle" : String(state.at)} id="bulk" action={formAction} noValidate>
        {children}
        <SubmitButton label={submitLabel} pendingLabel={labels.pending} pending={pending} style="primary" />
      </form>
    </>
  );
}
