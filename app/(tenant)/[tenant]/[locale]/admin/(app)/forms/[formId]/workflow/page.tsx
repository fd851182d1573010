import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField } from "@/components/form/fields";
import { WorkflowDiagram } from "@/components/forms/workflow-diagram";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { requireWorkflowEditor } from "@/lib/forms/service/workflow-page";
import { addStateAction, addWorkflowAction, deleteStateAction, setInitialStateAction } from "@/lib/forms/workflow-actions";
import { finalStatesWithoutWay, unreachableStates } from "@/lib/workflow/engine";

type TParams = Promise<{ tenant: string; locale: string; formId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  return { title: (await getTranslations({ locale, namespace: "Workflow" }))("title") };
}

/** The workflow of a form: warnings, the diagram, the states and the actions (lists), and forms to add them. */
export default async function WorkflowPage({ params }: { params: TParams }) {
  const { tenant, locale, form, workflow, base, formTitle, stateName, actionName } = await requireWorkflowEditor(params);
  const t = await getTranslations({ locale, namespace: "Workflow" });
  const labels = await formLabels(locale);
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  const unreachable = unreachableStates(workflow);
  const stuck = finalStatesWithoutWay(workflow).filter((s) => !unreachable.includes(s));
  const names = (ids: string[]) => new Intl.ListFormat(locale, { type: "conjunction" }).format(ids.map((id) => stateName(id).text));
  const stateOptions = workflow.states.map((s) => ({ value: s.id, label: stateName(s.id).text, lang: stateName(s.id).lang }));
  const tp = await getTranslations({ locale, namespace: "Permissions" });
  const permissionLabel = (p: string) => (tp.has(p) ? tp(p) : p);

  return (
    <>
      <p className="mb-4">
        <a href={`/${locale}/admin/forms/${form.id}`} className="underline">
          {t("backToForm", { form: formTitle.text })}
        </a>
      </p>
      <PageHeader title={t("title")} lead={t("lead", { form: formTitle.text })} />
      {form.status !== "draft" ? <Notice kind="info">{t("draftNote")}</Notice> : null}
      {unreachable.length > 0 || stuck.length > 0 ? (
        <div role="status" className="mb-6 border-s-8 border-danger bg-white p-4">
          <h2 className="text-lg font-bold">{t("warningsTitle")}</h2>
          <ul className="mt-2 list-disc ps-6">
            {unreachable.length > 0 ? <li>{t("warningUnreachable", { states: names(unreachable) })}</li> : null}
            {stuck.length > 0 ? <li>{t("warningStuck", { states: names(stuck) })}</li> : null}
          </ul>
        </div>
      ) : null}

      <section aria-labelledby="wf-diagram" className="mt-6">
        <h2 id="wf-diagram" className="text-2xl font-bold">
          {t("diagramTitle")}
        </h2>
        <p className="mt-1 max-w-prose text-muted">{t("diagramLegend")}</p>
        <div className="mt-4">
          <WorkflowDiagram
            workflow={workflow}
            label={t("diagramScroll")}
            ariaLabel={t("diagramSummary", { states: workflow.states.length, actions: workflow.actions.length, initial: stateName(workflow.initial).text })}
            stateLabel={(id) => stateName(id).text}
            actionLabel={(id) => actionName(id).text}
          />
        </div>
      </section>

      <section aria-labelledby="wf-states" className="mt-10">
        <h2 id="wf-states" className="text-2xl font-bold">
          {t("statesTitle")}
        </h2>
        <Table caption={t("statesTitle")} headers={[t("state"), t("kind"), t("leadsTo"), t("manage")]} wide>
          {workflow.states.map((s) => {
            const out = workflow.actions.filter((a) => a.from.includes(s.id));
            return (
              <Row key={s.id}>
                <Cell>
                  <span lang={stateName(s.id).lang} className="font-bold">
                    {stateName(s.id).text}
                  </span>
                  <span className="block text-sm text-muted" dir="ltr">
                    {s.id}
                  </span>
                </Cell>
                <Cell>
                  <span className="flex flex-wrap gap-1">
                    {s.id === workflow.initial ? <Tag tone="blue">{t("initial")}</Tag> : null}
                    {s.final ? <Tag tone="green">{t("final")}</Tag> : null}
                    {unreachable.includes(s.id) ? <Tag tone="red">{t("unreachable")}</Tag> : null}
                  </span>
                </Cell>
                <Cell>
                  {out.length === 0 ? (
                    t("noAction")
                  ) : (
                    <ul className="list-none">
                      {out.map((a) => (
                        <li key={a.id}>{t("actionArrow", { action: actionName(a.id).text, to: stateName(a.to).text })}</li>
                      ))}
                    </ul>
                  )}
                </Cell>
                <Cell>
                  <div className="flex flex-wrap gap-2">
                    <a href={`${base}/states/${s.id}`} className="underline">
                      {t("editState", { state: stateName(s.id).text })}
                    </a>
                    {s.id !== workflow.initial ? (
                      <>
                        <ActionForm id={`initial-${s.id}`} action={setInitialStateAction} submitLabel={t("makeInitial")} submitStyle="secondary" labels={labels} hidden={{ formId: form.id, initial: s.id }} />
                        <ActionForm id={`delete-${s.id}`} action={deleteStateAction} submitLabel={t("deleteState", { state: stateName(s.id).text })} submitStyle="warning" labels={labels} hidden={{ formId: form.id, stateId: s.id }} />
                      </>
                    ) : null}
                  </div>
                </Cell>
              </Row>
            );
          })}
        </Table>
        <section aria-labelledby="wf-new-state" className="mt-8 max-w-4xl">
          <h3 id="wf-new-state" className="text-xl font-bold">
            {t("newState")}
          </h3>
          <ActionForm id="state-form" action={addStateAction} submitLabel={t("addState")} labels={labels} hidden={{ formId: form.id }}>
            <LocalizedFields name="labels" label={t("stateLabel")} hint={t("stateLabelHint")} {...L} values={{}} />
            <ChoiceGroup kind="checkbox" name="final" label={t("final")} options={[{ value: "on", label: t("finalHint") }]} />
          </ActionForm>
        </section>
      </section>

      <section aria-labelledby="wf-actions" className="mt-10">
        <h2 id="wf-actions" className="text-2xl font-bold">
          {t("actionsTitle")}
        </h2>
        {workflow.actions.length === 0 ? (
          <p className="mt-4">{t("noActions")}</p>
        ) : (
          <Table caption={t("actionsTitle")} headers={[t("action"), t("from"), t("to"), t("permission"), t("tasks"), t("manage")]} wide>
            {workflow.actions.map((a) => (
              <Row key={a.id}>
                <Cell>
                  <span lang={actionName(a.id).lang} className="font-bold">
                    {actionName(a.id).text}
                  </span>
                  {a.autoAfterDays ? <span className="block text-sm">{t("automaticAfter", { days: a.autoAfterDays })}</span> : null}
                </Cell>
                <Cell>{names(a.from)}</Cell>
                <Cell>{stateName(a.to).text}</Cell>
                <Cell>{a.autoAfterDays ? t("noPermission") : permissionLabel(a.permission)}</Cell>
                <Cell>{a.tasks.length === 0 ? t("noTasks") : a.tasks.map((task) => t(`taskTypes.${task.type}`)).join(", ")}</Cell>
                <Cell>
                  <a href={`${base}/actions/${a.id}`} className="underline">
                    {t("editAction", { action: actionName(a.id).text })}
                  </a>
                </Cell>
              </Row>
            ))}
          </Table>
        )}
        <section aria-labelledby="wf-new-action" className="mt-8 max-w-4xl">
          <h3 id="wf-new-action" className="text-xl font-bold">
            {t("newAction")}
          </h3>
          <p className="mt-1 text-muted">{t("newActionHint")}</p>
          <ActionForm id="action-form" action={addWorkflowAction} submitLabel={t("addAction")} labels={labels} hidden={{ formId: form.id }}>
            <LocalizedFields name="labels" label={t("actionLabel")} hint={t("actionLabelHint")} {...L} values={{}} />
            <ChoiceGroup kind="checkbox" name="from" label={t("from")} hint={t("fromHint")} options={stateOptions} columns />
            <SelectField name="to" label={t("to")} options={[{ value: "", label: t("chooseState") }, ...stateOptions]} />
          </ActionForm>
        </section>
      </section>
    </>
  );
}
