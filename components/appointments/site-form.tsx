// A site's form (new or existing): names, address, access and accessibility in every language.
import { getTranslations } from "next-intl/server";
import { LocalizedFields } from "@/components/admin/localized-fields";
import { ActionForm, type TActionFormLabels } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { saveSiteAction } from "@/lib/appointments/config-actions";
import type { TSiteRow } from "@/lib/appointments/repo";
import type { TTenant } from "@/lib/tenancy/registry";

export async function SiteForm({ tenant, locale, site, labels }: { tenant: TTenant; locale: string; site: TSiteRow | null; labels: TActionFormLabels }) {
  const t = await getTranslations({ locale, namespace: "AppointmentConfig" });
  const L = { locales: tenant.enabledLocales, defaultLocale: tenant.defaultLocale, uiLocale: locale };
  return (
    <ActionForm id="site-form" action={saveSiteAction} submitLabel={site ? t("save") : t("createSite")} labels={labels} hidden={site ? { id: site.id } : {}}>
      <LocalizedFields name="names" label={t("name")} values={site?.names ?? {}} {...L} />
      <LocalizedFields name="address" label={t("address")} values={site?.address ?? {}} multiline {...L} />
      <LocalizedFields name="access" label={t("access")} hint={t("accessHint")} values={site?.access ?? {}} multiline {...L} />
      <LocalizedFields name="accessibility" label={t("accessibility")} hint={t("accessibilityHint")} values={site?.accessibility ?? {}} multiline {...L} />
      <TextField name="phone" type="tel" width="short" label={t("phone")} dir="ltr" defaultValue={site?.phone ?? ""} />
      <div className="grid gap-x-6 sm:grid-cols-2">
        <TextField name="latitude" width="short" label={t("latitude")} dir="ltr" defaultValue={site?.latitude?.toString() ?? ""} />
        <TextField name="longitude" width="short" label={t("longitude")} dir="ltr" defaultValue={site?.longitude?.toString() ?? ""} />
      </div>
      <div className="mb-6" />
    </ActionForm>
  );
}
