// Ready-made form: civil-status certificate request (birth, marriage or death). The citizen says which
// certificate and copy, whose it is and how they are related, and how to deliver it (post or e-mail).
// Anyone other than the person concerned attaches an identity document (and the town may ask for
// proof of the relationship through a correction). Workflow: received → in progress → sent / refused,
// a request for correction, closed by itself after 30 days without an answer, anonymised after a year.
import type { TFormDefinition } from "@/lib/forms/definition";
import { MAIL_PLACEHOLDERS, type TTemplateBuild, type TTx } from "@/lib/forms/templates/texts";
import type { TWorkflow } from "@/lib/workflow/definition";

export const CERTIFICATE_TYPES = ["birth", "marriage", "death"] as const;
export const COPY_TYPES = ["full", "extract-parentage", "extract-no-parentage"] as const;
export const RELATIONSHIPS = ["self", "parent", "child", "spouse", "legal-representative", "other"] as const;
export const DELIVERY_MODES = ["post", "email"] as const;

/** Option keys are camelCase in the catalogue: "extract-parentage" → "extractParentage". */
const camel = (value: string) => value.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
const k = (key: string) => `civilStatus.${key}`;

export function civilStatusDefinition(tx: TTx): TFormDefinition {
  const choice = (group: string, values: readonly string[]) => values.map((value) => ({ value, labels: tx(k(`${group}.${camel(value)}`)) }));
  return {
    steps: [
      {
        id: "certificate",
        titles: tx(k("steps.certificate")),
        fields: [
          { id: "certificate_info", type: "info", labels: tx(k("certificateInfo.label")), texts: tx(k("certificateInfo.text")) },
          { id: "certificate_type", type: "choice", display: "radio", labels: tx(k("certificateType.label")), required: true, options: choice("certificateType", CERTIFICATE_TYPES) },
          { id: "copy_type", type: "choice", display: "radio", labels: tx(k("copyType.label")), hints: tx(k("copyType.hint")), required: true, options: choice("copyType", COPY_TYPES) },
        ],
      },
      {
        id: "person",
        titles: tx(k("steps.person")),
        fields: [
          { id: "person_name", type: "text", labels: tx(k("personName.label")), hints: tx(k("personName.hint")), required: true, validation: { maxLength: 200 } },
          { id: "person_birth_date", type: "date", labels: tx(k("personBirthDate.label")), required: true, validation: { maxDaysFromToday: 0 } },
          { id: "person_birth_place", type: "text", labels: tx(k("personBirthPlace.label")), required: true, validation: { maxLength: 200 } },
          {
            id: "event_date",
            type: "date",
            labels: tx(k("eventDate.label")),
            hints: tx(k("eventDate.hint")),
            required: true,
            validation: { maxDaysFromToday: 0 },
            conditions: { mode: "all", rules: [{ field: "certificate_type", op: "not-equals", value: "birth" }] },
          },
        ],
      },
      {
        id: "relationship",
        titles: tx(k("steps.relationship")),
        fields: [
          { id: "relationship", type: "choice", display: "radio", labels: tx(k("relationship.label")), required: true, options: choice("relationship", RELATIONSHIPS) },
          {
            id: "relationship_other",
            type: "text",
            labels: tx(k("relationshipOther.label")),
            required: true,
            validation: { maxLength: 200 },
            conditions: { mode: "all", rules: [{ field: "relationship", op: "equals", value: "other" }] },
          },
        ],
      },
      {
        id: "delivery",
        titles: tx(k("steps.delivery")),
        fields: [
          { id: "delivery", type: "choice", display: "radio", labels: tx(k("delivery.label")), required: true, options: choice("delivery", DELIVERY_MODES) },
          {
            id: "delivery_address",
            type: "address",
            labels: tx(k("deliveryAddress.label")),
            hints: tx(k("deliveryAddress.hint")),
            required: true,
            // Certificates are posted anywhere: no postcode or town restriction (any postcode format).
            validation: { postcodePattern: "^[A-Za-z0-9 -]{2,12}$" },
            conditions: { mode: "all", rules: [{ field: "delivery", op: "equals", value: "post" }] },
          },
          {
            id: "delivery_email_info",
            type: "info",
            labels: tx(k("deliveryEmailInfo.label")),
            texts: tx(k("deliveryEmailInfo.text")),
            conditions: { mode: "all", rules: [{ field: "delivery", op: "equals", value: "email" }] },
          },
        ],
      },
      {
        id: "documents",
        titles: tx(k("steps.documents")),
        // The person concerned needs no document; anyone else proves who they are.
        conditions: { mode: "all", rules: [{ field: "relationship", op: "not-equals", value: "self" }] },
        fields: [
          {
            id: "id_document",
            type: "file",
            labels: tx(k("idDocument.label")),
            hints: tx(k("idDocument.hint")),
            required: true,
            validation: { fileKinds: ["pdf", "image"], maxFiles: 2, maxSizeMb: 10 },
            conditions: { mode: "all", rules: [{ field: "relationship", op: "not-equals", value: "self" }] },
          },
        ],
      },
    ],
  };
}

