// The OpenAPI 3.1 description of the public API v1. The booking request's schema is generated from the
// zod schema the handler validates with, so the document cannot drift from the code.
import { z } from "zod";
import { MAX_SLOT_RANGE_DAYS, ZApiBooking } from "@/lib/appointments/api";

const error = {
  type: "object",
  required: ["error"],
  properties: {
    error: {
      type: "object",
      required: ["code", "message"],
      properties: {
        code: { type: "string", examples: ["slot_full"] },
        message: { type: "string", description: "In the caller's language (Accept-Language, or the body's locale)." },
        fields: { type: "object", additionalProperties: { type: "string" }, description: "Per invalid field (422)." },
      },
    },
  },
} as const;

const errorResponse = (description: string) => ({ description, content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } });

const reference = { name: "reference", in: "path", required: true, schema: { type: "string", pattern: "^[A-Z0-9]{3}-[A-Z0-9]{3}-[A-Z0-9]{3}$" } } as const;
const manageToken = { name: "X-Manage-Token", in: "header", required: false, schema: { type: "string" }, description: "The token returned when booking (or in the manage link). Alternatively: the town's API key." } as const;

export function openApiDocument(serverUrl: string) {
  const booking = z.toJSONSchema(ZApiBooking, { target: "draft-2020-12", io: "input" }) as Record<string, unknown>;
  delete booking.$schema;
  return {
    openapi: "3.1.0",
    info: {
      title: "Civitas appointments API",
      version: "1.0.0",
      description:
        "Book appointments with a town's services. The town is the host you call. Times are ISO 8601 with the town's UTC offset. Booking needs an API key created by the town; reading or cancelling an appointment needs its manage token or the key.",
    },
    servers: [{ url: serverUrl }],
    components: {
      securitySchemes: { apiKey: { type: "http", scheme: "bearer", description: "civ_… key created in the town's admin or with `npm run civitas -- api-key create`." } },
      schemas: {
        Error: error,
        Service: {
          type: "object",
          required: ["id", "name", "durationMinutes", "maxPeople", "sites"],
          properties: {
            id: { type: "string", format: "uuid" },
            name: { type: "string" },
            description: { type: "string" },
            whatToBring: { type: "string" },
            durationMinutes: { type: "integer" },
            maxPeople: { type: "integer" },
            loginRequired: { type: "boolean" },
            fields: { type: "object" },
            sites: { type: "array", items: { type: "object", properties: { id: { type: "string", format: "uuid" }, name: { type: "string" }, address: { type: "string" } } } },
            rules: { type: "object" },
          },
        },
        Slot: {
          type: "object",
          required: ["start", "end", "remaining"],
          properties: { start: { type: "string", format: "date-time" }, end: { type: "string", format: "date-time" }, remaining: { type: "integer", minimum: 0 }, siteId: { type: "string", format: "uuid" } },
        },
        BookingRequest: booking,
        BookingCreated: {
          type: "object",
          required: ["reference", "start", "end", "status"],
          properties: {
            reference: { type: "string" },
            start: { type: "string", format: "date-time" },
            end: { type: "string", format: "date-time" },
            status: { type: "string", enum: ["booked"] },
            manageToken: { type: "string", description: "Only in the first answer (201); a replay with the same Idempotency-Key answers 200 without it." },
          },
        },
        Appointment: {
          type: "object",
          required: ["reference", "status", "start", "end"],
          properties: {
            reference: { type: "string" },
            status: { type: "string", enum: ["booked", "cancelled"] },
            serviceId: { type: "string", format: "uuid" },
            siteId: { type: "string", format: "uuid" },
            start: { type: "string", format: "date-time" },
            end: { type: "string", format: "date-time" },
            people: { type: "integer" },
            citizen: { type: "object" },
            cancelledAt: { type: ["string", "null"], format: "date-time" },
          },
        },
      },
    },
    paths: {
      "/api/v1/ping": {
        get: { operationId: "ping", summary: "Check that the town's API answers", responses: { "200": { description: "{ ok: true }", content: { "application/json": { schema: { type: "object", properties: { ok: { type: "boolean" } } } } } } } },
      },
      "/api/v1/services": {
        get: {
          operationId: "listServices",
          summary: "The town's bookable services",
          responses: {
            "200": { description: "Services", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Service" } } } } },
            "429": errorResponse("Too many requests"),
          },
        },
      },
      "/api/v1/services/{serviceId}/slots": {
        get: {
          operationId: "listSlots",
          summary: "Slots of a service between two dates (inclusive, the town's calendar days)",
          parameters: [
            { name: "serviceId", in: "path", required: true, schema: { type: "string", format: "uuid" } },
            { name: "from", in: "query", required: true, schema: { type: "string", format: "date" } },
            { name: "to", in: "query", required: true, schema: { type: "string", format: "date" }, description: `At most ${MAX_SLOT_RANGE_DAYS} days after from.` },
            { name: "siteId", in: "query", required: false, schema: { type: "string", format: "uuid" } },
          ],
          responses: {
            "200": { description: "Slots, with the places left", content: { "application/json": { schema: { type: "array", items: { $ref: "#/components/schemas/Slot" } } } } },
            "404": errorResponse("No such service in this town"),
            "422": errorResponse("Invalid date range"),
            "429": errorResponse("Too many requests"),
          },
        },
      },
      "/api/v1/appointments": {
        post: {
          operationId: "createAppointment",
          summary: "Book an appointment",
          security: [{ apiKey: [] }],
          parameters: [{ name: "Idempotency-Key", in: "header", required: false, schema: { type: "string", maxLength: 100 }, description: "Retrying with the same key never books twice." }],
          requestBody: { required: true, content: { "application/json": { schema: { $ref: "#/components/schemas/BookingRequest" } } } },
          responses: {
            "201": { description: "Booked", content: { "application/json": { schema: { $ref: "#/components/schemas/BookingCreated" } } } },
            "200": { description: "Already booked with this Idempotency-Key (replay)", content: { "application/json": { schema: { $ref: "#/components/schemas/BookingCreated" } } } },
            "401": errorResponse("Missing or invalid API key"),
            "404": errorResponse("No such service in this town"),
            "409": errorResponse("The slot is full (slot_full) or not offered (slot_not_offered)"),
            "422": errorResponse("Invalid input, or a booking rule refuses it (too_many_bookings, …)"),
            "429": errorResponse("Too many requests"),
          },
        },
      },
      "/api/v1/appointments/{reference}": {
        get: {
          operationId: "getAppointment",
          summary: "An appointment",
          security: [{}, { apiKey: [] }],
          parameters: [reference, manageToken],
          responses: {
            "200": { description: "The appointment", content: { "application/json": { schema: { $ref: "#/components/schemas/Appointment" } } } },
            "401": errorResponse("Neither a manage token nor a valid API key"),
            "404": errorResponse("No such appointment, or a wrong token"),
            "429": errorResponse("Too many requests"),
          },
        },
        delete: {
          operationId: "cancelAppointment",
          summary: "Cancel an appointment",
          security: [{}, { apiKey: [] }],
          parameters: [reference, manageToken],
          responses: {
            "200": { description: "Cancelled (cancelling twice changes nothing)", content: { "application/json": { schema: { $ref: "#/components/schemas/Appointment" } } } },
            "401": errorResponse("Neither a manage token nor a valid API key"),
            "404": errorResponse("No such appointment, or a wrong token"),
            "422": errorResponse("The appointment has already taken place"),
            "429": errorResponse("Too many requests"),
          },
        },
      },
    },
  };
}
