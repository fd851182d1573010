import { citizenSignInPath, getCitizen } from "@/lib/auth/citizen-session";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { BackLink } from "@/components/appointments/summary-list";
import { Notice } from "@/components/ui/notice";
import { startRequestAction } from "@/lib/forms/fill-actions";
import { resumeStep } from "@/lib/forms/fill/visibility";
import { draftFromCookie } from "@/lib/forms/service/draft-access";
import { draftAnswers, draftDefinition, fallbackLocales, publicForm } from "@/lib/forms/service/fill-draft";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { sendingRefusal } from "@/lib/forms/service/submit-request";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";

type TParams = Promise<{ tenant: string; locale: string; slug: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { tenant, locale } = await requireFormsPage(params);
  const found = await publicForm(tenant, (await params).slug);
  return { title: pickLocalized(found?.version.titles, locale, fallbackLocales(tenant, locale))?.text ?? "" };
}

/** Start page: what the request is for and what to have at hand; "Start now", or continue a draft. */
export default async function RequestStartPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const { slug } = await params;
  const found = await publicForm(tenant, slug);
  if (!found) notFound();
  const { form, version } = found;
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  const fallbacks = fallbackLocales(tenant, locale);
  const pick = (value: unknown) => {
    const p = pickLocalized(value, locale, fallbacks);
    return p ? { text: p.text, lang: p.lang !== locale ? p.lang : undefined } : null;
  };
  const title = pick(version.titles) ?? pick(form.titles);
  const description = pick(form.descriptions);
  const citizen = await getCitizen();
  const refusal = sendingRefusal(form, citizen !== null);
  const draft = refusal ? null : await draftFromCookie(tenant.id, form.id);
  let resumeHref: string | null = null;
  if (draft) {
    const definition = await draftDefinition(tenant.id, draft);
    const next = resumeStep(definition, draftAnswers(draft), draft.stepReached);
    resumeHref = `/${locale}/requests/${form.slug}/${next ? next.id : "check"}`;
  }
  const labels = await formLabels(locale);
  return (
    <>
      <BackLink href={`/${locale}/requests`} label={t("back")} />
      <h1 className="text-3xl font-bold sm:text-4xl" lang={title?.lang}>
        {title?.text ?? form.slug}
      </h1>
      {refusal === "fieldFormClosed" ? (
        <div className="mt-6">
          <Notice kind="info" title={t("closedTag")}>
            <p className="whitespace-pre-line" lang={pick(form.closedMessages)?.lang}>
              {pick(form.closedMessages)?.text ?? t("closedDefault")}
            </p>
          </Notice>
        </div>
      ) : null}
      {description ? (
        <div className="mt-4 max-w-prose">
          <h2 className="sr-only">{t("beforeYouStart")}</h2>
          <p className="whitespace-pre-line text-lg" lang={description.lang}>
            {description.text}
          </p>
        </div>
      ) : null}
      {form.onePerCitizen && !refusal ? <p className="mt-4 max-w-prose">{t("onePerCitizen")}</p> : null}
      {refusal === "fieldLoginRequired" ? (
        <div className="mt-6">
          <Notice kind="info">
            <p>{t("loginRequired")}</p>
          </Notice>
          <p className="mt-4">
            <a href={citizenSignInPath(locale, `/${locale}/requests/${form.slug}`)} className="inline-block min-h-11 rounded-town bg-primary px-5 py-2 text-lg font-bold text-on-primary no-underline">
              {t("signInToStart")}
            </a>
          </p>
        </div>
      ) : null}
      {!refusal && draft && resumeHref ? (
        <section className="mt-8 max-w-prose" aria-labelledby="resume-title">
          <h2 id="resume-title" className="text-2xl font-bold">
            {t("resumeTitle")}
          </h2>
          <p className="mt-2">{t("resumeLead")}</p>
          <p className="mt-4">
            <a href={resumeHref} className="inline-block min-h-11 rounded-town bg-primary px-5 py-2 text-lg font-bold text-on-primary no-underline">
              {t("continue")}
            </a>
          </p>
          <p className="mt-6 text-muted">{t("startAgainHint")}</p>
          <ActionForm action={startRequestAction} submitLabel={t("startAgain")} submitStyle="secondary" labels={labels} hidden={{ slug: form.slug }} />
        </section>
      ) : null}
      {!refusal && !draft ? <ActionForm action={startRequestAction} submitLabel={t("startNow")} labels={labels} hidden={{ slug: form.slug }} className="mt-4" /> : null}
    </>
  );
}
