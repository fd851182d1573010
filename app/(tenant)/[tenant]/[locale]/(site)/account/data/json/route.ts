// GET /<locale>/account/data/json: everything the town holds about the signed-in citizen, as JSON.
import { exportResponse } from "@/lib/citizens/service/export-data";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string; locale: string }> }) {
  const { tenant, locale } = await params;
  return exportResponse(tenant, locale, "json");
}
