import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Cell, Row, Table } from "@/components/ui/table";
import { Notice, PageHeader } from "@/components/ui/notice";
import { requireOperator } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { captureMailboxActive } from "@/lib/notifications/mailer";
import { capturedPage } from "@/lib/notifications/service/list-mail";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("mailboxTitle") };
}

export default async function MailboxPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { locale } = await params;
  await requireOperator(locale, `/${locale}/operator/mailbox`);
  const t = await getTranslations({ locale, namespace: "Operator" });
  const page = await capturedPage(await searchParam(searchParams, "before"));
  const last = page.rows[page.rows.length - 1];
  return (
    <>
      <PageHeader title={t("mailboxTitle")} lead={t("mailboxLead")} />
      {!captureMailboxActive() ? <Notice kind="info" title={t("mailboxSmtp")} /> : null}
      {page.rows.length === 0 ? (
        <p>{t("mailboxEmpty")}</p>
      ) : (
        <Table caption={t("mailboxTitle")} headers={[t("received"), t("to"), t("subject")]}>
          {page.rows.map((m) => (
            <Row key={m.id}>
              <Cell className="whitespace-nowrap">{formatInstant(m.receivedAt, locale, "UTC", { dateStyle: "short", timeStyle: "medium" })} UTC</Cell>
              <Cell className="break-words">{m.envelopeTo.join(", ")}</Cell>
              <Cell>
                <a href={`/${locale}/operator/mailbox/${m.id}`}>{m.subject || t("noSubject")}</a>
              </Cell>
            </Row>
          ))}
        </Table>
      )}
      {page.hasMore && last ? (
        <p className="mt-6">
          <a href={`/${locale}/operator/mailbox?before=${last.id}`}>{t("older")}</a>
        </p>
      ) : null}
    </>
  );
}
