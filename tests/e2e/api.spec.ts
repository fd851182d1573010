// The public REST API v1 over HTTP, through the real server: every status it promises (200, 201, 401,
// 404, 409, 422, 429), translated JSON errors, idempotent retries, manage tokens, town isolation, and
// the OpenAPI document (validated).
import { validate } from "@readme/openapi-parser";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { createApiKey } from "@/lib/appointments/service/api-keys";
import { localDate } from "@/lib/appointments/slots";
import { createBookableService, tomorrowAt } from "@/tests/fixtures/appointments";
import { createTestTown, enableAppointments, townUrl } from "./fixtures";

/** A town with the module on, one bookable service and an API key, once the server sees all of it. */
async function apiTown(request: APIRequestContext, capacity = 2) {
  const town = await createTestTown({ enabledLocales: ["fr", "en"] });
  const tenant = await enableAppointments(town);
  const { service, sites } = await createBookableService(tenant, { capacity, service: { maxActivePerCitizen: 1, limitPeriodDays: 30 } });
  const key = await createApiKey(tenant.id, "test partner", null);
  // The town reaches the server through NOTIFY: wait until its API answers there.
  await expect.poll(async () => (await call(request, "GET", town.slug, "/api/v1/services")).status(), { timeout: 10_000 }).toBe(200);
  return { tenant, slug: town.slug, service, site: sites[0]!, key: key.key };
}

/** A request to a town's host from the test process (Node does not resolve *.localhost). */
function call(request: APIRequestContext, method: "GET" | "POST" | "DELETE", slug: string, path: string, options: { headers?: Record<string, string>; data?: unknown } = {}) {
  const url = new URL(townUrl(slug, path));
  const host = url.host;
  url.hostname = "127.0.0.1";
  return request.fetch(url.toString(), { method, headers: { host, ...options.headers }, data: options.data as never, maxRedirects: 0 });
}

const body = (serviceId: string, start: Date, who: string, extra: Record<string, unknown> = {}) => ({
  serviceId,
  start: start.toISOString(),
  citizen: { firstName: "Ada", lastName: who, email: `${who}@example.net` },
  ...extra,
});

