// Background work of the forms module, scheduled with pg-boss (one run per schedule across all servers):
// every few minutes, the workflows' automatic actions that are due (e.g. close a request after 30 days
// waiting for the citizen); every night, requests whose archive task is due are anonymised or deleted
// with their files. The job logic is plain functions taking `now`, so tests drive the clock.
import type PgBoss from "pg-boss";
import { recordAudit } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { ActionError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { anonymiseRequestRow, deleteRequestRow, insertRequestEvent, listRequestDocuments, listRequestsToArchive, listRequestsWaitingSince, listTownVersions } from "@/lib/forms/repo";
import { runRequestAction } from "@/lib/forms/service/run-action";
import { purgeDrafts } from "@/lib/forms/service/purge-drafts";
import { getBoss } from "@/lib/notifications/boss";
import { getStorage } from "@/lib/storage/storage";
import { listTenants } from "@/lib/tenancy/registry";
import { ZWorkflow } from "@/lib/workflow/definition";
import { automaticCutoff, dueAutomaticActions } from "@/lib/workflow/engine";

export const AUTOMATIC_ACTIONS_QUEUE = "forms-automatic-actions";
export const ARCHIVE_QUEUE = "forms-archive";
export const PURGE_DRAFTS_QUEUE = "forms-purge-drafts";

const system = (tenantId: string) => ({ tenantId, actor: { type: "system" as const, label: "forms job" } });

/** Runs every due automatic action of every town; returns how many ran per town slug (only towns with some). */
export async function runAutomaticActions(now = new Date()): Promise<Record<string, number>> {
  const ran: Record<string, number> = {};
  for (const tenant of await listTenants()) {
    if (!tenant.modules.includes("forms")) continue;
    let count = 0;
    for (const version of await listTownVersions(tenant.id)) {
      const parsed = ZWorkflow.safeParse(version.workflow);
      if (!parsed.success) continue;
      const workflow = parsed.data;
      const automatic = workflow.actions.filter((a) => a.autoAfterDays !== undefined);
      if (automatic.length === 0) continue;
      // Candidates: in one of the automatic actions' states for at least the shortest delay.
      const states = [...new Set(automatic.flatMap((a) => a.from))];
      const shortest = Math.min(...automatic.map((a) => a.autoAfterDays!));
      for (const request of await listRequestsWaitingSince(tenant.id, version.id, states, automaticCutoff(shortest, now))) {
        const [action] = dueAutomaticActions(workflow, request.state, request.stateChangedAt, now);
        if (!action) continue;
        try {
          const result = await inTransaction(async () => {
            const r = await runRequestAction({ tenant, actor: null, requestId: request.id, actionId: action.id, input: {}, now });
            await recordAudit(system(tenant.id), { action: "requests.action", targetType: "form-request", targetId: request.id, summary: { action: action.id, from: r.from, to: r.to, automatic: true } });
            return r;
          });
          if (result) count++;
        } catch (err) {
          // Moved by an agent meanwhile, or an assignee gone: logged, the next run sees the new state.
          if (err instanceof ActionError) getLogger().warn({ err, request: request.id, action: action.id }, "automatic action not run");
          else getLogger().error({ err, request: request.id, action: action.id }, "automatic action failed");
        }
      }
    }
    if (count > 0) ran[tenant.slug] = count;
  }
  return ran;
}

/**
 * Anonymises or deletes the requests whose archive task is due, in every town. Anonymising keeps the
 * form, state, dates and reference (statistics) and removes contact, answers, texts and documents.
 * The rows change first, in one transaction with the audit entry; the files are deleted after the commit.
 */
export async function archiveRequests(now = new Date()): Promise<Record<string, { anonymised: number; deleted: number }>> {
  const done: Record<string, { anonymised: number; deleted: number }> = {};
  for (const tenant of await listTenants()) {
    const { anonymised, deleted, keys } = await inTransaction(async () => {
      const due = await listRequestsToArchive(tenant.id, now);
      const storageKeys: string[] = [];
      let a = 0;
      let d = 0;
      for (const request of due) {
        const documents = await listRequestDocuments(tenant.id, request.id);
        storageKeys.push(...documents.map((doc) => doc.storageKey));
        if (request.archiveMode === "delete") {
          await deleteRequestRow(tenant.id, request.id);
          d++;
        } else {
          await anonymiseRequestRow(tenant.id, request.id, now);
          await insertRequestEvent(tenant.id, { requestId: request.id, kind: "anonymised", actorKind: "system", createdAt: now });
          a++;
        }
      }
      if (a + d > 0) await recordAudit(system(tenant.id), { action: "requests.archive", summary: { anonymised: a, deleted: d, files: storageKeys.length } });
      return { anonymised: a, deleted: d, keys: storageKeys };
    });
    for (const key of keys) {
      await getStorage()
        .delete(key)
        .catch((err: unknown) => getLogger().error({ err, key, tenant: tenant.slug }, "could not delete the file of an archived request"));
    }
    if (anonymised + deleted > 0) done[tenant.slug] = { anonymised, deleted };
  }
  return done;
}

export async function startFormJobs(boss?: PgBoss): Promise<void> {
  const b = boss ?? (await getBoss());
  await b.createQueue(AUTOMATIC_ACTIONS_QUEUE, { name: AUTOMATIC_ACTIONS_QUEUE, retryLimit: 2, expireInSeconds: 600 });
  await b.schedule(AUTOMATIC_ACTIONS_QUEUE, "*/5 * * * *");
  await b.work(AUTOMATIC_ACTIONS_QUEUE, async () => {
    const ran = await runAutomaticActions();
    if (Object.keys(ran).length > 0) getLogger().info({ ran }, "automatic workflow actions run");
  });
  await b.createQueue(ARCHIVE_QUEUE, { name: ARCHIVE_QUEUE, retryLimit: 2, expireInSeconds: 3600 });
  await b.schedule(ARCHIVE_QUEUE, "37 2 * * *");
  await b.work(ARCHIVE_QUEUE, async () => {
    const archived = await archiveRequests();
    getLogger().info({ archived }, "requests past their archive date anonymised or deleted");
  });
  // Drafts untouched for longer than their form's period (and their files), every night (follow-up part).
  await b.createQueue(PURGE_DRAFTS_QUEUE, { name: PURGE_DRAFTS_QUEUE, retryLimit: 2, expireInSeconds: 3600 });
  await b.schedule(PURGE_DRAFTS_QUEUE, "52 2 * * *");
  await b.work(PURGE_DRAFTS_QUEUE, async () => {
    const purged = await purgeDrafts();
    getLogger().info({ purged }, "draft requests past their form's period deleted");
  });
}
