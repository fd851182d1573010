import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { LeanPageMarker } from "@/components/lean-page-marker";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "RateLimit" });
  return { title: t("title"), robots: { index: false } };
}

/**
 * Where a booking step over its limit (per address, per citizen, or without a solved challenge) sends
 * the citizen. The server answers it with 429 and Retry-After (lib/server/http-server.ts); with
 * reason=busy it is the answer of a booking form the server had no room for (503, load shedding).
 */
export default async function TooManyRequestsPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { locale } = await requireTenantPage(params);
  const t = await getTranslations({ locale, namespace: "RateLimit" });
  const wait = Number(await searchParam(searchParams, "wait"));
  const minutes = Number.isInteger(wait) && wait > 0 && wait <= 24 * 3600 ? Math.ceil(wait / 60) : null;
  const reason = await searchParam(searchParams, "reason");
  return (
    <>
      <LeanPageMarker />
      <h1 className="text-3xl font-bold sm:text-4xl">{reason === "busy" ? t("busyTitle") : t("title")}</h1>
      <p className="mt-4 max-w-prose text-lg">{reason === "busy" ? t("leadBusy") : reason === "unchallenged" ? t("leadUnchallenged") : reason === "citizen" ? t("leadCitizen") : t("lead")}</p>
      {reason === "busy" ? <p className="mt-4 max-w-prose text-lg font-bold">{t("waitSeconds")}</p> : minutes ? <p className="mt-4 max-w-prose text-lg font-bold">{t("wait", { minutes })}</p> : null}
      <p className="mt-4 max-w-prose">{t("nothingLost")}</p>
      <p className="mt-6">
        <a href={`/${locale}/appointments`}>{t("back")}</a>
      </p>
    </>
  );
}
