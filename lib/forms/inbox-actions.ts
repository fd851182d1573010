"use server";
// Server actions of the agents' inbox: bulk actions on the requests ticked in the list, and "remember
// these columns" (a cookie, cv_inbox_cols). Running one action or commenting on the request page are
// the workflow's actions (lib/forms/workflow-actions.ts).
import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/core/action";
import { getEnv } from "@/lib/core/env";
import { NotFoundError } from "@/lib/core/errors";
import { ZId } from "@/lib/core/form-schemas";
import { bulkRun, BULK_MAX, type TBulkChoice } from "@/lib/forms/service/bulk-requests";
import { chosenColumns, COLUMNS_COOKIE } from "@/lib/forms/service/request-list";
import { translator } from "@/lib/i18n/translator";

const asList = (v: unknown) => (v === undefined || v === null || v === "" ? [] : Array.isArray(v) ? v : [v]);
const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export type TBulkReport = { summary: string; skipped: { id: string; reference: string | null; reason: string }[] };

const ZBulk = z
  .object({
    requestId: z.preprocess(asList, z.array(ZId).min(1, "inboxChooseRequests").max(BULK_MAX, "inboxTooManyRequests")),
    bulk: z.string({ message: "inboxChooseAction" }).regex(/^(?:assign-me|assign-agent|action:[a-z][a-z0-9_-]{0,47})$/, "inboxChooseAction"),
    assigneeId: z.preprocess(blank, ZId.optional()),
    comment: z.preprocess(blank, z.string().trim().max(10_000, "tooLong").optional()),
  })
  .refine((v) => v.bulk !== "assign-agent" || v.assigneeId, { path: ["assigneeId"], message: "inboxChooseAgent" });

/** One action on every request ticked: reports how many changed and which were skipped, and why. */
export const bulkRequestAction = defineAction({
  name: "requests.bulk",
  input: ZBulk,
  access: { realm: "town", permission: "requests:process" },
  // Each request in its own transaction: one refusal does not undo the others.
  transaction: false,
  run: async (input, { tenant, actor, audit, locale }): Promise<TBulkReport> => {
    if (!tenant.modules.includes("forms")) throw new NotFoundError();
    const choice: TBulkChoice =
      input.bulk === "assign-me"
        ? { kind: "assign", assigneeId: actor.id }
        : input.bulk === "assign-agent"
          ? { kind: "assign", assigneeId: input.assigneeId! }
          : { kind: "action", actionId: input.bulk.slice("action:".length), comment: input.comment };
    const outcome = await bulkRun({ tenant, actor, requestIds: input.requestId, choice, audit });
    const [t, errors] = await Promise.all([translator(locale, "RequestInbox"), translator(locale, "Errors")]);
    return {
      summary: t("bulkDone", { changed: outcome.changed.length, skipped: outcome.skipped.length }),
      skipped: outcome.skipped.map((s) => ({ ...s, reason: errors.has(s.reason) ? errors(s.reason) : s.reason })),
    };
  },
  audit: (input, report) => ({ action: "requests.bulk", summary: { bulk: input.bulk, requests: input.requestId.length, skipped: report.skipped.length } }),
});

/** Keeps the inbox's columns in a cookie for the next visits. */
export const rememberColumnsAction = defineAction({
  name: "requests.columns",
  input: z.object({ cols: z.string().max(2000) }),
  access: { realm: "town", permission: "requests:process" },
  run: async (input) => {
    const cols = chosenColumns(input.cols, undefined);
    (await cookies()).set(COLUMNS_COOKIE, cols.join(","), {
      httpOnly: true,
      sameSite: "lax",
      secure: getEnv().PUBLIC_PROTOCOL === "https",
      path: "/",
      maxAge: 365 * 86_400,
    });
    return { cols };
  },
  audit: null,
  success: "inboxColumnsRemembered",
});
