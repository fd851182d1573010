import { getOperator } from "@/lib/platform/repo";

export async function getOperatorForSession(operatorId: string): Promise<{ id: string; email: string; name: string } | null> {
  const operator = await getOperator(operatorId);
  if (!operator || operator.status !== "active") return null;
  return { id: operator.id, email: operator.email, name: operator.name };
}
