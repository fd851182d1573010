import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/core/env";

describe("environment validation", () => {
  it("applies the documented defaults", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.ROOT_DOMAIN).toBe("localhost");
    expect(env.DATA_DIR).toBe(path.resolve(".data"));
    expect(env.PUBLIC_PROTOCOL).toBe("http");
    expect(env.PUBLIC_PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it("uses https without a port for a real domain", () => {
    const env = parseEnv({ ROOT_DOMAIN: "Civitas.Example.org", PORT: "8080" });
    expect(env.ROOT_DOMAIN).toBe("civitas.example.org");
    expect(env.PUBLIC_PROTOCOL).toBe("https");
    expect(env.PUBLIC_PORT).toBeUndefined();
  });

  it("names every wrong variable with a clear message", () => {
    try {
      parseEnv({ DATABASE_URL: "mysql://x", PORT: "eighty", ROOT_DOMAIN: "https://x.org" });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).toContain("DATABASE_URL: must be a PostgreSQL connection URL");
      expect(message).toContain("PORT:");
      expect(message).toContain("ROOT_DOMAIN: must be a host name");
      expect(message).not.toContain("mysql://x"); // connection URLs may hold passwords
    }
  });

  it("npm start refuses a bad DATABASE_URL with a clear message and a non-zero exit code", () => {
    const result = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/start.ts"], {
      env: { ...process.env, DATABASE_URL: "not-a-url", AUTH_SECRET: "x".repeat(40), NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).not.toBe(0);
    expect(result.status).not.toBeNull();
    expect(result.stderr).toContain("Invalid configuration");
    expect(result.stderr).toContain("DATABASE_URL: must be a PostgreSQL connection URL");
  });
});
