// Translating, reviewing and reverting one message of a layer. A proposal is checked against its
// source (valid ICU, the language's plural categories, the same placeholders) and waits for a
// reviewer of the language; while it waits, the site keeps showing the approved value. Approving makes
// it live at once in every process (NOTIFY, scope "translations"). Every step is in the history.
import { publishInvalidation } from "@/lib/core/invalidation";
import { db } from "@/lib/core/db";
import { FieldsError, NotFoundError } from "@/lib/core/errors";
import { checkMessage } from "@/lib/i18n/check";
import { forgetLiveMessages } from "@/lib/i18n/messages";
import { SOURCE, sourceHash } from "@/lib/translations/service/catalogue";
import { addEvent, findEvent, findTranslation, lockTranslation, PLATFORM_SCOPE, saveTranslation, type TActor, type TScope, type TTranslationRow } from "@/lib/translations/repo";

/** The invalidation of a layer: a town's pages, or every town's for the platform layer. */
async function published(scope: TScope): Promise<void> {
  const tenantId = scope === PLATFORM_SCOPE ? null : scope;
  await publishInvalidation(db(), { scope: "translations", tenantId });
  forgetLiveMessages(tenantId);
}

function sourceOf(key: string): string {
  const source = SOURCE.get(key);
  if (source === undefined) throw new NotFoundError();
  return source;
}

/** Refuses a message that does not fit its source, with the reasons as translated field errors. */
export function assertValidTranslation(key: string, value: string, locale: string): void {
  const trimmed = value.trim();
  if (!trimmed) throw new FieldsError({ value: { key: "translationEmpty" } });
  const issues = checkMessage(sourceOf(key), value, locale);
  if (issues.length > 0) throw new FieldsError({ value: { key: issues[0]!.code, params: issues[0]!.params as never } });
}

/** A translator proposes a text (in the caller's transaction). */
export async function proposeTranslation(input: { scope: TScope; locale: string; key: string; value: string; actor: TActor; action?: "edit" | "revert" | "import" }): Promise<TTranslationRow> {
  const source = sourceOf(input.key);
  assertValidTranslation(input.key, input.value, input.locale);
  const [current] = await lockTranslation(input.scope, input.locale, input.key);
  const live = current ? (current.state === "reviewed" ? current.value : current.liveValue) : null;
  const row = await saveTranslation(input.scope, {
    locale: input.locale,
    key: input.key,
    value: input.value,
    state: "translated",
    liveValue: live,
    sourceHash: sourceHash(source),
    comment: null,
    updatedBy: input.actor.label,
  });
  await addEvent(row.id, { action: input.action ?? "edit", value: input.value, state: "translated", actor: input.actor });
  return row;
}

/** A reviewer approves the waiting proposal (live at once) or sends it back with a comment. */
export async function reviewTranslation(input: { scope: TScope; locale: string; key: string; decision: "approve" | "reject"; comment: string | null; actor: TActor }): Promise<TTranslationRow> {
  const [current] = await lockTranslation(input.scope, input.locale, input.key);
  if (!current) throw new NotFoundError();
  if (input.decision === "approve") {
    assertValidTranslation(input.key, current.value, input.locale);
    const row = await saveTranslation(input.scope, { ...pick(current), state: "reviewed", liveValue: null, comment: null, reviewedBy: input.actor.label });
    await addEvent(row.id, { action: "approve", value: row.value, state: "reviewed", actor: input.actor });
    await published(input.scope);
    return row;
  }
  if (!input.comment?.trim()) throw new FieldsError({ comment: { key: "translationCommentRequired" } });
  // Sending back a live row (nothing waiting) keeps it live: only approving changes what the site shows.
  const liveValue = current.state === "reviewed" ? current.value : current.liveValue;
  const row = await saveTranslation(input.scope, { ...pick(current), state: "rejected", liveValue, comment: input.comment.trim(), reviewedBy: input.actor.label });
  await addEvent(row.id, { action: "reject", value: row.value, state: "rejected", comment: input.comment.trim(), actor: input.actor });
  return row;
}

/** An earlier value from the history becomes the proposal again (a reviewer approves it as usual). */
export async function revertTranslation(input: { scope: TScope; eventId: string; actor: TActor }): Promise<TTranslationRow> {
  const event = await findEvent(input.scope, input.eventId);
  if (!event) throw new NotFoundError();
  return proposeTranslation({ scope: input.scope, locale: event.translation.locale, key: event.translation.key, value: event.value, actor: input.actor, action: "revert" });
}

function pick(row: TTranslationRow) {
  return { locale: row.locale, key: row.key, value: row.value, state: row.state, liveValue: row.liveValue, sourceHash: row.sourceHash, comment: row.comment, updatedBy: row.updatedBy };
}

export { findTranslation };
