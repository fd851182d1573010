// The mail pipeline on a real PostgreSQL and a real SMTP server: an outbox row and its pg-boss job are
// written in the transaction of the change; the worker renders and sends through SMTP; the capture
// mailbox stores what it receives. A rolled-back change sends nothing; a failed send is recorded.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, disconnectDb, inTransaction } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { applyMigrations } from "@/lib/core/migrate";
import { stopBoss } from "@/lib/notifications/boss";
import { startCaptureServer } from "@/lib/notifications/capture-server";
import { useCaptureMailbox } from "@/lib/notifications/mailer";
import { deliverMail } from "@/lib/notifications/service/deliver-mail";
import { queueMail } from "@/lib/notifications/service/queue-mail";
import { startMailWorker } from "@/lib/notifications/worker";
import { createTenant } from "@/lib/tenancy/service/create-tenant";
import { DEMO_TOWNS } from "@/prisma/seed/demo-towns";
import { createDatabase } from "@/tests/fixtures/databases";

async function waitFor<T>(fn: () => Promise<T | null | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("mail outbox", () => {
  let drop: () => Promise<void>;
  let closeCapture: () => Promise<void>;
  let tenantId: string;

  beforeAll(async () => {
    const database = await createDatabase(inject("adminDatabaseUrl"), "mail");
    drop = database.drop;
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    process.env.ROOT_DOMAIN = "civitas.test";
    delete process.env.SMTP_URL;
    resetEnv();
    const capture = await startCaptureServer(0);
    closeCapture = capture.close;
    useCaptureMailbox(capture.port);
    tenantId = (await createTenant({ ...DEMO_TOWNS[0]!, slug: "lutece-mail" })).id;
    await startMailWorker({ pollingIntervalSeconds: 0.5 });
  });

  afterAll(async () => {
    await stopBoss();
    await closeCapture();
    await stopInvalidationListener();
    await disconnectDb();
    await drop();
  });

  it("sends a committed mail through SMTP, translated and branded, with a text part", async () => {
    const queued = await inTransaction(() =>
      queueMail({ tenantId, to: "ana@example.org", template: "agent-invitation", locale: "fr", params: { name: "Ana", inviter: "Marc", expiresHours: 72 }, secret: { link: "http://lutece-mail.civitas.test/fr/admin/invitation?token=abc" } }),
    );
    const mail = await waitFor(() => db().capturedMail.findFirst({ where: { envelopeTo: { has: "ana@example.org" } } }));
    expect(mail.subject).toBe("Invitation à rejoindre l’espace agents de Ville de Lutèce");
    expect(mail.text).toContain("http://lutece-mail.civitas.test/fr/admin/invitation?token=abc");
    expect(mail.text).toContain("Marc");
    expect(mail.html).toContain("#1d4e89");
    expect(mail.fromHeader).toContain("Ville de Lutèce");
    const row = await waitFor(() => db().outboxMessage.findFirst({ where: { id: queued.id, status: "sent" } }));
    expect(row.secret).toBeNull();
    expect(row.subject).toBe(mail.subject);
  });

  it("sends nothing when the change that queued the mail rolls back", async () => {
    await expect(
      inTransaction(async () => {
        await queueMail({ tenantId, to: "ghost@example.org", template: "test-message", locale: "en", params: { requestedBy: "Test" } });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    await queueMail({ tenantId, to: "after@example.org", template: "test-message", locale: "en", params: { requestedBy: "Test" } });
    await waitFor(() => db().capturedMail.findFirst({ where: { envelopeTo: { has: "after@example.org" } } }));
    expect(await db().capturedMail.count({ where: { envelopeTo: { has: "ghost@example.org" } } })).toBe(0);
    expect(await db().outboxMessage.count({ where: { toAddress: "ghost@example.org" } })).toBe(0);
  });

  it("records a failed attempt, and marks the message failed after the last retry", async () => {
    useCaptureMailbox(1); // nothing listens on port 1
    try {
      const row = await db().outboxMessage.create({ data: { tenantId, toAddress: "x@example.org", template: "test-message", locale: "en", params: { requestedBy: "T" }, secret: { link: "s" } } });
      await expect(deliverMail({ outboxId: row.id, tenantId }, { retryCount: 0, retryLimit: 6 })).rejects.toThrow();
      let after = await db().outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(after).toMatchObject({ status: "pending", attempts: 1 });
      expect(after.lastError).toMatch(/ECONNREFUSED|connect/i);
      await expect(deliverMail({ outboxId: row.id, tenantId }, { retryCount: 6, retryLimit: 6 })).rejects.toThrow();
      after = await db().outboxMessage.findUniqueOrThrow({ where: { id: row.id } });
      expect(after).toMatchObject({ status: "failed", attempts: 2, secret: null });
      // Another town's id finds nothing.
      expect(await deliverMail({ outboxId: row.id, tenantId: null }, { retryCount: 0, retryLimit: 6 })).toBe("skipped");
    } finally {
      const capture = await startCaptureServer(0);
      useCaptureMailbox(capture.port);
      const previous = closeCapture;
      closeCapture = async () => {
        await previous();
        await capture.close();
      };
    }
  });
});
