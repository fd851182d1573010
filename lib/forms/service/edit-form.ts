// A form's texts and settings: titles, descriptions, what happens next, the closing message (per
// language), its citizen address, who may send it, how long drafts are kept, the reference prefix.
// Published versions keep the titles they froze; the other texts are read live from the form.
import { FieldsError } from "@/lib/core/errors";
import { formSlugTaken, updateFormRow, type TFormRow } from "@/lib/forms/repo";
import { designableForm, type TDesigner } from "@/lib/forms/service/design-access";
import type { TTenant } from "@/lib/tenancy/registry";

export type TFormSettings = {
  titles: Record<string, string>;
  descriptions: Record<string, string>;
  nextSteps: Record<string, string>;
  closedMessages: Record<string, string>;
  slug: string;
  referencePrefix: string;
  loginRequired: boolean;
  onePerCitizen: boolean;
  draftRetentionDays: number;
};

export async function updateFormSettings(tenant: TTenant, actor: TDesigner, formId: string, input: TFormSettings): Promise<TFormRow> {
  const form = await designableForm(tenant.id, actor, formId);
  if (!input.titles[tenant.defaultLocale]) throw new FieldsError({ [`titles.${tenant.defaultLocale}`]: { key: "formTitleRequired" } });
  if (input.slug !== form.slug && (await formSlugTaken(tenant.id, input.slug, form.id))) throw new FieldsError({ slug: { key: "formSlugTaken", params: { slug: input.slug } } });
  const updated = await updateFormRow(tenant.id, form.id, input);
  return updated ?? form;
}