export function civilStatusWorkflow(tx: TTx): TWorkflow {
  return {
    initial: "received",
    states: [
      { id: "received", labels: tx(k("states.received")) },
      { id: "in-progress", labels: tx(k("states.inProgress")) },
      { id: "waiting-citizen", labels: tx(k("states.waitingCitizen")) },
      { id: "sent", labels: tx(k("states.sent")), final: true },
      { id: "refused", labels: tx(k("states.refused")), final: true },
      { id: "closed", labels: tx(k("states.closed")), final: true },
    ],
    actions: [
      { id: "take", labels: tx(k("actions.take")), from: ["received"], to: "in-progress", permission: "requests:process", tasks: [{ type: "assign", to: "actor" }] },
      {
        id: "ask-correction",
        labels: tx(k("actions.askCorrection")),
        from: ["received", "in-progress"],
        to: "waiting-citizen",
        permission: "requests:process",
        tasks: [{ type: "request-correction", returnState: "in-progress" }],
      },
      {
        id: "send",
        labels: tx(k("actions.send")),
        from: ["in-progress"],
        to: "sent",
        permission: "requests:process",
        tasks: [
          { type: "comment", public: true },
          { type: "notify", subjects: tx(k("mail.sentSubject"), MAIL_PLACEHOLDERS), bodies: tx(k("mail.sentBody"), MAIL_PLACEHOLDERS) },
          { type: "archive", mode: "anonymise", afterDays: 365 },
        ],
      },
      {
        id: "refuse",
        labels: tx(k("actions.refuse")),
        from: ["received", "in-progress", "waiting-citizen"],
        to: "refused",
        permission: "requests:process",
        tasks: [
          { type: "comment", public: true, required: true },
          { type: "archive", mode: "anonymise", afterDays: 365 },
        ],
      },
      {
        id: "close-unanswered",
        labels: tx(k("actions.closeUnanswered")),
        from: ["waiting-citizen"],
        to: "closed",
        permission: "requests:process",
        autoAfterDays: 30,
        tasks: [
          { type: "notify", subjects: tx(k("mail.closedSubject"), MAIL_PLACEHOLDERS), bodies: tx(k("mail.closedBody"), MAIL_PLACEHOLDERS) },
          { type: "archive", mode: "anonymise", afterDays: 365 },
        ],
      },
    ],
  };
}

export function civilStatusTemplate(tx: TTx): TTemplateBuild {
  return {
    titles: tx(k("title")),
    descriptions: tx(k("description")),
    nextSteps: tx(k("nextSteps")),
    definition: civilStatusDefinition(tx),
    workflow: civilStatusWorkflow(tx),
  };
}
