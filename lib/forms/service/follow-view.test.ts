import { describe, expect, it } from "vitest";
import type { TRequestEventRow } from "@/lib/forms/repo";
import { followEntries, isPublicEvent } from "@/lib/forms/service/follow-view";
import { defaultWorkflow } from "@/lib/workflow/definition";

const workflow = defaultWorkflow((key) => ({ en: `S ${key}` }));
let n = 0;
const event = (e: Partial<TRequestEventRow>): TRequestEventRow =>
  ({ id: `e${++n}`, tenantId: "t", requestId: "r", kind: "action", actionId: null, fromState: null, toState: null, body: null, public: false, actorId: "agent-1", actorKind: "agent", details: {}, createdAt: new Date(Date.UTC(2026, 0, n)), ...e }) as TRequestEventRow;

describe("the citizen's timeline", () => {
  it("keeps sending, state changes, public messages and corrections, newest first; never internal comments", () => {
    const events = [
      event({ kind: "submitted", toState: "received", public: true, actorKind: "citizen" }),
      event({ kind: "action", fromState: "received", toState: "in-progress" }),
      event({ kind: "assigned", details: { assigneeId: "agent-1" } }),
      event({ kind: "comment", body: "internal note", public: false }),
      event({ kind: "message", body: "We are on it", public: true }),
      event({ kind: "notified", details: { mailId: "m" } }),
      event({ kind: "correction-asked", body: "Which size?", public: true, details: { fields: ["size"] } }),
      event({ kind: "action", fromState: "in-progress", toState: "in-progress", body: null }),
    ];
    const entries = followEntries(events, workflow, null, "en", []);
    expect(entries.map((e) => e.kind)).toEqual(["correction-asked", "message", "state", "submitted"]);
    expect(entries[2]?.state?.text).toBe("S inProgress");
    expect(entries[0]?.body).toBe("Which size?");
    expect(JSON.stringify(entries)).not.toContain("internal note");
    expect(JSON.stringify(entries)).not.toContain("agent-1");
  });

  it("a private comment is never public, whatever its kind", () => {
    expect(isPublicEvent({ kind: "comment", public: true, fromState: null, toState: null })).toBe(false);
    expect(isPublicEvent({ kind: "message", public: false, fromState: null, toState: null })).toBe(false);
    expect(isPublicEvent({ kind: "correction-answered", public: true, fromState: "a", toState: "b" })).toBe(true);
  });
});
