import type { ReactNode } from "react";

export type TSummaryRow = { key: string; label: string; value: ReactNode; lang?: string; change?: { href: string; label: string } };

/** GOV.UK summary list: question, answer, and a "Change" link whose text names what it changes. */
export function SummaryList({ rows }: { rows: TSummaryRow[] }) {
  return (
    <dl className="mt-6 max-w-3xl divide-y divide-line border-y border-line">
      {rows.map((row) => (
        <div key={row.key} className="grid gap-1 py-3 sm:grid-cols-[14rem_1fr_auto] sm:gap-4">
          <dt className="font-bold">{row.label}</dt>
          <dd className="whitespace-pre-line break-words" lang={row.lang}>
            {row.value}
          </dd>
          {row.change ? (
            <dd>
              <a href={row.change.href}>
                {row.change.label}
                <span className="sr-only"> {row.label}</span>
              </a>
            </dd>
          ) : (
            <dd aria-hidden="true" />
          )}
        </div>
      ))}
    </dl>
  );
}

/** A text written by the town, marked with its language when it is not the page's. */
export function TownText({ text, locale, className }: { text: { text: string; lang: string } | null; locale: string; className?: string }) {
  if (!text) return null;
  return (
    <p className={`whitespace-pre-line ${className ?? ""}`} lang={text.lang !== locale && text.lang !== "und" ? text.lang : undefined}>
      {text.text}
    </p>
  );
}

export function BackLink({ href, label }: { href: string; label: string }) {
  return (
    <p className="mb-6">
      <a href={href} className="inline-flex items-center gap-1">
        <span aria-hidden="true" className="rtl:rotate-180">
          ‹
        </span>
        {label}
      </a>
    </p>
  );
}
