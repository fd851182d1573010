// The operator's review queue: proposals of the platform layer (they change every town's texts)
// waiting in one language, with what the site shows now and what the checker finds in them today
// (the English source may have changed since they were written).
import { checkMessage, type TMessageIssue } from "@/lib/i18n/check";
import { catalogueEntries } from "@/lib/translations/service/catalogue";
import { PLATFORM_SCOPE } from "@/lib/translations/repo";

export const REVIEW_PAGE_SIZE = 50;

export type TWaitingProposal = { key: string; source: string; shown: string | null; value: string; by: string | null; at: Date; issues: TMessageIssue[] };

export async function waitingProposals(locale: string): Promise<{ items: TWaitingProposal[]; total: number }> {
  const waiting = (await catalogueEntries(PLATFORM_SCOPE, locale)).filter((e) => e.row?.state === "translated");
  // Oldest first: the first proposals made are the first reviewed.
  waiting.sort((a, b) => a.row!.updatedAt.getTime() - b.row!.updatedAt.getTime());
  const items = waiting.slice(0, REVIEW_PAGE_SIZE).map((e) => ({
    key: e.key,
    source: e.source,
    // What every town shows now: the approved value while the proposal waits, else the files' text.
    shown: e.row!.liveValue ?? e.files,
    value: e.row!.value,
    by: e.row!.updatedBy,
    at: e.row!.updatedAt,
    issues: checkMessage(e.source, e.row!.value, locale),
  }));
  return { items, total: waiting.length };
}
