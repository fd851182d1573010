import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { InitialErrorSummary } from "@/components/forms/field-inputs";
import { FieldRenderer } from "@/components/forms/field-renderer";
import { FileUpload } from "@/components/forms/file-upload";
import { getEnv } from "@/lib/core/env";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { correctionDocumentUrls } from "@/lib/forms/document-urls";
import { acceptAttribute, fileKindsOf, isUploadError, maxFilesOf, maxUploadMb } from "@/lib/forms/files";
import type { TAnswers } from "@/lib/forms/fill/visibility";
import { answerCorrectionAction } from "@/lib/forms/follow-actions";
import { listRequestDocuments } from "@/lib/forms/repo";
import { findPendingCorrection } from "@/lib/forms/service/answer-correction";
import { fieldRendererLabels } from "@/lib/forms/service/answers-labels";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";

type TParams = Promise<{ tenant: string; locale: string; secret: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  return { title: t("correctTitle"), robots: { index: false, follow: false }, referrer: "same-origin" };
}

/**
 * Answering a request for correction, behind the link of its e-mail (or the follow-up link while a
 * correction is pending): the town's message and ONLY the fields asked for, with the answers given so
 * far. Files go through the correction's documents route (upload button inside this form, without
 * JavaScript too). Sending moves the request back to the state the workflow chose.
 */
export default async function CorrectRequestPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const { secret } = await params;
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  const found = await findPendingCorrection(tenant.id, secret);
  if (!found) {
    return (
      <>
        <h1 className="text-3xl font-bold sm:text-4xl">{t("correctGoneTitle")}</h1>
        <p className="mt-4 max-w-prose text-lg">{t("correctGoneLead")}</p>
        <p className="mt-6">
          <a href={`/${locale}/requests`}>{t("otherRequests")}</a>
        </p>
      </>
    );
  }
  const { request, version, correction, fields } = found;
  const fallbacks = [tenant.defaultLocale, request.locale];
  const title = pickLocalized(version.titles, locale, fallbacks);
  const data = (request.data ?? {}) as TAnswers;
  const errorsT = await getTranslations({ locale, namespace: "Errors" });
  const labels = await fieldRendererLabels(locale);
  // An upload sent back here without JavaScript: its error, shown at the file field.
  const uploadError = await searchParam(searchParams, "upload-error");
  const uploadField = (await searchParam(searchParams, "field")) ?? "";
  const errors: Record<string, string> = isUploadError(uploadError) && uploadField ? { [uploadField]: errorsT(uploadError) } : {};
  const documents = await listRequestDocuments(tenant.id, request.id);
  const urls = correctionDocumentUrls(secret);
  const here = `/${locale}/requests/correct/${secret}`;
  const platformMax = getEnv().UPLOAD_MAX_MB;
  const formLabelTexts = await formLabels(locale);
  return (
    <>
      <p className="text-lg text-muted" lang={title && title.lang !== locale ? title.lang : undefined}>
        {title?.text}
      </p>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("correctTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">
        {t("correctLead")}{" "}
        <strong dir="ltr">{request.reference}</strong>
      </p>
      {correction.message ? (
        <section aria-labelledby="message" className="mt-6 max-w-prose border-s-8 border-primary ps-4">
          <h2 id="message" className="text-xl font-bold">
            {t("correctMessage")}
          </h2>
          <p className="mt-2 whitespace-pre-line text-lg">{correction.message}</p>
        </section>
      ) : null}
      {fields.length === 0 ? <p className="mt-6 max-w-prose">{t("correctNoFields")}</p> : null}
      <ActionForm action={answerCorrectionAction} submitLabel={t("correctButton")} labels={formLabelTexts} hidden={{ secret }} className="mt-2">
        <InitialErrorSummary title={formLabelTexts.errorTitle} errors={errors} />
        {fields.map((field) => (
          <FieldRenderer
            key={field.id}
            field={field}
            value={data[field.id]}
            data={data}
            locale={locale}
            fallbackLocales={fallbacks}
            errors={errors}
            labels={labels}
            renderFile={(f, name, groupIndex, label, hint) => (
              <FileUpload
                name={name}
                fieldId={f.id}
                label={label.text}
                hint={hint?.text}
                error={errors[name]}
                documents={documents.filter((d) => d.fieldId === f.id && d.groupIndex === groupIndex)}
                uploadUrl={urls.upload(f.id, groupIndex)}
                deleteUrl={urls.remove}
                downloadUrl={urls.download}
                returnTo={here}
                accept={acceptAttribute(f)}
                maxSizeMb={maxUploadMb(f, platformMax)}
                multiple={maxFilesOf(f) > 1}
                maxFiles={maxFilesOf(f)}
                kinds={fileKindsOf(f)}
                locale={locale}
                required={f.required}
              />
            )}
          />
        ))}
      </ActionForm>
    </>
  );
}
