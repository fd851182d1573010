import type { ReactNode } from "react";

/** A data table: caption for screen readers, column headers, rows; scrolls sideways on phones. */
export function Table({ caption, headers, children, wide = false }: { caption: string; headers: string[]; children: ReactNode; wide?: boolean }) {
  // On a phone the table keeps readable columns and scrolls sideways; the region can take focus so
  // that it scrolls with the keyboard too.
  return (
    <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
      <table className={`w-full border-collapse ${wide ? "min-w-[44rem]" : "min-w-[36rem]"}`}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-ink">
            {headers.map((header, i) => (
              <th key={header} scope="col" className={`py-2 text-start ${i < headers.length - 1 ? "pe-4" : ""}`}>
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Row({ children }: { children: ReactNode }) {
  return <tr className="border-b border-line align-top">{children}</tr>;
}

export function Cell({ children, className = "" }: { children?: ReactNode; className?: string }) {
  return <td className={`py-2 pe-4 last:pe-0 ${className}`}>{children}</td>;
}
