import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { BackLink } from "@/components/appointments/summary-list";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { parseDefinition } from "@/lib/forms/definition";
import { saveForLaterAction } from "@/lib/forms/follow-actions";
import { findFormBySlug, findVersion } from "@/lib/forms/repo";
import { draftFromCookie } from "@/lib/forms/service/draft-access";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { draftDeletionDate } from "@/lib/forms/service/purge-drafts";
import { draftNextPath } from "@/lib/forms/service/resume-draft";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { notFound } from "next/navigation";

type TParams = Promise<{ tenant: string; locale: string; slug: string }>;

export async function generateMetadata({ params, searchParams }: { params: TParams; searchParams: TSearchParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  const sent = (await searchParam(searchParams, "sent")) === "1";
  return { title: t(sent ? "saveSentTitle" : "saveTitle"), robots: { index: false } };
}

/**
 * "Save and come back later": the citizen gives an e-mail address (prefilled if the draft has one) and
 * gets a link that opens the draft again from any browser. `?sent=1`: the confirmation, without
 * JavaScript too (the action redirects here).
 */
export default async function SaveDraftPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const { slug } = await params;
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  const form = await findFormBySlug(tenant.id, slug);
  if (!form) notFound();
  const title = pickLocalized(form.titles, locale, [tenant.defaultLocale]);
  const draft = await draftFromCookie(tenant.id, form.id);
  const version = draft ? await findVersion(tenant.id, draft.versionId) : null;
  const start = `/${locale}/requests/${form.slug}`;
  if (!draft || !version) {
    return (
      <>
        <h1 className="text-3xl font-bold sm:text-4xl">{t("saveTitle")}</h1>
        <p className="mt-4 max-w-prose text-lg">{t("saveNoDraft")}</p>
        <p className="mt-6">
          <a href={start}>{t("saveStart", { form: title?.text ?? form.slug })}</a>
        </p>
      </>
    );
  }
  const next = `/${locale}${draftNextPath(form.slug, parseDefinition(version.definition), draft.data, draft.stepReached)}`;
  const deleteOn = formatInstant(draftDeletionDate(draft.updatedAt, form.draftRetentionDays), locale, tenant.timeZone, { dateStyle: "long" });
  const sent = (await searchParam(searchParams, "sent")) === "1" && Boolean(draft.email);
  if (sent) {
    return (
      <>
        <div className="mb-8 rounded-town bg-success p-6 text-center text-white" role="status">
          <h1 className="text-3xl font-bold">{t("saveSentTitle")}</h1>
        </div>
        <p className="max-w-prose break-words text-lg">{t("saveSentLead", { email: draft.email ?? "" })}</p>
        <p className="mt-4 max-w-prose text-lg">{t("saveSentDelete", { date: deleteOn })}</p>
        <p className="mt-4 max-w-prose">{t("saveSentSpam")}</p>
        <p className="mt-6">
          <a href={next}>{t("saveContinue")}</a>
        </p>
      </>
    );
  }
  return (
    <>
      <BackLink href={next} label={t("back")} />
      <p className="text-lg text-muted" lang={title && title.lang !== locale ? title.lang : undefined}>
        {title?.text}
      </p>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("saveTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("saveLead")}</p>
      <p className="mt-2 max-w-prose text-lg">{t("saveDelete", { days: form.draftRetentionDays })}</p>
      <ActionForm action={saveForLaterAction} submitLabel={t("saveButton")} labels={await formLabels(locale)} hidden={{ slug: form.slug }}>
        <TextField name="email" type="email" label={t("saveEmail")} hint={t("saveEmailHint")} autoComplete="email" defaultValue={draft.email ?? ""} />
      </ActionForm>
    </>
  );
}
