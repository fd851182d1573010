import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/lib/core/env";
import { normalizePhone } from "@/lib/notifications/sms";

describe("text messages", () => {
  it("reduces a typed phone number to + and digits, or refuses it", () => {
    expect(normalizePhone("06 12 34 56 78")).toBe("0612345678");
    expect(normalizePhone("+33 (0)6.12.34-56-78")).toBe("+330612345678");
    expect(normalizePhone("0033 6 12 34 56 78")).toBe("+33612345678");
    expect(normalizePhone("call me")).toBeNull();
    expect(normalizePhone("12")).toBeNull();
    expect(normalizePhone(null)).toBeNull();
  });

  it("SMS settings: log by default; http needs its URL; the token is never echoed", () => {
    expect(parseEnv({})).toMatchObject({ SMS_PROVIDER: "log", SMS_SENDER: "Civitas" });
    expect(parseEnv({ SMS_PROVIDER: "http", SMS_HTTP_URL: "https://sms.example.org/send", SMS_SENDER: "Lutece" })).toMatchObject({ SMS_PROVIDER: "http", SMS_HTTP_URL: "https://sms.example.org/send" });
    expect(() => parseEnv({ SMS_PROVIDER: "http" })).toThrow(/SMS_HTTP_URL: is required when SMS_PROVIDER is http/);
    expect(() => parseEnv({ SMS_PROVIDER: "carrier-pigeon" })).toThrow(ConfigError);
    expect(() => parseEnv({ SMS_SENDER: "A sender name far too long" })).toThrow(/SMS_SENDER/);
    try {
      parseEnv({ SMS_HTTP_URL: "ftp://x", SMS_HTTP_TOKEN: "x".repeat(2000) });
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).toContain("SMS_HTTP_URL: must be an http(s) URL");
      expect((error as Error).message).not.toContain("x".repeat(50));
    }
  });
});
