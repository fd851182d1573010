// Role and scope choices of an agent (invite and edit forms).
import { getTranslations } from "next-intl/server";
import { ChoiceGroup } from "@/components/form/fields";
import { roleLabel } from "@/lib/agents/role-label";
import { rolesOfTownWithCounts } from "@/lib/agents/service/queries";
import { rolePermissions } from "@/lib/auth/permissions";
import { scopeOptions } from "@/lib/modules";
import type { TTenant } from "@/lib/tenancy/registry";

export async function AccessFields({ tenant, locale, roles = [], scope = [] }: { tenant: TTenant; locale: string; roles?: string[]; scope?: string[] }) {
  const t = await getTranslations({ locale, namespace: "Users" });
  const names = await getTranslations({ locale, namespace: "RoleNames" });
  const descriptions = await getTranslations({ locale, namespace: "RoleDescriptions" });
  const perms = await getTranslations({ locale, namespace: "Permissions" });
  const all = await rolesOfTownWithCounts(tenant.id);
  const scopes = await scopeOptions(tenant, locale);
  return (
    <>
      <ChoiceGroup
        kind="checkbox"
        name="roles"
        label={t("rolesQuestion")}
        hint={t("rolesHint")}
        defaultValue={roles}
        options={all.map((role) => ({
          value: role.id,
          label: roleLabel(role, locale, tenant.defaultLocale, names),
          hint: role.builtin && descriptions.has(role.builtin) ? descriptions(role.builtin) : rolePermissions(role).map((p) => perms(p)).join(", "),
        }))}
      />
      {scopes.length > 0 ? <ChoiceGroup kind="checkbox" name="scope" label={t("scopeQuestion")} hint={t("scopeHint")} defaultValue={scope} options={scopes} /> : null}
    </>
  );
}
