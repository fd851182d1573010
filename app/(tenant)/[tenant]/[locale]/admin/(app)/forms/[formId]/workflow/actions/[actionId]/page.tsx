import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextField } from "@/components/form/fields";
import { PageHeader } from "@/components/ui/notice";
import { roleLabel } from "@/lib/agents/role-label";
import { agentsOfTown, rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { FORMS_MANIFEST } from "@/lib/forms/manifest";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { requireWorkflowEditor } from "@/lib/forms/service/workflow-page";
import { addTaskAction, deleteWorkflowAction, removeTaskAction, saveWorkflowAction } from "@/lib/forms/workflow-actions";
import { formLabels } from "@/lib/i18n/form-labels";
import { TASK_TYPES } from "@/lib/workflow/definition";

type TParams = Promise<{ tenant: string; locale: string; formId: string; actionId: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  return { title: (await getTranslations({ locale, namespace: "Workflow" }))("actionTitle") };
}

/** One action: labels, from / to states, permission, delay for an automatic action, and its tasks with their settings. */
export default async function ActionPage({ params }: { params: TParams }) {
  const { actionId } = await params;
  const { tenant, locale, form, workflow, base, stateName, actionName } = await requireWorkflowEditor(params, `/actions/${actionId}`);
  const action = workflow.actions.find((a) => a.id === actionId);
  if (!action) notFound();
  const t = await getTranslations({ locale, namespace: "Workflow" });
  const tp = await getTranslations({ locale, namespace: "Permissions" });
  const tr = await getTranslations({ locale, namespace: "RoleNames" });
  const labels = await formLabels(locale);
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  const stateOptions = workflow.states.map((s) => ({ value: s.id, label: stateName(s.id).text, lang: stateName(s.id).lang }));
  const agents = (await agentsOfTown(tenant.id)).filter((a) => a.status === "active");
  const roles = await rolesOfTownWithCounts(tenant.id);
  const agentOptions = [{ value: "", label: t("assignChooseAtRun") }, ...agents.map((a) => ({ value: a.id, label: `${a.name} (${a.email})` }))];
  const teamOptions = [{ value: "", label: t("chooseTeam") }, ...roles.map((r) => ({ value: r.id, label: roleLabel(r, locale, tenant.defaultLocale, (k) => tr(k)) }))];
  const name = actionName(action.id).text;

  return (
    <>
      <p className="mb-4">
        <a href={base} className="underline">
          {t("backToWorkflow")}
        </a>
      </p>
      <PageHeader title={t("actionTitle")} lead={name} />
      <div className="max-w-4xl">
        <ActionForm id="action-edit" action={saveWorkflowAction} submitLabel={t("save")} labels={labels} hidden={{ formId: form.id, actionId: action.id }}>
          <LocalizedFields name="labels" label={t("actionLabel")} hint={t("actionLabelHint")} {...L} values={action.labels} />
          <ChoiceGroup kind="checkbox" name="from" label={t("from")} hint={t("fromHint")} options={stateOptions} defaultValue={action.from} columns />
          <SelectField name="to" label={t("to")} options={stateOptions} defaultValue={action.to} />
          <SelectField name="permission" label={t("permission")} hint={t("permissionHint")} options={FORMS_MANIFEST.permissions.map((p) => ({ value: p, label: tp.has(p) ? tp(p) : p }))} defaultValue={action.permission} />
          <TextField name="autoAfterDays" label={t("autoAfterDays")} hint={t("autoAfterDaysHint")} inputMode="numeric" defaultValue={action.autoAfterDays ? String(action.autoAfterDays) : ""} />

          <h2 className="mt-10 text-2xl font-bold">{t("tasks")}</h2>
          {action.tasks.length === 0 ? <p className="mt-2">{t("noTasks")}</p> : null}
          {action.tasks.map((task, k) => (
            <fieldset key={k} className="mt-6 border-s-4 border-line ps-4">
              <legend className="text-xl font-bold">{t("taskNumber", { n: k + 1, type: t(`taskTypes.${task.type}`) })}</legend>
              {task.type === "notify" ? (
                <>
                  <p className="mt-2 text-muted">{t("notifyHint", { placeholders: "{reference} {form} {state} {name} {link}" })}</p>
                  <LocalizedFields name={`tasks.${k}.subjects`} label={t("notifySubject")} {...L} values={task.subjects} />
                  <LocalizedFields name={`tasks.${k}.bodies`} label={t("notifyBody")} multiline {...L} values={task.bodies} />
                </>
              ) : null}
              {task.type === "assign" ? (
                <>
                  <ChoiceGroup
                    kind="radio"
                    name={`tasks.${k}.to`}
                    label={t("assignTo")}
                    options={[
                      { value: "actor", label: t("assignActor") },
                      { value: "agent", label: t("assignAgent") },
                      { value: "team", label: t("assignTeam") },
                    ]}
                    defaultValue={task.to}
                  />
                  <SelectField name={`tasks.${k}.agentId`} label={t("assignAgentChoice")} options={agentOptions} defaultValue={task.agentId ?? ""} />
                  <SelectField name={`tasks.${k}.team`} label={t("assignTeamChoice")} options={teamOptions} defaultValue={task.team ?? ""} />
                </>
              ) : null}
              {task.type === "request-correction" ? <SelectField name={`tasks.${k}.returnState`} label={t("returnState")} hint={t("returnStateHint")} options={stateOptions} defaultValue={task.returnState} /> : null}
              {task.type === "comment" ? (
                <>
                  <ChoiceGroup
                    kind="radio"
                    name={`tasks.${k}.public`}
                    label={t("commentVisibility")}
                    options={[
                      { value: "no", label: t("commentInternal") },
                      { value: "yes", label: t("commentPublic") },
                    ]}
                    defaultValue={task.public ? "yes" : "no"}
                  />
                  <ChoiceGroup kind="checkbox" name={`tasks.${k}.required`} label={t("commentRequired")} options={[{ value: "on", label: t("commentRequiredHint") }]} defaultValue={task.required ? ["on"] : []} />
                </>
              ) : null}
              {task.type === "archive" ? (
                <>
                  <ChoiceGroup
                    kind="radio"
                    name={`tasks.${k}.mode`}
                    label={t("archiveMode")}
                    options={[
                      { value: "anonymise", label: t("archiveAnonymise") },
                      { value: "delete", label: t("archiveDelete") },
                    ]}
                    defaultValue={task.mode}
                  />
                  <TextField name={`tasks.${k}.afterDays`} label={t("archiveAfterDays")} inputMode="numeric" defaultValue={String(task.afterDays)} />
                </>
              ) : null}
            </fieldset>
          ))}
        </ActionForm>

        {action.tasks.length > 0 ? (
          <section aria-labelledby="wf-remove-tasks" className="mt-10">
            <h2 id="wf-remove-tasks" className="text-xl font-bold">
              {t("removeTasks")}
            </h2>
            <div className="flex flex-wrap gap-3">
              {action.tasks.map((task, k) => (
                <ActionForm key={k} id={`remove-task-${k}`} action={removeTaskAction} submitLabel={t("removeTask", { n: k + 1, type: t(`taskTypes.${task.type}`) })} submitStyle="secondary" labels={labels} hidden={{ formId: form.id, actionId: action.id, index: String(k) }} />
              ))}
            </div>
          </section>
        ) : null}

        <section aria-labelledby="wf-add-task" className="mt-10">
          <h2 id="wf-add-task" className="text-xl font-bold">
            {t("addTaskTitle")}
          </h2>
          <p className="mt-1 text-muted">{t("addTaskHint")}</p>
          <ActionForm id="task-form" action={addTaskAction} submitLabel={t("addTask")} labels={labels} hidden={{ formId: form.id, actionId: action.id }}>
            <SelectField name="type" label={t("taskType")} options={TASK_TYPES.map((type) => ({ value: type, label: t(`taskTypes.${type}`) }))} />
          </ActionForm>
        </section>

        <section aria-labelledby="wf-delete-action" className="mt-10">
          <h2 id="wf-delete-action" className="text-xl font-bold">
            {t("deleteActionTitle")}
          </h2>
          <ActionForm id="delete-action" action={deleteWorkflowAction} submitLabel={t("deleteAction", { action: name })} submitStyle="warning" labels={labels} hidden={{ formId: form.id, actionId: action.id }} />
        </section>
      </div>
    </>
  );
}
