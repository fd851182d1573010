import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { IdentityProviderForm, RedirectUriPanel } from "@/components/citizens/identity-provider-form";
import { ActionForm } from "@/components/form/action-form";
import { ChoiceGroup } from "@/components/form/fields";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { redirectUriFor } from "@/lib/auth/service/oidc";
import { requirePermission } from "@/lib/auth/session";
import { deleteIdentityProviderAction } from "@/lib/citizens/actions/identity-providers";
import { findProvider } from "@/lib/citizens/repo";
import { ZId } from "@/lib/core/form-schemas";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; id: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "IdentityProviders" }))("editTitle") };
}

/** One identity provider: its settings (the secret is never shown), and deleting it. */
export default async function IdentityProviderPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { id } = await params;
  const base = `/${locale}/admin/identity-providers`;
  await requirePermission(locale, "identity-providers:manage", { returnTo: `${base}/${id}` });
  const provider = ZId.safeParse(id).success ? await findProvider(tenant.id, id) : null;
  if (!provider) notFound();
  const t = await getTranslations({ locale, namespace: "IdentityProviders" });
  const labels = await formLabels(locale);
  const created = (await searchParams).created === "1";
  const label = pickLocalized(provider.labels, locale, [tenant.defaultLocale]);
  return (
    <>
      <p className="mb-4">
        <a href={base}>{t("back")}</a>
      </p>
      <PageHeader title={label?.text ?? t("editTitle")}>
        {provider.enabled ? <Tag tone="green">{t("enabled")}</Tag> : <Tag tone="grey">{t("disabled")}</Tag>}
      </PageHeader>
      {created ? <Notice title={t("createdNotice")}>{t("createdNext")}</Notice> : null}
      <RedirectUriPanel redirectUri={redirectUriFor(tenant)} locale={locale} />
      <div className="max-w-4xl">
        <IdentityProviderForm tenant={tenant} locale={locale} provider={provider} labels={labels} />
      </div>
      <section aria-labelledby="delete-provider" className="mt-12 max-w-prose border-t border-line pt-6">
        <h2 id="delete-provider" className="text-2xl font-bold">{t("deleteTitle")}</h2>
        <p className="mt-2">{t("deleteLead")}</p>
        <ActionForm id="delete-provider-form" action={deleteIdentityProviderAction} submitLabel={t("delete")} submitStyle="warning" labels={labels} hidden={{ id: provider.id }}>
          <ChoiceGroup kind="checkbox" name="confirm" label={t("deleteConfirmLegend")} options={[{ value: "on", label: t("deleteConfirm") }]} />
          <div className="mb-6" />
        </ActionForm>
      </section>
    </>
  );
}
