import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
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
      <div className="overflow-x-auto">
        <table className="w-full border-collapse">
          <caption className="sr-only">{t("townsTitle")}</caption>
          <thead>
            <tr className="border-b-2 border-ink">
              <th scope="col" className="py-2 pe-4 text-start">{t("town")}</th>
              <th scope="col" className="py-2 pe-4 text-start">{t("languages")}</th>
              <th scope="col" className="py-2 pe-4 text-start">{t("agents")}</th>
              <th scope="col" className="py-2 text-start">{t("status")}</th>
            </tr>
          </thead>
          <tbody>
            {towns.map(({ tenant, name, origin, agents }) => (
              <tr key={tenant.id} className="border-b border-line align-top">
                <td className="py-2 pe-4">
                  <a href={`/${locale}/operator/towns/${tenant.slug}`} className="font-bold">
                    {name}
                  </a>
                  <span className="block text-sm break-all text-muted">{origin}</span>
                </td>
                <td className="py-2 pe-4">{languageOptions(tenant.enabledLocales).map((l) => l.name).join(", ")}</td>
                <td className="py-2 pe-4">{t("agentsCount", { active: agents.active ?? 0, invited: agents.invited ?? 0 })}</td>
                <td className="py-2">
                  <Tag tone={tenant.status === "active" ? "green" : "red"}>{t(`statusValue.${tenant.status}`)}</Tag>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
