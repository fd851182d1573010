import type { ReactNode } from "react";
import { notFound } from "next/navigation";
import { setRequestLocale } from "next-intl/server";
import "@/app/globals.css";
import { PlatformDocument, PlatformFrame } from "@/components/platform/platform-shell";
import { isPlatformLocale } from "@/lib/i18n/locales";

export const dynamic = "force-dynamic";

// Pages for an unknown host (404), a suspended town (410) and a language a town has not enabled (404).
// The custom server sets the status code; these pages show no town's content.
export default async function StatusLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  if (!isPlatformLocale(locale)) notFound();
  setRequestLocale(locale);
  return (
    <PlatformDocument locale={locale}>
      <PlatformFrame locale={locale} switcher={false}>
        {children}
      </PlatformFrame>
    </PlatformDocument>
  );
}
