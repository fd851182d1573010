import type { Metadata } from "next";
import { forbidden } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Progress } from "@/components/translations/progress";
import { Cell, Row, Table } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/notice";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { completeness } from "@/lib/translations/service/catalogue";
import { editableLocales, languageName } from "@/lib/translations/service/workspace";
import { platformLanguageCodes } from "@/lib/translations/service/languages";
import { READY_PERCENT } from "@/lib/i18n/locales";
import { Tag } from "@/components/ui/notice";
import { requireTenantPage, type TTenantParams } from "@/lib/tenancy/current";

export async function generateMetadata({ params }: { params: TTenantParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Translations" }))("title") };
}

/** The languages the agent may translate, how complete each is for this town, and per namespace. */
export default async function TranslationsPage({ params, searchParams }: { params: TTenantParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const base = `/${locale}/admin/translations`;
  const agent = await requirePermission(locale, "translations:edit", { returnTo: base });
  const locales = editableLocales(await platformLanguageCodes(), agent.grants);
  if (locales.length === 0) forbidden();
  const t = await getTranslations({ locale, namespace: "Translations" });
  const rows = await Promise.all(
    locales.map(async (code) => {
      const done = await completeness(tenant.id, code);
      return { code, done, waiting: done.waiting };
    }),
  );
  const asked = (await searchParams).locale;
  const chosen = rows.find((r) => r.code === asked) ?? rows.find((r) => r.code !== "en") ?? rows[0]!;
  const chosenName = languageName(chosen.code, locale);
  const number = new Intl.NumberFormat(locale);
  return (
    <>
      <PageHeader title={t("title")} lead={t("lead")} />
      <Table caption={t("languagesCaption")} headers={[t("language"), t("progress"), t("translated"), t("reviewed"), t("waiting"), t("inThisTown"), t("actions")]} wide>
        {rows.map((r) => {
          const name = languageName(r.code, locale);
          return (
            <Row key={r.code}>
              <Cell className="font-bold">
                <a href={`${base}?locale=${r.code}#namespaces`}>{name}</a>
              </Cell>
              <Cell>
                <Progress percent={r.done.percent} label={t("progressOf", { language: name })} locale={locale} />
              </Cell>
              <Cell>{t("countOf", { count: number.format(r.done.translated), total: number.format(r.done.total) })}</Cell>
              <Cell>{number.format(r.done.reviewed)}</Cell>
              <Cell>{r.waiting > 0 ? <a href={`${base}/${r.code}?state=review`}>{number.format(r.waiting)}</a> : number.format(r.waiting)}</Cell>
              <Cell>
                {tenant.enabledLocales.includes(r.code) ? (
                  <Tag tone="green">{t("enabledHere")}</Tag>
                ) : (
                  <>
                    <Tag tone={r.done.percent >= READY_PERCENT ? "blue" : "grey"}>{r.done.percent >= READY_PERCENT ? t("readyHere") : t("notReadyHere")}</Tag>
                    <span className="block text-muted">{t("readyThreshold", { threshold: READY_PERCENT })}</span>
                  </>
                )}
              </Cell>
              <Cell>
                <a href={`${base}/${r.code}`}>{t("workOn", { language: name })}</a>
              </Cell>
            </Row>
          );
        })}
      </Table>
      <section aria-labelledby="namespaces" className="mt-10">
        <h2 id="namespaces" className="text-2xl font-bold">{t("namespacesTitle", { language: chosenName })}</h2>
        {rows.length > 1 ? (
          <form method="get" action={base} className="my-4 flex flex-wrap items-end gap-4">
            <div>
              <label htmlFor="overview-locale" className="block font-bold">{t("language")}</label>
              <select id="overview-locale" name="locale" defaultValue={chosen.code} className="mt-1 block rounded-town border-2 border-ink bg-white px-3 py-2">
                {rows.map((r) => (
                  <option key={r.code} value={r.code}>
                    {languageName(r.code, locale)}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("show")}</button>
          </form>
        ) : null}
        <Table caption={t("namespacesTitle", { language: chosenName })} headers={[t("namespace"), t("progress"), t("translated")]}>
          {chosen.done.namespaces.map((n) => (
            <Row key={n.namespace}>
              <Cell>
                <a href={`${base}/${chosen.code}?namespace=${encodeURIComponent(n.namespace)}`}>
                  <code dir="ltr">{n.namespace}</code>
                </a>
              </Cell>
              <Cell>
                <Progress percent={n.percent} label={t("progressOf", { language: `${chosenName} — ${n.namespace}` })} locale={locale} />
              </Cell>
              <Cell>{t("countOf", { count: number.format(n.translated), total: number.format(n.total) })}</Cell>
            </Row>
          ))}
        </Table>
      </section>
    </>
  );
}
