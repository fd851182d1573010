// Navigation between the booking steps: the query parameters a step carries to the next (the place,
// the booking in progress, the appointment being moved), all checked before use.
import { ZId } from "@/lib/core/form-schemas";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { isIsoDate } from "@/lib/appointments/slots";
import type { TServiceView } from "@/lib/appointments/service/citizen-view";

export type TStepContext = { siteId: string; draft?: string; manage?: string };

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export async function stepContext(searchParams: TSearchParams, service: TServiceView): Promise<TStepContext | null> {
  const site = await searchParam(searchParams, "site");
  const siteId = site && ZId.safeParse(site).success && service.sites.some((s) => s.id === site) ? site : service.sites.length === 1 ? service.sites[0]!.id : null;
  if (!siteId) return null;
  const draft = await searchParam(searchParams, "draft");
  const manage = await searchParam(searchParams, "manage");
  return { siteId, draft: draft && TOKEN.test(draft) ? draft : undefined, manage: manage && TOKEN.test(manage) ? manage : undefined };
}

export function stepQuery(ctx: TStepContext, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ site: ctx.siteId, ...extra });
  if (ctx.draft) params.set("draft", ctx.draft);
  if (ctx.manage) params.set("manage", ctx.manage);
  return params.toString();
}

export async function dateParam(searchParams: TSearchParams, name: string): Promise<string | undefined> {
  const value = await searchParam(searchParams, name);
  return value && isIsoDate(value) ? value : undefined;
}
