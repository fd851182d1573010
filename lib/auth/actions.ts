"use server";
// Sign-in and sign-out, for a town's agents (town host) and the platform's operators (root domain).
import { redirect } from "next/navigation";
import { z } from "zod";
import { ZSignIn } from "@/lib/agents/schemas";
import { clearSessionCookie, SignInRefused, signInWithForm } from "@/lib/auth/config";
import { revokeSession } from "@/lib/auth/repo";
import { defineAction } from "@/lib/core/action";
import { ActionError } from "@/lib/core/errors";

/** Where to go after signing in: only a page of this area, never another site. */
function safeNext(next: string | undefined, fallback: string): string {
  if (next && next.startsWith(fallback) && !next.startsWith("//") && !/[\\\s]/.test(next)) return next;
  return fallback;
}

async function signIn(email: string, password: string) {
  try {
    await signInWithForm(email, password);
  } catch (error) {
    if (error instanceof SignInRefused) {
      if (error.code === "locked") throw new ActionError("signInLocked", { minutes: Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) });
      throw new ActionError("signInInvalid");
    }
    throw error;
  }
}

export const signInAgentAction = defineAction({
  name: "auth.sign-in",
  input: ZSignIn,
  access: { realm: "town", public: true },
  transaction: false,
  audit: null, // the sign-in service audits every attempt, failed ones included
  run: async (input) => signIn(input.email, input.password),
  after: (_result, ctx, input) => redirect(safeNext(input.next, `/${ctx.locale}/admin`)),
});

export const signOutAgentAction = defineAction({
  name: "auth.sign-out",
  input: z.object({}),
  access: { realm: "town", signedIn: true },
  run: async (_input, ctx) => {
    await revokeSession(ctx.actor.sessionId);
    await clearSessionCookie();
  },
  audit: (_input, _result, ctx) => ({ action: "auth.sign-out", targetType: "agent", targetId: ctx.actor.id }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/admin/sign-in?signedOut=1`),
});

export const signInOperatorAction = defineAction({
  name: "auth.sign-in",
  input: ZSignIn,
  access: { realm: "platform", public: true },
  transaction: false,
  audit: null,
  run: async (input) => signIn(input.email, input.password),
  after: (_result, ctx, input) => redirect(safeNext(input.next, `/${ctx.locale}/operator`)),
});

export const signOutOperatorAction = defineAction({
  name: "auth.sign-out",
  input: z.object({}),
  access: { realm: "platform", operator: true },
  run: async (_input, ctx) => {
    await revokeSession(ctx.actor.sessionId);
    await clearSessionCookie();
  },
  audit: (_input, _result, ctx) => ({ action: "auth.sign-out", targetType: "operator", targetId: ctx.actor.id }),
  after: (_result, ctx) => redirect(`/${ctx.locale}/operator/sign-in?signedOut=1`),
});
