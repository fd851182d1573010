import type { Metadata } from "next";
import { notFound, redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { BackLink } from "@/components/appointments/summary-list";
import { InitialErrorSummary } from "@/components/forms/field-inputs";
import { StepFields, textIn } from "@/components/forms/field-renderer";
import { FileUpload } from "@/components/forms/file-upload";
import { SlotField } from "@/components/forms/slot-field";
import { getEnv } from "@/lib/core/env";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { draftDocumentUrls } from "@/lib/forms/document-urls";
import { acceptAttribute, fileKindsOf, isUploadError, maxFilesOf, maxUploadMb } from "@/lib/forms/files";
import { saveStepAction } from "@/lib/forms/fill-actions";
import { validateStep } from "@/lib/forms/fill/validate";
import { previousStep, resumeStep, stepOpen, visibleFieldIds, visibleSteps } from "@/lib/forms/fill/visibility";
import { listRequestDocuments } from "@/lib/forms/repo";
import { fieldRendererLabels } from "@/lib/forms/service/answers-labels";
import { draftFromCookie } from "@/lib/forms/service/draft-access";
import { draftAnswers, draftDefinition, fallbackLocales, publicForm, validateContext } from "@/lib/forms/service/fill-draft";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";

type TParams = Promise<{ tenant: string; locale: string; slug: string; stepId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { tenant, locale } = await requireFormsPage(params);
  const { slug, stepId } = await params;
  const found = await publicForm(tenant, slug);
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  const fallbacks = fallbackLocales(tenant, locale);
  const step = found?.definition.steps.find((s) => s.id === stepId);
  const form = pickLocalized(found?.version.titles, locale, fallbacks)?.text ?? slug;
  return { title: t("pageTitleStep", { step: pickLocalized(step?.titles, locale, fallbacks)?.text ?? stepId, form }), robots: { index: false } };
}

/** One step of the form: its questions, a back link, "Continue", "Save and come back later". */
export default async function RequestStepPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const { slug, stepId } = await params;
  const found = await publicForm(tenant, slug);
  if (!found) notFound();
  const { form } = found;
  const start = `/${locale}/requests/${form.slug}`;
  const draft = await draftFromCookie(tenant.id, form.id);
  if (!draft) redirect(start);
  const definition = await draftDefinition(tenant.id, draft);
  const data = draftAnswers(draft);
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) notFound();
  const steps = visibleSteps(definition, data);
  const resume = resumeStep(definition, data, draft.stepReached);
  // A step not shown for these answers, or not reached yet: where the citizen should be.
  if (!steps.includes(step) || !stepOpen(definition, data, draft.stepReached, step.id)) redirect(`${start}/${resume ? resume.id : "check"}`);

  const returnToCheck = (await searchParam(searchParams, "return")) === "check";
  const fix = (await searchParam(searchParams, "fix")) === "1";
  const uploadError = await searchParam(searchParams, "upload-error");
  const uploadField = await searchParam(searchParams, "field");
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  const errorsT = await getTranslations({ locale, namespace: "Errors" });
  const documents = await listRequestDocuments(tenant.id, draft.id);
  const errors: Record<string, string> = {};
  if (fix) for (const [name, e] of Object.entries(validateStep(definition, step, data, validateContext(tenant, locale, documents)))) errors[name] = errorsT(e.key, e.params);
  if (isUploadError(uploadError) && uploadField) {
    const field = step.fields.find((f) => f.id === uploadField) ? uploadField : step.fields.find((f) => f.fields?.some((s) => s.id === uploadField))?.id;
    if (field) errors[field === uploadField ? field : `${field}.0.${uploadField}`] = errorsT(uploadError);
  }

  const fallbacks = fallbackLocales(tenant, locale);
  const title = textIn(step.titles, locale, fallbacks) ?? { text: step.id };
  const formTitle = textIn(found.version.titles, locale, fallbacks) ?? { text: form.slug };
  const previous = previousStep(definition, data, step.id);
  const back = returnToCheck ? `${start}/check` : previous ? `${start}/${previous.id}` : start;
  const here = `${start}/${step.id}${returnToCheck ? "?return=check" : ""}`;
  const urls = draftDocumentUrls(form.id);
  const platformMax = getEnv().UPLOAD_MAX_MB;
  const position = steps.indexOf(step) + 1;

  return (
    <>
      <BackLink href={back} label={t("back")} />
      <p className="text-lg text-muted">
        <span lang={formTitle.lang}>{formTitle.text}</span>
        <span aria-hidden="true"> · </span>
        <span>{t("stepOf", { current: position, total: steps.length })}</span>
      </p>
      <h1 className="mt-1 text-3xl font-bold sm:text-4xl" lang={title.lang}>
        {title.text}
      </h1>
      <ActionForm action={saveStepAction} submitLabel={t("continue")} labels={await formLabels(locale)} hidden={{ slug: form.slug, stepId: step.id, ...(returnToCheck ? { return: "check" } : {}) }} className="max-w-3xl" id="step-form" enterSubmits>
        <InitialErrorSummary title={(await formLabels(locale)).errorTitle} errors={errors} />
        <StepFields
          step={step}
          visible={visibleFieldIds(definition, data)}
          data={data}
          locale={locale}
          fallbackLocales={fallbacks}
          errors={errors}
          labels={await fieldRendererLabels(locale)}
          renderFile={(field, name, groupIndex, label, hint) => (
            <FileUpload
              name={name}
              fieldId={field.id}
              label={label.text}
              hint={hint?.text}
              error={errors[name]}
              documents={documents.filter((d) => d.fieldId === field.id && d.groupIndex === groupIndex)}
              uploadUrl={urls.upload(field.id, groupIndex)}
              deleteUrl={urls.remove}
              downloadUrl={urls.download}
              returnTo={here}
              accept={acceptAttribute(field)}
              maxSizeMb={maxUploadMb(field, platformMax)}
              multiple={maxFilesOf(field) > 1}
              maxFiles={maxFilesOf(field)}
              kinds={fileKindsOf(field)}
              locale={locale}
              required={field.required}
            />
          )}
          renderSlot={(field, name, value) => <SlotField tenant={tenant} field={field} name={name} value={value} locale={locale} />}
        />
      </ActionForm>
      <p className="mt-6">
        {/* Saves what was typed on this step (without checking it), then asks where to send the link. */}
        <button type="submit" form="step-form" name="intent" value="later" formNoValidate className="cursor-pointer text-primary underline underline-offset-2 hover:no-underline">
          {t("saveLater")}
        </button>
      </p>
    </>
  );
}
