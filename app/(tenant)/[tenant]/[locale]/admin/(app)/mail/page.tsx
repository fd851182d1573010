import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Cell, Row, Table } from "@/components/ui/table";
import { PageHeader, Tag } from "@/components/ui/notice";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { outboxCounts, outboxPage, OUTBOX_STATUSES } from "@/lib/notifications/service/list-mail";
import { smsPage } from "@/lib/notifications/sms";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "MailLog" }))("title") };
}

export default async function MailPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "mail:read", { returnTo: `/${locale}/admin/mail` });
  const t = await getTranslations({ locale, namespace: "MailLog" });
  const status = await searchParam(searchParams, "status");
  const before = await searchParam(searchParams, "before");
  const smsBefore = await searchParam(searchParams, "smsBefore");
  const [page, counts, sms] = await Promise.all([outboxPage(tenant.id, status, before), outboxCounts(tenant.id), smsPage(tenant.id, smsBefore)]);
  const ts = await getTranslations({ locale, namespace: "Sms" });
  const lastSms = sms.rows[sms.rows.length - 1];
  const base = `/${locale}/admin/mail`;
  const tone = { pending: "blue", sent: "green", failed: "red" } as const;
  const last = page.rows[page.rows.length - 1];
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      <nav aria-label={t("filter")} className="mb-6">
        <ul className="flex flex-wrap gap-4">
          <li>
            <a href={base} aria-current={!status ? "page" : undefined} className={!status ? "font-bold" : ""}>
              {t("all")}
            </a>
          </li>
          {OUTBOX_STATUSES.map((s) => (
            <li key={s}>
              <a href={`${base}?status=${s}`} aria-current={status === s ? "page" : undefined} className={status === s ? "font-bold" : ""}>
                {t(`status.${s}`)} ({counts[s] ?? 0})
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {page.rows.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <Table caption={t("title")} headers={[t("queued"), t("to"), t("subject"), t("state")]}>
          {page.rows.map((m) => (
            <Row key={m.id}>
              <Cell className="whitespace-nowrap">{formatInstant(m.createdAt, locale, tenant.timeZone, { dateStyle: "short", timeStyle: "short" })}</Cell>
              <Cell className="break-words">{m.toAddress}</Cell>
              <Cell>{m.subject ?? t(`template.${m.template}`)}</Cell>
              <Cell>
                <Tag tone={tone[m.status]}>{t(`status.${m.status}`)}</Tag>
                <span className="block text-sm text-muted">{t("attempts", { count: m.attempts })}</span>
                {m.lastError && m.status !== "sent" ? <span className="block text-sm break-words text-danger">{m.lastError}</span> : null}
              </Cell>
            </Row>
          ))}
        </Table>
      )}
      {page.hasMore && last ? (
        <p className="mt-6">
          <a href={`${base}?${new URLSearchParams({ ...(status ? { status } : {}), before: last.id })}`}>{t("older")}</a>
        </p>
      ) : null}
      <section aria-labelledby="sms" className="mt-12">
        <h2 id="sms" className="text-2xl font-bold">
          {ts("title")}
        </h2>
        <p className="mt-2 mb-4 max-w-prose">{ts("lead")}</p>
        {sms.rows.some((m) => m.provider === "log") ? <p className="mb-4 max-w-prose text-muted">{ts("logNote")}</p> : null}
        {sms.rows.length === 0 ? (
          <p>{ts("none")}</p>
        ) : (
          <Table caption={ts("title")} headers={[ts("queued"), ts("to"), ts("message"), ts("state")]}>
            {sms.rows.map((m) => (
              <Row key={m.id}>
                <Cell className="whitespace-nowrap">{formatInstant(m.createdAt, locale, tenant.timeZone, { dateStyle: "short", timeStyle: "short" })}</Cell>
                <Cell className="whitespace-nowrap">
                  <span dir="ltr">{m.toNumber}</span>
                </Cell>
                <Cell className="break-words">{m.body}</Cell>
                <Cell>
                  <Tag tone={tone[m.status]}>{t(`status.${m.status}`)}</Tag>
                  <span className="block text-sm text-muted">{t("attempts", { count: m.attempts })}</span>
                  {m.lastError && m.status !== "sent" ? <span className="block text-sm break-words text-danger">{m.lastError}</span> : null}
                </Cell>
              </Row>
            ))}
          </Table>
        )}
        {sms.hasMore && lastSms ? (
          <p className="mt-6">
            <a href={`${base}?${new URLSearchParams({ ...(status ? { status } : {}), smsBefore: lastSms.id })}`}>{ts("older")}</a>
          </p>
        ) : null}
      </section>
    </>
  );
}
