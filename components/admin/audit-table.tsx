// Audit entries as a table: when (in the town's time zone), who, what, on what, and the details.
import { getTranslations } from "next-intl/server";
import type { TAuditRow } from "@/lib/audit/repo";
import { formatInstant } from "@/lib/core/dates";

export async function AuditTable({ rows, locale, timeZone, caption }: { rows: TAuditRow[]; locale: string; timeZone: string; caption: string }) {
  const t = await getTranslations({ locale, namespace: "Audit" });
  const actions = await getTranslations({ locale, namespace: "AuditActions" });
  const label = (action: string) => (actions.has(action) ? actions(action) : action);
  return (
    <div className="overflow-x-auto" role="region" aria-label={caption} tabIndex={0}>
      <table className="w-full min-w-[44rem] border-collapse text-start">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b-2 border-ink text-start">
            <th scope="col" className="py-2 pe-4 text-start">{t("when")}</th>
            <th scope="col" className="py-2 pe-4 text-start">{t("who")}</th>
            <th scope="col" className="py-2 pe-4 text-start">{t("what")}</th>
            <th scope="col" className="py-2 pe-4 text-start">{t("target")}</th>
            <th scope="col" className="py-2 text-start">{t("details")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id.toString()} className="border-b border-line align-top">
              <td className="py-2 pe-4 whitespace-nowrap">
                <time dateTime={row.at.toISOString()}>{formatInstant(row.at, locale, timeZone, { dateStyle: "short", timeStyle: "medium" })}</time>
              </td>
              <td className="py-2 pe-4 break-words">{row.actorLabel ?? t(`actor.${row.actorType}`)}</td>
              <td className="py-2 pe-4">
                {label(row.action)}
                <span className="block text-sm text-muted" lang="en">{row.action}</span>
              </td>
              <td className="py-2 pe-4 text-sm break-words">{row.targetType ? `${row.targetType} ${row.targetId ?? ""}` : "–"}</td>
              <td className="py-2 text-sm">
                {row.summary && Object.keys(row.summary as object).length > 0 ? (
                  <details>
                    <summary className="cursor-pointer">{t("show")}</summary>
                    <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-words bg-surface p-2 text-xs" dir="ltr">{JSON.stringify(row.summary, null, 1)}</pre>
                  </details>
                ) : (
                  "–"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
