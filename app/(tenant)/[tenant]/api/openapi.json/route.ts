import { openApiDocument } from "@/lib/appointments/openapi";
import { getTenantBySlug, tenantOrigin } from "@/lib/tenancy/registry";

type TParams = Promise<{ tenant: string }>;

/** GET /api/openapi.json: the OpenAPI 3.1 description of this town's API. */
export async function GET(_request: Request, { params }: { params: TParams }) {
  const tenant = await getTenantBySlug((await params).tenant);
  if (!tenant) return new Response("Not found", { status: 404 });
  return new Response(JSON.stringify(openApiDocument(tenantOrigin(tenant)), null, 2), {
    headers: { "content-type": "application/json; charset=utf-8", "cache-control": "public, max-age=300", "access-control-allow-origin": "*" },
  });
}
