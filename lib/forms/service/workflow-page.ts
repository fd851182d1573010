// What every page of the workflow editor needs: the town with the forms module, an agent holding
// forms:design on this form (else 403), the form and its draft workflow (another town's form: 404),
// and how to name states and actions in the page's language.
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { findForm } from "@/lib/forms/repo";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { pickLocalized } from "@/lib/i18n/localized";
import { ZWorkflow } from "@/lib/workflow/definition";

type TParams = Promise<{ tenant: string; locale: string; formId: string }>;

export async function requireWorkflowEditor(params: TParams, path = "") {
  const { tenant, locale } = await requireFormsPage(params);
  const { formId } = await params;
  const base = `/${locale}/admin/forms/${formId}/workflow`;
  const agent = await requirePermission(locale, "forms:design", { scope: `form:${formId}`, returnTo: `${base}${path}` });
  if (!/^[0-9a-f-]{36}$/i.test(formId)) notFound();
  const form = await findForm(tenant.id, formId);
  if (!form) notFound();
  const workflow = ZWorkflow.parse(form.workflow);
  const text = (value: unknown, fallback: string) => pickLocalized(value, locale, [tenant.defaultLocale]) ?? { text: fallback, lang: locale };
  const stateName = (id: string) => text(workflow.states.find((s) => s.id === id)?.labels, id);
  const actionName = (id: string) => text(workflow.actions.find((a) => a.id === id)?.labels, id);
  return { tenant, locale, agent, form, workflow, base, formTitle: text(form.titles, form.slug), stateName, actionName };
}
