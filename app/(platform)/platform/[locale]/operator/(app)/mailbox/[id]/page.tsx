import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { PageHeader } from "@/components/ui/notice";
import { requireOperator } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { capturedMessage } from "@/lib/notifications/service/list-mail";

type TParams = Promise<{ locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("messageTitle") };
}

export default async function MessagePage({ params }: { params: TParams }) {
  const { locale, id } = await params;
  await requireOperator(locale, `/${locale}/operator/mailbox`);
  const message = await capturedMessage(id);
  if (!message) notFound();
  const t = await getTranslations({ locale, namespace: "Operator" });
  return (
    <div className="max-w-4xl">
      <p className="mb-4">
        <a href={`/${locale}/operator/mailbox`}>{t("backToMailbox")}</a>
      </p>
      <PageHeader title={message.subject || t("noSubject")} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-bold">{t("from")}</dt>
        <dd className="break-words">{message.fromHeader ?? message.envelopeFrom}</dd>
        <dt className="font-bold">{t("to")}</dt>
        <dd className="break-words">{message.toHeader ?? message.envelopeTo.join(", ")}</dd>
        <dt className="font-bold">{t("received")}</dt>
        <dd>{formatInstant(message.receivedAt, locale, "UTC")} UTC</dd>
      </dl>
      <h2 className="mt-8 text-xl font-bold">{t("textPart")}</h2>
      <pre className="mt-2 overflow-x-auto whitespace-pre-wrap break-words rounded-town bg-surface p-4 font-town" dir="auto">{message.text ?? ""}</pre>
      {message.html ? (
        <p className="mt-6">
          <a href={`/${locale}/operator/mailbox/${message.id}/html`}>{t("htmlPart")}</a>
        </p>
      ) : null}
    </div>
  );
}
