// Tenancy on a real PostgreSQL: towns are created, resolved from their hosts through the in-memory
// table, refreshed by NOTIFY, and a town's host never yields another town.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { disconnectDb } from "@/lib/core/db";
import { resetEnv } from "@/lib/core/env";
import { stopInvalidationListener } from "@/lib/core/invalidation";
import { applyMigrations } from "@/lib/core/migrate";
import { createTenant, TenantInputError } from "@/lib/tenancy/service/create-tenant";
import { updateTenantStatus } from "@/lib/tenancy/repo";
import { setTenantStatus } from "@/lib/tenancy/service/set-tenant-status";
import { getTenantBySlug, onTenantChange, resolveHost } from "@/lib/tenancy/registry";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";
import { seedDemo } from "@/prisma/seed";
import { createDatabase } from "@/tests/fixtures/databases";

const slug = (name: string) => `${name}-${randomBytes(3).toString("hex")}`;

function townInput(s: string, name: string, extra: Record<string, unknown> = {}) {
  return { slug: s, names: { fr: name }, defaultLocale: "fr" as const, enabledLocales: ["fr" as const], timeZone: "Europe/Paris", holidayRegion: "FR", theme: PLATFORM_THEME, ...extra };
}

async function eventually<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await fn();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await fn();
  }
  return value;
}

describe("tenancy", () => {
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createDatabase(inject("adminDatabaseUrl"), "tenancy");
    drop = db.drop;
    await applyMigrations(db.url);
    process.env.DATABASE_URL = db.url;
    process.env.ROOT_DOMAIN = "civitas.test";
    resetEnv();
  });

  afterAll(async () => {
    await stopInvalidationListener();
    await disconnectDb();
    await drop();
  });

  it("resolves each town from its own subdomain and custom domain, never another town", async () => {
    const a = slug("alpha");
    const b = slug("beta");
    await resolveHost("warm-up.civitas.test"); // load the table before the towns exist
    const townA = await createTenant(townInput(a, "Alpha", { domains: [`services.${a}.example`] }));
    const townB = await createTenant(townInput(b, "Beta"));

    const resolvedA = await eventually(() => resolveHost(`${a}.civitas.test`), (r) => r.kind === "tenant");
    expect(resolvedA).toMatchObject({ kind: "tenant", tenant: { id: townA.id, slug: a } });
    expect(await resolveHost(`${b}.civitas.test:8443`)).toMatchObject({ kind: "tenant", tenant: { id: townB.id } });
    expect(await resolveHost(`SERVICES.${a}.example`)).toMatchObject({ kind: "tenant", tenant: { id: townA.id } });
    expect(await resolveHost(`services.${b}.example`)).toEqual({ kind: "unknown" });
    expect(await resolveHost("civitas.test")).toEqual({ kind: "platform" });
    expect(await resolveHost(`${a}.civitas.test.evil.example`)).toEqual({ kind: "unknown" });
    expect(await resolveHost(`x.${a}.civitas.test`)).toEqual({ kind: "unknown" });
  });

  it("sees a suspension through NOTIFY, and an unknown id changes nothing", async () => {
    const s = slug("gamma");
    const town = await createTenant(townInput(s, "Gamma"));
    await eventually(() => getTenantBySlug(s), (t) => t !== null);
    expect(await updateTenantStatus(randomUUID(), "suspended")).toBe(false);
    expect((await getTenantBySlug(s))?.status).toBe("active");
    expect(await updateTenantStatus(town.id, "suspended")).toBe(true);
    const suspended = await eventually(() => getTenantBySlug(s), (t) => t?.status === "suspended");
    expect(suspended?.status).toBe("suspended");
  });

  it("refuses a theme that fails WCAG AA, a reserved or malformed slug, and a default language not enabled", async () => {
    const pale = { ...PLATFORM_THEME, primary: "#9fc1e8" };
    await expect(createTenant(townInput(slug("pale"), "Pale", { theme: pale }))).rejects.toThrow(/contrast .* needs 4.5:1/);
    await expect(createTenant(townInput("admin", "Admin"))).rejects.toBeInstanceOf(TenantInputError);
    await expect(createTenant(townInput("Bad Slug", "Bad"))).rejects.toThrow(/slug/);
    await expect(createTenant(townInput(slug("loc"), "Loc", { defaultLocale: "hu" }))).rejects.toThrow(/default locale/);
  });

  it("tells page caches about a change only once the table shows it (no stale page re-cached)", async () => {
    await resolveHost("warm-up.civitas.test");
    const s = slug("eta");
    const seen: (string | undefined)[] = [];
    const stop = onTenantChange(() => {
      // What a page rendered right after the cache drop would read.
      void getTenantBySlug(s).then((t) => seen.push(t?.slug));
    });
    try {
      await createTenant(townInput(s, "Eta"));
      await eventually(async () => seen.length, (n) => n > 0);
      expect(seen[0]).toBe(s);
    } finally {
      stop();
    }
  });

  it("refuses a second town with the same address or custom domain, with a clear message", async () => {
    const s = slug("delta");
    await createTenant(townInput(s, "Delta", { domains: [`www.${s}.example`] }));
    await expect(createTenant(townInput(s, "Delta bis"))).rejects.toThrow(/slug: another town already has this address/);
    await expect(createTenant(townInput(slug("epsilon"), "Epsilon", { domains: [`WWW.${s}.example`] }))).rejects.toThrow(
      /domains: another town already uses this domain/,
    );
  });

  it("suspends and reactivates a town by its slug; an unknown slug changes nothing", async () => {
    const s = slug("zeta");
    await createTenant(townInput(s, "Zeta"));
    expect(await setTenantStatus("no-such-town", "suspended")).toBe(false);
    expect(await setTenantStatus("Not A Slug!", "suspended")).toBe(false);
    expect(await setTenantStatus(s, "suspended")).toBe(true);
    expect((await eventually(() => getTenantBySlug(s), (t) => t?.status === "suspended"))?.status).toBe("suspended");
    expect(await setTenantStatus(s, "active")).toBe(true);
    expect((await eventually(() => getTenantBySlug(s), (t) => t?.status === "active"))?.status).toBe("active");
  });

  it("seeds the demo towns only into a database without towns when starting", async () => {
    const result = await seedDemo({ onlyIfEmpty: true });
    expect(result.seeded).toBe(false);
  });
});
