"use client";
import { useActionState } from "react";
import type { TActionState, TFormAction } from "@/lib/core/action";

type TAction = TFormAction;

export function SignOutButton({ action, label }: { action: TAction; label: string }) {
  const [state, formAction] = useActionState(action, { status: "idle" } as TActionState<unknown>);
  return (
    <form action={formAction}>
      <button type="submit" className="min-h-10 rounded-town border-2 border-on-primary px-3 py-1 font-bold text-on-primary">
        {label}
      </button>
      {state.status === "error" ? <span role="alert" className="sr-only">{state.error}</span> : null}
    </form>
  );
}
