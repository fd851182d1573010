// Cache invalidation across processes and servers: PostgreSQL LISTEN/NOTIFY.
// A change publishes an event in the same database; every Civitas process listens on one dedicated
// connection and drops what the event makes stale. If that connection drops, events may have been
// missed, so listeners receive { scope: "all" } on reconnection.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterCommit, getDb } from "@/lib/core/db";
import { getLogger } from "@/lib/core/logger";

export const INVALIDATION_CHANNEL = "civitas_invalidate";



/** A slot whose free places changed: its service and start (ISO 8601). */
export type TSlotRef = { serviceId: string; startsAt: string };

/**
 * "tenant": the town's own row (routing, theme…); "appointments": its appointment services' settings;
 * "translations": interface texts edited in the app (a town's layer, or the platform's when null);
 * "slots": places taken or freed in these slots (or in any slot of the town: "all"), for the cached
 * slot lists.
 */
export type TInvalidation =
  | { scope: "all" }
  | { scope: "tenant"; tenantId: string }
  | { scope: "appointments"; tenantId: string }
  | { scope: "translations"; tenantId: string | null }
  | { scope: "slots"; tenantId: string; slots: TSlotRef[] | "all" };
type TListener = (event: TInvalidation) => void | Promise<void>;

type TState = {
  listeners: Set<TListener>;
  client?: pg.Client;
  connecting?: Promise<void>;
  stopped: boolean;
  retryTimer?: NodeJS.Timeout;
  /** Marks this process's own events: it applied them after commit and ignores their NOTIFY echo. */
  processId: string;
};

const store = globalThis as typeof globalThis & { __civitasInvalidation?: TState };
function state(): TState {
  store.__civitasInvalidation ??= { listeners: new Set(), stopped: false, processId: randomUUID() };
  return store.__civitasInvalidation;
}

function emit(event: TInvalidation): Promise<void> {
  const runs = [...state().listeners].map(async (listener) => {
    try {
      await listener(event);
    } catch (error) {
      getLogger().error({ err: error }, "invalidation listener failed");
    }
  });
  return Promise.all(runs).then(() => undefined);
}

/** The event of a NOTIFY payload, and the process that sent it. */
export function parseInvalidation(payload: string | undefined): TInvalidation & { from?: string } {
  try {
    const value = JSON.parse(payload ?? "") as Partial<{ scope: string; tenantId: string; from: string; slots: unknown }>;
    const from = typeof value.from === "string" ? value.from : undefined;
    if (value.scope === "slots" && typeof value.tenantId === "string") {
      if (value.slots === "all") return { scope: "slots", tenantId: value.tenantId, slots: "all", from };
      if (Array.isArray(value.slots) && value.slots.every((s) => typeof s?.serviceId === "string" && typeof s?.startsAt === "string")) {
        return { scope: "slots", tenantId: value.tenantId, slots: (value.slots as TSlotRef[]).map(({ serviceId, startsAt }) => ({ serviceId, startsAt })), from };
      }
    }
    if (value.scope === "tenant" && typeof value.tenantId === "string") return { scope: "tenant", tenantId: value.tenantId, from };
    if (value.scope === "appointments" && typeof value.tenantId === "string") return { scope: "appointments", tenantId: value.tenantId, from };
    if (value.scope === "translations") return { scope: "translations", tenantId: typeof value.tenantId === "string" ? value.tenantId : null, from };
    if (value.scope === "all") return { scope: "all", from };
  } catch {
    // fall through: an unreadable event invalidates everything
  }
  return { scope: "all" };
}

async function connect(connectionString: string): Promise<void> {
  const s = state();
  const client = new pg.Client({ connectionString, application_name: "civitas-invalidation" });
  client.on("notification", (message) => {
    if (message.channel !== INVALIDATION_CHANNEL) return;
    const { from, ...event } = parseInvalidation(message.payload);
    if (from !== s.processId) void emit(event as TInvalidation);
  });
  const retry = (error?: unknown) => {
    if (s.client !== client) return;
    s.client = undefined;
    if (error) getLogger().warn({ err: error }, "invalidation listener disconnected; reconnecting");
    client.end().catch(() => {});
    if (s.stopped) return;
    s.retryTimer = setTimeout(() => {
      s.connecting = connect(connectionString).then(
        () => void emit({ scope: "all" }),
        (err) => retry(err),
      );
    }, 1000);
    s.retryTimer.unref();
  };
  client.on("error", retry);
  client.on("end", () => retry());
  await client.connect();
  await client.query(`LISTEN ${INVALIDATION_CHANNEL}`);
  s.client = client;
}

