import { apiContext, apiError, apiKeyOf, createBooking, rateLimited } from "@/lib/appointments/api";

type TParams = Promise<{ tenant: string }>;

/** POST /api/v1/appointments: books (Authorization: Bearer <api key>; optional Idempotency-Key). */
export async function POST(request: Request, { params }: { params: TParams }) {
  const ctx = await apiContext(request, (await params).tenant);
  if (!ctx) return apiError("en", 404, "not_found");
  const apiKey = await apiKeyOf(request, ctx.tenant);
  if (!apiKey) return apiError(ctx.locale, 401, "unauthorized", {}, undefined, { "www-authenticate": 'Bearer realm="civitas"' });
  const limited = await rateLimited(ctx, apiKey.id);
  if (limited) return limited;
  return createBooking(ctx, request, apiKey);
}
