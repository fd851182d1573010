// The form builder on a real PostgreSQL: a blank form with the default workflow in the town's
// languages, steps and fields edited, publishing refused with reasons then version 1, more edits and
// version 2 (version 1 and its requests untouched), closing with a message, and isolation: another
// town's form is not found, an agent scoped to another form is refused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { getAgentForSession } from "@/lib/agents/service/get-agent-for-session";
import { db } from "@/lib/core/db";
import { FieldsError, ForbiddenError, NotFoundError } from "@/lib/core/errors";
import { parseDefinition } from "@/lib/forms/definition";
import { findForm, findVersion, listVersions } from "@/lib/forms/repo";
import { createBlankForm } from "@/lib/forms/service/create-form";
import { updateFormSettings } from "@/lib/forms/service/edit-form";
import { addField, addStep, changeField, changeStep, saveField } from "@/lib/forms/service/edit-fields";
import { closeForm, publishForm, reopenForm } from "@/lib/forms/service/publish-form";
import { parseWorkflow } from "@/lib/workflow/definition";
import type { TTenant } from "@/lib/tenancy/registry";
import { closeAppDatabase, openAppDatabase, type TAppDatabase } from "@/tests/fixtures/app-database";
import { createVisibleTown } from "@/tests/fixtures/towns";

async function agent(tenant: TTenant, local: string, roles: ("agent" | "service-manager" | "administrator")[], scope: string[] = []) {
  const { id } = await createAgentWithPassword({ tenantId: tenant.id, email: `${local}@${tenant.slug}.test`, name: local, password: "a long enough passphrase", roles, scope });
  const actor = await getAgentForSession(tenant.id, id);
  if (!actor) throw new Error("agent");
  return { ...actor, kind: "agent" as const, sessionId: "test" };
}

const settings = (titles: Record<string, string>, slug: string) => ({
  titles,
  descriptions: {},
  nextSteps: {},
  closedMessages: {},
  slug,
  referencePrefix: "TS",
  loginRequired: false,
  onePerCitizen: true,
  draftRetentionDays: 14,
});

