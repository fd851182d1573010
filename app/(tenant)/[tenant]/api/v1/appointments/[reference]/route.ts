import { apiContext, apiError, appointmentJson, authorisedAppointment, cancelBooking, json } from "@/lib/appointments/api";

type TParams = Promise<{ tenant: string; reference: string }>;

/** GET /api/v1/appointments/{reference} with X-Manage-Token (or the town's API key). */
export async function GET(request: Request, { params }: { params: TParams }) {
  const { tenant, reference } = await params;
  const ctx = await apiContext(request, tenant);
  if (!ctx) return apiError("en", 404, "not_found");
  const found = await authorisedAppointment(ctx, request, reference);
  if (found instanceof Response) return found;
  return json(200, appointmentJson(ctx, found.appointment));
}

/** DELETE /api/v1/appointments/{reference}: cancels (the place is bookable again at once). */
export async function DELETE(request: Request, { params }: { params: TParams }) {
  const { tenant, reference } = await params;
  const ctx = await apiContext(request, tenant);
  if (!ctx) return apiError("en", 404, "not_found");
  const found = await authorisedAppointment(ctx, request, reference);
  if (found instanceof Response) return found;
  return cancelBooking(ctx, found.appointment, found.via);
}
