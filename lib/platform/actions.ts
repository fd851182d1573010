"use server";
// Server actions of the platform operator (root domain).
import { redirect } from "next/navigation";
import { defineAction } from "@/lib/core/action";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { ZAcceptOperatorInvitation, ZCreateTown, ZTestMail, ZTownStatus } from "@/lib/platform/schemas";
import { createTown } from "@/lib/platform/service/create-town";
import { acceptOperatorInvitation } from "@/lib/platform/service/operators";
import { assertLanguagesReady } from "@/lib/translations/service/languages";
import { ActionError } from "@/lib/core/errors";
import { setTenantStatusById } from "@/lib/tenancy/service/set-tenant-status";

export const createTownAction = defineAction({
  name: "platform.create-town",
  input: ZCreateTown,
  access: { realm: "platform", operator: true },
  run: async (input, ctx) => {
    await assertLanguagesReady(input.enabledLocales, [], null);
    const raw = input as Record<string, unknown>;
    const names = Object.fromEntries(input.enabledLocales.filter((l) => raw[`name_${l}`]).map((l) => [l, String(raw[`name_${l}`])]));
    return createTown({ ...input, names }, { name: ctx.actor.name });
  },
  audit: (input, result) => ({ action: "platform.create-town", targetType: "tenant", targetId: result.tenantId, summary: { slug: input.slug, adminEmail: input.adminEmail, locales: input.enabledLocales } }),
  after: (_result, ctx, input) => redirect(`/${ctx.locale}/operator/towns/${input.slug}?done=created`),
});

export const setTownStatusAction = defineAction({
  name: "platform.town-status",
  input: ZTownStatus,
  access: { realm: "platform", operator: true },
  run: async (input) => {
    if (!(await setTenantStatusById(input.tenantId, input.status))) throw new ActionError("notFound");
  },
  audit: (input) => ({ action: input.status === "suspended" ? "platform.suspend-town" : "platform.reactivate-town", targetType: "tenant", targetId: input.tenantId }),
  success: "townStatusSaved",
});

export const acceptOperatorInvitationAction = defineAction({
  name: "platform.accept-invitation",
  input: ZAcceptOperatorInvitation,
  access: { realm: "platform", public: true },
  run: (input) => acceptOperatorInvitation(input.token, input.password),
  audit: (_input, result) => ({ action: "platform.accept-invitation", actor: { type: "operator", id: result.operatorId }, targetType: "operator", targetId: result.operatorId }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/operator/sign-in?done=password`),
});

export const sendTestMailAction = defineAction({
  name: "platform.test-mail",
  input: ZTestMail,
  access: { realm: "platform", operator: true },
  run: (input, ctx) => queueMail({ tenantId: null, to: input.to, template: "test-message", locale: ctx.locale, params: { requestedBy: ctx.actor.name } }),
  audit: (input, result) => ({ action: "platform.test-mail", targetType: "mail", targetId: result.id, summary: { to: input.to } }),
  success: "testMailQueued",
});
