// The OpenAPI document of the public API is a valid OpenAPI 3.1 description, and names every status
// the handlers answer.
import { validate } from "@readme/openapi-parser";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/appointments/openapi";

describe("openApiDocument", () => {
  const document = openApiDocument("https://lutece.civitas.example.org");

  it("validates as OpenAPI 3.1", async () => {
    const result = await validate(structuredClone(document) as never);
    expect(result.valid, JSON.stringify(result, null, 2)).toBe(true);
    expect(document.openapi).toBe("3.1.0");
    // The validator does reject a broken document.
    const broken = structuredClone(document) as Record<string, unknown>;
    (broken.paths as Record<string, unknown>)["/api/v1/services"] = { get: { responses: "none" } };
    expect((await validate(broken as never)).valid).toBe(false);
  });

  it("documents every status of booking and of an appointment", () => {
    expect(Object.keys(document.paths["/api/v1/appointments"].post.responses).sort()).toEqual(["200", "201", "401", "404", "409", "422", "429"]);
    expect(Object.keys(document.paths["/api/v1/appointments/{reference}"].get.responses).sort()).toEqual(["200", "401", "404", "429"]);
    expect(Object.keys(document.paths["/api/v1/appointments/{reference}"].delete.responses).sort()).toEqual(["200", "401", "404", "422", "429"]);
  });

  it("describes the booking body from the zod schema the handler uses", () => {
    const body = document.components.schemas.BookingRequest as { required?: string[]; properties?: Record<string, unknown> };
    expect(body.required).toEqual(expect.arrayContaining(["serviceId", "start", "citizen"]));
    expect(Object.keys(body.properties ?? {})).toEqual(expect.arrayContaining(["serviceId", "siteId", "start", "people", "citizen", "fields", "locale"]));
  });
});
