import type { ReactNode } from "react";
import { PlatformFrame } from "@/components/platform/platform-shell";

export default async function PlatformSiteLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  return <PlatformFrame locale={locale}>{children}</PlatformFrame>;
}
