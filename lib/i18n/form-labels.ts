import { getTranslations } from "next-intl/server";
import type { TActionFormLabels } from "@/components/form/action-form";

export async function formLabels(locale: string): Promise<TActionFormLabels> {
  const t = await getTranslations({ locale, namespace: "Forms" });
  return { errorTitle: t("errorTitle"), pending: t("pending") };
}
