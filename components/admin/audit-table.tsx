// Audit entries as a table: when (in the town's time zone), who, what, on what, and the details.
import { getTranslations } from "next-intl/server";
import { Cell, Row, Table } from "@/components/ui/table";
import type { TAuditRow } from "@/lib/audit/repo";
import { formatInstant } from "@/lib/core/dates";

export async function AuditTable({ rows, locale, timeZone, caption }: { rows: TAuditRow[]; locale: string; timeZone: string; caption: string }) {
  const t = await getTranslations({ locale, namespace: "Audit" });
  const actions = await getTranslations({ locale, namespace: "AuditActions" });
  const label = (action: string) => (actions.has(action) ? actions(action) : action);
  return (
    <Table caption={caption} headers={[t("when"), t("who"), t("what"), t("target"), t("details")]} wide>
      {rows.map((row) => (
        <Row key={row.id.toString()}>
          <Cell className="whitespace-nowrap">
            <time dateTime={row.at.toISOString()}>{formatInstant(row.at, locale, timeZone, { dateStyle: "short", timeStyle: "medium" })}</time>
          </Cell>
          <Cell className="break-words">{row.actorLabel ?? t(`actor.${row.actorType}`)}</Cell>
          <Cell>
            {label(row.action)}
            <span className="block text-sm text-muted" lang="en">{row.action}</span>
          </Cell>
          <Cell className="text-sm break-words">{row.targetType ? `${row.targetType} ${row.targetId ?? ""}` : "–"}</Cell>
          <Cell className="text-sm">
            {row.summary && Object.keys(row.summary as object).length > 0 ? (
              <details>
                <summary className="cursor-pointer">{t("show")}</summary>
                <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap break-words bg-surface p-2 text-xs" dir="ltr">{JSON.stringify(row.summary, null, 1)}</pre>
              </details>
            ) : (
              "–"
            )}
          </Cell>
        </Row>
      ))}
    </Table>
  );
}
