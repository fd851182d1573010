import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { BuilderHeader } from "@/components/forms/builder-header";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { Notice } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import { addStepAction, archiveFormAction, changeStepAction, closeFormAction, publishFormAction, reopenFormAction, updateFormSettingsAction } from "@/lib/forms/builder-actions";
import { problemParams } from "@/lib/forms/publish-check";
import { countRequestsByVersion, listVersions } from "@/lib/forms/repo";
import { requireDesignableFormPage } from "@/lib/forms/service/builder-view";
import { hasUnpublishedChanges, publishProblems } from "@/lib/forms/service/publish-form";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; formId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "FormBuilder" }))("formPageTitle") };
}

/** A form: publication (problems, publish, close, reopen), its steps, its texts and settings, its versions. */
export default async function FormPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale, form, definition, formBase } = await requireDesignableFormPage(params);
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const te = await getTranslations({ locale, namespace: "Errors" });
  const query = await searchParams;
  const labels = await formLabels(locale);
  const [versions, perVersion, problems] = await Promise.all([listVersions(tenant.id, form.id), countRequestsByVersion(tenant.id, form.id), publishProblems(tenant, form)]);
  const current = versions.find((v) => v.id === form.currentVersionId) ?? null;
  const changes = hasUnpublishedChanges(form, current);
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  const text = (value: unknown) => pickLocalized(value, locale, [tenant.defaultLocale]);
  const date = (d: Date) => formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" });
  const problemLink = (p: (typeof problems)[number]) => (p.fieldId ? `${formBase}/fields/${p.fieldId}` : p.stepId ? `${formBase}/steps/${p.stepId}` : "#settings");
  return (
    <>
      <BuilderHeader tenant={tenant} locale={locale} form={form} current="form" />
      <div className="mt-6">
        {query.created === "1" ? <Notice title={t("createdNotice")}>{t("createdNext")}</Notice> : null}
        {query.stepDeleted === "1" ? <Notice title={t("stepDeletedNotice")} /> : null}
      </div>

      <section aria-labelledby="publication" className="mt-6">
        <h2 id="publication" className="text-2xl font-bold">{t("publication")}</h2>
        <p className="mt-2">
          {current ? t("currentVersion", { number: current.number, date: date(current.createdAt) }) : t("neverPublished")}
          {current && changes ? ` ${t("unpublishedChanges")}` : ""}
        </p>
        {form.status === "closed" ? <Notice kind="info" title={t("closedNotice")} /> : null}
        {problems.length > 0 ? (
          <div className="mt-4 border-s-8 border-danger p-4">
            <h3 className="text-lg font-bold">{t("problemsTitle")}</h3>
            <ul className="mt-2 list-disc space-y-1 ps-6">
              {problems.map((p, i) => (
                <li key={i} id={`f-publish-${i}`} tabIndex={-1}>
                  <a href={problemLink(p)}>{te(p.key, problemParams(p, locale))}</a>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <p className="mt-2 text-muted">{t("readyToPublish")}</p>
        )}
        <ActionForm
          id="publish-form"
          action={publishFormAction}
          submitLabel={current ? t("publishNewVersion", { number: (versions[0]?.number ?? 0) + 1 }) : t("publish")}
          labels={labels}
          hidden={{ formId: form.id }}
        />
        {form.status === "closed" ? (
          <ActionForm id="reopen-form" action={reopenFormAction} submitLabel={t("reopen")} submitStyle="secondary" labels={labels} hidden={{ formId: form.id }} />
        ) : null}
        {form.status !== "draft" ? (
          <div className="mt-8">
            <h3 className="text-xl font-bold">{form.status === "closed" ? t("closedMessageTitle") : t("closeTitle")}</h3>
            <p className="mt-1 max-w-prose text-muted">{t("closeLead")}</p>
            <ActionForm id="close-form" action={closeFormAction} submitLabel={form.status === "closed" ? t("saveClosedMessage") : t("close")} submitStyle={form.status === "closed" ? "secondary" : "warning"} labels={labels} hidden={{ formId: form.id }}>
              <LocalizedFields name="closedMessages" label={t("closedMessage")} values={form.closedMessages} multiline {...L} />
            </ActionForm>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="steps" className="mt-12 border-t border-line pt-6">
        <h2 id="steps" className="text-2xl font-bold">{t("stepsTitle")}</h2>
        <p className="mt-2 max-w-prose text-muted">{t("stepsLead")}</p>
        {definition.steps.length === 0 ? (
          <p className="mt-4">{t("noSteps")}</p>
        ) : (
          <Table caption={t("stepsTitle")} headers={[t("stepNumber"), t("stepTitle"), t("fieldsColumn"), t("actionsColumn")]} wide>
            {definition.steps.map((step, i) => {
              const title = text(step.titles);
              return (
                <Row key={step.id}>
                  <Cell>{i + 1}</Cell>
                  <Cell>
                    <a href={`${formBase}/steps/${step.id}`} className="font-bold" lang={title && title.lang !== locale ? title.lang : undefined}>
                      {title?.text ?? step.id}
                    </a>
                    {step.conditions?.rules.length ? <span className="block text-muted">{t("stepConditional")}</span> : null}
                  </Cell>
                  <Cell>
                    {step.fields.length === 0 ? (
                      t("noFieldsShort")
                    ) : (
                      <ul className="space-y-1">
                        {step.fields.map((f) => {
                          const label = text(f.labels);
                          return (
                            <li key={f.id}>
                              <a href={`${formBase}/fields/${f.id}`} lang={label && label.lang !== locale ? label.lang : undefined}>
                                {label?.text ?? f.id}
                              </a>{" "}
                              <span className="text-muted">({t(`types.${f.type}`)})</span>
                            </li>
                          );
                        })}
                      </ul>
                    )}
                  </Cell>
                  <Cell>
                    <div className="flex flex-wrap gap-2">
                      <a href={`${formBase}/steps/${step.id}`} className="self-end py-2">
                        {t("editStep", { number: i + 1 })}
                      </a>
                      {i > 0 ? <ActionForm id={`step-up-${step.id}`} action={changeStepAction} submitLabel={t("moveUp")} submitStyle="secondary" labels={labels} hidden={{ formId: form.id, stepId: step.id, move: "up" }} /> : null}
                      {i < definition.steps.length - 1 ? (
                        <ActionForm id={`step-down-${step.id}`} action={changeStepAction} submitLabel={t("moveDown")} submitStyle="secondary" labels={labels} hidden={{ formId: form.id, stepId: step.id, move: "down" }} />
                      ) : null}
                    </div>
                  </Cell>
                </Row>
              );
            })}
          </Table>
        )}
        <ActionForm id="add-step" action={addStepAction} submitLabel={t("addStep")} submitStyle="secondary" labels={labels} hidden={{ formId: form.id }}>
          <LocalizedFields name="stepTitles" label={t("newStepTitle")} hint={t("newStepHint")} values={{}} {...L} />
        </ActionForm>
      </section>

      <section aria-labelledby="settings-title" id="settings" className="mt-12 border-t border-line pt-6">
        <h2 id="settings-title" className="text-2xl font-bold">{t("settingsTitle")}</h2>
        <ActionForm id="settings-form" action={updateFormSettingsAction} submitLabel={t("saveSettings")} labels={labels} hidden={{ formId: form.id }}>
          <LocalizedFields name="titles" label={t("titles")} values={form.titles} {...L} />
          <LocalizedFields name="descriptions" label={t("descriptions")} hint={t("descriptionsHint")} values={form.descriptions} multiline {...L} />
          <LocalizedFields name="nextSteps" label={t("nextSteps")} hint={t("nextStepsHint")} values={form.nextSteps} multiline {...L} />
          <TextField name="slug" label={t("slug")} hint={t("slugHintEdit", { path: `/${locale}/requests/` })} defaultValue={form.slug} width="short" />
          <TextField name="referencePrefix" label={t("referencePrefix")} hint={t("referencePrefixHint")} defaultValue={form.referencePrefix} width="short" />
          <ChoiceGroup kind="checkbox" name="loginRequired" label={t("access")} options={[{ value: "on", label: t("loginRequired") }]} defaultValue={form.loginRequired ? ["on"] : []} />
          <ChoiceGroup kind="checkbox" name="onePerCitizen" label={t("limit")} options={[{ value: "on", label: t("onePerCitizen") }]} defaultValue={form.onePerCitizen ? ["on"] : []} />
          <TextField name="draftRetentionDays" type="number" inputMode="numeric" label={t("draftRetentionDays")} hint={t("draftRetentionHint")} defaultValue={String(form.draftRetentionDays)} width="short" />
        </ActionForm>
      </section>

      <section aria-labelledby="versions" className="mt-12 border-t border-line pt-6">
        <h2 id="versions" className="text-2xl font-bold">{t("versionsTitle")}</h2>
        {versions.length === 0 ? (
          <p className="mt-2">{t("noVersions")}</p>
        ) : (
          <Table caption={t("versionsTitle")} headers={[t("versionColumn"), t("publishedAt"), t("requestsColumn")]}>
            {versions.map((v) => (
              <Row key={v.id}>
                <Cell>
                  {t("versionNumber", { number: v.number })}
                  {v.id === form.currentVersionId ? <span className="block text-muted">{t("currentMark")}</span> : null}
                </Cell>
                <Cell>{date(v.createdAt)}</Cell>
                <Cell>{perVersion.get(v.id) ?? 0}</Cell>
              </Row>
            ))}
          </Table>
        )}
      </section>

      <section aria-labelledby="archive" className="mt-12 border-t border-line pt-6">
        <h2 id="archive" className="text-2xl font-bold">{t("archiveTitle")}</h2>
        <p className="mt-2 max-w-prose">{t("archiveLead")}</p>
        <ActionForm id="archive-form" action={archiveFormAction} submitLabel={t("archive")} submitStyle="warning" labels={labels} hidden={{ formId: form.id }} />
      </section>
    </>
  );
}
