// Records what an actor did (or saw). Called by the action wrapper for every write, and directly for
// reads of a citizen's personal data and for events outside actions (sign-in, jobs, the CLI).
import { appendAuditEntry } from "@/lib/audit/repo";
import { scrubSummary } from "@/lib/audit/chain";
import type { Prisma } from "@/lib/generated/prisma/client";

export type TActorRef = { type: "agent" | "citizen" | "operator" | "system" | "anonymous"; id?: string | null; label?: string | null };

export type TAuditContext = {
  tenantId: string | null;
  actor: TActorRef;
  requestId?: string | null;
  ip?: string | null;
};

export type TAuditEvent = {
  action: string;
  /** Who acted, when the event names someone else than the request's actor (accepting an invitation). */
  actor?: TActorRef;
  targetType?: string | null;
  targetId?: string | null;
  summary?: Record<string, unknown>;
};

export async function recordAudit(ctx: TAuditContext, event: TAuditEvent): Promise<void> {
  await appendAuditEntry({
    tenantId: ctx.tenantId,
    actorType: (event.actor ?? ctx.actor).type,
    actorId: (event.actor ?? ctx.actor).id ?? null,
    actorLabel: (event.actor ?? ctx.actor).label ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    summary: (scrubSummary(event.summary ?? {}) ?? {}) as Prisma.InputJsonValue,
    requestId: ctx.requestId ?? null,
    ip: ctx.ip ?? null,
  });
}

/** An agent looked at a citizen's personal data (who looked at whom). */
export function recordView(ctx: TAuditContext, targetType: string, targetId: string, what?: string): Promise<void> {
  return recordAudit(ctx, { action: "personal-data.view", targetType, targetId, summary: what ? { what } : {} });
}
