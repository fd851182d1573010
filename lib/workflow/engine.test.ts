import { describe, expect, it } from "vitest";
import { defaultWorkflow, parseWorkflow, ZWorkflow, type TWorkflow } from "@/lib/workflow/definition";
import { availableActions, dueAutomaticActions, finalStatesWithoutWay, planAction, stateLayers, unreachableStates, workflowProblems } from "@/lib/workflow/engine";

const wf: TWorkflow = parseWorkflow(defaultWorkflow((key) => ({ en: key })));
const DAY = 86_400_000;

describe("workflow engine", () => {
  it("the default workflow is valid, has no unreachable or stuck states and no problems", () => {
    expect(ZWorkflow.safeParse(wf).success).toBe(true);
    expect(unreachableStates(wf)).toEqual([]);
    expect(finalStatesWithoutWay(wf)).toEqual([]);
    expect(workflowProblems(wf)).toEqual([]);
  });

  it("offers the manual actions of the state the agent has the permission for", () => {
    expect(availableActions(wf, "received", () => true).map((a) => a.id)).toEqual(["take", "ask-correction", "refuse"]);
    expect(availableActions(wf, "waiting-citizen", () => true).map((a) => a.id)).toEqual(["refuse"]);
    expect(availableActions(wf, "received", (p) => p !== "requests:process")).toEqual([]);
    expect(availableActions(wf, "done", () => true)).toEqual([]);
    expect(availableActions(wf, null, () => true)).toEqual([]);
  });

  it("finds automatic actions due after their delay only", () => {
    const entered = new Date("2026-01-01T10:00:00Z");
    expect(dueAutomaticActions(wf, "waiting-citizen", entered, new Date(entered.getTime() + 29 * DAY))).toEqual([]);
    expect(dueAutomaticActions(wf, "waiting-citizen", entered, new Date(entered.getTime() + 30 * DAY)).map((a) => a.id)).toEqual(["close-unanswered"]);
    expect(dueAutomaticActions(wf, "in-progress", entered, new Date(entered.getTime() + 300 * DAY))).toEqual([]);
  });

  it("plans an action and explains what is missing", () => {
    expect(planAction(wf, "received", "take", {})).toMatchObject({ to: "in-progress", errors: {} });
    expect(planAction(wf, "done", "take", {}).errors).toEqual({ _form: "workflowActionUnavailable" });
    expect(planAction(wf, "received", "nope", {}).errors).toEqual({ _form: "workflowActionUnavailable" });
    // An automatic action is not an agent's button, and the reverse.
    expect(planAction(wf, "waiting-citizen", "close-unanswered", {}).errors).toEqual({ _form: "workflowActionUnavailable" });
    expect(planAction(wf, "waiting-citizen", "close-unanswered", {}, { automatic: true })).toMatchObject({ to: "refused", errors: {} });
    expect(planAction(wf, "received", "refuse", { comment: "  " }).errors).toEqual({ comment: "workflowCommentRequired" });
    expect(planAction(wf, "received", "refuse", { comment: "No." }).errors).toEqual({});
    const fieldIds = ["name", "photo"];
    expect(planAction(wf, "in-progress", "ask-correction", {}, { fieldIds }).errors).toEqual({ "correction.fields": "workflowCorrectionFields", "correction.message": "workflowCorrectionMessage" });
    expect(planAction(wf, "in-progress", "ask-correction", { correction: { fields: ["other"], message: "x" } }, { fieldIds }).errors).toEqual({ "correction.fields": "workflowCorrectionUnknownField" });
    expect(planAction(wf, "in-progress", "ask-correction", { correction: { fields: ["photo"], message: "A clearer photo" } }, { fieldIds })).toMatchObject({ to: "waiting-citizen", errors: {} });
  });

  it("asks for an agent when the assignment names none", () => {
    const w: TWorkflow = { ...wf, actions: [...wf.actions, { id: "give", labels: { en: "Give" }, from: ["received"], to: "in-progress", permission: "requests:process", tasks: [{ type: "assign", to: "agent" }] }] };
    expect(planAction(w, "received", "give", {}).errors).toEqual({ assigneeId: "workflowAssigneeRequired" });
    expect(planAction(w, "received", "give", { assigneeId: "0198a3a0-0000-7000-8000-000000000000" }).errors).toEqual({});
  });

  it("finds unreachable states, states without a way to an end, and automatic actions that need an agent", () => {
    const w: TWorkflow = {
      initial: "a",
      states: [{ id: "a", labels: {} }, { id: "b", labels: {} }, { id: "loop", labels: {} }, { id: "end", labels: {}, final: true }, { id: "orphan", labels: {} }],
      actions: [
        { id: "ab", labels: {}, from: ["a"], to: "b", permission: "requests:process", tasks: [] },
        { id: "bend", labels: {}, from: ["b"], to: "end", permission: "requests:process", tasks: [] },
        { id: "aloop", labels: {}, from: ["a"], to: "loop", permission: "requests:process", autoAfterDays: 3, tasks: [{ type: "comment", public: false, required: true }] },
      ],
    };
    expect(unreachableStates(w)).toEqual(["orphan"]);
    expect(finalStatesWithoutWay(w)).toEqual(["loop", "orphan"]);
    expect(stateLayers(w).layers).toEqual([["a"], ["b", "loop"], ["end"]]);
    expect(workflowProblems(w)).toEqual([{ path: "actions.2.tasks.0", key: "workflowAutomaticNeedsAgent", params: { action: "aloop" } }]);
    expect(workflowProblems({ ...w, states: w.states.map((s) => ({ ...s, final: false })) }).map((p) => p.key)).toContain("workflowNoFinalState");
  });

  it("refuses an action to a state that does not exist", () => {
    const broken = { ...wf, actions: [{ ...wf.actions[0]!, to: "gone" }] };
    const result = ZWorkflow.safeParse(broken);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["actions", 0, "to"], message: "workflowUnknownState" });
  });
});
