// GET /<locale>/account/data/html: everything the town holds about the signed-in citizen, as a readable page.
import { getCitizen } from "@/lib/auth/citizen-session";
import { exportHtml } from "@/lib/citizens/service/export-data";
import { getTenantBySlug } from "@/lib/tenancy/registry";

export const dynamic = "force-dynamic";

export async function GET(_request: Request, { params }: { params: Promise<{ tenant: string; locale: string }> }) {
  const { tenant: slug, locale } = await params;
  const tenant = await getTenantBySlug(slug);
  const citizen = tenant ? await getCitizen() : null;
  if (!tenant || !citizen || citizen.tenantId !== tenant.id) {
    return new Response(null, { status: 303, headers: { location: `/${locale}/account/sign-in?next=${encodeURIComponent(`/${locale}/account/data`)}`, "cache-control": "no-store" } });
  }
  return new Response(await exportHtml(tenant, citizen, locale), {
    headers: {
      "content-type": "text/html; charset=utf-8",
      "content-disposition": 'attachment; filename="my-data.html"',
      "cache-control": "private, no-store",
      "x-content-type-options": "nosniff",
    },
  });
}
