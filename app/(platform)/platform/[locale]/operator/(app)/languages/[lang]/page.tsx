import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextArea } from "@/components/form/fields";
import { Notice, PageHeader } from "@/components/ui/notice";
import { requireOperator } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { localeDirection, SOURCE_LOCALE } from "@/lib/i18n/locales";
import { reviewPlatformTranslationAction } from "@/lib/translations/platform-actions";
import { waitingProposals } from "@/lib/translations/service/platform-review";
import { isPlatformLanguage } from "@/lib/translations/service/languages";

type TParams = Promise<{ locale: string; lang: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale, lang } = await params;
  const name = new Intl.DisplayNames([locale], { type: "language" }).of(lang) ?? lang;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("reviewTitle", { language: name }) };
}

/** The platform layer's proposals waiting in one language: they change every town, so the operator approves them. */
export default async function OperatorLanguageReviewPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { locale, lang } = await params;
  const done = await searchParam(searchParams, "done");
  await requireOperator(locale, `/${locale}/operator/languages/${lang}`);
  if (lang === SOURCE_LOCALE || !(await isPlatformLanguage(lang))) notFound();
  const t = await getTranslations({ locale, namespace: "Operator" });
  const tr = await getTranslations({ locale, namespace: "Translations" });
  const errors = await getTranslations({ locale, namespace: "Errors" });
  const labels = await formLabels(locale);
  const language = new Intl.DisplayNames([locale], { type: "language" }).of(lang) ?? lang;
  const dir = localeDirection(lang);
  const { items, total } = await waitingProposals(lang);
  return (
    <>
      <p className="mb-4">
        <a href={`/${locale}/operator/languages`}>{t("backToLanguages")}</a>
      </p>
      <PageHeader title={t("reviewTitle", { language })} lead={t("reviewLead")} />
      {done === "approve" || done === "reject" ? <Notice title={t(done === "approve" ? "proposalApproved" : "proposalSentBack")} /> : null}
      {total === 0 ? <Notice kind="info" title={t("nothingWaiting")}>{t("nothingWaitingText", { language })}</Notice> : <p className="mb-6">{t("waitingShown", { shown: items.length, total })}</p>}
      <ol className="space-y-8">
        {items.map((item, i) => (
          <li key={item.key} aria-labelledby={`proposal-${i}`} className="rounded-town border-2 border-line bg-white p-4">
            <h2 id={`proposal-${i}`} className="text-lg font-bold">
              <code dir="ltr" className="break-all">{item.key}</code>
            </h2>
            <dl className="mt-3 grid gap-x-6 gap-y-2 sm:grid-cols-[12rem_1fr]">
              <dt className="font-bold">{tr("source")}</dt>
              <dd lang="en" dir="ltr" className="whitespace-pre-wrap">{item.source}</dd>
              <dt className="font-bold">{tr("shownText")}</dt>
              <dd>{item.shown ? <span lang={lang} dir={dir} className="whitespace-pre-wrap">{item.shown}</span> : <span className="text-muted">{tr("shownSource")}</span>}</dd>
              <dt className="font-bold">{tr("proposal")}</dt>
              <dd>
                <span lang={lang} dir={dir} className="whitespace-pre-wrap font-bold">{item.value}</span>
                <span className="block text-sm text-muted">{t("proposedByWhen", { who: item.by ?? "—", when: `${formatInstant(item.at, locale, "UTC", { dateStyle: "medium", timeStyle: "short" })} UTC` })}</span>
              </dd>
            </dl>
            {item.issues.length > 0 ? (
              <Notice kind="warning" title={t("proposalProblems")}>
                <ul className="list-disc ps-5">
                  {item.issues.map((issue) => (
                    <li key={issue.code}>{errors(issue.code, issue.params as never)}</li>
                  ))}
                </ul>
              </Notice>
            ) : null}
            <div className="mt-2 flex flex-wrap items-start gap-x-8">
              <ActionForm id={`approve-${i}`} action={reviewPlatformTranslationAction} submitLabel={tr("approve")} labels={labels} hidden={{ locale: lang, key: item.key, decision: "approve" }} />
              <ActionForm id={`reject-${i}`} action={reviewPlatformTranslationAction} submitLabel={tr("reject")} submitStyle="warning" labels={labels} hidden={{ locale: lang, key: item.key, decision: "reject" }} className="min-w-72 flex-1">
                <TextArea name="comment" label={tr("commentLabel")} hint={tr("commentHint")} rows={2} />
              </ActionForm>
            </div>
          </li>
        ))}
      </ol>
    </>
  );
}
