import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { Cell, Row, Table } from "@/components/ui/table";
import { PageHeader, Tag } from "@/components/ui/notice";
import { createApiKeyAction, revokeApiKeyAction } from "@/lib/appointments/actions";
import { apiKeysOf } from "@/lib/appointments/service/api-keys";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import { formLabels } from "@/lib/i18n/form-labels";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";
import { tenantOrigin } from "@/lib/tenancy/registry";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "ApiKeys" }))("title") };
}

/** Keys of the public REST API: create (shown once), see when each was last used, revoke. */
export default async function ApiKeysPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  await requirePermission(locale, "api-keys:manage", { returnTo: `/${locale}/admin/api-keys` });
  const t = await getTranslations({ locale, namespace: "ApiKeys" });
  const keys = await apiKeysOf(tenant.id);
  const labels = await formLabels(locale);
  const when = (d: Date | null) => (d ? formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" }) : t("never"));
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      <p className="mb-6 max-w-prose">
        {t("documentation")}{" "}
        <a href="/api/openapi.json" dir="ltr">
          {`${tenantOrigin(tenant)}/api/openapi.json`}
        </a>
      </p>
      <section aria-labelledby="new-key" className="mb-10 max-w-xl">
        <h2 id="new-key" className="text-2xl font-bold">{t("create")}</h2>
        <ActionForm action={createApiKeyAction} submitLabel={t("createButton")} labels={labels} secretLabel={t("shownOnce")}>
          <TextField name="name" label={t("name")} hint={t("nameHint")} />
          <div className="mb-6" />
        </ActionForm>
      </section>
      {keys.length === 0 ? (
        <p>{t("none")}</p>
      ) : (
        <Table caption={t("title")} headers={[t("name"), t("prefix"), t("createdBy"), t("lastUsed"), t("status")]} wide>
          {keys.map((key) => (
            <Row key={key.id}>
              <Cell className="font-bold">{key.name}</Cell>
              <Cell>
                <code dir="ltr">{`civ_${key.prefix}_…`}</code>
              </Cell>
              <Cell>
                {key.createdBy ?? "—"}
                <br />
                <span className="text-muted">{when(key.createdAt)}</span>
              </Cell>
              <Cell>{when(key.lastUsedAt)}</Cell>
              <Cell>
                {key.revokedAt ? (
                  <Tag tone="grey">{t("revoked")}</Tag>
                ) : (
                  <ActionForm action={revokeApiKeyAction} submitLabel={t("revoke")} submitStyle="warning" labels={labels} hidden={{ id: key.id }} id={`revoke-${key.id}`} />
                )}
              </Cell>
            </Row>
          ))}
        </Table>
      )}
    </>
  );
}
