// A new blank form: its title in the town's languages, its citizen address (derived from the title,
// editable, unique in the town), a reference prefix, the default workflow labelled from the catalogue
// in every enabled language, and one empty step.
import { FieldsError } from "@/lib/core/errors";
import { ZFormDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { formSlugTaken, insertForm, type TFormRow } from "@/lib/forms/repo";
import { requireTownWideDesign, type TDesigner } from "@/lib/forms/service/design-access";
import { translator } from "@/lib/i18n/translator";
import type { TTenant } from "@/lib/tenancy/registry";
import { defaultWorkflow, ZWorkflow, type TWorkflow } from "@/lib/workflow/definition";

export type TCreateForm = { titles: Record<string, string>; slug?: string; referencePrefix: string };

/** "Demande d’acte de naissance" → "demande-d-acte-de-naissance" (empty when nothing Latin is left). */
export function slugFromTitle(title: string): string {
  return title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
}

/** The default workflow with its labels ("Workflow.defaults" messages) in every language of the town. */
export async function defaultWorkflowFor(locales: readonly string[]): Promise<TWorkflow> {
  const translators = await Promise.all(locales.map(async (locale) => [locale, await translator(locale, "Workflow")] as const));
  return ZWorkflow.parse(defaultWorkflow((key) => Object.fromEntries(translators.map(([locale, t]) => [locale, t(`defaults.${key}`)]))));
}

/** One empty step titled "Step 1" in every language of the town. */
export async function firstStep(locales: readonly string[], number = 1): Promise<TFormDefinition["steps"][number]> {
  const titles: Record<string, string> = {};
  for (const locale of locales) titles[locale] = (await translator(locale, "FormBuilder"))("stepDefaultTitle", { number });
  return { id: `step-${number}`, titles, fields: [] };
}

export async function createBlankForm(tenant: TTenant, actor: TDesigner, input: TCreateForm): Promise<TFormRow> {
  requireTownWideDesign(actor);
  const title = input.titles[tenant.defaultLocale];
  if (!title) throw new FieldsError({ [`titles.${tenant.defaultLocale}`]: { key: "formTitleRequired" } });
  const slug = input.slug ?? (slugFromTitle(title) || slugFromTitle(Object.values(input.titles).join(" ")) || "form");
  if (await formSlugTaken(tenant.id, slug)) throw new FieldsError({ slug: { key: "formSlugTaken", params: { slug } } });
  const definition = ZFormDefinition.parse({ steps: [await firstStep(tenant.enabledLocales)] });
  return insertForm(tenant.id, {
    slug,
    titles: input.titles,
    definition,
    workflow: await defaultWorkflowFor(tenant.enabledLocales),
    referencePrefix: input.referencePrefix,
  });
}
