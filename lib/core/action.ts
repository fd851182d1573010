// The action wrapper: every write of the application goes through defineAction. In order it
//   1. refuses a request whose Origin is missing, "null" or another host (server actions are public
//      POST endpoints; the custom server refuses them too, this is the second lock);
//   2. takes the site (town or platform) from the Host, through the custom server's header: never from
//      the form; an action of the other realm is refused;
//   3. loads the session and checks the permission (page checks are not enough: anyone can POST);
//   4. parses the form with zod, answering with translated messages per field and the values typed
//      (never a password), so the page shows them again, with or without JavaScript;
//   5. runs the use case and writes its audit entry in one transaction;
//   6. answers { status: "ok" } or { status: "error", error, fieldErrors, values }; an unexpected error
//      is logged with the request id and answered with a translated message: never a 500.
// After the commit, `after` may redirect.
import { refresh } from "next/cache";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { recordAudit, type TAuditContext, type TAuditEvent } from "@/lib/audit/service/record-audit";
import { getCitizen, type TCitizenActor } from "@/lib/auth/citizen-session";
import { getActor, type TActor, type TAgentActor, type TOperatorActor } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { inTransaction } from "@/lib/core/db";
import { ActionError, FieldsError } from "@/lib/core/errors";
import { getLogger } from "@/lib/core/logger";
import { requestInfo, type TRequestInfo } from "@/lib/core/request";
import { isSameOrigin } from "@/lib/core/same-origin";
import { issueKey } from "@/lib/core/zod-issues";
import { translator, type TTranslate } from "@/lib/i18n/translator";
import { isPlatformLocale } from "@/lib/i18n/locales";
import { currentSite, type TCurrentSite } from "@/lib/tenancy/current";
import type { TTenant } from "@/lib/tenancy/registry";

export type TFormValues = Record<string, string | string[]>;

export type TActionState<R = unknown> =
  | { status: "idle" }
  | { status: "ok"; data: R; message: string | null; at: number }
  | { status: "error"; error: string; fieldErrors: Record<string, string>; values: TFormValues; at: number };

/** What a form component accepts: any action made by defineAction. */
export type TFormAction = (state: TActionState<unknown>, formData: FormData) => Promise<TActionState<unknown>>;

type TBaseContext = {
  locale: string;
  request: TRequestInfo;
  audit: TAuditContext;
  t: TTranslate;
};

export type TTownContext<A = TAgentActor> = TBaseContext & { realm: "town"; tenant: TTenant; actor: A };
export type TPlatformContext<A = TOperatorActor> = TBaseContext & { realm: "platform"; actor: A };

type TAccess =
  | { realm: "town"; permission: string | ((input: never) => { permission: string; scope?: string }) }
  | { realm: "town"; signedIn: true }
  | { realm: "town"; citizen: true }
  | { realm: "town"; public: true }
  | { realm: "platform"; operator: true }
  | { realm: "platform"; public: true };

type TContextFor<A extends TAccess> = A extends { realm: "town"; public: true }
  ? TTownContext<TAgentActor | null>
  : A extends { realm: "town"; citizen: true }
    ? TTownContext<TCitizenActor>
  : A extends { realm: "town" }
    ? TTownContext
    : A extends { realm: "platform"; public: true }
      ? TPlatformContext<TOperatorActor | null>
      : TPlatformContext;

export type TActionDefinition<S extends z.ZodType, R, A extends TAccess> = {
  /** Audit action name, module.verb (agents.invite). */
  name: string;
  input: S;
  access: A;
  run: (input: z.output<S>, ctx: TContextFor<A>) => Promise<R>;
  /** The audit entry; default: the action's name and no target. Return null for actions that audit themselves. */
  audit?: ((input: z.output<S>, result: R, ctx: TContextFor<A>) => TAuditEvent | null) | null;
  /** Runs the use case outside a transaction (sign-in: failed attempts must stay recorded). */
  transaction?: boolean;
  /** Key (namespace "Feedback") of the message shown on success. */
  success?: string;
  /** After the commit: redirect, etc. */
  after?: (result: R, ctx: TContextFor<A>, input: z.output<S>) => void | Promise<void>;
};

const NEVER_ECHOED = /pass(word)?|secret|token/i;

export function formValues(formData: FormData): TFormValues {
  const values: TFormValues = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION") || typeof value !== "string") continue;
    const current = values[key];
    values[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return values;
}

/** The form as an object for zod: strings, string lists, and files (non-empty ones). */
function formInput(formData: FormData): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith("$ACTION")) continue;
    if (typeof value !== "string" && value.size === 0 && !value.name) continue;
    const current = input[key];
    input[key] = current === undefined ? value : Array.isArray(current) ? [...current, value] : [current, value];
  }
  return input;
}

function echo(values: TFormValues): TFormValues {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !NEVER_ECHOED.test(key)));
}

/** A zod issue as a sentence (see issueKey). */
export function issueMessage(t: TTranslate, issue: z.core.$ZodIssue): string {
  const { key, params } = issueKey(issue, (k) => t.has(k));
  return t(key, params);
}

