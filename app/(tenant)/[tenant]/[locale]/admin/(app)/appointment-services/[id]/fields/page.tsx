import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ServiceTabs } from "@/components/appointments/service-tabs";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField } from "@/components/form/fields";
import { Cell, Row, Table } from "@/components/ui/table";
import { addCustomFieldAction, changeCustomFieldAction } from "@/lib/appointments/config-actions";
import { CUSTOM_FIELD_TYPES, customFieldsOf } from "@/lib/appointments/schemas";
import { textIn } from "@/lib/appointments/service/citizen-view";
import { requireConfigurableService } from "@/lib/appointments/service/config-view";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "AppointmentConfig" }))("fieldsTitle") };
}

/** The service's own questions to the citizen (after name, e-mail, phone): add, order, remove. */
export default async function FieldsPage({ params }: { params: TParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const { service } = await requireConfigurableService(tenant, locale, id, "fields");
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const labels = await formLabels(locale);
  const fields = customFieldsOf(service.customFields);
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  return (
    <>
      <ServiceTabs locale={locale} tenant={tenant} service={service} current="fields" />
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
                <div className="flex flex-wrap gap-2">
                  {i > 0 ? <ActionForm id={`up-${f.id}`} action={changeCustomFieldAction} submitLabel={t("moveUp")} submitStyle="secondary" labels={labels} hidden={{ serviceId: service.id, field: f.id, move: "up" }} /> : null}
                  {i < fields.length - 1 ? <ActionForm id={`down-${f.id}`} action={changeCustomFieldAction} submitLabel={t("moveDown")} submitStyle="secondary" labels={labels} hidden={{ serviceId: service.id, field: f.id, move: "down" }} /> : null}
                  <ActionForm id={`remove-${f.id}`} action={changeCustomFieldAction} submitLabel={t("remove")} submitStyle="warning" labels={labels} hidden={{ serviceId: service.id, field: f.id, move: "remove" }} />
                </div>
              </Cell>
            </Row>
          ))}
        </Table>
      )}
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
    </>
  );
}
