// Interface words the form pages and the answers view need, from the "RequestFill" catalogue.
import { getTranslations } from "next-intl/server";
import type { TFieldRendererLabels } from "@/components/forms/field-renderer";
import type { TAnswersLabels } from "@/lib/forms/fill/answers-view";

export async function answersLabels(locale: string): Promise<TAnswersLabels> {
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  return { yes: t("yes"), no: t("no"), accepted: t("accepted"), item: (n) => t("item", { n }) };
}

export async function fieldRendererLabels(locale: string): Promise<TFieldRendererLabels> {
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  return {
    optional: t("optional"),
    street: t("street"),
    postcode: t("postcode"),
    town: t("town"),
    yes: t("yes"),
    no: t("no"),
    consentAgree: t("consentAgree"),
    choose: t("choose"),
    addAnother: t("addAnother"),
    item: (n) => t("item", { n }),
    removeItem: (n) => t("removeItem", { n }),
  };
}