function actorRef(actor: TActor | TCitizenActor | null): TAuditContext["actor"] {
  if (!actor) return { type: "anonymous" };
  // A citizen is named by their account's id only: the audit trail outlives a deleted account.
  if (actor.kind === "citizen") return { type: "citizen", id: actor.id };
  return { type: actor.kind, id: actor.id, label: actor.email };
}

async function resolveLocale(request: TRequestInfo, site: TCurrentSite | null): Promise<string> {
  const requested = request.locale ?? "";
  if (site?.kind === "tenant") return site.tenant.enabledLocales.includes(requested) ? requested : site.tenant.defaultLocale;
  return isPlatformLocale(requested) ? requested : "en";
}

export function defineAction<S extends z.ZodType, R, A extends TAccess>(def: TActionDefinition<S, R, A>) {
  return async function action(_previous: TActionState<unknown>, formData: FormData): Promise<TActionState<R>> {
    const request = await requestInfo();
    const site = await currentSite();
    const locale = await resolveLocale(request, site);
    const t = await translator(locale, "Errors", site?.kind === "tenant" ? site.tenant.id : null);
    const values = formValues(formData);
    const fail = (error: string, fieldErrors: Record<string, string> = {}): TActionState<R> => ({ status: "error", error, fieldErrors, values: echo(values), at: Date.now() });
    const log = getLogger().child({ requestId: request.requestId, action: def.name, tenant: site?.kind === "tenant" ? site.tenant.slug : site?.kind });

    if (!isSameOrigin(request.origin, request.host)) {
      log.warn({ origin: request.origin }, "action refused: missing or foreign Origin");
      return fail(t("badOrigin"));
    }
    const realmOk = site !== null && ((def.access.realm === "town" && site.kind === "tenant") || (def.access.realm === "platform" && site.kind === "platform"));
    if (!realmOk) return fail(t("forbidden"));

    const actor = "citizen" in def.access ? await getCitizen() : await getActor();
    const isPublic = "public" in def.access;
    if ("citizen" in def.access) {
      if (!actor || actor.kind !== "citizen") return fail(t("citizenSignedOut"));
    } else if (!isPublic) {
      const expected = def.access.realm === "town" ? "agent" : "operator";
      if (!actor || actor.kind !== expected) return fail(t("signedOut"));
    }
    const audit: TAuditContext = {
      tenantId: site.kind === "tenant" ? site.tenant.id : null,
      // A public action done by a signed-in citizen (a booking, a request) is audited as theirs.
      actor: actorRef(actor ?? (isPublic && def.access.realm === "town" && site.kind === "tenant" ? await getCitizen() : null)),
      requestId: request.requestId,
      ip: request.ip,
    };

    const parsed = def.input.safeParse(formInput(formData));
    if (!parsed.success) {
      const fieldErrors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path.join(".") || "_form";
        fieldErrors[field] ??= issueMessage(t, issue);
      }
      return fail(t("fixErrors"), fieldErrors);
    }
    const input = parsed.data as z.output<S>;

    if ("permission" in def.access) {
      const required = typeof def.access.permission === "string" ? { permission: def.access.permission } : def.access.permission(input as never);
      if (actor?.kind !== "agent" || !can(actor.grants, required.permission, required.scope)) {
        await recordAudit(audit, { action: "access.denied", summary: { attempted: def.name, permission: required.permission, scope: required.scope } }).catch((e: unknown) =>
          log.error({ err: e }, "could not audit a refusal"),
        );
        log.warn({ permission: required.permission }, "action refused: permission");
        return fail(t("forbidden"));
      }
    }

    const ctx = {
      realm: site.kind === "tenant" ? "town" : "platform",
      tenant: site.kind === "tenant" ? site.tenant : undefined,
      actor,
      locale,
      request,
      audit,
      t,
    } as unknown as TContextFor<A>;

    let result: R;
    try {
      const work = async () => {
        const value = await def.run(input, ctx);
        const event = def.audit === undefined ? { action: def.name } : def.audit?.(input, value, ctx);
        if (event) await recordAudit(audit, event);
        return value;
      };
      result = def.transaction === false ? await work() : await inTransaction(work);
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof FieldsError) {
        const fieldErrors = Object.fromEntries(Object.entries(error.fields).map(([field, e]) => [field, t.has(e.key) ? t(e.key, e.params) : e.key]));
        return fail(t("fixErrors"), fieldErrors);
      }
      if (error instanceof ActionError) {
        // The refusal may come from data that changed (a slot just taken): show the page as it is now.
        refresh();
        const message = t.has(error.key) ? t(error.key, error.params) : error.key;
        return fail(error.field ? t("fixErrors") : message, error.field ? { [error.field]: message } : {});
      }
      log.error({ err: error }, "action failed");
      return fail(t("unexpected", { requestId: request.requestId ?? "-" }));
    }

    if (def.after) await def.after(result, ctx, input);
    // The page shows data the action changed: render it again (with JavaScript; without, the POST
    // answer is already a fresh render).
    refresh();
    const feedback = def.success ? (await translator(locale, "Feedback", site.kind === "tenant" ? site.tenant.id : null))(def.success) : null;
    return { status: "ok", data: result, message: feedback, at: Date.now() };
  };
}
