// A form's workflow: the states a request goes through and the actions that move it, each guarded by
// a permission and running tasks. Stored as JSON in form.workflow / form_version.workflow and always
// parsed with ZWorkflow. The engine (lib/workflow/engine.ts) is pure: it says what an action does;
// lib/forms/service/run-action.ts carries it out in one transaction.
import { z } from "zod";
import { ZLocalizedText } from "@/lib/i18n/localized";

export const ZStateId = z.string().regex(/^[a-z][a-z0-9_-]{0,47}$/, "workflowIdFormat");

export const ZState = z.object({
  id: ZStateId,
  /** What the citizen sees on the follow-up page, per locale */
  labels: ZLocalizedText,
  /** A final state: nothing more to do (the inbox hides it by default) */
  final: z.boolean().optional(),
});
export type TState = z.infer<typeof ZState>;

/** Send the citizen an e-mail: subject and body per locale; {reference}, {form}, {state}, {link}, {name} are replaced. */
export const ZNotifyTask = z.object({ type: z.literal("notify"), subjects: ZLocalizedText, bodies: ZLocalizedText });
/** Assign the request: to a given agent (or, without agentId, one the acting agent chooses), to a team (a role of the town), or to the agent who acts. */
export const ZAssignTask = z.object({
  type: z.literal("assign"),
  to: z.enum(["actor", "agent", "team"]),
  agentId: z.uuid().optional(),
  team: z.string().max(64).optional(),
});
/** Ask the citizen to correct some answers or add documents; their answer moves the request to returnState. */
export const ZCorrectionTask = z.object({ type: z.literal("request-correction"), returnState: ZStateId });
/** A comment typed by the agent when acting: internal, or a message the citizen sees. */
export const ZCommentTask = z.object({ type: z.literal("comment"), public: z.boolean(), required: z.boolean().optional() });
/** Anonymise or delete the request this many days after the action. */
export const ZArchiveTask = z.object({ type: z.literal("archive"), mode: z.enum(["anonymise", "delete"]), afterDays: z.number().int().min(0).max(3650) });

export const ZTask = z.discriminatedUnion("type", [ZNotifyTask, ZAssignTask, ZCorrectionTask, ZCommentTask, ZArchiveTask]);
export type TTask = z.infer<typeof ZTask>;
export const TASK_TYPES = ["notify", "assign", "request-correction", "comment", "archive"] as const;

export const ZAction = z.object({
  id: ZStateId,
  /** The button agents see, per locale */
  labels: ZLocalizedText,
  /** States the action is offered in */
  from: z.array(ZStateId).min(1),
  /** State after the action; for a correction request, the state while waiting for the citizen */
  to: ZStateId,
  /** Agents need this permission on the form (requests:process, or a stricter custom one) */
  permission: z.string().max(80).default("requests:process"),
  /** Run by itself this many days after the request entered one of `from` (no agent, no permission) */
  autoAfterDays: z.number().int().min(1).max(3650).optional(),
  tasks: z.array(ZTask).max(10).default([]),
});
export type TAction = z.infer<typeof ZAction>;

export const ZWorkflow = z
  .object({
    /** The state a request enters when the citizen sends it */
    initial: ZStateId,
    states: z.array(ZState).min(1).max(30),
    actions: z.array(ZAction).max(60),
  })
  .superRefine((wf, ctx) => {
    const states = new Set<string>();
    wf.states.forEach((s, i) => {
      if (states.has(s.id)) ctx.addIssue({ code: "custom", path: ["states", i, "id"], message: "workflowStateIdTaken" });
      states.add(s.id);
    });
    if (!states.has(wf.initial)) ctx.addIssue({ code: "custom", path: ["initial"], message: "workflowUnknownState" });
    const actions = new Set<string>();
    wf.actions.forEach((a, i) => {
      if (actions.has(a.id)) ctx.addIssue({ code: "custom", path: ["actions", i, "id"], message: "workflowActionIdTaken" });
      actions.add(a.id);
      a.from.forEach((f, j) => {
        if (!states.has(f)) ctx.addIssue({ code: "custom", path: ["actions", i, "from", j], message: "workflowUnknownState" });
      });
      if (!states.has(a.to)) ctx.addIssue({ code: "custom", path: ["actions", i, "to"], message: "workflowUnknownState" });
      a.tasks.forEach((t, k) => {
        if (t.type === "request-correction" && !states.has(t.returnState)) ctx.addIssue({ code: "custom", path: ["actions", i, "tasks", k, "returnState"], message: "workflowUnknownState" });
        if (t.type === "assign" && t.to === "team" && !t.team) ctx.addIssue({ code: "custom", path: ["actions", i, "tasks", k, "team"], message: "required" });
      });
    });
  });
export type TWorkflow = z.infer<typeof ZWorkflow>;

export function parseWorkflow(value: unknown): TWorkflow {
  return ZWorkflow.parse(value);
}

export type TDefaultWorkflowLabel = "received" | "inProgress" | "done" | "refused" | "take" | "accept" | "refuse" | "askCorrection" | "waitingCitizen" | "closeUnanswered";

/** Days a request waits for the citizen's correction before the default workflow closes it. */
export const DEFAULT_CLOSE_UNANSWERED_DAYS = 30;

/**
 * The workflow a new blank form starts with: received → in progress → done / refused, a request for
 * correction that waits for the citizen, closed by itself after 30 days without an answer. Labels come
 * from the "Workflow.defaults" messages, one text per locale.
 */
export function defaultWorkflow(labels: (key: TDefaultWorkflowLabel) => Record<string, string>): TWorkflow {
  return {
    initial: "received",
    states: [
      { id: "received", labels: labels("received") },
      { id: "in-progress", labels: labels("inProgress") },
      { id: "waiting-citizen", labels: labels("waitingCitizen") },
      { id: "done", labels: labels("done"), final: true },
      { id: "refused", labels: labels("refused"), final: true },
    ],
    actions: [
      { id: "take", labels: labels("take"), from: ["received"], to: "in-progress", permission: "requests:process", tasks: [{ type: "assign", to: "actor" }] },
      { id: "ask-correction", labels: labels("askCorrection"), from: ["received", "in-progress"], to: "waiting-citizen", permission: "requests:process", tasks: [{ type: "request-correction", returnState: "in-progress" }] },
      { id: "accept", labels: labels("accept"), from: ["in-progress"], to: "done", permission: "requests:process", tasks: [{ type: "comment", public: true }, { type: "archive", mode: "anonymise", afterDays: 365 }] },
      { id: "refuse", labels: labels("refuse"), from: ["received", "in-progress", "waiting-citizen"], to: "refused", permission: "requests:process", tasks: [{ type: "comment", public: true, required: true }, { type: "archive", mode: "anonymise", afterDays: 365 }] },
      {
        id: "close-unanswered",
        labels: labels("closeUnanswered"),
        from: ["waiting-citizen"],
        to: "refused",
        permission: "requests:process",
        autoAfterDays: DEFAULT_CLOSE_UNANSWERED_DAYS,
        tasks: [{ type: "archive", mode: "anonymise", afterDays: 365 }],
      },
    ],
  };
}
