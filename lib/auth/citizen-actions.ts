"use server";
// Citizens sign in and out of their town's citizen space (lib/auth/service/citizen-sign-in.ts).
import { redirect } from "next/navigation";
import { z } from "zod";
import { clearCitizenSessionCookie, setCitizenSessionCookie } from "@/lib/auth/config";
import { safeCitizenNext } from "@/lib/auth/citizen-session";
import { revokeSession } from "@/lib/auth/repo";
import { requestSignInLink, signInWithLink } from "@/lib/auth/service/citizen-sign-in";
import { defineAction } from "@/lib/core/action";
import { ZEmail } from "@/lib/core/form-schemas";

export const requestSignInLinkAction = defineAction({
  name: "citizen.sign-in-link",
  input: z.object({ email: ZEmail, next: z.string().max(500).optional() }),
  access: { realm: "town", public: true },
  transaction: false,
  audit: null, // the service audits the request (and a refusal)
  run: async (input, ctx) =>
    requestSignInLink({
      tenant: ctx.tenant,
      email: input.email,
      locale: ctx.locale,
      next: input.next ? safeCitizenNext(input.next, ctx.locale) : null,
      meta: { ip: ctx.request.ip, userAgent: ctx.request.userAgent, requestId: ctx.request.requestId },
    }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/account/sign-in/sent`),
});

export const signInWithLinkAction = defineAction({
  name: "citizen.sign-in",
  // A damaged or shortened link gets the same answer as a used one (the service finds no such link),
  // not an error on a field the citizen cannot see.
  input: z.object({ secret: z.string().max(200) }),
  access: { realm: "town", public: true },
  transaction: false,
  audit: null,
  run: async (input, ctx) => signInWithLink({ tenant: ctx.tenant, secret: input.secret, meta: { ip: ctx.request.ip, userAgent: ctx.request.userAgent, requestId: ctx.request.requestId } }),
  after: async (result, ctx) => {
    await setCitizenSessionCookie(result.sessionId);
    redirect(safeCitizenNext(result.next, ctx.locale));
  },
});

export const signOutCitizenAction = defineAction({
  name: "citizen.sign-out",
  input: z.object({}),
  access: { realm: "town", citizen: true },
  run: async (_input, ctx) => {
    await revokeSession(ctx.actor.sessionId);
    await clearCitizenSessionCookie();
  },
  audit: (_input, _result, ctx) => ({ action: "citizen.sign-out", targetType: "citizen", targetId: ctx.actor.id }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/account/sign-in?signedOut=1`),
});