/** Subscribe to invalidation events; starts the process's listening connection on first use. */
export async function subscribeInvalidation(connectionString: string, listener: TListener): Promise<() => void> {
  const s = state();
  s.stopped = false;
  s.listeners.add(listener);
  if (!s.client) {
    s.connecting ??= connect(connectionString).finally(() => {
      s.connecting = undefined;
    });
    await s.connecting;
  }
  return () => s.listeners.delete(listener);
}

export async function stopInvalidationListener(): Promise<void> {
  const s = state();
  s.stopped = true;
  if (s.retryTimer) clearTimeout(s.retryTimer);
  const client = s.client;
  s.client = undefined;
  await client?.end().catch(() => {});
}

type TRawExecutor = { $executeRaw: (query: TemplateStringsArray, ...values: unknown[]) => Promise<number> };

/**
 * Publish an event; inside a transaction it is delivered when the transaction commits. Other processes
 * learn it through NOTIFY; this process applies it as soon as the transaction has committed, before
 * the request that made the change answers (so the next page it renders is already fresh).
 */
export async function publishInvalidation(db: TRawExecutor, event: TInvalidation): Promise<void> {
  const payload = JSON.stringify({ ...event, from: state().processId });
  await db.$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, ${payload})`;
  await afterCommit(() => emit(event));
}

/** NOTIFY payloads are limited to 8000 bytes: a bigger batch says "every slot of the town". */
const MAX_SLOT_PAYLOAD = 7000;
type TSlotBatch = { state: Map<string, Map<string, TSlotRef> | "all">; sending?: Promise<void> };
const slotStore = globalThis as typeof globalThis & { __civitasSlotBatch?: TSlotBatch };
function slotBatch(): TSlotBatch {
  slotStore.__civitasSlotBatch ??= { state: new Map() };
  return slotStore.__civitasSlotBatch;
}

/**
 * Places were taken or freed in these slots (lib/appointments/repo.ts calls this for every such
 * statement). Once the transaction has committed, this process drops its stale slot lists at once,
 * before the request answers; other processes learn it through NOTIFY, sent outside the booking's
 * transaction (a NOTIFY inside it would serialise every booking's commit on PostgreSQL's notify
 * lock) and batched: while one is being sent, the next changes wait and go together.
 */
export async function publishSlotChanges(tenantId: string, slots: TSlotRef[]): Promise<void> {
  if (slots.length === 0) return;
  await afterCommit(async () => {
    await emit({ scope: "slots", tenantId, slots });
    const batch = slotBatch();
    const current = batch.state.get(tenantId);
    if (current !== "all") {
      const map = current ?? new Map<string, TSlotRef>();
      for (const slot of slots) map.set(`${slot.serviceId}|${slot.startsAt}`, slot);
      batch.state.set(tenantId, map);
    }
    if (!batch.sending) batch.sending = flushSlotChanges(batch).finally(() => (batch.sending = undefined));
  });
}

async function flushSlotChanges(batch: TSlotBatch): Promise<void> {
  while (batch.state.size > 0) {
    const pending = [...batch.state];
    batch.state.clear();
    for (const [tenantId, slots] of pending) {
      let payload = JSON.stringify({ scope: "slots", tenantId, slots: slots === "all" ? "all" : [...slots.values()], from: state().processId });
      if (payload.length > MAX_SLOT_PAYLOAD) payload = JSON.stringify({ scope: "slots", tenantId, slots: "all", from: state().processId });
      try {
        await getDb().$executeRaw`SELECT pg_notify(${INVALIDATION_CHANNEL}, ${payload})`;
      } catch (error) {
        getLogger().error({ err: error }, "slot change NOTIFY failed");
      }
    }
  }
}

/** Waits until the slot changes queued so far have been sent (tests, shutdown). */
export async function slotChangesSent(): Promise<void> {
  while (slotBatch().sending) await slotBatch().sending;
}
