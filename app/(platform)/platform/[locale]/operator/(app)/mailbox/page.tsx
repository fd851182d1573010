import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Notice, PageHeader } from "@/components/ui/notice";
import { requireOperator } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { captureMailboxActive } from "@/lib/notifications/mailer";
import { capturedPage } from "@/lib/notifications/service/list-mail";
import { searchParam, type TSearchParams } from "@/lib/page-params";

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
        <div className="overflow-x-auto">
          <table className="w-full border-collapse">
            <caption className="sr-only">{t("mailboxTitle")}</caption>
            <thead>
              <tr className="border-b-2 border-ink">
                <th scope="col" className="py-2 pe-4 text-start">{t("received")}</th>
                <th scope="col" className="py-2 pe-4 text-start">{t("to")}</th>
                <th scope="col" className="py-2 text-start">{t("subject")}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((m) => (
                <tr key={m.id} className="border-b border-line align-top">
                  <td className="py-2 pe-4 whitespace-nowrap">{formatInstant(m.receivedAt, locale, "UTC", { dateStyle: "short", timeStyle: "medium" })} UTC</td>
                  <td className="py-2 pe-4 break-all">{m.envelopeTo.join(", ")}</td>
                  <td className="py-2">
                    <a href={`/${locale}/operator/mailbox/${m.id}`}>{m.subject || t("noSubject")}</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page.hasMore && last ? (
        <p className="mt-6">
          <a href={`/${locale}/operator/mailbox?before=${last.id}`}>{t("older")}</a>
        </p>
      ) : null}
    </>
  );
}
