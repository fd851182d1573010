// The Prisma client (driver adapter @prisma/adapter-pg). One per process, shared through globalThis
// so the custom server and the Next.js bundle reuse the same pool. Only repo.ts files import it.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/core/env";

const store = globalThis as typeof globalThis & { __civitasPrisma?: PrismaClient };

export function databaseUrl(): string {
  const url = getEnv().DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL is not set. `npm start` sets it to the embedded database; elsewhere set it explicitly.");
  }
  return url;
}

export function getDb(): PrismaClient {
  if (!store.__civitasPrisma) {
    const adapter = new PrismaPg({ connectionString: databaseUrl(), max: 10, idleTimeoutMillis: 30_000 });
    store.__civitasPrisma = new PrismaClient({ adapter });
  }
  return store.__civitasPrisma;
}

export async function disconnectDb(): Promise<void> {
  const client = store.__civitasPrisma;
  store.__civitasPrisma = undefined;
  await client?.$disconnect();
}
