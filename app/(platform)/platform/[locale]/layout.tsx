import type { Metadata } from "next";
import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { getTranslations, setRequestLocale } from "next-intl/server";
import "@/app/globals.css";
import { PlatformDocument } from "@/components/platform/platform-shell";
import { isPlatformLocale } from "@/lib/i18n/locales";
import { PLATFORM_THEME } from "@/lib/tenancy/theme";

export const dynamic = "force-dynamic";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  if (!isPlatformLocale(locale)) notFound();
  const t = await getTranslations({ locale, namespace: "Platform" });
  return { title: { default: `${t("title")} – ${t("tagline")}`, template: `%s – ${t("title")}` }, icons: { icon: PLATFORM_THEME.faviconUrl } };
}

export default async function PlatformLayout({ children, params }: { children: ReactNode; params: TParams }) {
  const { locale } = await params;
  if (!isPlatformLocale(locale)) notFound();
  setRequestLocale(locale);
  return <PlatformDocument locale={locale}>{children}</PlatformDocument>;
}
