import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { BuilderHeader } from "@/components/forms/builder-header";
import { ConditionRows } from "@/components/forms/condition-rows";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextArea, TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { getEnv } from "@/lib/core/env";
import type { TSearchParams } from "@/lib/core/page-params";
import { addFieldAction, changeFieldAction, saveFieldAction } from "@/lib/forms/builder-actions";
import { FILE_KINDS, type TField } from "@/lib/forms/definition";
import { requireDesignableFormPage } from "@/lib/forms/service/builder-view";
import { earlierFields, GROUP_FIELD_TYPES, locateField } from "@/lib/forms/service/edit-fields";
import { listServicesForSlots } from "@/lib/forms/service/slot-services";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; formId: string; fieldId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "FormBuilder" }))("fieldPageTitle") };
}

const str = (n: number | undefined) => (n === undefined ? "" : String(n));

/** One field on its own page: texts per language, required, validation by type, display conditions, order. */
export default async function FieldPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { fieldId } = await params;
  const query = await searchParams;
  const groupId = typeof query.group === "string" && query.group ? query.group : undefined;
  const { tenant, locale, form, definition, formBase } = await requireDesignableFormPage(params, `/fields/${fieldId}`);
  const place = locateField(definition, fieldId, groupId);
  if (!place) notFound();
  const { field, step, group, index, container } = place;
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const labels = await formLabels(locale);
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  const text = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale]);
  const stepNumber = definition.steps.indexOf(step) + 1;
  const v = field.validation ?? {};
  const hidden: Record<string, string> = { formId: form.id, fieldId: field.id, ...(groupId ? { groupId } : {}) };
  const services = field.type === "slot" ? await listServicesForSlots(tenant) : [];
  const optionRows = field.type === "choice" ? [...(field.options ?? []), ...Array.from({ length: (field.options?.length ?? 0) < 2 ? 2 : 1 + (query.more === "add-option" ? 2 : 0) }, () => null)] : [];
  const fieldName = text(field.labels)?.text ?? field.id;
  const trail = [
    { href: formBase, label: t("stepsTitle") },
    { href: `${formBase}/steps/${step.id}`, label: t("stepShort", { number: stepNumber }) },
    ...(group ? [{ href: `${formBase}/fields/${group.id}`, label: text(group.labels)?.text ?? group.id }] : []),
  ];
  const number = (name: string, label: string, value: number | undefined, hint?: string) => (
    <TextField name={name} label={label} hint={hint} type="text" inputMode="numeric" width="short" defaultValue={str(value)} />
  );
  return (
    <>
      <BuilderHeader tenant={tenant} locale={locale} form={form} current="field" trail={trail} />
      <h2 className="mt-6 text-2xl font-bold">{t("fieldHeading", { label: fieldName, type: t(`types.${field.type}`) })}</h2>
      <p className="mt-1 text-muted">
        {t("fieldCodeIs")} <code dir="ltr">{field.id}</code>
      </p>
      {query.deleted === "1" ? <Notice title={t("fieldDeletedNotice")} /> : null}

      <ActionForm id="field-form" action={saveFieldAction} submitLabel={t("saveField")} labels={labels} hidden={hidden}>
        <LocalizedFields name="labels" label={field.type === "info" ? t("infoTitle") : t("fieldLabel")} values={field.labels} {...L} />
        {field.type === "info" ? <LocalizedFields name="texts" label={t("infoText")} values={field.texts} multiline {...L} /> : null}
        <LocalizedFields name="hints" label={t("fieldHint")} values={field.hints} multiline {...L} />
        {field.type !== "info" && field.type !== "consent" ? (
          <ChoiceGroup kind="checkbox" name="required" label={t("requiredColumn")} options={[{ value: "on", label: t("fieldRequired") }]} defaultValue={field.required ? ["on"] : []} />
        ) : null}

        {field.type === "text" || field.type === "textarea" ? (
          <>
            <h3 className="mt-10 text-xl font-bold">{t("validation")}</h3>
            <div className="grid gap-x-6 sm:grid-cols-2">
              {number("minLength", t("minLength"), v.minLength)}
              {number("maxLength", t("maxLength"), v.maxLength)}
            </div>
            <TextField name="pattern" label={t("pattern")} hint={t("patternHint")} defaultValue={v.pattern ?? ""} dir="ltr" />
            <LocalizedFields name="patternMessages" label={t("patternMessage")} hint={t("patternMessageHint")} values={v.patternMessages} {...L} />
          </>
        ) : null}
        {field.type === "number" ? (
          <>
            <h3 className="mt-10 text-xl font-bold">{t("validation")}</h3>
            <div className="grid gap-x-6 sm:grid-cols-2">
              {number("min", t("minValue"), v.min)}
              {number("max", t("maxValue"), v.max)}
            </div>
            <ChoiceGroup kind="checkbox" name="integer" label={t("integerLabel")} options={[{ value: "on", label: t("integer") }]} defaultValue={v.integer ? ["on"] : []} />
          </>
        ) : null}
        {field.type === "date" ? (
          <>
            <h3 className="mt-10 text-xl font-bold">{t("validation")}</h3>
            <div className="grid gap-x-6 sm:grid-cols-2">
              <TextField name="after" type="date" label={t("dateAfter")} defaultValue={v.after ?? ""} width="short" />
              <TextField name="before" type="date" label={t("dateBefore")} defaultValue={v.before ?? ""} width="short" />
              {number("minDaysFromToday", t("minDaysFromToday"), v.minDaysFromToday, t("daysFromTodayHint"))}
              {number("maxDaysFromToday", t("maxDaysFromToday"), v.maxDaysFromToday, t("daysFromTodayHint"))}
            </div>
          </>
        ) : null}
        {field.type === "file" ? (
          <>
            <h3 className="mt-10 text-xl font-bold">{t("validation")}</h3>
            <ChoiceGroup kind="checkbox" name="fileKinds" label={t("fileKinds")} options={Object.keys(FILE_KINDS).map((k) => ({ value: k, label: t(`fileKind.${k}`) }))} defaultValue={v.fileKinds ?? []} />
            <div className="grid gap-x-6 sm:grid-cols-2">
              {number("maxSizeMb", t("maxSizeMb"), v.maxSizeMb, t("maxSizeHint", { max: Math.min(50, getEnv().UPLOAD_MAX_MB) }))}
              {number("maxFiles", t("maxFiles"), v.maxFiles)}
            </div>
          </>
        ) : null}
        {field.type === "choice" ? (
          <>
            <ChoiceGroup kind="radio" name="display" label={t("display")} options={(["radio", "select", "checkboxes"] as const).map((d) => ({ value: d, label: t(`displays.${d}`) }))} defaultValue={field.display ?? "radio"} />
            {field.display === "checkboxes" ? (
              <div className="grid gap-x-6 sm:grid-cols-2">
                {number("minChoices", t("minChoices"), v.minChoices)}
                {number("maxChoices", t("maxChoices"), v.maxChoices)}
              </div>
            ) : null}
            <h3 id="options" className="mt-10 text-xl font-bold">{t("options")}</h3>
            <p className="mt-1 max-w-prose text-muted">{t("optionsLead")}</p>
            {optionRows.map((option, i) => (
              <fieldset key={i} className="mt-6 border-s-4 border-line ps-4">
                <legend className="text-lg font-bold">{option ? t("optionNumber", { number: i + 1 }) : t("newOption")}</legend>
                <TextField name={`options.${i}.value`} label={t("optionCode")} hint={t("optionCodeHint")} defaultValue={option?.value ?? ""} width="short" dir="ltr" />
                <LocalizedFields name={`options.${i}.labels`} label={t("optionLabel")} values={option?.labels ?? {}} {...L} />
              </fieldset>
            ))}
            <div className="mt-4">
              <button type="submit" name="intent" value="add-option" className="min-h-11 rounded-town border-2 border-ink bg-white px-5 py-2 text-lg font-bold text-ink">
                {t("addOption")}
              </button>
            </div>
          </>
        ) : null}
        {field.type === "address" ? (
          <>
            <h3 className="mt-10 text-xl font-bold">{t("validation")}</h3>
            <TextField name="postcodePattern" label={t("postcodePattern")} hint={t("postcodePatternHint")} defaultValue={v.postcodePattern ?? ""} dir="ltr" width="short" />
            <TextArea name="towns" label={t("towns")} hint={t("townsHint")} defaultValue={(v.towns ?? []).join("\n")} rows={4} />
          </>
        ) : null}
        {field.type === "group" ? (
          <div className="grid gap-x-6 sm:grid-cols-2">
            {number("minItems", t("minItems"), field.minItems)}
            {number("maxItems", t("maxItems"), field.maxItems)}
          </div>
        ) : null}
        {field.type === "slot" ? (
          services.length === 0 ? (
            <Notice kind="warning" title={t("noSlotServices")} />
          ) : (
            <SelectField
              name="serviceId"
              label={t("slotService")}
              hint={t("slotServiceHint")}
              defaultValue={field.serviceId ?? ""}
              options={[{ value: "", label: t("chooseService") }, ...services.map((s) => ({ value: s.id, label: text(s.names)?.text ?? s.id }))]}
            />
          )
        ) : null}

        {!group ? (
          <SelectField
            name="stepId"
            label={t("fieldStep")}
            hint={t("fieldStepHint")}
            defaultValue={step.id}
            options={definition.steps.map((s, i) => ({ value: s.id, label: t("stepHeading", { number: i + 1, title: text(s.titles)?.text ?? s.id }) }))}
          />
        ) : null}

        <h3 id="conditions" className="mt-10 text-xl font-bold">{t("conditions")}</h3>
        <p className="mt-1 max-w-prose text-muted">{t("conditionsLead")}</p>
        <ConditionRows conditions={field.conditions} available={earlierFields(definition, field.id, groupId)} locale={locale} fallback={tenant.defaultLocale} />
        <div className="mt-4">
          <button type="submit" name="intent" value="add-rule" className="min-h-11 rounded-town border-2 border-ink bg-white px-5 py-2 text-lg font-bold text-ink">
            {t("addRule")}
          </button>
        </div>
      </ActionForm>

      {field.type === "group" ? <GroupFields group={field} stepId={step.id} formId={form.id} formBase={formBase} locale={locale} L={L} text={text} labels={labels} /> : null}

      <section aria-labelledby="order" className="mt-12 border-t border-line pt-6">
        <h3 id="order" className="text-xl font-bold">{t("orderTitle")}</h3>
        <div className="flex flex-wrap gap-3">
          {index > 0 ? <ActionForm id="field-up" action={changeFieldAction} submitLabel={t("moveUp")} submitStyle="secondary" labels={labels} hidden={{ ...hidden, move: "up" }} /> : null}
          {index < container.length - 1 ? <ActionForm id="field-down" action={changeFieldAction} submitLabel={t("moveDown")} submitStyle="secondary" labels={labels} hidden={{ ...hidden, move: "down" }} /> : null}
          <ActionForm id="field-delete" action={changeFieldAction} submitLabel={t("deleteField")} submitStyle="warning" labels={labels} hidden={{ ...hidden, move: "delete" }} />
        </div>
      </section>
    </>
  );
}

