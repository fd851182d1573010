import { apiContext, apiError, rateLimited, slotsResponse } from "@/lib/appointments/api";

type TParams = Promise<{ tenant: string; serviceId: string }>;

/** GET /api/v1/services/{serviceId}/slots?from=YYYY-MM-DD&to=YYYY-MM-DD[&siteId=]: slots and places left. */
export async function GET(request: Request, { params }: { params: TParams }) {
  const { tenant, serviceId } = await params;
  const ctx = await apiContext(request, tenant);
  if (!ctx) return apiError("en", 404, "not_found");
  const limited = await rateLimited(ctx, null);
  if (limited) return limited;
  return slotsResponse(ctx, serviceId, new URL(request.url));
}
