import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { ConcurrencyGate, isBookingWrite } from "@/lib/server/load-shedding";

describe("load shedding", () => {
  it("lets `limit` writes run at once, refuses the next, and takes one again once one ends", () => {
    const gate = new ConcurrencyGate(2);
    const a = gate.tryEnter();
    const b = gate.tryEnter();
    expect(a && b).toBeTruthy();
    expect(gate.tryEnter()).toBeNull();
    expect(gate.refused).toBe(1);
    a!();
    a!(); // releasing twice frees one place only
    expect(gate.inFlight).toBe(1);
    expect(gate.tryEnter()).not.toBeNull();
    expect(gate.tryEnter()).toBeNull();
  });

  it("knows the booking writes", () => {
    const req = (method: string) => ({ method }) as IncomingMessage;
    expect(isBookingWrite(req("POST"), "/api/v1/appointments", null)).toBe(true);
    expect(isBookingWrite(req("DELETE"), "/api/v1/appointments/K7M-3QF-9TX", null)).toBe(true);
    expect(isBookingWrite(req("POST"), "/fr/appointments/123/times", "fr")).toBe(true);
    expect(isBookingWrite(req("GET"), "/fr/appointments/123/times", "fr")).toBe(false);
    expect(isBookingWrite(req("POST"), "/fr/admin/appointments", "fr")).toBe(false);
    expect(isBookingWrite(req("POST"), "/fr/requests/x", "fr")).toBe(false);
  });
});
