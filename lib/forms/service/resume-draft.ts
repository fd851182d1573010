// The resume link of a saved draft (/<locale>/requests/resume/<secret>): the draft of THIS town whose
// secret hashes to the stored hash, still a draft (not sent), not past its form's retention period
// (the purge may not have run yet). It opens on the step after the last one the citizen completed.
import { hashSecret } from "@/lib/auth/tokens";
import { parseDefinition, type TFormDefinition } from "@/lib/forms/definition";
import { resumeStep, type TAnswers } from "@/lib/forms/fill/visibility";
import { findDraftByTokenHash, findForm, findVersion } from "@/lib/forms/repo";
import { draftDeletionDate } from "@/lib/forms/service/purge-drafts";

/** Where to continue a draft (under /<locale>): the first visible step not completed, or "check your answers". */
export function draftNextPath(slug: string, def: TFormDefinition, data: unknown, stepReached: number): string {
  const step = resumeStep(def, (data ?? {}) as TAnswers, stepReached);
  return `/requests/${slug}/${step?.id ?? "check"}`;
}

export async function resumeDraft(tenantId: string, secret: string, now = new Date()): Promise<{ formId: string; path: string } | null> {
  if (!secret || secret.length > 100) return null;
  const draft = await findDraftByTokenHash(tenantId, hashSecret(secret));
  if (!draft) return null;
  const form = await findForm(tenantId, draft.formId);
  if (!form || form.archivedAt) return null;
  if (draftDeletionDate(draft.updatedAt, form.draftRetentionDays) <= now) return null;
  const version = await findVersion(tenantId, draft.versionId);
  if (!version) return null;
  return { formId: form.id, path: draftNextPath(form.slug, parseDefinition(version.definition), draft.data, draft.stepReached) };
}
