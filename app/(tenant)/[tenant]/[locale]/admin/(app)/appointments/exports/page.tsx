import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { EXPORT_KEEP_MS, exportsOf } from "@/lib/appointments/service/export-bookings";
import { requireAppointmentsPage } from "@/lib/appointments/service/page-guard";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentExports" }))("listTitle") };
}

/** The agent's own exports built in the background: status, rows, and the file while it is kept. */
export default async function MyExportsPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireAppointmentsPage(params);
  const base = `/${locale}/admin/appointments`;
  const actor = await requirePermission(locale, "appointments:manage", { returnTo: `${base}/exports` });
  const t = await getTranslations({ locale, namespace: "AppointmentExports" });
  const exports = await exportsOf(tenant, actor);
  const queued = await searchParam(searchParams, "queued");
  const justQueued = exports.find((e) => e.id === queued);
  const when = (d: Date) => formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" });
  const tone = { queued: "blue", ready: "green", failed: "red" } as const;
  return (
    <>
      <PageHeader title={t("listTitle")} lead={t("listLead")} />
      {justQueued ? (
        <Notice kind="success" title={t("queuedTitle")}>
          {t("queuedBody", { count: (justQueued.query as { rowsExpected?: number }).rowsExpected ?? 0 })}
        </Notice>
      ) : null}
      {exports.length === 0 ? (
        <p>{t("noExports")}</p>
      ) : (
        <Table caption={t("listTitle")} headers={[t("askedOn"), t("format"), t("rows"), t("state"), t("file")]}>
          {exports.map((e) => (
            <Row key={e.id}>
              <Cell>
                <time dateTime={e.createdAt.toISOString()}>{when(e.createdAt)}</time>
              </Cell>
              <Cell>{e.format.toUpperCase()}</Cell>
              <Cell>{e.rowCount ?? (e.query as { rowsExpected?: number }).rowsExpected ?? "—"}</Cell>
              <Cell>
                <Tag tone={tone[e.status]}>{t(`states.${e.status}`)}</Tag>
              </Cell>
              <Cell>
                {e.status === "ready" ? (
                  <>
                    <a href={`${base}/exports/${e.id}/download`} download>
                      {t("downloadFile", { format: e.format.toUpperCase() })}
                    </a>
                    <span className="block text-sm text-muted">{t("keptUntil", { date: when(new Date(e.createdAt.getTime() + EXPORT_KEEP_MS)) })}</span>
                  </>
                ) : e.status === "queued" ? (
                  <a href={`${base}/exports`}>{t("checkAgain")}</a>
                ) : (
                  t("failedHint")
                )}
              </Cell>
            </Row>
          ))}
        </Table>
      )}
      <p className="mt-6">
        <a href={`${base}/export`}>{t("newExport")}</a>
      </p>
    </>
  );
}
