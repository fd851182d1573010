// The only code of the platform module that uses Prisma: the operators of the platform.
import { db } from "@/lib/core/db";
import { Prisma, type AccountStatus } from "@/lib/generated/prisma/client";

const operatorSelect = { id: true, email: true, name: true, status: true, lastSignInAt: true, createdAt: true } satisfies Prisma.OperatorSelect;

export class OperatorConflictError extends Error {}

export async function findOperatorForSignIn(email: string) {
  return db().operator.findUnique({ where: { email }, select: { id: true, email: true, name: true, status: true, passwordHash: true } });
}

export async function getOperator(id: string) {
  return db().operator.findUnique({ where: { id }, select: operatorSelect });
}

export async function findOperatorByEmail(email: string) {
  return db().operator.findUnique({ where: { email }, select: operatorSelect });
}


export async function insertOperator(data: { email: string; name: string; passwordHash?: string; status?: AccountStatus }): Promise<{ id: string }> {
  try {
    return await db().operator.create({ data, select: { id: true } });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw new OperatorConflictError();
    throw error;
  }
}

export async function updateOperator(id: string, data: { passwordHash?: string; status?: AccountStatus; name?: string }): Promise<boolean> {
  const { count } = await db().operator.updateMany({ where: { id }, data });
  return count === 1;
}

export async function touchOperatorSignIn(id: string): Promise<void> {
  await db().operator.updateMany({ where: { id }, data: { lastSignInAt: new Date() } });
}
