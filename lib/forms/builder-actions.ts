"use server";
// The form builder's server actions (permission forms:design; for an existing form the agent's scope
// must include "form:<id>"; creating a form needs the permission for the whole town). Thin: parse,
// check, call lib/forms/service/*, audit, redirect. Texts per locale arrive as "<name>.<locale>".
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/core/action";
import { ActionError } from "@/lib/core/errors";
import { textsFrom, ZFieldAdd, ZFieldChange, ZFieldSave, ZFormClose, ZFormCreate, ZFormRef, ZFormSettings, ZFormTemplateCreate, ZStepAdd, ZStepChange, ZStepRename } from "@/lib/forms/schemas";
import { createBlankForm } from "@/lib/forms/service/create-form";
import { DESIGN } from "@/lib/forms/service/design-access";
import { updateFormSettings } from "@/lib/forms/service/edit-form";
import { addField, addStep, changeField, changeStep, saveField, saveStep } from "@/lib/forms/service/edit-fields";
import { archiveForm, closeForm, publishForm, reopenForm } from "@/lib/forms/service/publish-form";
import { createFormFromTemplate, isTemplateId } from "@/lib/forms/templates/index";

const TOWN_WIDE = () => ({ permission: DESIGN, scope: "town" });
const forForm = (input: { formId: string }) => ({ permission: DESIGN, scope: `form:${input.formId}` });
const formsPage = (locale: string) => `/${locale}/admin/forms`;
const target = (formId: string) => ({ targetType: "form", targetId: formId });

export const createFormAction = defineAction({
  name: "forms.create",
  input: ZFormCreate,
  access: { realm: "town", permission: TOWN_WIDE },
  run: (input, { tenant, actor }) => createBlankForm(tenant, actor, { titles: textsFrom(input, "titles", tenant.enabledLocales, 200), slug: input.slug, referencePrefix: input.referencePrefix }),
  audit: (_input, form) => ({ action: "forms.create", ...target(form.id), summary: { slug: form.slug } }),
  after: (form, { locale }) => redirect(`${formsPage(locale)}/${form.id}?created=1`),
});

export const createFormFromTemplateAction = defineAction({
  name: "forms.create-from-template",
  input: ZFormTemplateCreate,
  access: { realm: "town", permission: TOWN_WIDE },
  run: async (input, { tenant, actor }) => {
    if (!isTemplateId(input.template)) throw new ActionError("choose", {}, "template");
    const created = await createFormFromTemplate({ tenant, templateId: input.template, actorId: actor.id, publish: input.publish });
    return { ...created.form, serviceId: created.serviceId, serviceCreated: created.serviceCreated };
  },
  audit: (input, form) => ({
    action: "forms.create-from-template",
    ...target(form.id),
    summary: { template: input.template, slug: form.slug, published: input.publish, serviceId: form.serviceId, serviceCreated: form.serviceCreated },
  }),
  after: (form, { locale }) => redirect(`${formsPage(locale)}/${form.id}?created=1`),
});

export const updateFormSettingsAction = defineAction({
  name: "forms.update-settings",
  input: ZFormSettings,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => {
    const texts = (prefix: string, max = 5000) => textsFrom(input, prefix, tenant.enabledLocales, max);
    return updateFormSettings(tenant, actor, input.formId, {
      titles: texts("titles", 200),
      descriptions: texts("descriptions"),
      nextSteps: texts("nextSteps"),
      closedMessages: texts("closedMessages"),
      slug: input.slug,
      referencePrefix: input.referencePrefix,
      loginRequired: input.loginRequired,
      onePerCitizen: input.onePerCitizen,
      draftRetentionDays: input.draftRetentionDays,
    });
  },
  audit: (input) => ({ action: "forms.update-settings", ...target(input.formId) }),
  success: "saved",
});

export const publishFormAction = defineAction({
  name: "forms.publish",
  input: ZFormRef,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor, locale }) => publishForm(tenant, actor, input.formId, locale),
  audit: (input, version) => ({ action: "forms.publish", ...target(input.formId), summary: { version: version.number } }),
  success: "formPublished",
});

