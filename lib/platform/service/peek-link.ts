import { peekToken } from "@/lib/auth/repo";
import { hashSecret } from "@/lib/auth/tokens";
import { getOperator } from "@/lib/platform/repo";

export async function peekOperatorLink(token: string | undefined): Promise<{ valid: boolean; name?: string; email?: string }> {
  if (!token || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { valid: false };
  const found = await peekToken(hashSecret(token), "invitation", null);
  if (!found?.operatorId) return { valid: false };
  const operator = await getOperator(found.operatorId);
  return operator ? { valid: true, name: operator.name, email: operator.email } : { valid: false };
}
