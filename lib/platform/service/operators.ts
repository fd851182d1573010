// Platform operators: created from the command line (`npm run civitas -- operator create`), they
// choose their password through a one-time link (printed and mailed) or, for scripted set-ups, are
// given one directly.
import { hashPassword } from "@/lib/auth/password";
import { consumeToken, expireTokens, insertToken, revokeOperatorSessions } from "@/lib/auth/repo";
import { hashSecret, newSecret } from "@/lib/auth/tokens";
import { inTransaction } from "@/lib/core/db";
import { ActionError } from "@/lib/core/errors";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { findOperatorByEmail, insertOperator, OperatorConflictError, updateOperator } from "@/lib/platform/repo";
import { platformOrigin } from "@/lib/tenancy/registry";

export const OPERATOR_INVITATION_HOURS = 72;

export async function issueOperatorLink(operator: { id: string; email: string; name: string }, locale: string): Promise<string> {
  const secret = newSecret();
  await expireTokens({ tenantId: null, operatorId: operator.id, purpose: "invitation" });
  await insertToken({ tenantId: null, operatorId: operator.id, purpose: "invitation", tokenHash: hashSecret(secret), expiresAt: new Date(Date.now() + OPERATOR_INVITATION_HOURS * 3600_000) });
  const link = `${platformOrigin()}/${locale}/operator/invitation?token=${secret}`;
  await queueMail({ tenantId: null, to: operator.email, template: "operator-invitation", locale, params: { name: operator.name, expiresHours: OPERATOR_INVITATION_HOURS }, secret: { link } });
  return link;
}

export async function createOperator(input: { email: string; name: string; password?: string; locale: string }): Promise<{ id: string; link: string | null }> {
  return inTransaction(async () => {
    let id: string;
    try {
      id = (
        await insertOperator({
          email: input.email,
          name: input.name,
          ...(input.password ? { passwordHash: await hashPassword(input.password), status: "active" as const } : {}),
        })
      ).id;
    } catch (error) {
      if (error instanceof OperatorConflictError) throw new ActionError("operatorExists");
      throw error;
    }
    const link = input.password ? null : await issueOperatorLink({ id, email: input.email, name: input.name }, input.locale);
    return { id, link };
  });
}

/** A new set-password link for an existing operator (forgotten password, lost invitation). */
export async function resetOperatorLink(email: string, locale: string): Promise<string> {
  const operator = await findOperatorByEmail(email);
  if (!operator) throw new ActionError("notFound");
  return inTransaction(() => issueOperatorLink(operator, locale));
}

export async function acceptOperatorInvitation(token: string, password: string): Promise<{ operatorId: string }> {
  const used = await consumeToken(hashSecret(token), "invitation", null);
  if (!used?.operatorId) throw new ActionError("linkInvalid");
  await updateOperator(used.operatorId, { passwordHash: await hashPassword(password), status: "active" });
  await revokeOperatorSessions(used.operatorId);
  return { operatorId: used.operatorId };
}
