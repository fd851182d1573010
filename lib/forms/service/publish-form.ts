// Publishing freezes the form: a new FormVersion (number + 1) copies its titles, definition and
// workflow, and the form points at it. Requests keep the version they were filled with; a version's
// structure (steps, fields, states, actions) never changes. Only its texts can gain a language: a
// translator's text is added where the version has the same source text (lib/translations/service/
// content.ts). A published form can be closed with a message and reopened, or archived.
import { ActionError, FieldsError } from "@/lib/core/errors";
import { parseDefinition } from "@/lib/forms/definition";
import { checkForPublishing, problemParams, type TPublishProblem } from "@/lib/forms/publish-check";
import { insertVersion, lockForm, updateFormRow, type TFormRow, type TFormVersionRow } from "@/lib/forms/repo";
import { designableForm, type TDesigner } from "@/lib/forms/service/design-access";
import { listServicesForSlots } from "@/lib/forms/service/slot-services";
import type { TTenant } from "@/lib/tenancy/registry";
import { ZWorkflow } from "@/lib/workflow/definition";

/** What stops the form from being published now (empty: ready). */
export async function publishProblems(tenant: TTenant, form: TFormRow): Promise<TPublishProblem[]> {
  const slotServiceIds = (await listServicesForSlots(tenant)).map((s) => s.id);
  const problems = checkForPublishing({ ...form, definition: parseDefinition(form.definition) }, { defaultLocale: tenant.defaultLocale, slotServiceIds });
  if (!ZWorkflow.safeParse(form.workflow).success) problems.push({ key: "formWorkflowInvalid", params: {} });
  return problems;
}

/** The problems as field errors "publish-<n>" (the form page lists them with those ids). */
export function problemsError(problems: TPublishProblem[], uiLocale: string): FieldsError {
  return new FieldsError(Object.fromEntries(problems.map((p, i) => [`publish-${i}`, { key: p.key, params: problemParams(p, uiLocale) }])));
}

export async function publishForm(tenant: TTenant, actor: TDesigner, formId: string, uiLocale: string): Promise<TFormVersionRow> {
  await designableForm(tenant.id, actor, formId);
  const form = await lockForm(tenant.id, formId);
  if (!form) throw new ActionError("notFound");
  const problems = await publishProblems(tenant, form);
  if (problems.length) throw problemsError(problems, uiLocale);
  const version = await insertVersion(tenant.id, {
    formId: form.id,
    titles: form.titles as Record<string, string>,
    definition: parseDefinition(form.definition),
    workflow: ZWorkflow.parse(form.workflow),
    publishedBy: actor.id,
  });
  await updateFormRow(tenant.id, form.id, { status: "published", currentVersionId: version.id });
  return version;
}

/** Citizens see the closing message instead of the form; requests already sent go on. */
export async function closeForm(tenant: TTenant, actor: TDesigner, formId: string, closedMessages: Record<string, string>): Promise<TFormRow> {
  const form = await designableForm(tenant.id, actor, formId);
  if (form.status === "draft") throw new ActionError("formNotPublished");
  if (!closedMessages[tenant.defaultLocale]) throw new FieldsError({ [`closedMessages.${tenant.defaultLocale}`]: { key: "formClosedMessageRequired" } });
  return (await updateFormRow(tenant.id, form.id, { status: "closed", closedMessages })) ?? form;
}

export async function reopenForm(tenant: TTenant, actor: TDesigner, formId: string): Promise<TFormRow> {
  const form = await designableForm(tenant.id, actor, formId);
  if (form.status !== "closed" || !form.currentVersionId) throw new ActionError("formNotClosed");
  return (await updateFormRow(tenant.id, form.id, { status: "published" })) ?? form;
}

/** Out of the lists and of the citizen site; its requests and versions stay. */
export async function archiveForm(tenant: TTenant, actor: TDesigner, formId: string): Promise<TFormRow> {
  const form = await designableForm(tenant.id, actor, formId);
  return (await updateFormRow(tenant.id, form.id, { archivedAt: new Date() })) ?? form;
}

/** The definition differs from the published version's (there are changes to publish). */
export function hasUnpublishedChanges(form: TFormRow, current: TFormVersionRow | null): boolean {
  if (!current) return true;
  return JSON.stringify(current.definition) !== JSON.stringify(form.definition) || JSON.stringify(current.workflow) !== JSON.stringify(form.workflow) || JSON.stringify(current.titles) !== JSON.stringify(form.titles);
}
