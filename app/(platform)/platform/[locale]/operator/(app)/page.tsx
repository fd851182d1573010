import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Cell, Row, Table } from "@/components/ui/table";
import { languageOptions } from "@/components/site/languages";
import { ButtonLink, PageHeader, Tag } from "@/components/ui/notice";
import { requireOperator } from "@/lib/auth/session";
import { townsOverview } from "@/lib/platform/service/towns";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("townsTitle") };
}

export default async function OperatorHomePage({ params }: { params: TParams }) {
  const { locale } = await params;
  await requireOperator(locale, `/${locale}/operator`);
  const t = await getTranslations({ locale, namespace: "Operator" });
  const towns = await townsOverview(locale);
  return (
    <>
      <PageHeader title={t("townsTitle")} lead={t("townsLead")}>
        <ButtonLink href={`/${locale}/operator/towns/new`}>{t("newTown")}</ButtonLink>
      </PageHeader>
      <Table caption={t("townsTitle")} headers={[t("town"), t("languages"), t("agents"), t("status")]}>
        {towns.map(({ tenant, name, origin, agents }) => (
          <Row key={tenant.id}>
            <Cell>
              <a href={`/${locale}/operator/towns/${tenant.slug}`} className="font-bold">
                {name}
              </a>
              <span className="block text-sm break-words text-muted">{origin}</span>
            </Cell>
            <Cell>{languageOptions(tenant.enabledLocales).map((l) => l.name).join(", ")}</Cell>
            <Cell>{t("agentsCount", { active: agents.active ?? 0, invited: agents.invited ?? 0 })}</Cell>
            <Cell>
              <Tag tone={tenant.status === "active" ? "green" : "red"}>{t(`statusValue.${tenant.status}`)}</Tag>
            </Cell>
          </Row>
        ))}
      </Table>
    </>
  );
}
