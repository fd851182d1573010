import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup } from "@/components/form/fields";
import { PageHeader } from "@/components/ui/notice";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { requireWorkflowEditor } from "@/lib/forms/service/workflow-page";
import { saveStateAction } from "@/lib/forms/workflow-actions";

type TParams = Promise<{ tenant: string; locale: string; formId: string; stateId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  return { title: (await getTranslations({ locale, namespace: "Workflow" }))("stateTitle") };
}

/** One state: its labels per locale (what the citizen sees), final or not, initial or not. */
export default async function StatePage({ params }: { params: TParams }) {
  const { stateId } = await params;
  const { tenant, locale, form, workflow, base, stateName } = await requireWorkflowEditor(params, `/states/${stateId}`);
  const state = workflow.states.find((s) => s.id === stateId);
  if (!state) notFound();
  const t = await getTranslations({ locale, namespace: "Workflow" });
  const labels = await formLabels(locale);
  const options = (label: string) => [{ value: "on", label }];
  return (
    <>
      <p className="mb-4">
        <a href={base} className="underline">
          {t("backToWorkflow")}
        </a>
      </p>
      <PageHeader title={t("stateTitle")} lead={stateName(state.id).text} />
      <div className="max-w-4xl">
        <ActionForm id="state-edit" action={saveStateAction} submitLabel={t("save")} labels={labels} hidden={{ formId: form.id, stateId: state.id }}>
          <LocalizedFields name="labels" label={t("stateLabel")} hint={t("stateLabelHint")} locales={tenant.enabledLocales} defaultLocale={tenant.defaultLocale} uiLocale={locale} values={state.labels} />
          <ChoiceGroup kind="checkbox" name="final" label={t("final")} options={options(t("finalHint"))} defaultValue={state.final ? ["on"] : []} />
          <ChoiceGroup kind="checkbox" name="initial" label={t("initial")} options={options(t("initialHint"))} defaultValue={workflow.initial === state.id ? ["on"] : []} />
        </ActionForm>
      </div>
    </>
  );
}
