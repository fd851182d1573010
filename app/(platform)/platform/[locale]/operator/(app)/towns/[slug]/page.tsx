import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { languageOptions } from "@/components/site/languages";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { agentsOfTown } from "@/lib/agents/service/queries";
import { requireOperator } from "@/lib/auth/session";
import { formLabels } from "@/lib/i18n/form-labels";
import { setTownStatusAction } from "@/lib/platform/actions";
import { townBySlug } from "@/lib/platform/service/towns";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { tenantName, tenantOrigin } from "@/lib/tenancy/registry";

type TParams = Promise<{ locale: string; slug: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("townTitle") };
}

export default async function TownPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { locale, slug } = await params;
  await requireOperator(locale, `/${locale}/operator/towns/${slug}`);
  const town = await townBySlug(slug);
  if (!town) notFound();
  const t = await getTranslations({ locale, namespace: "Operator" });
  const users = await getTranslations({ locale, namespace: "Users" });
  const done = await searchParam(searchParams, "done");
  const admins = (await agentsOfTown(town.id)).filter((a) => a.memberships.some((m) => m.role.builtin === "administrator"));
  const origin = tenantOrigin(town);
  return (
    <div className="max-w-3xl">
      <p className="mb-4">
        <a href={`/${locale}/operator`}>{t("backToTowns")}</a>
      </p>
      <PageHeader title={tenantName(town, locale)} />
      {done === "created" ? <Notice title={t("townCreated")}>{t("townCreatedBody")}</Notice> : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2">
        <dt className="font-bold">{t("address")}</dt>
        <dd className="break-words">
          <a href={`${origin}/`}>{origin}</a>
        </dd>
        <dt className="font-bold">{t("status")}</dt>
        <dd>
          <Tag tone={town.status === "active" ? "green" : "red"}>{t(`statusValue.${town.status}`)}</Tag>
        </dd>
        <dt className="font-bold">{t("languages")}</dt>
        <dd>{languageOptions(town.enabledLocales).map((l) => l.name).join(", ")}</dd>
        <dt className="font-bold">{t("timeZone")}</dt>
        <dd>{town.timeZone}</dd>
        <dt className="font-bold">{t("holidayRegion")}</dt>
        <dd>{town.holidayRegion}</dd>
      </dl>
      <section className="mt-10" aria-labelledby="admins">
        <h2 id="admins" className="text-2xl font-bold">{t("administrators")}</h2>
        {admins.length === 0 ? (
          <p className="mt-2">{t("noAdministrators")}</p>
        ) : (
          <ul className="mt-2 list-disc ps-5">
            {admins.map((a) => (
              <li key={a.id}>
                {a.name} ({a.email}) – {users(`statusValue.${a.status}`)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="mt-10" aria-labelledby="status-title">
        <h2 id="status-title" className="text-2xl font-bold">{town.status === "active" ? t("suspendTitle") : t("reactivateTitle")}</h2>
        <p className="mt-2">{town.status === "active" ? t("suspendLead") : t("reactivateLead")}</p>
        <ActionForm
          action={setTownStatusAction}
          submitLabel={town.status === "active" ? t("suspend") : t("reactivate")}
          submitStyle={town.status === "active" ? "warning" : "secondary"}
          labels={await formLabels(locale)}
          hidden={{ tenantId: town.id, status: town.status === "active" ? "suspended" : "active" }}
          id="status-form"
        />
      </section>
    </div>
  );
}