async function GroupFields({
  group,
  stepId,
  formId,
  formBase,
  locale,
  L,
  text,
  labels,
}: {
  group: TField;
  stepId: string;
  formId: string;
  formBase: string;
  locale: string;
  L: { locales: readonly string[]; defaultLocale: string; uiLocale: string };
  text: (value: unknown) => { text: string; lang: string } | null;
  labels: Awaited<ReturnType<typeof formLabels>>;
}) {
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const subs = group.fields ?? [];
  return (
    <section aria-labelledby="sub-fields" className="mt-12 border-t border-line pt-6">
      <h3 id="sub-fields" className="text-xl font-bold">{t("subFields")}</h3>
      <p className="mt-1 max-w-prose text-muted">{t("subFieldsLead")}</p>
      {subs.length === 0 ? (
        <p className="mt-2">{t("noFields")}</p>
      ) : (
        <Table caption={t("subFields")} headers={[t("fieldLabel"), t("fieldType"), t("actionsColumn")]} wide>
          {subs.map((f, i) => {
            const h = { formId, fieldId: f.id, groupId: group.id };
            return (
              <Row key={f.id}>
                <Cell>
                  <a href={`${formBase}/fields/${f.id}?group=${group.id}`} className="font-bold">
                    {text(f.labels)?.text ?? f.id}
                  </a>
                </Cell>
                <Cell>{t(`types.${f.type}`)}</Cell>
                <Cell>
                  <div className="flex flex-wrap gap-2">
                    {i > 0 ? <ActionForm id={`sub-up-${f.id}`} action={changeFieldAction} submitLabel={t("moveUp")} submitStyle="secondary" labels={labels} hidden={{ ...h, move: "up" }} /> : null}
                    {i < subs.length - 1 ? <ActionForm id={`sub-down-${f.id}`} action={changeFieldAction} submitLabel={t("moveDown")} submitStyle="secondary" labels={labels} hidden={{ ...h, move: "down" }} /> : null}
                    <ActionForm id={`sub-delete-${f.id}`} action={changeFieldAction} submitLabel={t("delete")} submitStyle="warning" labels={labels} hidden={{ ...h, move: "delete" }} />
                  </div>
                </Cell>
              </Row>
            );
          })}
        </Table>
      )}
      <ActionForm id="add-sub-field" action={addFieldAction} submitLabel={t("addSubField")} submitStyle="secondary" labels={labels} hidden={{ formId, stepId, groupId: group.id }}>
        <SelectField name="type" label={t("fieldType")} defaultValue="text" options={GROUP_FIELD_TYPES.map((type) => ({ value: type, label: t(`types.${type}`) }))} />
        <LocalizedFields name="newLabels" label={t("fieldLabel")} values={{}} {...L} />
        <TextField name="code" label={t("fieldCode")} hint={t("fieldCodeHint")} width="short" />
      </ActionForm>
    </section>
  );
}
