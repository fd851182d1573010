// The workflow editor in Chromium: an administrator adds a state and an action with a notification,
// sees them in the lists and in the diagram; deleting a state an action leads to is refused with an
// explanation naming the action; axe-core on every page, also in Arabic (right to left).
import { expect as baseExpect, test, type Page } from "@playwright/test";
import { db } from "@/lib/core/db";
import { defaultWorkflow } from "@/lib/workflow/definition";
import { createTestWorld, enableForms, expectAccessible, signIn, townUrl } from "./fixtures";

async function formWorld() {
  const world = await createTestWorld({ locales: ["fr", "en", "ar"] });
  const tenant = await enableForms(world);
  const workflow = defaultWorkflow((key) => ({ fr: `fr ${key}`, en: `en ${key}`, ar: `ar ${key}` }));
  const form = await db().form.create({
    data: { tenantId: tenant.id, slug: "encombrants", titles: { fr: "Encombrants", en: "Bulky waste", ar: "نفايات كبيرة" }, definition: { steps: [] }, workflow, referencePrefix: "BW" },
  });
  return { world, form };
}

// A shared, busy machine compiles pages on first use: be patient.
const expect = baseExpect.configure({ timeout: 90_000 });
test.use({ navigationTimeout: 180_000, actionTimeout: 90_000 });

/** Submits and waits for the answer (error summary or notice taking focus), patient with a busy machine. */
async function submitAndWait(page: Page, button: ReturnType<Page["getByRole"]>) {
  await button.click();
  await expect(page.locator("[role=alert][tabindex='-1'], [role=status][tabindex='-1']").first()).toBeFocused({ timeout: 150_000 });
}

async function goto(page: Page, url: string) {
  const response = await page.goto(url);
  expect(response?.status(), url).toBe(200);
  await expectAccessible(page);
}

test.describe("workflow editor", () => {
  test("an administrator adds a state and an action with an e-mail; a broken change is refused with a reason", async ({ page }) => {
    const { world, form } = await formWorld();
    const base = (locale: string) => townUrl(world.slug, `/${locale}/admin/forms/${form.id}/workflow`);
    await signIn(page, world.slug, "en", world.agents.admin!.email);
    await goto(page, base("en"));
    const diagram = page.getByRole("img", { name: /Diagram of the workflow: 5 states and 5 actions/ });
    await expect(diagram).toBeVisible();

    // A new state.
    const stateForm = page.locator("form#state-form");
    await stateForm.locator("#f-labels-fr").fill("Collecte planifiée");
    await stateForm.locator("#f-labels-en").fill("Pickup planned");
    await submitAndWait(page, stateForm.getByRole("button", { name: "Add the state" }));
    await expect(page.getByRole("table", { name: "States" })).toContainText("Pickup planned");
    await expect(page.locator("svg[role=img]")).toContainText("Pickup planned");
    // Not reached by any action yet: a warning says so.
    await expect(page.getByText(/No action leads to: Pickup planned/)).toBeVisible();

    // A new action from "in progress" to it; then a notification task.
    const actionForm = page.locator("form#action-form");
    await actionForm.locator("#f-labels-fr").fill("Planifier");
    await actionForm.locator("#f-labels-en").fill("Plan the pickup");
    await actionForm.getByLabel("en inProgress").check();
    await actionForm.locator("#f-to").selectOption({ label: "Pickup planned" });
    await actionForm.getByRole("button", { name: "Add the action" }).click();
    await expect(page).toHaveURL(/\/workflow\/actions\/plan/, { timeout: 150_000 });
    await expectAccessible(page);
    const taskForm = page.locator("form#task-form");
    await taskForm.locator("#f-type").selectOption("notify");
    await submitAndWait(page, taskForm.getByRole("button", { name: "Add the task" }));
    const edit = page.locator("form#action-edit");
    await expect(edit.getByRole("group", { name: /Task 1: E-mail the citizen/ })).toBeVisible();
    await edit.locator("#f-tasks-0-subjects-fr").fill("{reference} : collecte planifiée");
    await edit.locator("#f-tasks-0-bodies-fr").fill("Bonjour {name}, votre collecte est planifiée.");
    await edit.locator("#f-tasks-0-subjects-en").fill("{reference}: pickup planned");
    await edit.locator("#f-tasks-0-bodies-en").fill("Hello {name}, your pickup is planned.");
    await submitAndWait(page, edit.getByRole("button", { name: "Save" }));
    await expect(page.locator(":focus")).toHaveText("Saved.");

    await goto(page, base("en"));
    const actions = page.getByRole("table", { name: "Actions" });
    await expect(actions.getByRole("row", { name: /Plan the pickup/ })).toContainText("E-mail the citizen");
    await expect(page.locator("svg[role=img]")).toContainText("Plan the pickup");
    await expect(page.getByText(/No action leads to/)).toHaveCount(0);
    const stored = await db().form.findUniqueOrThrow({ where: { id: form.id } });
    const action = (stored.workflow as { actions: { id: string; to: string; tasks: { type: string; subjects: Record<string, string> }[] }[] }).actions.find((a) => a.id.startsWith("plan"))!;
    expect(action.tasks[0]).toMatchObject({ type: "notify", subjects: { en: "{reference}: pickup planned" } });

    // Deleting the state the new action leads to is refused, naming the action.
    await submitAndWait(page, page.getByRole("button", { name: "Delete “Pickup planned”" }));
    await expect(page.getByRole("alert", { name: "There is a problem" })).toContainText("The action “Plan the pickup” leads or returns to a state that does not exist any more");
    await expect(page.getByRole("table", { name: "States" })).toContainText("Pickup planned");
    await expectAccessible(page);

    // In Arabic, right to left.
    await goto(page, base("ar"));
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    await expect(page.locator("svg[role=img]")).toBeVisible();
    await goto(page, `${base("ar")}/actions/${action.id}`);
    await goto(page, `${base("ar")}/states/received`);
  });
});
