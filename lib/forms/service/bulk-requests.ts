// Bulk actions of the inbox: one workflow action, "assign to me" or "assign to an agent" on several
// requests. Each request is done in its own transaction (with its audit entry): one that cannot be done
// (another state, a form outside the agent's scope, a comment required) is skipped with the reason,
// the others are done. A request the agent may not see is reported as not found, without its reference.
import { recordAudit, type TAuditContext } from "@/lib/audit/service/record-audit";
import type { TAgentActor } from "@/lib/auth/session";
import { inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { findSentRequests } from "@/lib/forms/repo";
import { mayWorkOnForm } from "@/lib/forms/service/form-scope";
import { PROCESS } from "@/lib/forms/service/request-list";
import { assignRequest, runRequestAction } from "@/lib/forms/service/run-action";
import type { TTenant } from "@/lib/tenancy/registry";

export const BULK_MAX = 200;

export type TBulkChoice = { kind: "action"; actionId: string; comment?: string } | { kind: "assign"; assigneeId: string };

export type TBulkOutcome = {
  changed: { id: string; reference: string | null }[];
  /** reason: a message key of "Errors" */
  skipped: { id: string; reference: string | null; reason: string }[];
};

function reasonOf(error: unknown): string | null {
  if (error instanceof FieldsError) return Object.values(error.fields)[0]?.key ?? error.key;
  if (error instanceof ActionError) return error.key;
  return null;
}

export async function bulkRun(input: { tenant: TTenant; actor: TAgentActor; requestIds: string[]; choice: TBulkChoice; audit: TAuditContext; now?: Date }): Promise<TBulkOutcome> {
  const { tenant, actor, choice } = input;
  const ids = [...new Set(input.requestIds)].slice(0, BULK_MAX);
  const rows = await findSentRequests(tenant.id, ids);
  const visible = new Map(rows.filter((r) => mayWorkOnForm(actor, PROCESS, r.formId)).map((r) => [r.id, r]));
  const outcome: TBulkOutcome = { changed: [], skipped: [] };
  for (const id of ids) {
    const row = visible.get(id);
    if (!row) {
      outcome.skipped.push({ id, reference: null, reason: "notFound" });
      continue;
    }
    try {
      await inTransaction(async () => {
        if (choice.kind === "action") {
          const r = await runRequestAction({ tenant, actor, requestId: id, actionId: choice.actionId, input: { comment: choice.comment }, now: input.now });
          await recordAudit(input.audit, { action: "requests.action", targetType: "form-request", targetId: id, summary: { action: r.actionId, from: r.from, to: r.to, bulk: true } });
        } else {
          await assignRequest({ tenant, actor, requestId: id, assigneeId: choice.assigneeId, assigneeTeam: row.assigneeTeam, now: input.now });
          await recordAudit(input.audit, { action: "requests.assign", targetType: "form-request", targetId: id, summary: { assigneeId: choice.assigneeId, bulk: true } });
        }
      });
      outcome.changed.push({ id, reference: row.reference });
    } catch (error) {
      const reason = reasonOf(error);
      if (reason === null) getLogger().error({ err: error, tenant: tenant.slug, requestId: id }, "bulk action failed on a request");
      outcome.skipped.push({ id, reference: row.reference, reason: reason ?? "inboxBulkFailed" });
    }
  }
  return outcome;
}
