import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { isPlatformLocale } from "@/lib/i18n/locales";
import { platformOrigin } from "@/lib/tenancy/registry";

type TParams = Promise<{ kind: string; locale: string }>;
const KINDS = { "unknown-host": "unknownHost", suspended: "suspended", "not-found": "notFound" } as const;

async function content(params: TParams) {
  const { kind, locale } = await params;
  if (!(kind in KINDS) || !isPlatformLocale(locale)) notFound();
  const t = await getTranslations({ locale, namespace: "Status" });
  const key = KINDS[kind as keyof typeof KINDS];
  return { t, key, kind };
}

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { t, key } = await content(params);
  return { title: { absolute: t(`${key}Title`) }, robots: { index: false } };
}

export default async function StatusPage({ params }: { params: TParams }) {
  const { t, key, kind } = await content(params);
  return (
    <div className="max-w-prose">
      <h1 className="text-3xl font-bold sm:text-4xl">{t(`${key}Title`)}</h1>
      <p className="mt-4 text-lg">{t(`${key}Body`)}</p>
      {kind !== "not-found" && (
        <p className="mt-6">
          <a href={`${platformOrigin()}/`}>{t("platformLink")}</a>
        </p>
      )}
    </div>
  );
}
