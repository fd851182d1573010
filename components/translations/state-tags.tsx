import { Tag } from "@/components/ui/notice";
import type { TEntryState } from "@/lib/translations/service/catalogue";

const TONES = { untranslated: "grey", files: "grey", translated: "blue", reviewed: "green", rejected: "red" } as const;

/** The state of a message in a layer, and "outdated" when the English text changed since. */
export function EntryStateTags({ state, outdated, label }: { state: TEntryState; outdated: boolean; label: (state: TEntryState | "outdated") => string }) {
  return (
    <span className="flex flex-wrap gap-2">
      <Tag tone={TONES[state]}>{label(state)}</Tag>
      {outdated ? <Tag tone="red">{label("outdated")}</Tag> : null}
    </span>
  );
}
