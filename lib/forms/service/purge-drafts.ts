// Drafts nobody touched for longer than their form's period (form.draftRetentionDays, counted from the
// draft's last change) are deleted with the files uploaded for them: what a citizen typed and never
// sent is not kept. One system audit entry per town that lost drafts. Run by a pg-boss job every night
// (lib/forms/jobs.ts); `now` is a parameter so tests drive the clock.
import { recordAudit } from "@/lib/audit/service/record-audit";
import { inTransaction } from "@/lib/core/db";
import { getLogger } from "@/lib/core/logger";
import { deleteStaleDrafts, listDocumentsOfRequests, listFormRetentions, listStaleDrafts } from "@/lib/forms/repo";
import { getStorage } from "@/lib/storage/storage";
import { listTenants } from "@/lib/tenancy/registry";

const DAY_MS = 86_400_000;

/** When a draft last changed at `updatedAt` will be deleted. */
export function draftDeletionDate(updatedAt: Date, retentionDays: number): Date {
  return new Date(updatedAt.getTime() + retentionDays * DAY_MS);
}

/** Deletes the expired drafts of every town; returns how many per town slug (only towns with some). */
export async function purgeDrafts(now = new Date()): Promise<Record<string, number>> {
  const purged: Record<string, number> = {};
  for (const tenant of await listTenants()) {
    // The rows go first, in one transaction with the audit entry; the files after the commit (a file
    // left behind by a storage failure is logged, never a row pointing at a missing file).
    const { count, keys } = await inTransaction(async () => {
      let deleted = 0;
      const storageKeys: string[] = [];
      for (const form of await listFormRetentions(tenant.id)) {
        const cutoff = new Date(now.getTime() - form.draftRetentionDays * DAY_MS);
        const stale = await listStaleDrafts(tenant.id, form.id, cutoff);
        if (stale.length === 0) continue;
        const documents = await listDocumentsOfRequests(tenant.id, stale.map((d) => d.id));
        const ids = await deleteStaleDrafts(tenant.id, form.id, stale.map((d) => d.id), cutoff);
        storageKeys.push(...documents.filter((d) => ids.includes(d.requestId)).map((d) => d.storageKey));
        deleted += ids.length;
      }
      if (deleted > 0) await recordAudit({ tenantId: tenant.id, actor: { type: "system", label: "forms job" } }, { action: "requests.purge-drafts", summary: { deleted, files: storageKeys.length } });
      return { count: deleted, keys: storageKeys };
    });
    for (const key of keys) {
      await getStorage()
        .delete(key)
        .catch((err: unknown) => getLogger().error({ err, key, tenant: tenant.slug }, "could not delete the file of a purged draft"));
    }
    if (count > 0) purged[tenant.slug] = count;
  }
  return purged;
}
