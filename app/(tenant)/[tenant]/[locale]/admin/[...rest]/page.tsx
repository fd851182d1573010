import { notFound } from "next/navigation";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export default async function UnknownAdminPage({ params }: { params: TTenantParams }) {
  await requireTenantPage(params);
  notFound();
}
