// Ready-made forms a town administrator creates in one step (issue 6): bulky-waste pickup and
// civil-status certificate request, each with its workflow. Texts come from the catalogue namespace
// "FormTemplates" and are copied into the form for every locale the town has enabled; from then on
// the form is the town's own, edited in the builder like any other.
import { inTransaction } from "@/lib/core/db";
import { ZFormDefinition } from "@/lib/forms/definition";
import { formSlugTaken, insertForm, insertVersion, updateFormRow, type TFormRow } from "@/lib/forms/repo";
import { bulkyWasteTemplate } from "@/lib/forms/templates/bulky-waste";
import { civilStatusTemplate } from "@/lib/forms/templates/civil-status";
import { pickupService } from "@/lib/forms/templates/pickup-service";
import { templateTexts, townAddressRules, type TTemplateBuild } from "@/lib/forms/templates/texts";
import type { TTenant } from "@/lib/tenancy/registry";
import { ZWorkflow } from "@/lib/workflow/definition";

export const TEMPLATE_IDS = ["bulky-waste", "civil-status"] as const;
export type TTemplateId = (typeof TEMPLATE_IDS)[number];

export type TFormTemplate = {
  id: TTemplateId;
  /** Keys in the namespace "FormTemplates" */
  titleKey: string;
  descriptionKey: string;
  /** Prefix of the references of its requests (BW-2026-4F7K2Q) */
  referencePrefix: string;
  /** Its slug in the citizen address (a number is added when taken) */
  slug: string;
};

/** The templates offered on the admin "new form" page. */
export const FORM_TEMPLATES: readonly TFormTemplate[] = [
  { id: "bulky-waste", titleKey: "bulkyWaste.title", descriptionKey: "bulkyWaste.description", referencePrefix: "BW", slug: "bulky-waste" },
  { id: "civil-status", titleKey: "civilStatus.title", descriptionKey: "civilStatus.description", referencePrefix: "EC", slug: "civil-status" },
];

export function isTemplateId(value: string): value is TTemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
}

export type TCreateFromTemplate = {
  tenant: TTenant;
  templateId: TTemplateId;
  /** The agent creating it (null: the demo seed) */
  actorId: string | null;
  /** Publish at once (version 1); default false: a draft the administrator reviews before publishing */
  publish?: boolean;
};

export type TCreatedFromTemplate = {
  form: TFormRow;
  /** The appointments service the pickup field offers (bulky-waste with the appointments module) */
  serviceId: string | null;
  /** The service was created for this form (not an existing one reused) */
  serviceCreated: boolean;
};

async function freeSlug(tenantId: string, base: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (!(await formSlugTaken(tenantId, slug))) return slug;
  }
  throw new Error("no free slug");
}

/** The template's texts, steps, fields and workflow for this town (without writing anything but the pickup service). */
export async function buildTemplate(tenant: TTenant, templateId: TTemplateId): Promise<TTemplateBuild & { serviceId: string | null; serviceCreated: boolean }> {
  const tx = await templateTexts(tenant.enabledLocales);
  if (templateId === "bulky-waste") {
    // With the appointments module, the pickup date is a time of a "Bulky-waste pickup" service (created
    // if the town has none); without it, a plain date at least 3 days ahead that the team confirms.
    const service = tenant.modules.includes("appointments") ? await pickupService(tenant, tx) : null;
    const build = bulkyWasteTemplate(tx, { serviceId: service?.id ?? null, address: townAddressRules(tenant.contactAddress, tenant.defaultLocale) });
    return { ...build, serviceId: service?.id ?? null, serviceCreated: service?.created ?? false };
  }
  return { ...civilStatusTemplate(tx), serviceId: null, serviceCreated: false };
}

/** Creates a form from a template in one transaction (and its pickup service when needed). */
export async function createFormFromTemplate(input: TCreateFromTemplate): Promise<TCreatedFromTemplate> {
  const { tenant, templateId } = input;
  const template = FORM_TEMPLATES.find((t) => t.id === templateId);
  if (!template) throw new Error(`unknown template ${templateId}`);
  return inTransaction(async () => {
    const build = await buildTemplate(tenant, templateId);
    const definition = ZFormDefinition.parse(build.definition);
    const workflow = ZWorkflow.parse(build.workflow);
    let form = await insertForm(tenant.id, {
      slug: await freeSlug(tenant.id, template.slug),
      titles: build.titles,
      descriptions: build.descriptions,
      nextSteps: build.nextSteps,
      definition,
      workflow,
      referencePrefix: template.referencePrefix,
      template: templateId,
    });
    if (input.publish) {
      const version = await insertVersion(tenant.id, { formId: form.id, titles: build.titles, definition, workflow, publishedBy: input.actorId });
      form = (await updateFormRow(tenant.id, form.id, { status: "published", currentVersionId: version.id })) ?? form;
    }
    return { form, serviceId: build.serviceId, serviceCreated: build.serviceCreated };
  });
}
