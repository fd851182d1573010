import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { IdentityProviderForm, RedirectUriPanel } from "@/components/citizens/identity-provider-form";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { redirectUriFor } from "@/lib/auth/service/oidc";
import { requirePermission } from "@/lib/auth/session";
import { listProviders } from "@/lib/citizens/repo";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "IdentityProviders" }))("title") };
}

/** The town's OpenID Connect identity providers (citizens sign in with them), and a new one. */
export default async function IdentityProvidersPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const base = `/${locale}/admin/identity-providers`;
  await requirePermission(locale, "identity-providers:manage", { returnTo: base });
  const t = await getTranslations({ locale, namespace: "IdentityProviders" });
  const providers = await listProviders(tenant.id);
  const deleted = (await searchParams).deleted === "1";
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      {deleted ? <Notice title={t("deletedNotice")} /> : null}
      <RedirectUriPanel redirectUri={redirectUriFor(tenant)} locale={locale} />
      {providers.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <Table caption={t("listCaption")} headers={[t("label"), t("issuer"), t("status")]} wide>
          {providers.map((p) => {
            const label = pickLocalized(p.labels, locale, [tenant.defaultLocale]);
            return (
              <Row key={p.id}>
                <Cell>
                  <a href={`${base}/${p.id}`} className="font-bold" lang={label?.lang}>
                    {label?.text ?? p.issuer}
                  </a>
                </Cell>
                <Cell>
                  <span dir="ltr" className="break-all">{p.issuer}</span>
                </Cell>
                <Cell>{p.enabled ? <Tag tone="green">{t("enabled")}</Tag> : <Tag tone="grey">{t("disabled")}</Tag>}</Cell>
              </Row>
            );
          })}
        </Table>
      )}
      <section aria-labelledby="new-provider" className="mt-10 max-w-4xl">
        <h2 id="new-provider" className="text-2xl font-bold">{t("create")}</h2>
        <IdentityProviderForm tenant={tenant} locale={locale} provider={null} labels={await formLabels(locale)} />
      </section>
    </>
  );
}
