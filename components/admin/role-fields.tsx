// The fields of a custom role: its name in each of the town's languages, and its permissions.
import { getTranslations } from "next-intl/server";
import { ChoiceGroup, TextField } from "@/components/form/fields";
import { languageOptions } from "@/components/site/languages";
import { allPermissions } from "@/lib/auth/permissions";
import type { TTenant } from "@/lib/tenancy/registry";

export async function RoleFields({ tenant, locale, names = {}, permissions = [] }: { tenant: TTenant; locale: string; names?: Record<string, string>; permissions?: string[] }) {
  const t = await getTranslations({ locale, namespace: "Roles" });
  const perms = await getTranslations({ locale, namespace: "Permissions" });
  return (
    <>
      {languageOptions(tenant.enabledLocales).map((language) => (
        <TextField
          key={language.code}
          name={`name_${language.code}`}
          label={t("nameIn", { language: language.name })}
          hint={language.code === tenant.defaultLocale ? t("nameRequiredHint") : undefined}
          lang={language.code}
          dir={language.dir}
          defaultValue={names[language.code]}
        />
      ))}
      <ChoiceGroup
        kind="checkbox"
        name="permissions"
        label={t("permissions")}
        hint={t("permissionsHint")}
        defaultValue={permissions}
        options={allPermissions().map((p) => ({ value: p, label: perms(p), hint: p, lang: undefined }))}
      />
    </>
  );
}