describe("forms: the builder", () => {
  let database: TAppDatabase;
  let a: TTenant;
  let b: TTenant;
  let adminA: Awaited<ReturnType<typeof agent>>;
  let adminB: Awaited<ReturnType<typeof agent>>;

  beforeAll(async () => {
    database = await openAppDatabase("forms_builder");
    a = await createVisibleTown("builder-a");
    b = await createVisibleTown("builder-b");
    adminA = await agent(a, "admin", ["administrator"]);
    adminB = await agent(b, "admin", ["administrator"]);
  });

  afterAll(async () => {
    await closeAppDatabase(database);
  });

  it("creates a blank form: slug from the title, default workflow in every language, one empty step", async () => {
    const form = await createBlankForm(a, adminA, { titles: { fr: "Demande d’acte de naissance", en: "Birth certificate" }, referencePrefix: "AN" });
    expect(form).toMatchObject({ slug: "demande-d-acte-de-naissance", status: "draft", referencePrefix: "AN", currentVersionId: null });
    const def = parseDefinition(form.definition);
    expect(def.steps).toHaveLength(1);
    expect(def.steps[0]!.fields).toEqual([]);
    const workflow = parseWorkflow(form.workflow);
    expect(workflow.initial).toBe("received");
    expect(Object.keys(workflow.states[0]!.labels).sort()).toEqual(["en", "fr"]);
    // The same address again is a field error; so is a title missing in the default language.
    await expect(createBlankForm(a, adminA, { titles: { fr: "Autre" }, slug: form.slug, referencePrefix: "AN" })).rejects.toMatchObject({ fields: { slug: { key: "formSlugTaken" } } });
    await expect(createBlankForm(a, adminA, { titles: { en: "Only English" }, referencePrefix: "AN" })).rejects.toMatchObject({ fields: { "titles.fr": { key: "formTitleRequired" } } });
    // Another town may use the same address.
    const elsewhere = await createBlankForm(b, adminB, { titles: { fr: "Demande d’acte de naissance" }, referencePrefix: "AN" });
    expect(elsewhere.slug).toBe(form.slug);
  });

  it("edits steps and fields, refuses to publish with reasons, publishes v1 then v2 leaving v1 and its requests alone", async () => {
    const form = await createBlankForm(a, adminA, { titles: { fr: "Encombrants" }, slug: "encombrants", referencePrefix: "BW" });
    // Nothing to answer yet.
    await expect(publishForm(a, adminA, form.id, "en")).rejects.toBeInstanceOf(FieldsError);

    const step1 = parseDefinition(form.definition).steps[0]!.id;
    const kind = await addField(a, adminA, form.id, { stepId: step1, type: "choice", labels: { fr: "Type d’objet" } });
    expect(kind.id).toBe("type_d_objet");
    const detail = await addField(a, adminA, form.id, { stepId: step1, type: "text", code: "detail", labels: { fr: "Précisez" } });
    await expect(addField(a, adminA, form.id, { stepId: step1, type: "text", code: "detail", labels: { fr: "Doublon" } })).rejects.toMatchObject({ fields: { code: { key: "formFieldCodeTaken" } } });

    // A choice with one option cannot be published; the reasons say which field.
    await saveField(a, adminA, form.id, { fieldId: kind.id }, { required: true, display: "radio", "labels.fr": "Type d’objet", "options.0.value": "meuble", "options.0.labels.fr": "Meuble" });
    const refused = await publishForm(a, adminA, form.id, "en").catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(FieldsError);
    expect(Object.values((refused as FieldsError).fields).map((f) => f.key)).toContain("formChoiceOptions");

    // Options (one code made from its label), and a condition on an earlier field only.
    await saveField(a, adminA, form.id, { fieldId: kind.id }, { required: true, display: "radio", "labels.fr": "Type d’objet", "options.0.value": "meuble", "options.0.labels.fr": "Meuble", "options.1.labels.fr": "Électroménager", "options.1.labels.en": "Appliance" });
    await expect(saveField(a, adminA, form.id, { fieldId: kind.id }, { "labels.fr": "Type", "options.0.value": "a", "options.0.labels.fr": "A", "options.1.value": "b", "options.1.labels.fr": "B", "rules.0.field": detail.id, "rules.0.op": "filled" })).rejects.toMatchObject({
      fields: { "rules.0.field": { key: "formConditionEarlierOnly" } },
    });
    await saveField(a, adminA, form.id, { fieldId: detail.id }, { required: false, "labels.fr": "Précisez", maxLength: "200", conditionMode: "all", "rules.0.field": kind.id, "rules.0.op": "equals", "rules.0.value": "meuble", "rules.1.field": "" });
    const afterSave = parseDefinition((await findForm(a.id, form.id))!.definition);
    expect(afterSave.steps[0]!.fields[0]!.options!.map((o) => o.value)).toEqual(["meuble", "electromenager"]);
    expect(afterSave.steps[0]!.fields[1]).toMatchObject({ required: false, validation: { maxLength: 200 }, conditions: { mode: "all", rules: [{ field: kind.id, op: "equals", value: "meuble" }] } });

    // A second step with a file field.
    const step2 = await addStep(a, adminA, form.id, { fr: "Photos" });
    const photos = await addField(a, adminA, form.id, { stepId: step2.id, type: "file", labels: { fr: "Photos" } });
    expect(photos.validation).toMatchObject({ fileKinds: ["pdf", "image"], maxFiles: 1 });

    const v1 = await publishForm(a, adminA, form.id, "en");
    expect(v1.number).toBe(1);
    expect((await findForm(a.id, form.id))).toMatchObject({ status: "published", currentVersionId: v1.id });
    // A request filled with version 1.
    const request = await db().formRequest.create({ data: { tenantId: a.id, formId: form.id, versionId: v1.id, locale: "fr", data: { type_d_objet: "meuble" } } });

    // Edit after publishing: the published version does not change.
    await saveField(a, adminA, form.id, { fieldId: detail.id }, { required: true, "labels.fr": "Décrivez l’objet", "rules.0.field": kind.id, "rules.0.op": "equals", "rules.0.value": "meuble" });
    await changeField(a, adminA, form.id, { fieldId: photos.id, move: "delete" });
    await updateFormSettings(a, adminA, form.id, settings({ fr: "Encombrants (nouveau)" }, "encombrants"));
    const frozen = await findVersion(a.id, v1.id);
    expect(parseDefinition(frozen!.definition).steps[0]!.fields[1]!.labels.fr).toBe("Précisez");
    expect(parseDefinition(frozen!.definition).steps[1]!.fields).toHaveLength(1);

    const v2 = await publishForm(a, adminA, form.id, "en");
    expect(v2.number).toBe(2);
    expect(v2.titles).toEqual({ fr: "Encombrants (nouveau)" });
    expect((await findForm(a.id, form.id))!.currentVersionId).toBe(v2.id);
    expect((await listVersions(a.id, form.id)).map((v) => v.number)).toEqual([2, 1]);
    expect(await findVersion(a.id, v1.id)).toEqual(frozen);
    expect((await db().formRequest.findUnique({ where: { id: request.id } }))!.versionId).toBe(v1.id);

    // A step can be moved and deleted; a later condition on a moved field is refused at publishing.
    await changeStep(a, adminA, form.id, step2.id, "up");
    expect(parseDefinition((await findForm(a.id, form.id))!.definition).steps[0]!.id).toBe(step2.id);
    await changeStep(a, adminA, form.id, step2.id, "delete");
    expect(parseDefinition((await findForm(a.id, form.id))!.definition).steps).toHaveLength(1);
  });

  it("closes a published form with a message and reopens it", async () => {
    const form = await createBlankForm(a, adminA, { titles: { fr: "Salle" }, slug: "salle", referencePrefix: "SA" });
    await expect(closeForm(a, adminA, form.id, { fr: "Fermé" })).rejects.toMatchObject({ key: "formNotPublished" });
    const step = parseDefinition(form.definition).steps[0]!.id;
    await addField(a, adminA, form.id, { stepId: step, type: "textarea", labels: { fr: "Motif" } });
    await publishForm(a, adminA, form.id, "fr");
    await expect(closeForm(a, adminA, form.id, { en: "Closed" })).rejects.toMatchObject({ fields: { "closedMessages.fr": { key: "formClosedMessageRequired" } } });
    const closed = await closeForm(a, adminA, form.id, { fr: "Les réservations reprennent en septembre." });
    expect(closed).toMatchObject({ status: "closed", closedMessages: { fr: "Les réservations reprennent en septembre." } });
    expect(await reopenForm(a, adminA, form.id)).toMatchObject({ status: "published" });
  });

  it("another town's form is not found; an agent scoped to another form is refused", async () => {
    const mine = await createBlankForm(a, adminA, { titles: { fr: "Mien" }, slug: "mien", referencePrefix: "MI" });
    const other = await createBlankForm(a, adminA, { titles: { fr: "Autre" }, slug: "autre", referencePrefix: "AU" });
    const step = parseDefinition(mine.definition).steps[0]!.id;
    // Town B's administrator with town A's ids.
    await expect(addField(b, adminB, mine.id, { stepId: step, type: "text", labels: { fr: "x" } })).rejects.toBeInstanceOf(NotFoundError);
    await expect(publishForm(b, adminB, mine.id, "fr")).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateFormSettings(b, adminB, mine.id, settings({ fr: "Volé" }, "vole"))).rejects.toBeInstanceOf(NotFoundError);
    // A designer scoped to the other form.
    const scoped = await agent(a, "scoped", ["service-manager"], [`form:${other.id}`]);
    await expect(addField(a, scoped, mine.id, { stepId: step, type: "text", labels: { fr: "x" } })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(publishForm(a, scoped, mine.id, "fr")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createBlankForm(a, scoped, { titles: { fr: "Nouveau" }, referencePrefix: "NO" })).rejects.toBeInstanceOf(ForbiddenError);
    // …but may edit the form of its scope.
    const field = await addField(a, scoped, other.id, { stepId: parseDefinition(other.definition).steps[0]!.id, type: "yesno", labels: { fr: "Oui ou non" } });
    expect(field).toMatchObject({ type: "yesno", required: true });
    // An agent without forms:design.
    const clerk = await agent(a, "clerk", ["agent"]);
    await expect(addField(a, clerk, other.id, { stepId: "step-1", type: "text", labels: { fr: "x" } })).rejects.toBeInstanceOf(ForbiddenError);
  });
});
