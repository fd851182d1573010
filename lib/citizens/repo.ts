// The only code of the citizens module that uses Prisma. Every query names the town: a citizen's id
// alone never finds anything in another town.
import { db } from "@/lib/core/db";
import type { Prisma } from "@/lib/generated/prisma/client";

export const CITIZEN_SELECT = {
  id: true,
  tenantId: true,
  email: true,
  emailVerifiedAt: true,
  name: true,
  phone: true,
  locale: true,
  notifyReminderEmail: true,
  notifyReminderSms: true,
  notifyRequestUpdates: true,
  lastSignInAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.CitizenSelect;

export type TCitizenRow = Prisma.CitizenGetPayload<{ select: typeof CITIZEN_SELECT }>;

export function findCitizen(tenantId: string, id: string): Promise<TCitizenRow | null> {
  return db().citizen.findFirst({ where: { tenantId, id }, select: CITIZEN_SELECT });
}

export function findCitizenByEmail(tenantId: string, email: string): Promise<TCitizenRow | null> {
  return db().citizen.findFirst({ where: { tenantId, email }, select: CITIZEN_SELECT });
}

/** Locks the account for the rest of the transaction (deletion, attaching). */
export async function lockCitizenRow(tenantId: string, id: string): Promise<void> {
  await db().$queryRaw`SELECT id FROM citizen WHERE "tenantId" = ${tenantId}::uuid AND id = ${id}::uuid FOR UPDATE`;
}

export function insertCitizen(data: { tenantId: string; email: string; emailVerifiedAt: Date | null; name: string | null; locale: string }): Promise<TCitizenRow> {
  return db().citizen.create({ data, select: CITIZEN_SELECT });
}

export async function updateCitizen(tenantId: string, id: string, data: Prisma.CitizenUpdateManyMutationInput): Promise<void> {
  await db().citizen.updateMany({ where: { tenantId, id }, data });
}

export async function deleteCitizenRow(tenantId: string, id: string): Promise<void> {
  await db().citizen.deleteMany({ where: { tenantId, id } });
}

export function findIdentity(tenantId: string, providerId: string, subject: string) {
  return db().citizenIdentity.findFirst({ where: { tenantId, providerId, subject }, select: { id: true, citizenId: true } });
}

export async function insertIdentity(data: { tenantId: string; citizenId: string; providerId: string; subject: string }): Promise<void> {
  await db().citizenIdentity.create({ data });
}

export async function touchIdentity(tenantId: string, id: string): Promise<void> {
  await db().citizenIdentity.updateMany({ where: { tenantId, id }, data: { lastUsedAt: new Date() } });
}

/** The account's identities at providers are removed (its address was proved by someone else than they vouched for). */
export async function deleteIdentitiesOf(tenantId: string, citizenId: string): Promise<number> {
  const { count } = await db().citizenIdentity.deleteMany({ where: { tenantId, citizenId } });
  return count;
}

export function listIdentities(tenantId: string, citizenId: string) {
  return db().citizenIdentity.findMany({
    where: { tenantId, citizenId },
    select: { id: true, subject: true, createdAt: true, lastUsedAt: true, provider: { select: { id: true, labels: true, issuer: true } } },
    orderBy: { createdAt: "asc" },
  });
}

/** The optional notifications a citizen turned off (null: no account, everything is sent). */
export function notificationPreferences(tenantId: string, citizenId: string | null) {
  if (!citizenId) return Promise.resolve(null);
  return db().citizen.findFirst({
    where: { tenantId, id: citizenId },
    select: { notifyReminderEmail: true, notifyReminderSms: true, notifyRequestUpdates: true },
  });
}

// --- Identity providers (configured by the town's administrators) ---

export const PROVIDER_SELECT = {
  id: true,
  tenantId: true,
  labels: true,
  issuer: true,
  clientId: true,
  clientSecretEnc: true,
  scopes: true,
  signingAlg: true,
  signedUserinfo: true,
  acrValues: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.IdentityProviderSelect;
export type TProviderRow = Prisma.IdentityProviderGetPayload<{ select: typeof PROVIDER_SELECT }>;

export function listProviders(tenantId: string, options: { enabledOnly?: boolean } = {}): Promise<TProviderRow[]> {
  return db().identityProvider.findMany({ where: { tenantId, ...(options.enabledOnly ? { enabled: true } : {}) }, select: PROVIDER_SELECT, orderBy: { createdAt: "asc" } });
}

export function findProvider(tenantId: string, id: string): Promise<TProviderRow | null> {
  return db().identityProvider.findFirst({ where: { tenantId, id }, select: PROVIDER_SELECT });
}

export function insertProvider(data: Omit<Prisma.IdentityProviderUncheckedCreateInput, "id" | "createdAt" | "updatedAt">): Promise<TProviderRow> {
  return db().identityProvider.create({ data, select: PROVIDER_SELECT });
}

export async function updateProvider(tenantId: string, id: string, data: Prisma.IdentityProviderUpdateManyMutationInput): Promise<number> {
  const { count } = await db().identityProvider.updateMany({ where: { tenantId, id }, data });
  return count;
}

export async function deleteProvider(tenantId: string, id: string): Promise<number> {
  const { count } = await db().identityProvider.deleteMany({ where: { tenantId, id } });
  return count;
}
