import { notFound } from "next/navigation";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

// Any path the town's site does not have: the town's own "page not found", in its look and language.
export default async function UnknownTownPage({ params }: { params: TTenantParams }) {
  await requireTenantPage(params);
  notFound();
}
