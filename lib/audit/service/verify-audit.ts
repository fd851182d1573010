// `npm run civitas -- audit verify [--tenant slug]`: recomputes every chain and reports the first
// broken link of each (a row altered, removed, or the newest rows removed).
import { chainChecker, type TChainBreak } from "@/lib/audit/chain";
import { getChainHead, iterateChain, listChains } from "@/lib/audit/repo";

export type TChainReport = { chain: string; entries: bigint; broken: TChainBreak | null };

export async function verifyChain(chain: string): Promise<TChainReport> {
  const checker = chainChecker();
  let entries = 0n;
  for await (const row of iterateChain(chain)) {
    const broken = checker.push(row);
    if (broken) return { chain, entries, broken };
    entries++;
  }
  // The newest rows removed leave no gap among the others: the head still remembers them.
  const head = await getChainHead(chain);
  if (head && (BigInt(head.seq) !== checker.last.seq || head.hash !== checker.last.hash)) {
    return { chain, entries, broken: { seq: checker.last.seq + 1n, reason: "gap" } };
  }
  return { chain, entries, broken: null };
}

export async function verifyAllChains(only?: string): Promise<TChainReport[]> {
  const chains = only ? [only] : await listChains();
  const reports: TChainReport[] = [];
  for (const chain of chains) reports.push(await verifyChain(chain));
  return reports;
}
