// Deleting a citizen's account. Each town is the data controller of its own accounts; what it must
// keep is anonymised, not deleted, and the page before says so:
//   - upcoming appointments are cancelled (places freed); every appointment of the account loses its
//     personal data (name, e-mail, phone, answers), the town keeping what statistics need;
//   - waiting-list entries are left and deleted;
//   - drafts are deleted with their files;
//   - sent requests that are finished are anonymised; those still being handled stay with the town,
//     no longer linked to the account, until the form's archiving rule anonymises or deletes them;
//   - identities at providers, sessions, sign-in links and the account itself are deleted.
// Everything happens in one transaction with the audit entry (which names the account's id only);
// the files are deleted after the commit.
import { forgetCitizenSessions } from "@/lib/auth/service/citizen-sessions";
import { eraseCitizenAppointments } from "@/lib/appointments/service/citizen-items";
import { deleteCitizenRow, lockCitizenRow, type TCitizenRow } from "@/lib/citizens/repo";
import { getLogger } from "@/lib/core/logger";
import { eraseCitizenRequests } from "@/lib/forms/service/citizen-requests";
import { getStorage } from "@/lib/storage/storage";
import type { TTenant } from "@/lib/tenancy/registry";

export type TDeletion = { cancelled: number; appointmentsAnonymised: number; waitingList: number; draftsDeleted: number; requestsAnonymised: number; requestsKept: number; files: number };

/** In the caller's transaction; returns the counts and the storage keys to delete after the commit. */
export async function deleteAccount(tenant: TTenant, citizen: TCitizenRow, now = new Date()): Promise<TDeletion & { storageKeys: string[] }> {
  await lockCitizenRow(tenant.id, citizen.id);
  const appointments = await eraseCitizenAppointments(tenant, citizen.id, now);
  const requests = await eraseCitizenRequests(tenant, citizen.id, now);
  await forgetCitizenSessions(tenant.id, citizen.id, citizen.email);
  await deleteCitizenRow(tenant.id, citizen.id);
  return {
    cancelled: appointments.cancelled,
    appointmentsAnonymised: appointments.anonymised,
    waitingList: appointments.waitingList,
    draftsDeleted: requests.draftsDeleted,
    requestsAnonymised: requests.anonymised,
    requestsKept: requests.kept,
    files: requests.storageKeys.length,
    storageKeys: requests.storageKeys,
  };
}

/** After the commit: the files of deleted drafts and anonymised requests. */
export async function deleteFiles(tenant: TTenant, keys: string[]): Promise<void> {
  for (const key of keys) {
    await getStorage()
      .delete(key)
      .catch((err: unknown) => getLogger().error({ err, key, tenant: tenant.slug }, "could not delete a file of a deleted account"));
  }
}
