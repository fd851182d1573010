import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ThemeEditor } from "@/components/admin/theme-editor";
import { PageHeader } from "@/components/ui/notice";
import { requirePermission } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { updateThemeAction } from "@/lib/tenancy/actions";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantName } from "@/lib/tenancy/registry";
import { FONT_STACKS } from "@/lib/tenancy/theme";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Theme" }))("title") };
}

export default async function ThemePage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "settings:manage", { returnTo: `/${locale}/admin/settings/theme` });
  const t = await getTranslations({ locale, namespace: "Theme" });
  const pairs = await getTranslations({ locale, namespace: "ContrastPairs" });
  const fonts: { value: string; label: string }[] = Object.entries(FONT_STACKS).map(([id, value]) => ({ value, label: t(`font.${id}`) }));
  if (!fonts.some((f) => f.value === tenant.theme.fontStack)) fonts.unshift({ value: tenant.theme.fontStack, label: t("font.current") });
  const colours = ["primary", "onPrimary", "secondary", "onSecondary", "accent", "onAccent"] as const;
  return (
    <>
      <p className="mb-4">
        <a href={`/${locale}/admin/settings`}>{t("back")}</a>
      </p>
      <PageHeader title={t("title")} lead={t("lead")} />
      <ThemeEditor
        action={updateThemeAction}
        theme={tenant.theme}
        logoUrl={tenant.theme.logoUrl}
        lang={locale}
        labels={{
          ...(await formLabels(locale)),
          submit: t("submit"),
          colours: Object.fromEntries(colours.map((c) => [c, { label: t(`colour.${c}`), hint: t(`colourHint.${c}`) }])) as never,
          pick: t("pick"),
          radius: t("radius"),
          radiusOptions: [
            ...([0, 0.25, 0.5, 0.75, 1].includes(tenant.theme.radius) ? [] : [{ value: String(tenant.theme.radius), label: t("radiusValue.current") }]),
            ...[0, 0.25, 0.5, 0.75, 1].map((r) => ({ value: String(r), label: t(`radiusValue.r${String(r).replace(".", "_")}`) })),
          ],
          font: t("font.label"),
          fonts,
          logo: t("logo"),
          logoHint: t("logoHint"),
          favicon: t("favicon"),
          faviconHint: t("faviconHint"),
          previewTitle: t("previewTitle"),
          previewTown: tenantName(tenant, locale),
          previewNav: [t("previewHome"), t("previewContact")],
          previewHeading: t("previewHeading"),
          previewText: t("previewText"),
          previewLink: t("previewLink"),
          previewButton: t("previewButton"),
          previewFocus: t("previewFocus"),
          contrastTitle: t("contrastTitle"),
          contrastLead: t("contrastLead"),
          pairs: Object.fromEntries(["textOnPrimary", "textOnSecondary", "textOnAccent", "primaryOnPage", "focusOnPage", "focusOnHeader"].map((id) => [id, pairs(id)])),
          passes: t("passes"),
          fails: t("fails"),
          // The raw message: the editor puts the live ratio into its {ratio} and {required} placeholders.
          ratio: t.raw("ratio") as string,
        }}
      />
    </>
  );
}
