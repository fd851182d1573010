import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { EntryStateTags } from "@/components/translations/state-tags";
import { Cell, Row, Table } from "@/components/ui/table";
import { PageHeader } from "@/components/ui/notice";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { localeDirection, SOURCE_LOCALE } from "@/lib/i18n/locales";
import { catalogueEntries, NAMESPACES } from "@/lib/translations/service/catalogue";
import { filterEntries, languageName, layerOf, PAGE_SIZE, scopeOfLayer, STATE_FILTERS, stateFilterOf } from "@/lib/translations/service/workspace";
import { requireTenantPage } from "@/lib/tenancy/current";
import { isPlatformLanguage } from "@/lib/translations/service/languages";

type TParams = Promise<{ tenant: string; locale: string; lang: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const { lang } = await params;
  return { title: (await getTranslations({ locale, namespace: "Translations" }))("listTitle", { language: languageName(lang, locale) }) };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** The messages of one language: filters (layer, namespace, state, words), 50 a page, a link to translate each. */
export default async function TranslationListPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { lang } = await params;
  const base = `/${locale}/admin/translations/${lang}`;
  await requirePermission(locale, "translations:edit", { scope: `locale:${lang}`, returnTo: base });
  if (!(await isPlatformLanguage(lang))) notFound();
  const t = await getTranslations({ locale, namespace: "Translations" });
  const transfer = await getTranslations({ locale, namespace: "TranslationsTransfer" });
  const content = await getTranslations({ locale, namespace: "TranslationsContent" });
  const sp = await searchParams;
  const layer = layerOf(one(sp.layer), lang);
  const namespace = NAMESPACES.includes(one(sp.namespace) ?? "") ? one(sp.namespace) : undefined;
  const state = stateFilterOf(one(sp.state));
  const q = one(sp.q)?.slice(0, 200) ?? "";
  const all = await catalogueEntries(scopeOfLayer(layer, tenant.id), lang);
  const found = filterEntries(all, { namespace, state, q });
  const pages = Math.max(1, Math.ceil(found.length / PAGE_SIZE));
  const pageNo = Math.min(pages, Math.max(1, Number.parseInt(one(sp.page) ?? "1", 10) || 1));
  const shown = found.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
  const language = languageName(lang, locale);
  const dir = localeDirection(lang);
  const number = new Intl.NumberFormat(locale);
  const link = (extra: Record<string, string>) => {
    const query = new URLSearchParams({ layer, ...(namespace ? { namespace } : {}), state, ...(q ? { q } : {}), ...extra });
    return `${base}?${query.toString()}`;
  };
  const input = "mt-1 block w-full rounded-town border-2 border-ink bg-white px-3 py-2";
  return (
    <>
      <p className="mb-4">
        <a href={`/${locale}/admin/translations`}>{t("back")}</a>
      </p>
      <PageHeader title={t("listTitle", { language })} lead={t("listLead")} />
      <p className="mb-6 flex flex-wrap gap-x-6 gap-y-2">
        <a href={`${base}/transfer?layer=${layer}`}>{transfer("link")}</a>
        {tenant.enabledLocales.includes(lang) && lang !== tenant.defaultLocale ? <a href={`${base}/content`}>{content("link")}</a> : null}
      </p>
      <form method="get" action={base} role="search" aria-label={t("filters")} className="mb-6 grid gap-4 rounded-town bg-surface p-4 sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <label htmlFor="layer" className="font-bold">{t("layer")}</label>
          <select id="layer" name="layer" defaultValue={layer} className={input}>
            <option value="town">{t("layerTown")}</option>
            {lang !== SOURCE_LOCALE ? <option value="platform">{t("layerPlatform")}</option> : null}
          </select>
        </div>
        <div>
          <label htmlFor="namespace" className="font-bold">{t("namespace")}</label>
          <select id="namespace" name="namespace" defaultValue={namespace ?? ""} className={input}>
            <option value="">{t("allNamespaces")}</option>
            {NAMESPACES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="state" className="font-bold">{t("state")}</label>
          <select id="state" name="state" defaultValue={state} className={input}>
            {STATE_FILTERS.map((s) => (
              <option key={s} value={s}>
                {t("stateFilter", { state: s })}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="q" className="font-bold">{t("search")}</label>
          <input id="q" name="q" type="search" defaultValue={q} className={input} />
        </div>
        <div className="flex flex-wrap items-end gap-4 sm:col-span-2 lg:col-span-4">
          <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("apply")}</button>
          <a href={base}>{t("clear")}</a>
        </div>
      </form>
      <p role="status" className="mb-4">{t("found", { count: found.length, shown: number.format(found.length) })}</p>
      {shown.length > 0 ? (
        <Table caption={t("listTitle", { language })} headers={[t("key"), t("source"), t("translation"), t("state"), t("actions")]} wide>
          {shown.map((e) => {
            const current = e.row?.value ?? e.shown;
            return (
              <Row key={e.key}>
                <Cell>
                  <code dir="ltr" className="break-all text-sm">{e.key}</code>
                </Cell>
                <Cell>
                  <span lang="en" dir="ltr">{e.source}</span>
                </Cell>
                <Cell>{current ? <span lang={lang} dir={dir}>{current}</span> : <span className="text-muted">{t("none")}</span>}</Cell>
                <Cell>
                  <EntryStateTags state={e.state} outdated={e.outdated} label={(s) => t("entryState", { state: s })} />
                </Cell>
                <Cell>
                  <a href={`${base}/edit?key=${encodeURIComponent(e.key)}&layer=${layer}`} aria-label={t("translateKey", { key: e.key })}>
                    {t("translate")}
                  </a>
                </Cell>
              </Row>
            );
          })}
        </Table>
      ) : null}
      {pages > 1 ? (
        <nav aria-label={t("pagination")} className="mt-6 flex flex-wrap items-center gap-6">
          {pageNo > 1 ? <a href={link({ page: String(pageNo - 1) })}>{t("previous")}</a> : null}
          <span>{t("pageOf", { page: pageNo, pages })}</span>
          {pageNo < pages ? <a href={link({ page: String(pageNo + 1) })}>{t("next")}</a> : null}
        </nav>
      ) : null}
    </>
  );
}
