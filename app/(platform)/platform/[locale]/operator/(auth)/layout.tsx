import type { ReactNode } from "react";
import { AdminFrame } from "@/components/admin/admin-frame";
import { operatorFrame } from "@/components/admin/operator-frame-props";

export default async function OperatorAuthLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  return <AdminFrame {...await operatorFrame(locale, null)}>{children}</AdminFrame>;
}
