// Ready-made form: bulky-waste pickup. The citizen gives the address, lists the items, picks a pickup
// time from an appointments service (or, without the appointments module, a date at least 3 days
// ahead), may add photos, and leaves a phone number for the crew. Workflow: received → scheduled
// (the citizen is told) → collected / refused, with a request for correction.
import type { TField, TFormDefinition } from "@/lib/forms/definition";
import { MAIL_PLACEHOLDERS, type TTemplateBuild, type TTx } from "@/lib/forms/templates/texts";
import type { TWorkflow } from "@/lib/workflow/definition";

export const BULKY_WASTE_ITEMS = ["furniture", "mattress", "appliance", "electronics", "other"] as const;

export type TBulkyWasteOptions = {
  /** The appointments service offering pickup times; null: a plain date field */
  serviceId: string | null;
  /** Postcode and town checks of the address (see townAddressRules) */
  address: { postcodePattern?: string; towns?: string[] };
};

const k = (key: string) => `bulkyWaste.${key}`;

function pickupField(tx: TTx, serviceId: string | null): TField {
  if (serviceId) return { id: "pickup", type: "slot", labels: tx(k("pickup.label")), hints: tx(k("pickup.hint")), required: true, serviceId };
  return {
    id: "pickup",
    type: "date",
    labels: tx(k("pickupDate.label")),
    hints: tx(k("pickupDate.hint")),
    required: true,
    validation: { minDaysFromToday: 3, maxDaysFromToday: 90 },
  };
}

export function bulkyWasteDefinition(tx: TTx, options: TBulkyWasteOptions): TFormDefinition {
  return {
    steps: [
      {
        id: "address",
        titles: tx(k("steps.address")),
        fields: [
          {
            id: "address",
            type: "address",
            labels: tx(k("address.label")),
            hints: tx(k("address.hint")),
            required: true,
            validation: { ...(options.address.postcodePattern ? { postcodePattern: options.address.postcodePattern } : {}), ...(options.address.towns ? { towns: options.address.towns } : {}) },
          },
        ],
      },
      {
        id: "items",
        titles: tx(k("steps.items")),
        fields: [
          {
            id: "items",
            type: "group",
            labels: tx(k("items.label")),
            hints: tx(k("items.hint")),
            required: true,
            minItems: 1,
            maxItems: 10,
            fields: [
              {
                id: "item",
                type: "choice",
                display: "select",
                labels: tx(k("item.label")),
                required: true,
                options: BULKY_WASTE_ITEMS.map((value) => ({ value, labels: tx(k(`item.${value}`)) })),
              },
              { id: "quantity", type: "number", labels: tx(k("quantity.label")), required: true, validation: { min: 1, max: 20, integer: true } },
              {
                id: "description",
                type: "text",
                labels: tx(k("itemDescription.label")),
                hints: tx(k("itemDescription.hint")),
                required: true,
                validation: { maxLength: 200 },
                conditions: { mode: "all", rules: [{ field: "item", op: "equals", value: "other" }] },
              },
            ],
          },
        ],
      },
      {
        id: "pickup",
        titles: tx(k("steps.pickup")),
        fields: [{ id: "pickup_info", type: "info", labels: tx(k("pickupInfo.label")), texts: tx(k("pickupInfo.text")) }, pickupField(tx, options.serviceId)],
      },
      {
        id: "photos",
        titles: tx(k("steps.photos")),
        fields: [
          {
            id: "photos",
            type: "file",
            labels: tx(k("photos.label")),
            hints: tx(k("photos.hint")),
            required: false,
            validation: { fileKinds: ["image"], maxFiles: 3, maxSizeMb: 10 },
          },
        ],
      },
      {
        id: "contact",
        titles: tx(k("steps.contact")),
        fields: [{ id: "phone", type: "phone", labels: tx(k("phone.label")), hints: tx(k("phone.hint")), required: true }],
      },
    ],
  };
}

export function bulkyWasteWorkflow(tx: TTx): TWorkflow {
  return {
    initial: "received",
    states: [
      { id: "received", labels: tx(k("states.received")) },
      { id: "scheduled", labels: tx(k("states.scheduled")) },
      { id: "waiting-citizen", labels: tx(k("states.waitingCitizen")) },
      { id: "collected", labels: tx(k("states.collected")), final: true },
      { id: "refused", labels: tx(k("states.refused")), final: true },
    ],
    actions: [
      {
        id: "schedule",
        labels: tx(k("actions.schedule")),
        from: ["received"],
        to: "scheduled",
        permission: "requests:process",
        tasks: [
          { type: "assign", to: "actor" },
          { type: "notify", subjects: tx(k("mail.scheduledSubject"), MAIL_PLACEHOLDERS), bodies: tx(k("mail.scheduledBody"), MAIL_PLACEHOLDERS) },
        ],
      },
      {
        id: "ask-correction",
        labels: tx(k("actions.askCorrection")),
        from: ["received", "scheduled"],
        to: "waiting-citizen",
        permission: "requests:process",
        tasks: [{ type: "request-correction", returnState: "received" }],
      },
      {
        id: "collect",
        labels: tx(k("actions.collect")),
        from: ["scheduled"],
        to: "collected",
        permission: "requests:process",
        tasks: [
          { type: "comment", public: true },
          { type: "archive", mode: "anonymise", afterDays: 365 },
        ],
      },
      {
        id: "refuse",
        labels: tx(k("actions.refuse")),
        from: ["received", "scheduled", "waiting-citizen"],
        to: "refused",
        permission: "requests:process",
        tasks: [
          { type: "comment", public: true, required: true },
          { type: "archive", mode: "anonymise", afterDays: 365 },
        ],
      },
    ],
  };
}

export function bulkyWasteTemplate(tx: TTx, options: TBulkyWasteOptions): TTemplateBuild {
  return {
    titles: tx(k("title")),
    descriptions: tx(k("description")),
    nextSteps: tx(k("nextSteps")),
    definition: bulkyWasteDefinition(tx, options),
    workflow: bulkyWasteWorkflow(tx),
  };
}
