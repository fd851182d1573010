// The Prisma client (driver adapter @prisma/adapter-pg). One per process, shared through globalThis
// so the custom server and the Next.js bundle reuse the same pool. Only repo.ts files import it.
//
// db() is what repositories use: inside inTransaction(…) it is that transaction (carried by
// AsyncLocalStorage), so a service's writes, the mail it queues and the audit entry of the action
// commit or roll back together; outside, it is the client itself.
import { AsyncLocalStorage } from "node:async_hooks";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/generated/prisma/client";
import { getEnv } from "@/lib/core/env";

export type TDb = Prisma.TransactionClient;

type TAfterCommit = () => void | Promise<void>;
type TTxContext = { tx: TDb; afterCommit: TAfterCommit[] };

const store = globalThis as typeof globalThis & { __civitasPrisma?: PrismaClient; __civitasTx?: AsyncLocalStorage<TTxContext> };

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

function txStorage(): AsyncLocalStorage<TTxContext> {
  store.__civitasTx ??= new AsyncLocalStorage<TTxContext>();
  return store.__civitasTx;
}

/** The current transaction if there is one, else the client. */
export function db(): TDb {
  return txStorage().getStore()?.tx ?? getDb();
}

/** Runs `fn` in one transaction (joins the current one if already inside), then its after-commit work. */
export async function inTransaction<T>(fn: () => Promise<T>): Promise<T> {
  if (txStorage().getStore()) return fn();
  const afterCommit: TAfterCommit[] = [];
  const result = await getDb().$transaction((tx) => txStorage().run({ tx, afterCommit }, fn), { timeout: 20_000, maxWait: 10_000 });
  for (const work of afterCommit) await work();
  return result;
}

/** Work to do once the current transaction has committed (at once outside a transaction). */
export async function afterCommit(work: TAfterCommit): Promise<void> {
  const context = txStorage().getStore();
  if (context) context.afterCommit.push(work);
  else await work();
}

export async function disconnectDb(): Promise<void> {
  const client = store.__civitasPrisma;
  store.__civitasPrisma = undefined;
  await client?.$disconnect();
}
