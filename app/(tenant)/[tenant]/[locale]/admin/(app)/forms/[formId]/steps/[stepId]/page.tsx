import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { BuilderHeader } from "@/components/forms/builder-header";
import { ConditionRows } from "@/components/forms/condition-rows";
import { ActionForm } from "@/components/form/action-form";
import { SelectField, TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import type { TSearchParams } from "@/lib/core/page-params";
import { addFieldAction, changeFieldAction, changeStepAction, saveStepAction } from "@/lib/forms/builder-actions";
import { FIELD_TYPES } from "@/lib/forms/definition";
import { requireDesignableFormPage } from "@/lib/forms/service/builder-view";
import { fieldsBeforeStep } from "@/lib/forms/service/edit-fields";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; formId: string; stepId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "FormBuilder" }))("stepPageTitle") };
}

/** One step: its title and display conditions, its fields (order, delete, edit) and a new field of any type. */
export default async function StepPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { stepId } = await params;
  const { tenant, locale, form, definition, formBase } = await requireDesignableFormPage(params, `/steps/${stepId}`);
  const index = definition.steps.findIndex((s) => s.id === stepId);
  const step = definition.steps[index];
  if (!step) notFound();
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const labels = await formLabels(locale);
  const query = await searchParams;
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  const text = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale]);
  const hidden = { formId: form.id, stepId: step.id };
  return (
    <>
      <BuilderHeader tenant={tenant} locale={locale} form={form} current="step" trail={[{ href: formBase, label: t("stepsTitle") }]} />
      <h2 className="mt-6 text-2xl font-bold">{t("stepHeading", { number: index + 1, title: text(step.titles)?.text ?? step.id })}</h2>
      {query.deleted === "1" ? <Notice title={t("fieldDeletedNotice")} /> : null}

      <section aria-labelledby="fields" className="mt-6">
        <h3 id="fields" className="text-xl font-bold">{t("fieldsTitle")}</h3>
        {step.fields.length === 0 ? (
          <p className="mt-2">{t("noFields")}</p>
        ) : (
          <Table caption={t("fieldsTitle")} headers={[t("fieldLabel"), t("fieldType"), t("requiredColumn"), t("actionsColumn")]} wide>
            {step.fields.map((f, i) => {
              const label = text(f.type === "info" && !Object.keys(f.labels).length ? f.texts : f.labels);
              const h = { ...hidden, fieldId: f.id };
              return (
                <Row key={f.id}>
                  <Cell>
                    <a href={`${formBase}/fields/${f.id}`} className="font-bold" lang={label && label.lang !== locale ? label.lang : undefined}>
                      {label?.text ?? f.id}
                    </a>
                    <span className="block text-muted" dir="ltr">
                      {f.id}
                    </span>
                    {f.conditions?.rules.length ? <span className="block text-muted">{t("conditionalField")}</span> : null}
                  </Cell>
                  <Cell>{t(`types.${f.type}`)}</Cell>
                  <Cell>{f.required ? t("yes") : t("no")}</Cell>
                  <Cell>
                    <div className="flex flex-wrap gap-2">
                      {i > 0 ? <ActionForm id={`up-${f.id}`} action={changeFieldAction} submitLabel={t("moveUp")} submitStyle="secondary" labels={labels} hidden={{ ...h, move: "up" }} /> : null}
                      {i < step.fields.length - 1 ? <ActionForm id={`down-${f.id}`} action={changeFieldAction} submitLabel={t("moveDown")} submitStyle="secondary" labels={labels} hidden={{ ...h, move: "down" }} /> : null}
                      <ActionForm id={`delete-${f.id}`} action={changeFieldAction} submitLabel={t("delete")} submitStyle="warning" labels={labels} hidden={{ ...h, move: "delete" }} />
                    </div>
                  </Cell>
                </Row>
              );
            })}
          </Table>
        )}
      </section>

      <section aria-labelledby="new-field" className="mt-10 max-w-4xl border-t border-line pt-6">
        <h3 id="new-field" className="text-xl font-bold">{t("newField")}</h3>
        <ActionForm id="add-field" action={addFieldAction} submitLabel={t("addField")} labels={labels} hidden={hidden}>
          <SelectField name="type" label={t("fieldType")} defaultValue="text" options={FIELD_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))} />
          <LocalizedFields name="newLabels" label={t("fieldLabel")} hint={t("fieldLabelHint")} values={{}} {...L} />
          <TextField name="code" label={t("fieldCode")} hint={t("fieldCodeHint")} width="short" />
        </ActionForm>
      </section>

      <section aria-labelledby="step-settings" className="mt-10 border-t border-line pt-6">
        <h3 id="step-settings" className="text-xl font-bold">{t("stepSettings")}</h3>
        <ActionForm id="step-form" action={saveStepAction} submitLabel={t("saveStep")} labels={labels} hidden={hidden}>
          <LocalizedFields name="titles" label={t("stepTitle")} values={step.titles} {...L} />
          <h4 className="mt-8 text-xl font-bold">{t("stepConditions")}</h4>
          <p className="mt-1 max-w-prose text-muted">{t("stepConditionsLead")}</p>
          <ConditionRows conditions={step.conditions} available={fieldsBeforeStep(definition, step.id)} locale={locale} fallback={tenant.defaultLocale} />
        </ActionForm>
      </section>

      <section aria-labelledby="delete-step" className="mt-10 border-t border-line pt-6">
        <h3 id="delete-step" className="text-xl font-bold">{t("deleteStep")}</h3>
        <p className="mt-1 max-w-prose">{t("deleteStepLead")}</p>
        <ActionForm id="delete-step-form" action={changeStepAction} submitLabel={t("deleteStep")} submitStyle="warning" labels={labels} hidden={{ ...hidden, move: "delete" }} />
      </section>
    </>
  );
}
