import type { ReactNode } from "react";
import { AdminFrame } from "@/components/admin/admin-frame";
import { getActor } from "@/lib/auth/session";
import { operatorFrame } from "@/components/admin/operator-frame-props";

// Each page checks the operator itself (requireOperator); the frame only shows who is signed in.
export default async function OperatorAppLayout({ children, params }: { children: ReactNode; params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const actor = await getActor();
  return <AdminFrame {...await operatorFrame(locale, actor?.kind === "operator" ? actor : null)}>{children}</AdminFrame>;
}
