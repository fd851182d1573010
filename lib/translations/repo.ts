// The only code of the translations module that uses Prisma. A layer is a `scope`: "platform" (shared
// by every town) or a town's id (its own wording); every function takes it, and town rows also carry
// tenantId, so a town's screen never reads or writes another town's layer.
import { db } from "@/lib/core/db";
import type { Prisma, TranslationState } from "@/lib/generated/prisma/client";

export const PLATFORM_SCOPE = "platform";
export type TScope = string;
export type TTranslationRow = Prisma.TranslationGetPayload<object>;
export type TTranslationEventRow = Prisma.TranslationEventGetPayload<object>;

const tenantOf = (scope: TScope) => (scope === PLATFORM_SCOPE ? null : scope);

/** What the site shows from a layer: reviewed values, or the last approved one while a new proposal waits. */
export async function liveTranslations(scope: TScope, locale: string): Promise<Map<string, string>> {
  const rows = await db().translation.findMany({
    where: { scope, tenantId: tenantOf(scope), locale, OR: [{ state: "reviewed" }, { liveValue: { not: null } }] },
    select: { key: true, value: true, state: true, liveValue: true },
  });
  return new Map(rows.map((r) => [r.key, r.state === "reviewed" ? r.value : (r.liveValue as string)]));
}

export function listTranslations(scope: TScope, locale: string): Promise<TTranslationRow[]> {
  return db().translation.findMany({ where: { scope, tenantId: tenantOf(scope), locale } });
}

export function findTranslation(scope: TScope, locale: string, key: string): Promise<TTranslationRow | null> {
  return db().translation.findFirst({ where: { scope, tenantId: tenantOf(scope), locale, key } });
}

export function lockTranslation(scope: TScope, locale: string, key: string): Promise<TTranslationRow[]> {
  return db().$queryRaw<TTranslationRow[]>`SELECT * FROM translation WHERE scope = ${scope} AND locale = ${locale} AND key = ${key} FOR UPDATE`;
}

export type TActor = { type: "agent" | "operator"; id: string | null; label: string | null };

export async function saveTranslation(
  scope: TScope,
  data: { locale: string; key: string; value: string; state: TranslationState; liveValue: string | null; sourceHash: string; comment: string | null; updatedBy?: string | null; reviewedBy?: string | null },
): Promise<TTranslationRow> {
  const tenantId = tenantOf(scope);
  return db().translation.upsert({
    where: { scope_locale_key: { scope, locale: data.locale, key: data.key } },
    create: { scope, tenantId, ...data },
    update: { ...data },
  });
}

export async function addEvent(translationId: string, event: { action: string; value: string; state: TranslationState; comment?: string | null; actor: TActor }): Promise<void> {
  await db().translationEvent.create({
    data: { translationId, action: event.action, value: event.value, state: event.state, comment: event.comment ?? null, actorType: event.actor.type, actorId: event.actor.id, actorLabel: event.actor.label },
  });
}

/** The history of a translation of this layer (an id of another layer finds nothing). */
export function listEvents(scope: TScope, translationId: string): Promise<TTranslationEventRow[]> {
  return db().translationEvent.findMany({ where: { translationId, translation: { scope, tenantId: tenantOf(scope) } }, orderBy: { createdAt: "desc" }, take: 100 });
}

/** An event of this layer's translation (revert: the id comes from the form). */
export function findEvent(scope: TScope, eventId: string) {
  return db().translationEvent.findFirst({ where: { id: eventId, translation: { scope, tenantId: tenantOf(scope) } }, include: { translation: true } });
}

// ——— Languages the operator added to the platform ———

export function listAddedLanguages() {
  return db().platformLanguage.findMany({ orderBy: { createdAt: "asc" } });
}

/** Adds a language; false when it is already there. */
export async function insertAddedLanguage(code: string, addedBy: string | null): Promise<boolean> {
  const rows = await db().$executeRaw`INSERT INTO platform_language (code, "addedBy") VALUES (${code}, ${addedBy}) ON CONFLICT (code) DO NOTHING`;
  return rows === 1;
}

export async function deleteAddedLanguage(code: string): Promise<boolean> {
  return (await db().platformLanguage.deleteMany({ where: { code } })).count === 1;
}

/** Proposals waiting for review in a layer, per language. */
export async function waitingCounts(scope: TScope): Promise<Map<string, number>> {
  const rows = await db().translation.groupBy({ by: ["locale"], where: { scope, tenantId: tenantOf(scope), state: "translated" }, _count: { _all: true } });
  return new Map(rows.map((r) => [r.locale, r._count._all]));
}
