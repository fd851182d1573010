import type { ReactNode } from "react";

/** A panel for a result the person must see (saved, sent, expired link). */
export function Notice({ kind = "success", title, children }: { kind?: "success" | "info" | "warning"; title?: string; children?: ReactNode }) {
  const styles = {
    success: "border-success bg-success-soft",
    info: "border-primary bg-secondary text-on-secondary",
    warning: "border-danger bg-white",
  } as const;
  return (
    <div role={kind === "warning" ? "alert" : "status"} className={`mb-6 border-s-8 p-4 ${styles[kind]}`}>
      {title ? <p className="text-lg font-bold">{title}</p> : null}
      {children ? <div className={title ? "mt-1" : ""}>{children}</div> : null}
    </div>
  );
}

export function PageHeader({ title, lead, children }: { title: string; lead?: string; children?: ReactNode }) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div className="max-w-prose">
        <h1 className="text-3xl font-bold">{title}</h1>
        {lead ? <p className="mt-2 text-lg">{lead}</p> : null}
      </div>
      {children}
    </div>
  );
}

/** A link that looks like a button (for navigation, not actions). */
export function ButtonLink({ href, children, variant = "primary" }: { href: string; children: ReactNode; variant?: "primary" | "secondary" }) {
  const style = variant === "primary" ? "bg-primary text-on-primary" : "border-2 border-ink bg-white text-ink";
  return (
    <a href={href} className={`inline-block min-h-11 rounded-town px-5 py-2 text-lg font-bold no-underline ${style}`}>
      {children}
    </a>
  );
}

export function Tag({ tone, children }: { tone: "green" | "grey" | "red" | "blue"; children: ReactNode }) {
  const tones = {
    green: "bg-success-soft text-success",
    grey: "bg-surface text-ink",
    red: "bg-white text-danger border border-danger",
    blue: "bg-secondary text-on-secondary",
  } as const;
  return <strong className={`inline-block rounded-town px-2 py-0.5 text-sm font-bold ${tones[tone]}`}>{children}</strong>;
}
