import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { PageHeader } from "@/components/ui/notice";
import { createFormAction, createFormFromTemplateAction } from "@/lib/forms/builder-actions";
import { requireBuilderPage } from "@/lib/forms/service/builder-view";
import { requireTownWideDesign } from "@/lib/forms/service/design-access";
import { FORM_TEMPLATES } from "@/lib/forms/templates/index";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { forbidden } from "next/navigation";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "FormBuilder" }))("newTitle") };
}

/** A new form: from a ready-made template in one step, or blank (title, address, reference prefix). */
export default async function NewFormPage({ params }: { params: TTenantParams }) {
  const { tenant, locale, actor } = await requireBuilderPage(params, "/new");
  try {
    requireTownWideDesign(actor);
  } catch {
    forbidden();
  }
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const tt = await getTranslations({ locale, namespace: "FormTemplates" });
  const labels = await formLabels(locale);
  return (
    <>
      <p>
        <a href={`/${locale}/admin/forms`}>{t("backToForms")}</a>
      </p>
      <PageHeader title={t("newTitle")} lead={t("newLead")} />
      {FORM_TEMPLATES.length > 0 ? (
        <section aria-labelledby="from-template" className="max-w-4xl">
          <h2 id="from-template" className="text-2xl font-bold">{t("fromTemplate")}</h2>
          <p className="mt-2 text-muted">{t("fromTemplateLead")}</p>
          <ActionForm id="template-form" action={createFormFromTemplateAction} submitLabel={t("createFromTemplate")} labels={labels}>
            <ChoiceGroup
              kind="radio"
              name="template"
              label={t("templateLabel")}
              options={FORM_TEMPLATES.map((tpl) => ({ value: tpl.id, label: tt(tpl.titleKey), hint: tt(tpl.descriptionKey) }))}
            />
            <ChoiceGroup kind="checkbox" name="publish" label={t("templatePublishLegend")} options={[{ value: "on", label: t("templatePublishNow") }]} />
          </ActionForm>
        </section>
      ) : null}
      <section aria-labelledby="blank" className="mt-12 max-w-4xl border-t border-line pt-6">
        <h2 id="blank" className="text-2xl font-bold">{t("blankForm")}</h2>
        <ActionForm id="new-form" action={createFormAction} submitLabel={t("createForm")} labels={labels}>
          <LocalizedFields name="titles" label={t("titles")} locales={tenant.enabledLocales} defaultLocale={tenant.defaultLocale} values={{}} uiLocale={locale} />
          <TextField name="slug" label={t("slug")} hint={t("slugHint")} width="short" />
          <TextField name="referencePrefix" label={t("referencePrefix")} hint={t("referencePrefixHint")} width="short" />
        </ActionForm>
      </section>
    </>
  );
}
