// The back office on a real PostgreSQL: sign-in limits and sessions, invitations and password resets
// (tokens, outbox), the last-administrator guard, town isolation (town A using town B's ids gets
// nothing), and the audit trail's hash chain, checked by the real `npm run civitas -- audit verify`.
import { spawnSync } from "node:child_process";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { acceptInvitation } from "@/lib/agents/service/accept-invitation";
import { createAgentWithPassword } from "@/lib/agents/service/create-agent";
import { inviteAgent } from "@/lib/agents/service/invite-agent";
import { deactivateAgent, updateAgentAccess } from "@/lib/agents/service/manage-agent";
import { removeRole } from "@/lib/agents/service/manage-roles";
import { requestPasswordReset, resetPassword } from "@/lib/agents/service/password-reset";
import { agentOfTown, roleOfTown, rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { builtinRoleId } from "@/lib/agents/service/setup-town";
import { auditPage } from "@/lib/audit/service/list-audit";
import { recordAudit } from "@/lib/audit/service/record-audit";
import { verifyChain } from "@/lib/audit/service/verify-audit";
import { closeRateLimiters } from "@/lib/auth/rate-limit";
import { findSession } from "@/lib/auth/repo";
import { signInWithPassword } from "@/lib/auth/service/sign-in";
import { db, disconnectDb } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import { ActionError, NotFoundError } from "@/lib/core/errors";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { applyMigrations } from "@/lib/core/migrate";
import { stopBoss } from "@/lib/notifications/boss";
import { getOutbox } from "@/lib/notifications/repo";
import type { TTenant } from "@/lib/tenancy/registry";
import { tenantAsset } from "@/lib/tenancy/service/tenant-asset";
import { storeAsset, updateTheme } from "@/lib/tenancy/service/update-settings";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";
import { createDatabase } from "@/tests/fixtures/databases";
import { createVisibleTown } from "@/tests/fixtures/towns";

const PASSWORD = "correct horse battery";

const town = createVisibleTown;

const site = (tenant: TTenant) => ({ kind: "tenant" as const, tenantId: tenant.id });
const meta = { ip: "203.0.113.7", userAgent: "test", requestId: "req-test" };
const ctx = (tenant: TTenant) => ({ tenantId: tenant.id, actor: { type: "system" as const }, requestId: "req-test", ip: null });

/** The secret of the last one-time link mailed to `to` (read from the outbox, as the worker would). */
async function lastLink(tenantId: string, to: string): Promise<string> {
  const row = await db().outboxMessage.findFirst({ where: { tenantId, toAddress: to }, orderBy: { createdAt: "desc" } });
  const link = (row?.secret as { link?: string } | null)?.link;
  if (!link) throw new Error(`no link mailed to ${to}`);
  return new URL(link).searchParams.get("token")!;
}

describe("back office", () => {
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let a: TTenant;
  let b: TTenant;
  let adminA: string;
  let agentB: string;

  beforeAll(async () => {
    database = await createDatabase(inject("adminDatabaseUrl"), "backoffice");
    await applyMigrations(database.url);
    process.env.DATABASE_URL = database.url;
    process.env.ROOT_DOMAIN = "civitas.test";
    resetEnv();
    a = await town("alpha");
    b = await town("beta");
    adminA = (await createAgentWithPassword({ tenantId: a.id, email: "admin@alpha.test", name: "Admin A", password: PASSWORD, roles: ["administrator"] })).id;
    agentB = (await createAgentWithPassword({ tenantId: b.id, email: "agent@beta.test", name: "Agent B", password: PASSWORD, roles: ["agent"] })).id;
  });

  afterAll(async () => {
    await stopBoss();
    await closeRateLimiters();
    await stopInvalidationListener();
    await disconnectDb();
    await database.drop();
  });

  describe("sign-in", () => {
    it("opens a session for the right password, on the agent's own town only", async () => {
      const ok = await signInWithPassword({ site: site(a), email: "ADMIN@alpha.test ", password: PASSWORD, ...meta });
      expect(ok.ok).toBe(true);
      const session = ok.ok ? await findSession(ok.sessionId) : null;
      expect(session).toMatchObject({ tenantId: a.id, agentId: adminA, revokedAt: null });
      // The same account does not exist on town B.
      expect(await signInWithPassword({ site: site(b), email: "admin@alpha.test", password: PASSWORD, ...meta })).toMatchObject({ ok: false, reason: "invalid" });
    });

    it("locks an account after five failures, even for the right password, and audits every attempt", async () => {
      await createAgentWithPassword({ tenantId: a.id, email: "lock@alpha.test", name: "Lock", password: PASSWORD, roles: ["agent"] });
      const attempt = (password: string) => signInWithPassword({ site: site(a), email: "lock@alpha.test", password, ...meta, ip: "198.51.100.9" });
      for (let i = 1; i <= 4; i++) expect(await attempt("wrong password " + i)).toMatchObject({ ok: false, reason: "invalid" });
      const fifth = await attempt("wrong password 5");
      expect(fifth).toMatchObject({ ok: false, reason: "locked" });
      expect(fifth.ok === false && fifth.retryAfterSeconds).toBeGreaterThan(600);
      expect(await attempt(PASSWORD)).toMatchObject({ ok: false, reason: "locked" });
      const entries = await db().auditEntry.findMany({ where: { chain: a.id, actorLabel: "lock@alpha.test" }, select: { action: true } });
      expect(entries.filter((e) => e.action === "auth.sign-in-failed")).toHaveLength(5);
      expect(entries.filter((e) => e.action === "auth.sign-in-blocked")).toHaveLength(1);
    });
  });

  describe("invitation and password reset", () => {
    it("invites an agent by e-mail; the link sets the password once; the account then signs in", async () => {
      const agentRole = (await builtinRoleId(a.id, "agent"))!;
      const { agentId } = await inviteAgent({ tenant: a, inviter: "Admin A", locale: "fr", email: "new@alpha.test", name: "New", roleIds: [agentRole], scope: [] });
      expect((await agentOfTown(a.id, agentId))?.status).toBe("invited");
      const token = await lastLink(a.id, "new@alpha.test");
      await expect(acceptInvitation(b.id, token, PASSWORD)).rejects.toThrow(ActionError); // another town's host
      await acceptInvitation(a.id, token, PASSWORD);
      await expect(acceptInvitation(a.id, token, PASSWORD)).rejects.toThrow("linkInvalid"); // single use
      expect((await agentOfTown(a.id, agentId))?.status).toBe("active");
      expect((await signInWithPassword({ site: site(a), email: "new@alpha.test", password: PASSWORD, ...meta })).ok).toBe(true);
    });

    it("refuses an expired invitation link", async () => {
      const agentRole = (await builtinRoleId(a.id, "agent"))!;
      await inviteAgent({ tenant: a, inviter: "Admin A", locale: "fr", email: "late@alpha.test", name: "Late", roleIds: [agentRole], scope: [] });
      const token = await lastLink(a.id, "late@alpha.test");
      await db().authToken.updateMany({ where: { tenantId: a.id, purpose: "invitation", usedAt: null }, data: { expiresAt: new Date(Date.now() - 1000) } });
      await expect(acceptInvitation(a.id, token, PASSWORD)).rejects.toThrow("linkInvalid");
    });

    it("resets a password by e-mail link and ends every session of the account", async () => {
      const first = await signInWithPassword({ site: site(a), email: "admin@alpha.test", password: PASSWORD, ...meta });
      const unknown = await requestPasswordReset(a, "nobody@alpha.test", "fr", "192.0.2.1");
      expect(unknown.sent).toBe(false);
      expect((await requestPasswordReset(a, "admin@alpha.test", "fr", "192.0.2.1")).sent).toBe(true);
      const token = await lastLink(a.id, "admin@alpha.test");
      const result = await resetPassword(a.id, token, "a brand new passphrase");
      expect(result.sessionsEnded).toBeGreaterThanOrEqual(1);
      if (first.ok) expect((await findSession(first.sessionId))?.revokedAt).not.toBeNull();
      expect((await signInWithPassword({ site: site(a), email: "admin@alpha.test", password: "a brand new passphrase", ...meta })).ok).toBe(true);
      await resetPassword(a.id, await (async () => (await requestPasswordReset(a, "admin@alpha.test", "fr", "192.0.2.1"), lastLink(a.id, "admin@alpha.test")))(), PASSWORD);
    });
  });

  describe("guards", () => {
    it("never leaves a town without an active administrator, and refuses self-deactivation", async () => {
      const agentRole = (await builtinRoleId(a.id, "agent"))!;
      await expect(updateAgentAccess(a.id, adminA, [agentRole], [])).rejects.toThrow("lastAdministrator");
      await expect(deactivateAgent(a.id, adminA, adminA)).rejects.toThrow("cannotDeactivateSelf");
    });

    it("deactivating an agent ends their sessions at once", async () => {
      const { id } = await createAgentWithPassword({ tenantId: a.id, email: "leaving@alpha.test", name: "Leaving", password: PASSWORD, roles: ["agent"] });
      const signed = await signInWithPassword({ site: site(a), email: "leaving@alpha.test", password: PASSWORD, ...meta });
      expect(signed.ok).toBe(true);
      expect((await deactivateAgent(a.id, id, adminA)).sessionsEnded).toBe(1);
      if (signed.ok) expect((await findSession(signed.sessionId))?.revokedAt).not.toBeNull();
      expect(await signInWithPassword({ site: site(a), email: "leaving@alpha.test", password: PASSWORD, ...meta })).toMatchObject({ ok: false });
    });

    it("refuses a theme that fails WCAG AA, naming the pair and the ratio", async () => {
      const attempt = updateTheme(a, { ...PLATFORM_THEME, primary: "#8fb3d9", radius: 0.25 });
      await expect(attempt).rejects.toMatchObject({ fields: { primary: { key: "contrast.primaryOnPage" }, onPrimary: { key: "contrast.textOnPrimary" } } });
    });

    it("refuses an upload that is not an image, whatever its name, and SVG with scripts", async () => {
      await expect(storeAsset(a, "logo", new File(["<html>hi</html>"], "logo.png", { type: "image/png" }))).rejects.toThrow("imageType");
      await expect(storeAsset(a, "logo", new File(['<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'], "logo.svg"))).rejects.toThrow("imageType");
      const url = await storeAsset(a, "logo", new File(['<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>'], "logo.svg"));
      expect(url).toMatch(/^\/media\/[0-9a-f]{64}\.svg$/);
    });
  });

  describe("town A using town B's ids gets nothing", () => {
    it("agents, roles, memberships, tokens, assets, mail and audit entries", async () => {
      expect(await agentOfTown(a.id, agentB)).toBeNull();
      await expect(updateAgentAccess(a.id, agentB, [(await builtinRoleId(a.id, "agent"))!], [])).rejects.toBeInstanceOf(NotFoundError);
      await expect(deactivateAgent(a.id, agentB, adminA)).rejects.toBeInstanceOf(NotFoundError);
      expect((await agentOfTown(b.id, agentB))?.status).toBe("active");

      const roleOfB = (await builtinRoleId(b.id, "administrator"))!;
      expect(await roleOfTown(a.id, roleOfB)).toBeNull();
      await expect(removeRole(a.id, roleOfB)).rejects.toBeInstanceOf(NotFoundError);
      // Giving an agent of A a role of B is refused by the service, and by PostgreSQL itself.
      await expect(updateAgentAccess(a.id, adminA, [roleOfB], [])).rejects.toThrow("chooseRole");
      await expect(db().membership.create({ data: { tenantId: a.id, agentId: adminA, roleId: roleOfB } })).rejects.toThrow(/foreign key/i);
      expect((await rolesOfTownWithCounts(a.id)).some((r) => r.id === roleOfB)).toBe(false);

      const agentRole = (await builtinRoleId(b.id, "agent"))!;
      await inviteAgent({ tenant: b, inviter: "B", locale: "fr", email: "invitee@beta.test", name: "Invitee", roleIds: [agentRole], scope: [] });
      const tokenOfB = await lastLink(b.id, "invitee@beta.test");
      await expect(acceptInvitation(a.id, tokenOfB, PASSWORD)).rejects.toThrow("linkInvalid");
      const mailOfB = await db().outboxMessage.findFirstOrThrow({ where: { tenantId: b.id } });
      expect(await getOutbox(mailOfB.id, a.id)).toBeNull();

      const url = await storeAsset(b, "logo", new File(['<svg xmlns="http://www.w3.org/2000/svg"/>'], "b.svg"));
      const sha = url.slice("/media/".length, -".svg".length);
      expect(await tenantAsset(a.id, sha)).toBeNull();
      expect(await tenantAsset(b.id, sha)).not.toBeNull();

      await recordAudit(ctx(b), { action: "test.b-only", targetType: "agent", targetId: agentB });
      const pageA = await auditPage(a.id, a.timeZone, { targetId: agentB });
      expect(pageA.rows).toEqual([]);
      expect((await auditPage(b.id, b.timeZone, { targetId: agentB })).rows.length).toBeGreaterThan(0);
    });
  });

  describe("command line", () => {
    it("`npm run civitas -- operator create` creates an operator with a one-time link, mailed too", async () => {
      const cli = (args: string[]) =>
        spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/civitas.ts", ...args], {
          env: { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: "x".repeat(40), LOG_LEVEL: "silent", ROOT_DOMAIN: "civitas.test" },
          encoding: "utf8",
          timeout: 120_000,
        });
      const created = cli(["operator", "create", "--email", "Ops@Example.org", "--name", "Ops Person"]);
      expect(created.status).toBe(0);
      expect(created.stdout).toMatch(/Operator ops@example\.org created\. One-time link[^\n]*\n\s+https:\/\/civitas\.test\/en\/operator\/invitation\?token=[\w-]{43}/);
      expect(await db().operator.findUnique({ where: { email: "ops@example.org" } })).toMatchObject({ name: "Ops Person", status: "invited", passwordHash: null });
      expect(await db().outboxMessage.count({ where: { tenantId: null, toAddress: "ops@example.org", template: "operator-invitation" } })).toBe(1);
      const again = cli(["operator", "create", "--email", "ops@example.org"]);
      expect(again.status).toBe(1);
      expect(again.stderr).toContain("already exists");
      expect(cli(["operator", "create", "--email", "not-an-address"]).status).toBe(2);
    });
  });

  describe("audit trail", () => {
    it("numbers concurrent entries of a town without gaps and keeps the chain intact", async () => {
      const c = await town("gamma");
      await Promise.all(Array.from({ length: 25 }, (_, i) => recordAudit(ctx(c), { action: "test.concurrent", summary: { i, password: "never stored" } })));
      const rows = await db().auditEntry.findMany({ where: { chain: c.id }, orderBy: { seq: "asc" } });
      expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
      expect(JSON.stringify(rows.map((r) => r.summary))).not.toContain("never stored");
      expect((await verifyChain(c.id)).broken).toBeNull();
    });

    it("is append-only for the application's connection", async () => {
      const row = await db().auditEntry.findFirstOrThrow({ where: { chain: a.id } });
      await expect(db().auditEntry.update({ where: { id: row.id }, data: { action: "forged" } })).rejects.toThrow(/append-only/);
      await expect(db().auditEntry.delete({ where: { id: row.id } })).rejects.toThrow(/append-only/);
    });

    it("`npm run civitas -- audit verify` passes, then reports the first broken link after a row is altered in the database", async () => {
      const run = () =>
        spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/civitas.ts", "audit", "verify", "--tenant", a.slug], {
          env: { ...process.env, DATABASE_URL: database.url, AUTH_SECRET: "x".repeat(40), LOG_LEVEL: "silent" },
          encoding: "utf8",
          timeout: 120_000,
        });
      const before = run();
      expect(before.stdout).toMatch(new RegExp(`ok\\s+${a.slug}: \\d+ entries, chain intact`));
      expect(before.status).toBe(0);

      // Someone with the database owner's rights disables the guard and rewrites history.
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const target = await db().auditEntry.findFirstOrThrow({ where: { chain: a.id, action: "auth.sign-in-failed" }, orderBy: { seq: "asc" } });
      await client.query("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only");
      await client.query("UPDATE audit_entry SET summary = '{\"email\":\"someone-else@alpha.test\"}' WHERE id = $1", [target.id]);
      await client.query("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only");
      await client.end();

      const after = run();
      expect(after.status).toBe(1);
      expect(after.stdout).toContain(`BROKEN  ${a.slug}: first broken link at entry #${target.seq} (the entry was altered)`);
      expect((await verifyChain(b.id)).broken).toBeNull();
    });
  });
});
