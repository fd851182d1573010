import { getCitizen } from "@/lib/auth/citizen-session";
import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { BackLink, SummaryList } from "@/components/appointments/summary-list";
import { textIn } from "@/components/forms/field-renderer";
import { Notice } from "@/components/ui/notice";
import { draftDocumentUrls } from "@/lib/forms/document-urls";
import { submitRequestAction } from "@/lib/forms/fill-actions";
import { answersView } from "@/lib/forms/fill/answers-view";
import { validateForm } from "@/lib/forms/fill/validate";
import { resumeStep, visibleSteps } from "@/lib/forms/fill/visibility";
import { listRequestDocuments } from "@/lib/forms/repo";
import { answersLabels } from "@/lib/forms/service/answers-labels";
import { draftFromCookie } from "@/lib/forms/service/draft-access";
import { draftAnswers, draftDefinition, fallbackLocales, publicForm, validateContext } from "@/lib/forms/service/fill-draft";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { contactEmailFromAnswers, sendingRefusal } from "@/lib/forms/service/submit-request";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";

type TParams = Promise<{ tenant: string; locale: string; slug: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { tenant, locale } = await requireFormsPage(params);
  const { slug } = await params;
  const found = await publicForm(tenant, slug);
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  return { title: t("pageTitleCheck", { form: pickLocalized(found?.version.titles, locale, fallbackLocales(tenant, locale))?.text ?? slug }), robots: { index: false } };
}

/** Check your answers: every visible answer with a Change link, the citizen's contact, then "Accept and send". */
export default async function RequestCheckPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const { slug } = await params;
  const found = await publicForm(tenant, slug);
  if (!found) notFound();
  const { form } = found;
  const start = `/${locale}/requests/${form.slug}`;
  const draft = await draftFromCookie(tenant.id, form.id);
  if (!draft) redirect(start);
  const definition = await draftDefinition(tenant.id, draft);
  const data = draftAnswers(draft);
  const resume = resumeStep(definition, data, draft.stepReached);
  if (resume) redirect(`${start}/${resume.id}`);
  const documents = await listRequestDocuments(tenant.id, draft.id);
  const invalid = validateForm(definition, data, validateContext(tenant, locale, documents));
  if (invalid) redirect(`${start}/${invalid.stepId}?return=check&fix=1`);

  const t = await getTranslations({ locale, namespace: "RequestFill" });
  const fallbacks = fallbackLocales(tenant, locale);
  const view = answersView({ definition, data, documents, locale, fallbackLocales: fallbacks, timeZone: tenant.timeZone, labels: await answersLabels(locale) });
  const urls = draftDocumentUrls(form.id);
  const steps = visibleSteps(definition, data);
  const last = steps.at(-1);
  const citizen = await getCitizen();
  const refusal = sendingRefusal(form, citizen !== null);
  const contactEmail = contactEmailFromAnswers(definition, data);
  const formTitle = textIn(found.version.titles, locale, fallbacks) ?? { text: form.slug };
  return (
    <>
      <BackLink href={last ? `${start}/${last.id}` : start} label={t("back")} />
      <p className="text-lg text-muted" lang={formTitle.lang}>
        {formTitle.text}
      </p>
      <h1 className="mt-1 text-3xl font-bold sm:text-4xl">{t("checkTitle")}</h1>
      {view.map((step) => (
        <section key={step.stepId} className="mt-8" aria-labelledby={`check-${step.stepId}`}>
          <h2 id={`check-${step.stepId}`} className="text-2xl font-bold" lang={step.lang}>
            {step.stepTitle}
          </h2>
          <SummaryList
            rows={step.rows.map((row) => ({
              key: row.fieldId,
              label: row.label,
              lang: undefined,
              value: (
                <>
                  {row.lines.length === 0 && row.documents.length === 0 ? <span className="text-muted">{t("notAnswered")}</span> : null}
                  {row.lines.length > 0 ? <span dir="auto">{row.lines.join("\n")}</span> : null}
                  {row.documents.length > 0 ? (
                    <ul className="list-none" aria-label={t("files")}>
                      {row.documents.map((d) => (
                        <li key={d.id}>
                          <a href={urls.download(d.id)} download dir="auto">
                            {d.originalName}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ),
              change: { href: `${start}/${step.stepId}?return=check`, label: t("change") },
            }))}
          />
        </section>
      ))}
      {refusal ? (
        <div className="mt-8">
          <Notice kind="warning">
            <p>{refusal === "fieldLoginRequired" ? t("loginRequired") : (pickLocalized(form.closedMessages, locale, fallbacks)?.text ?? t("closedDefault"))}</p>
          </Notice>
        </div>
      ) : (
        <ActionForm action={submitRequestAction} submitLabel={t("send")} labels={await formLabels(locale)} hidden={{ slug: form.slug }} className="mt-10 max-w-3xl">
          <h2 className="text-2xl font-bold">{t("yourDetails")}</h2>
          <p className="mt-2 max-w-prose">{contactEmail ? t("contactEmailGiven", { email: contactEmail }) : t("yourDetailsLead")}</p>
          <TextField name="contactName" label={t("contactName")} autoComplete="name" defaultValue={draft.name ?? undefined} required />
          {contactEmail ? null : <TextField name="contactEmail" type="email" label={t("contactEmail")} autoComplete="email" inputMode="email" dir="ltr" defaultValue={draft.email ?? undefined} required />}
          <h2 className="mt-10 text-2xl font-bold">{t("sendTitle")}</h2>
          <p className="mt-2 max-w-prose">{t("sendLead")}</p>
        </ActionForm>
      )}
    </>
  );
}
