// What the builder's pages read: the forms module must be on (else 404), the agent needs forms:design
// (else sign-in or 403), the form must be the town's (else 404) and in the agent's scope (else 403).
import { notFound } from "next/navigation";
import { requirePermission } from "@/lib/auth/session";
import { ZId } from "@/lib/core/form-schemas";
import { parseDefinition } from "@/lib/forms/definition";
import { findForm } from "@/lib/forms/repo";
import { DESIGN } from "@/lib/forms/service/design-access";
import { formScope } from "@/lib/forms/service/form-scope";
import { requireFormsPage } from "@/lib/forms/service/page-guard";

type TParams = Promise<{ tenant: string; locale: string }>;

/** The builder's list and "new form" pages. */
export async function requireBuilderPage(params: TParams, path: string) {
  const page = await requireFormsPage(params);
  const actor = await requirePermission(page.locale, DESIGN, { returnTo: `/${page.locale}/admin/forms${path}` });
  return { ...page, actor, base: `/${page.locale}/admin/forms` };
}

/** A form's builder pages (`subpage` after /admin/forms/<id>, for the sign-in return). */
export async function requireDesignableFormPage(params: TParams & Promise<{ formId: string }>, subpage = "") {
  const { formId } = await params;
  const page = await requireBuilderPage(params, `/${formId}${subpage}`);
  if (!ZId.safeParse(formId).success) notFound();
  const form = await findForm(page.tenant.id, formId);
  if (!form || form.archivedAt) notFound();
  await requirePermission(page.locale, DESIGN, { scope: formScope(form.id) });
  return { ...page, form, definition: parseDefinition(form.definition), formBase: `${page.base}/${form.id}` };
}