test.describe("[API] public REST API v1", () => {
  test("services and slots, with places left and the town's UTC offset", async ({ request }) => {
    const t = await apiTown(request, 2);
    await expect.poll(async () => (await call(request, "GET", t.slug, "/api/v1/services")).status(), { timeout: 10_000 }).toBe(200);
    const services = await (await call(request, "GET", t.slug, "/api/v1/services", { headers: { "accept-language": "en" } })).json();
    expect(services).toEqual([expect.objectContaining({ id: t.service.id, name: "Passeport test", durationMinutes: 20, sites: [expect.objectContaining({ id: t.site.id })] })]);
    const day = localDate(tomorrowAt(t.tenant, "10:00"), t.tenant.timeZone);
    const slots = await call(request, "GET", t.slug, `/api/v1/services/${t.service.id}/slots?from=${day}&to=${day}`);
    expect(slots.status()).toBe(200);
    const list = (await slots.json()) as { start: string; end: string; remaining: number }[];
    expect(list).toHaveLength(72); // 24 h of 20-minute slots
    expect(list[30]).toMatchObject({ start: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T10:00:00\+0[12]:00$/), remaining: 2 });
    expect(new Date(list[30]!.start).getTime()).toBe(tomorrowAt(t.tenant, "10:00").getTime());
    // Bad ranges are 422, unknown services 404, with a code and a translated message.
    const bad = await call(request, "GET", t.slug, `/api/v1/services/${t.service.id}/slots?from=${day}&to=2020-01-01`, { headers: { "accept-language": "fr" } });
    expect(bad.status()).toBe(422);
    expect(await bad.json()).toEqual({ error: { code: "invalid_range", message: expect.stringContaining("YYYY-MM-DD") } });
    expect((await call(request, "GET", t.slug, `/api/v1/services/00000000-0000-4000-8000-000000000000/slots?from=${day}&to=${day}`)).status()).toBe(404);
    expect((await call(request, "GET", t.slug, `/api/v1/services/not-a-uuid/slots?from=${day}&to=${day}`)).status()).toBe(404);
  });

  test("booking: 401 without a key, 422 on bad input, 201, 200 on a retry, 409 when full or not offered", async ({ request }) => {
    const t = await apiTown(request, 1);
    const other = await apiTown(request, 1);
    const ten = tomorrowAt(t.tenant, "10:00");
    const auth = { authorization: `Bearer ${t.key}` };
    // No key, a wrong key, another town's key: 401.
    expect((await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "nokey") })).status()).toBe(401);
    expect((await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "badkey"), headers: { authorization: "Bearer civ_00000000_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" } })).status()).toBe(401);
    expect((await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "otherkey"), headers: { authorization: `Bearer ${other.key}` } })).status()).toBe(401);
    // Invalid input: 422 with each field named, in the caller's language.
    const invalid = await call(request, "POST", t.slug, "/api/v1/appointments", { data: { serviceId: t.service.id, start: "tomorrow", citizen: { firstName: "", lastName: "X", email: "nope" } }, headers: { ...auth, "accept-language": "fr" } });
    expect(invalid.status()).toBe(422);
    const problem = await invalid.json();
    expect(problem.error.code).toBe("invalid_input");
    expect(Object.keys(problem.error.fields)).toEqual(["start"]);
    const invalidCitizen = await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "x", { citizen: { firstName: "", lastName: "X", email: "nope" } }), headers: { ...auth, "accept-language": "fr" } });
    expect(invalidCitizen.status()).toBe(422);
    expect((await invalidCitizen.json()).error.fields).toEqual({ "citizen.firstName": "Saisissez votre prénom", "citizen.email": expect.stringMatching(/adresse/i) });
    const notJson = await call(request, "POST", t.slug, "/api/v1/appointments", { data: "{", headers: { ...auth, "content-type": "application/json" } });
    expect(notJson.status()).toBe(422);
    // Booked: 201 with the reference and the manage token.
    const created = await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "first"), headers: { ...auth, "idempotency-key": "order-1" } });
    expect(created.status()).toBe(201);
    const booked = await created.json();
    expect(booked).toMatchObject({ reference: expect.stringMatching(/^[A-Z2-9]{3}-[A-Z2-9]{3}-[A-Z2-9]{3}$/), status: "booked", manageToken: expect.any(String) });
    // The same request again (a retry): the same appointment, 200, no second booking.
    const retry = await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "first"), headers: { ...auth, "idempotency-key": "order-1" } });
    expect(retry.status()).toBe(200);
    expect((await retry.json()).reference).toBe(booked.reference);
    // Full: 409 slot_full. Not offered (not a slot boundary): 409 slot_not_offered.
    const full = await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "second"), headers: auth });
    expect(full.status()).toBe(409);
    expect((await full.json()).error.code).toBe("slot_full");
    const odd = await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, new Date(ten.getTime() + 7 * 60_000), "third"), headers: auth });
    expect(odd.status()).toBe(409);
    expect((await odd.json()).error.code).toBe("slot_not_offered");
    // A rule refuses: the same citizen already has an appointment → 422 too_many_bookings.
    const twice = await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, tomorrowAt(t.tenant, "11:00"), "first"), headers: auth });
    expect(twice.status()).toBe(422);
    expect((await twice.json()).error.code).toBe("too_many_bookings");
    // Another town's service through this town: 404.
    expect((await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(other.service.id, ten, "cross"), headers: auth })).status()).toBe(404);
  });

  test("reading and cancelling with the manage token or the key; 401 without; 404 for others", async ({ request }) => {
    const t = await apiTown(request, 1);
    const other = await apiTown(request, 1);
    const ten = tomorrowAt(t.tenant, "10:00");
    const created = await (await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "reader"), headers: { authorization: `Bearer ${t.key}` } })).json();
    const path = `/api/v1/appointments/${created.reference}`;
    expect((await call(request, "GET", t.slug, path)).status()).toBe(401);
    const read = await call(request, "GET", t.slug, path, { headers: { "x-manage-token": created.manageToken } });
    expect(read.status()).toBe(200);
    expect(await read.json()).toMatchObject({ reference: created.reference, status: "booked", citizen: { email: "reader@example.net" } });
    expect((await call(request, "GET", t.slug, path, { headers: { "x-manage-token": "wrong-token-wrong-token-wrong" } })).status()).toBe(404);
    expect((await call(request, "GET", t.slug, path, { headers: { authorization: `Bearer ${t.key}` } })).status()).toBe(200);
    // Another town: neither its key nor this token finds the appointment there.
    expect((await call(request, "GET", other.slug, path, { headers: { "x-manage-token": created.manageToken } })).status()).toBe(404);
    expect((await call(request, "GET", other.slug, path, { headers: { authorization: `Bearer ${other.key}` } })).status()).toBe(404);
    expect((await call(request, "DELETE", other.slug, path, { headers: { authorization: `Bearer ${other.key}` } })).status()).toBe(404);
    expect((await call(request, "GET", t.slug, path, { headers: { authorization: `Bearer ${other.key}` } })).status()).toBe(401);
    // Cancel: 200, then the place is bookable again at once.
    const cancelled = await call(request, "DELETE", t.slug, path, { headers: { "x-manage-token": created.manageToken } });
    expect(cancelled.status()).toBe(200);
    expect((await cancelled.json()).status).toBe("cancelled");
    expect((await call(request, "DELETE", t.slug, path, { headers: { "x-manage-token": created.manageToken } })).status()).toBe(200);
    const again = await call(request, "POST", t.slug, "/api/v1/appointments", { data: body(t.service.id, ten, "next"), headers: { authorization: `Bearer ${t.key}` } });
    expect(again.status()).toBe(201);
  });

  test("429 past the rate limit of a key, with Retry-After", async ({ request }) => {
    const t = await apiTown(request, 1);
    const headers = { authorization: `Bearer ${t.key}` };
    let limited = null;
    for (let batch = 0; batch < 20 && !limited; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => call(request, "GET", t.slug, "/api/v1/appointments/AAA-AAA-AAA", { headers })));
      limited = answers.find((a) => a.status() === 429) ?? null;
      for (const a of answers) expect([404, 429]).toContain(a.status());
    }
    expect(limited, "no 429 after 1000 requests").not.toBeNull();
    expect(Number(limited!.headers()["retry-after"])).toBeGreaterThan(0);
    expect((await limited!.json()).error.code).toBe("rate_limited");
  });

  test("the OpenAPI document validates and names this town's server", async ({ request }) => {
    const t = await apiTown(request, 1);
    const response = await call(request, "GET", t.slug, "/api/openapi.json");
    expect(response.status()).toBe(200);
    const document = await response.json();
    expect(document.servers).toEqual([{ url: townUrl(t.slug, "/").replace(/\/$/, "") }]);
    const result = await validate(document);
    expect(result.valid, JSON.stringify(result)).toBe(true);
    expect((await call(request, "GET", t.slug, "/api/v1/ping")).status()).toBe(200);
  });
});
