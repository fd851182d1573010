import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup, SelectField, TextField } from "@/components/form/fields";
import { languageOptions } from "@/components/site/languages";
import { PageHeader } from "@/components/ui/notice";
import { requireOperator } from "@/lib/auth/session";
import { getEnv } from "@/lib/core/env";
import { formLabels } from "@/lib/i18n/form-labels";
import { PLATFORM_LOCALES } from "@/lib/i18n/locales";
import { createTownAction } from "@/lib/platform/actions";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("newTown") };
}

export default async function NewTownPage({ params }: { params: TParams }) {
  const { locale } = await params;
  await requireOperator(locale, `/${locale}/operator/towns/new`);
  const t = await getTranslations({ locale, namespace: "Operator" });
  const languages = languageOptions(PLATFORM_LOCALES);
  const zones = Intl.supportedValuesOf("timeZone");
  return (
    <div className="max-w-3xl">
      <PageHeader title={t("newTown")} lead={t("newTownLead")} />
      <ActionForm action={createTownAction} submitLabel={t("createTown")} labels={await formLabels(locale)} id="new-town">
        <TextField name="slug" label={t("slug")} hint={t("slugHint", { root: getEnv().ROOT_DOMAIN })} autoComplete="off" width="short" />
        {languages.map((l) => (
          <TextField key={l.code} name={`name_${l.code}`} label={t("nameIn", { language: l.name })} lang={l.code} dir={l.dir} />
        ))}
        <ChoiceGroup kind="checkbox" name="enabledLocales" label={t("languages")} options={languages.map((l) => ({ value: l.code, label: l.name, lang: l.code }))} defaultValue={["fr"]} />
        <SelectField name="defaultLocale" label={t("defaultLocale")} defaultValue="fr" options={languages.map((l) => ({ value: l.code, label: l.name, lang: l.code }))} />
        <SelectField name="timeZone" label={t("timeZone")} defaultValue="Europe/Paris" options={zones.map((z) => ({ value: z, label: z.replace(/_/g, " ") }))} />
        <TextField name="holidayRegion" label={t("holidayRegion")} hint={t("holidayRegionHint")} defaultValue="FR" width="short" autoComplete="off" />
        <h2 className="mt-10 text-2xl font-bold">{t("firstAdmin")}</h2>
        <p className="mt-2">{t("firstAdminLead")}</p>
        <TextField name="adminName" label={t("adminName")} autoComplete="off" />
        <TextField name="adminEmail" type="email" label={t("adminEmail")} autoComplete="off" inputMode="email" />
      </ActionForm>
    </div>
  );
}
