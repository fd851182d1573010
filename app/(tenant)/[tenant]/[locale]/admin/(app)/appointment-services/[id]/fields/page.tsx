import type { Metadata } from "next";
import type { ReactNode } from "react";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ServiceTabs } from "@/components/appointments/service-tabs";
import { ActionForm, type TActionFormLabels } from "@/components/form/action-form";
import { ChoiceGroup, SelectField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { addCustomFieldAction, changeCustomFieldAction, editCustomFieldAction } from "@/lib/appointments/config-actions";
import { customFieldFormValues } from "@/lib/appointments/custom-field-form";
import { CUSTOM_FIELD_TYPES, customFieldsOf, type TCustomField } from "@/lib/appointments/schemas";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { requireConfigurableService } from "@/lib/appointments/service/config-view";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("fieldsTitle") };
}

/**
 * The service's own questions to the citizen (after name, e-mail, phone): add, change, order, remove.
 * "?edit=<question>" opens a question's form in place of the new question's (a link: no JavaScript needed).
 */
export default async function FieldsPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const { service } = await requireConfigurableService(tenant, locale, id, "fields");
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const labels = await formLabels(locale);
  const fields = customFieldsOf(service.customFields);
  const query = await searchParams;
  const editing = typeof query.edit === "string" ? fields.find((f) => f.id === query.edit) : undefined;
  const current = editing ? customFieldFormValues(editing, tenant.enabledLocales) : null;
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  const base = `/${locale}/admin/appointment-services/${service.id}/fields`;
  return (
    <>
      <ServiceTabs locale={locale} tenant={tenant} service={service} current="fields" />
      {query.saved === "1" ? <Notice title={t("fieldSaved")} /> : null}
      <p className="mt-6 max-w-prose">{t("fieldsLead")}</p>
      {fields.length === 0 ? (
        <p className="mt-4">{t("noFields")}</p>
      ) : (
        <Table caption={t("fieldsTitle")} headers={[t("question"), t("fieldType"), t("requiredColumn"), t("actions")]} wide>
          {fields.map((f, i) => (
            <Row key={f.id}>
              <Cell>
                {textIn(tenant, f.labels, locale)?.text}
                {f.options ? <span className="block text-muted">{f.options.map((o) => textIn(tenant, o.labels, locale)?.text).join(" · ")}</span> : null}
              </Cell>
              <Cell>{t(`fieldTypes.${f.type}`)}</Cell>
              <Cell>{f.required ? t("yes") : t("no")}</Cell>
              <Cell>
                <div className="flex flex-wrap items-center gap-2">
                  <a href={`${base}?edit=${f.id}#field-form`} className="mt-6">
                    {t("edit")}
                    <span className="sr-only"> {textIn(tenant, f.labels, locale)?.text}</span>
                  </a>
                  {i > 0 ? <ActionForm id={`up-${f.id}`} action={changeCustomFieldAction} submitLabel={t("moveUp")} submitStyle="secondary" labels={labels} hidden={{ serviceId: service.id, field: f.id, move: "up" }} /> : null}
                  {i < fields.length - 1 ? <ActionForm id={`down-${f.id}`} action={changeCustomFieldAction} submitLabel={t("moveDown")} submitStyle="secondary" labels={labels} hidden={{ serviceId: service.id, field: f.id, move: "down" }} /> : null}
                  <ActionForm id={`remove-${f.id}`} action={changeCustomFieldAction} submitLabel={t("remove")} submitStyle="warning" labels={labels} hidden={{ serviceId: service.id, field: f.id, move: "remove" }} />
                </div>
              </Cell>
            </Row>
          ))}
        </Table>
      )}
      {editing && current ? (
        <EditField field={editing} serviceId={service.id} backHref={base} labels={labels} texts={{ title: t("editField"), kind: t("fieldType"), kindValue: t(`fieldTypes.${editing.type}`), kindFixed: t("fieldTypeFixed"), save: t("saveField"), cancel: t("cancelEdit") }}>
          <ChoiceGroup kind="checkbox" name="required" label={t("requiredColumn")} defaultValue={editing.required ? ["on"] : []} options={[{ value: "on", label: t("fieldRequired") }]} />
          <LocalizedFields name="labels" label={t("question")} {...L} values={current.labels} />
          <LocalizedFields name="hints" label={t("fieldHint")} {...L} values={current.hints} />
          {editing.type === "choice" ? (
            <LocalizedFields name="options" label={t("options")} hint={t("optionsEditHint")} multiline {...L} values={current.options} />
          ) : null}
        </EditField>
      ) : (
        <section aria-labelledby="new-field" className="mt-10 max-w-4xl">
          <h2 id="new-field" className="text-2xl font-bold">{t("newField")}</h2>
          <ActionForm id="field-form" action={addCustomFieldAction} submitLabel={t("addField")} labels={labels} hidden={{ serviceId: service.id }}>
            <SelectField name="type" label={t("fieldType")} defaultValue="text" options={CUSTOM_FIELD_TYPES.map((type) => ({ value: type, label: t(`fieldTypes.${type}`) }))} />
            <ChoiceGroup kind="checkbox" name="required" label={t("requiredColumn")} options={[{ value: "on", label: t("fieldRequired") }]} />
            <LocalizedFields name="labels" label={t("question")} {...L} values={{}} />
            <LocalizedFields name="hints" label={t("fieldHint")} {...L} values={{}} />
            <LocalizedFields name="options" label={t("options")} hint={t("optionsHint")} multiline {...L} values={{}} />
            <div className="mb-6" />
          </ActionForm>
        </section>
      )}
    </>
  );
}

/** A question's form: its kind is shown, not asked (answers already given keep their kind). */
function EditField({
  field,
  serviceId,
  backHref,
  labels,
  texts,
  children,
}: {
  field: TCustomField;
  serviceId: string;
  backHref: string;
  labels: TActionFormLabels;
  texts: { title: string; kind: string; kindValue: string; kindFixed: string; save: string; cancel: string };
  children: ReactNode;
}) {
  return (
    <section aria-labelledby="field-form-title" className="mt-10 max-w-4xl">
      <h2 id="field-form-title" className="text-2xl font-bold">{texts.title}</h2>
      <dl className="mt-4">
        <dt className="text-lg font-bold">{texts.kind}</dt>
        <dd>
          {texts.kindValue}
          <span className="block text-muted">{texts.kindFixed}</span>
        </dd>
      </dl>
      <ActionForm id="field-form" action={editCustomFieldAction} submitLabel={texts.save} labels={labels} hidden={{ serviceId, field: field.id }}>
        {children}
        <div className="mb-6" />
      </ActionForm>
      <p className="mt-4">
        <a href={backHref}>{texts.cancel}</a>
      </p>
    </section>
  );
}
