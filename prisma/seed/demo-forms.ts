// Démarches of the demo towns: the ready-made forms, published, and a few requests in Lutèce in
// different states, sent and moved through the real services (so their history events exist).
// Runs for what is missing only: a town that already has a form from a template keeps it.
import type { TAgentActor } from "@/lib/auth/session";
import { inTransaction } from "@/lib/core/db";
import { findRequest, listForms, type TFormRow } from "@/lib/forms/repo";
import { createDraft, saveStep } from "@/lib/forms/service/fill-draft";
import { runRequestAction } from "@/lib/forms/service/run-action";
import { slotChoices } from "@/lib/forms/service/slot-choices";
import { submitRequest } from "@/lib/forms/service/submit-request";
import { createFormFromTemplate, type TTemplateId } from "@/lib/forms/templates/index";
import type { TTenant } from "@/lib/tenancy/registry";

type TDemoRequest = {
  template: TTemplateId;
  name: string;
  email: string;
  /** Answers per step (HTML names and values, as a citizen posts them); "$slot" stands for the first free time */
  steps: Record<string, Record<string, string>>;
  /** Workflow actions run by the town's administrator afterwards, in order */
  actions: { id: string; comment?: string }[];
};

export type TDemoForms = { templates: TTemplateId[]; requests: TDemoRequest[] };

export const DEMO_FORMS: Record<string, TDemoForms> = {
  lutece: {
    templates: ["bulky-waste", "civil-status"],
    requests: [
      {
        template: "bulky-waste",
        name: "Amina Benali",
        email: "amina.benali@example.net",
        steps: {
          address: { "address.street": "12 rue des Lilas", "address.postcode": "75019", "address.town": "Lutèce" },
          items: { "items.0.item": "mattress", "items.0.quantity": "1", "items.1.item": "furniture", "items.1.quantity": "2" },
          pickup: { pickup: "$slot" },
          photos: {},
          contact: { phone: "+33 6 12 34 56 78" },
        },
        actions: [{ id: "schedule" }],
      },
      {
        template: "civil-status",
        name: "Lucas Martin",
        email: "lucas.martin@example.net",
        steps: {
          certificate: { certificate_type: "birth", copy_type: "extract-parentage" },
          person: { person_name: "Lucas Martin", person_birth_date: "1990-04-12", person_birth_place: "Lutèce" },
          relationship: { relationship: "self" },
          delivery: { delivery: "email" },
        },
        actions: [],
      },
      {
        template: "civil-status",
        name: "Réka Kovács",
        email: "reka.kovacs@example.net",
        steps: {
          certificate: { certificate_type: "marriage", copy_type: "full" },
          person: { person_name: "Réka Kovács", person_birth_date: "1985-09-30", person_birth_place: "Kővárhely", event_date: "2015-06-20" },
          relationship: { relationship: "self" },
          delivery: { delivery: "post", "delivery_address.street": "4 avenue des Tilleuls", "delivery_address.postcode": "75011", "delivery_address.town": "Lutèce" },
        },
        actions: [{ id: "take" }, { id: "send", comment: "Votre copie intégrale d’acte de mariage vous a été envoyée par courrier." }],
      },
    ],
  },
  "port-soleil": { templates: ["bulky-waste", "civil-status"], requests: [] },
  kovarhely: { templates: ["civil-status"], requests: [] },
};

async function sendDemoRequest(tenant: TTenant, form: TFormRow, demo: TDemoRequest, agent: TAgentActor): Promise<void> {
  const locale = tenant.defaultLocale;
  const { draft } = await createDraft({ tenant, form, locale });
  for (const [stepId, values] of Object.entries(demo.steps)) {
    const resolved: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      if (value !== "$slot") resolved[name] = value;
      // The first free pickup time; without a pickup service the field is a date: a week from now.
      else resolved[name] = (await firstFreeTime(tenant, form)) ?? new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    }
    await saveStep({ tenant, draft: (await findRequest(tenant.id, draft.id))!, stepId, values: resolved, locale });
  }
  const sent = await submitRequest({ tenant, draft: (await findRequest(tenant.id, draft.id))!, contact: { name: demo.name, email: demo.email }, locale });
  for (const action of demo.actions) {
    await inTransaction(() => runRequestAction({ tenant, actor: agent, requestId: sent.request.id, actionId: action.id, input: action.comment ? { comment: action.comment } : {} }));
  }
}

async function firstFreeTime(tenant: TTenant, form: TFormRow): Promise<string | null> {
  const definition = form.definition as { steps: { fields: { type: string; serviceId?: string }[] }[] };
  const serviceId = definition.steps.flatMap((s) => s.fields).find((f) => f.type === "slot")?.serviceId;
  const offer = await slotChoices(tenant, serviceId, tenant.defaultLocale);
  return offer?.days[0]?.choices[0]?.value ?? null;
}

/** Creates the town's missing template forms (published) and, with them, its demo requests. True when something was created. */
export async function seedDemoForms(tenant: TTenant, demo: TDemoForms, admin: { id: string; email: string; name: string }): Promise<boolean> {
  const existing = new Set((await listForms(tenant.id)).map((f) => f.template));
  const created = new Map<TTemplateId, TFormRow>();
  for (const templateId of demo.templates) {
    if (existing.has(templateId)) continue;
    const { form } = await createFormFromTemplate({ tenant, templateId, actorId: admin.id, publish: true });
    created.set(templateId, form);
  }
  const agent: TAgentActor = { kind: "agent", sessionId: "demo-seed", tenantId: tenant.id, id: admin.id, email: admin.email, name: admin.name, locale: tenant.defaultLocale, grants: [{ permission: "requests:process", scope: [] }] };
  for (const request of demo.requests) {
    const form = created.get(request.template);
    if (form) await sendDemoRequest(tenant, form, request, agent);
  }
  return created.size > 0;
}
