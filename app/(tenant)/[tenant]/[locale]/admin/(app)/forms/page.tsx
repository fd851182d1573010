import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { FormStatusTag } from "@/components/forms/builder-header";
import { ButtonLink, Notice, PageHeader } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import type { TSearchParams } from "@/lib/core/page-params";
import { countSentRequestsByForm, listVersions } from "@/lib/forms/repo";
import { requireBuilderPage } from "@/lib/forms/service/builder-view";
import { DESIGN, mayDesignTownWide } from "@/lib/forms/service/design-access";
import { formsFor } from "@/lib/forms/service/form-scope";
import { pickLocalized } from "@/lib/i18n/localized";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "FormBuilder" }))("listTitle") };
}

/** The town's online forms the agent may design: status, published version, requests received. */
export default async function FormsPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale, actor, base } = await requireBuilderPage(params, "");
  const t = await getTranslations({ locale, namespace: "FormBuilder" });
  const query = await searchParams;
  const forms = await formsFor(tenant.id, actor, DESIGN);
  const counts = await countSentRequestsByForm(tenant.id);
  const versions = new Map(await Promise.all(forms.map(async (f) => [f.id, (await listVersions(tenant.id, f.id))[0]?.number ?? null] as const)));
  return (
    <>
      <PageHeader title={t("listTitle")} lead={t("listLead")}>
        {mayDesignTownWide(actor) ? <ButtonLink href={`${base}/new`}>{t("newForm")}</ButtonLink> : null}
      </PageHeader>
      {query.archived === "1" ? <Notice title={t("archivedNotice")} /> : null}
      {forms.length === 0 ? (
        <p>{t("noForms")}</p>
      ) : (
        <Table caption={t("listTitle")} headers={[t("formTitle"), t("statusColumn"), t("versionColumn"), t("requestsColumn"), t("linksColumn")]} wide>
          {forms.map((f) => {
            const title = pickLocalized(f.titles, locale, [tenant.defaultLocale]);
            const version = versions.get(f.id);
            return (
              <Row key={f.id}>
                <Cell>
                  <a href={`${base}/${f.id}`} className="font-bold" lang={title && title.lang !== locale ? title.lang : undefined}>
                    {title?.text ?? f.slug}
                  </a>
                  <span className="block text-muted" dir="ltr">
                    /{f.slug}
                  </span>
                </Cell>
                <Cell>
                  <FormStatusTag status={f.status} locale={locale} />
                </Cell>
                <Cell>{version ? t("versionNumber", { number: version }) : t("neverPublished")}</Cell>
                <Cell>{counts.get(f.id) ?? 0}</Cell>
                <Cell>
                  <ul className="space-y-1">
                    <li>
                      <a href={`${base}/${f.id}`}>{t("editLink")}</a>
                    </li>
                    <li>
                      <a href={`${base}/${f.id}/workflow`}>{t("workflowLink")}</a>
                    </li>
                    {f.status !== "draft" ? (
                      <li>
                        <a href={`/${locale}/requests/${f.slug}`}>{t("citizenPageLink")}</a>
                      </li>
                    ) : null}
                  </ul>
                </Cell>
              </Row>
            );
          })}
        </Table>
      )}
    </>
  );
}
