import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Tag } from "@/components/ui/notice";
import { listPublicForms } from "@/lib/forms/repo";
import { fallbackLocales } from "@/lib/forms/service/fill-draft";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import { pickLocalized } from "@/lib/i18n/localized";
import type { TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  return { title: t("listTitle") };
}

/** The town's requests citizens can make online; closed ones say why. */
export default async function RequestsPage({ params }: { params: TTenantParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFill" });
  const fallbacks = fallbackLocales(tenant, locale);
  const forms = await listPublicForms(tenant.id);
  const text = (value: unknown) => {
    const picked = pickLocalized(value, locale, fallbacks);
    return picked ? { text: picked.text, lang: picked.lang !== locale ? picked.lang : undefined } : null;
  };
  return (
    <>
      <h1 className="text-3xl font-bold sm:text-4xl">{t("listTitle")}</h1>
      <p className="mt-4 max-w-prose text-lg">{t("listLead")}</p>
      {forms.length === 0 ? (
        <p className="mt-6">{t("listEmpty")}</p>
      ) : (
        <ul className="mt-6 grid gap-4 sm:grid-cols-2">
          {forms.map((form) => {
            const title = text(form.titles);
            const description = text(form.descriptions);
            const closed = form.status === "closed";
            const closedMessage = closed ? text(form.closedMessages) : null;
            return (
              <li key={form.id} className="rounded-town border border-line p-4">
                <h2 className="text-xl font-bold" lang={title?.lang}>
                  <a href={`/${locale}/requests/${form.slug}`}>{title?.text ?? form.slug}</a>
                </h2>
                {closed ? (
                  <div className="mt-2">
                    <Tag tone="grey">{t("closedTag")}</Tag>
                    <p className="mt-2 whitespace-pre-line" lang={closedMessage?.lang}>
                      {closedMessage?.text ?? t("closedDefault")}
                    </p>
                  </div>
                ) : description ? (
                  <p className="mt-1 line-clamp-3 whitespace-pre-line" lang={description.lang}>
                    {description.text}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
