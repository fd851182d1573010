import { describe, expect, it } from "vitest";
import { allPermissions, builtinRolePermissions, can, grantsOf, rolePermissions, scopesFor } from "@/lib/auth/permissions";

describe("permissions", () => {
  it("the administrator holds every permission any module declares", () => {
    expect(builtinRolePermissions("administrator")).toEqual(allPermissions());
    expect(allPermissions()).toEqual(expect.arrayContaining(["settings:manage", "users:manage", "roles:manage", "audit:read", "mail:read"]));
  });

  it("other built-in roles take what the manifests give them", () => {
    expect(builtinRolePermissions("translator")).toEqual(["translations:edit"]);
    expect(builtinRolePermissions("reviewer")).toEqual(["translations:edit", "translations:review"]);
    expect(builtinRolePermissions("agent")).not.toContain("settings:manage");
  });

  it("a custom role keeps only permissions that exist", () => {
    expect(rolePermissions({ builtin: null, permissions: ["audit:read", "made:up"] })).toEqual(["audit:read"]);
  });

  it("a whole-town grant covers every scope; a scoped grant only its own", () => {
    const grants = grantsOf([
      { scope: [], role: { builtin: null, permissions: ["audit:read"] } },
      { scope: ["locale:ar"], role: { builtin: "reviewer", permissions: [] } },
    ]);
    expect(can(grants, "audit:read")).toBe(true);
    expect(can(grants, "audit:read", "service:x")).toBe(true);
    expect(can(grants, "translations:review")).toBe(true);
    expect(can(grants, "translations:review", "locale:ar")).toBe(true);
    expect(can(grants, "translations:review", "locale:fr")).toBe(false);
    expect(can(grants, "settings:manage")).toBe(false);
    expect(scopesFor(grants, "translations:review")).toEqual(["locale:ar"]);
    expect(scopesFor(grants, "audit:read")).toBe("all");
    expect(scopesFor(grants, "users:manage")).toEqual([]);
  });
});
