import { apiContext, apiError, json, listServicesJson, rateLimited } from "@/lib/appointments/api";

type TParams = Promise<{ tenant: string }>;

/** GET /api/v1/services: the town's bookable services. */
export async function GET(request: Request, { params }: { params: TParams }) {
  const ctx = await apiContext(request, (await params).tenant);
  if (!ctx) return apiError("en", 404, "not_found");
  const limited = await rateLimited(ctx, null);
  if (limited) return limited;
  return json(200, await listServicesJson(ctx));
}