export const closeFormAction = defineAction({
  name: "forms.close",
  input: ZFormClose,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => closeForm(tenant, actor, input.formId, textsFrom(input, "closedMessages", tenant.enabledLocales)),
  audit: (input) => ({ action: "forms.close", ...target(input.formId) }),
  success: "formClosed",
});

export const reopenFormAction = defineAction({
  name: "forms.reopen",
  input: ZFormRef,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => reopenForm(tenant, actor, input.formId),
  audit: (input) => ({ action: "forms.reopen", ...target(input.formId) }),
  success: "formReopened",
});

export const archiveFormAction = defineAction({
  name: "forms.archive",
  input: ZFormRef,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => archiveForm(tenant, actor, input.formId),
  audit: (input) => ({ action: "forms.archive", ...target(input.formId) }),
  after: (_form, { locale }) => redirect(`${formsPage(locale)}?archived=1`),
});

// ——— Steps ———

export const addStepAction = defineAction({
  name: "forms.step-add",
  input: ZStepAdd,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => addStep(tenant, actor, input.formId, textsFrom(input, "stepTitles", tenant.enabledLocales, 200)),
  audit: (input, step) => ({ action: "forms.step-add", ...target(input.formId), summary: { step: step.id } }),
  after: (step, { locale }, input) => redirect(`${formsPage(locale)}/${input.formId}/steps/${step.id}`),
});

export const saveStepAction = defineAction({
  name: "forms.step-update",
  input: ZStepRename,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => saveStep(tenant, actor, input.formId, input.stepId, input),
  audit: (input) => ({ action: "forms.step-update", ...target(input.formId), summary: { step: input.stepId } }),
  success: "saved",
});

export const changeStepAction = defineAction({
  name: "forms.step-change",
  input: ZStepChange,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => changeStep(tenant, actor, input.formId, input.stepId, input.move),
  audit: (input) => ({ action: "forms.step-change", ...target(input.formId), summary: { step: input.stepId, change: input.move } }),
  after: (_r, { locale }, input) => {
    if (input.move === "delete") redirect(`${formsPage(locale)}/${input.formId}?stepDeleted=1`);
  },
});

// ——— Fields ———

export const addFieldAction = defineAction({
  name: "forms.field-add",
  input: ZFieldAdd,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) =>
    addField(tenant, actor, input.formId, { stepId: input.stepId, groupId: input.groupId, type: input.type, code: input.code, labels: textsFrom(input, "newLabels", tenant.enabledLocales, 500) }),
  audit: (input, field) => ({ action: "forms.field-add", ...target(input.formId), summary: { field: field.id, type: field.type, group: input.groupId ?? null } }),
  after: (field, { locale }, input) => redirect(`${formsPage(locale)}/${input.formId}/fields/${field.id}${input.groupId ? `?group=${input.groupId}` : ""}`),
});

export const changeFieldAction = defineAction({
  name: "forms.field-change",
  input: ZFieldChange,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => changeField(tenant, actor, input.formId, input),
  audit: (input) => ({ action: "forms.field-change", ...target(input.formId), summary: { field: input.fieldId, change: input.move, group: input.groupId ?? null } }),
  after: (place, { locale }, input) => {
    if (input.move !== "delete") return;
    redirect(input.groupId ? `${formsPage(locale)}/${input.formId}/fields/${input.groupId}?deleted=1` : `${formsPage(locale)}/${input.formId}/steps/${place.stepId}?deleted=1`);
  },
});

export const saveFieldAction = defineAction({
  name: "forms.field-update",
  input: ZFieldSave,
  access: { realm: "town", permission: forForm },
  run: (input, { tenant, actor }) => saveField(tenant, actor, input.formId, { fieldId: input.fieldId, groupId: input.groupId }, input),
  audit: (input) => ({ action: "forms.field-update", ...target(input.formId), summary: { field: input.fieldId, group: input.groupId ?? null } }),
  success: "saved",
  after: (_field, { locale }, input) => {
    if (input.intent === "add-rule" || input.intent === "add-option") {
      redirect(`${formsPage(locale)}/${input.formId}/fields/${input.fieldId}?${input.groupId ? `group=${input.groupId}&` : ""}more=${input.intent}#${input.intent === "add-rule" ? "conditions" : "options"}`);
    }
  },
});
