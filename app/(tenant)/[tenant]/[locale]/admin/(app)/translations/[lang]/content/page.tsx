import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { ContentTextField } from "@/components/translations/content-text-field";
import { Cell, Row, Table } from "@/components/ui/table";
import { PageHeader, Tag } from "@/components/ui/notice";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { localeDirection } from "@/lib/i18n/locales";
import { translateContentAction } from "@/lib/translations/content-actions";
import { CONTENT_KINDS, contentFieldId, contentFieldName, type TContentKind } from "@/lib/translations/content-paths";
import { contentItems } from "@/lib/translations/service/content";
import { languageName } from "@/lib/translations/service/workspace";
import { requireTenantPage } from "@/lib/tenancy/current";

type TParams = Promise<{ tenant: string; locale: string; lang: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const { lang } = await params;
  return { title: (await getTranslations({ locale, namespace: "TranslationsContent" }))("title", { language: languageName(lang, locale) }) };
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const rowsFor = (text: string) => Math.min(10, Math.max(2, Math.ceil(text.length / 50) + text.split("\n").length - 1));

/**
 * The town's own content (its texts, sites, appointment services, forms) in one language: for each
 * item a table of its texts (what it is, the source text, the text in the language) saved with one
 * form; filters: only the missing texts, one kind of item.
 */
export default async function TranslateContentPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { lang } = await params;
  const base = `/${locale}/admin/translations/${lang}`;
  await requirePermission(locale, "translations:edit", { scope: `locale:${lang}`, returnTo: `${base}/content` });
  if (!tenant.enabledLocales.includes(lang) || lang === tenant.defaultLocale) notFound();
  const t = await getTranslations({ locale, namespace: "TranslationsContent" });
  const common = await getTranslations({ locale, namespace: "Translations" });
  const sp = await searchParams;
  const onlyMissing = one(sp.missing) === "1";
  const kindParam = one(sp.kind);
  const kind = (CONTENT_KINDS as readonly string[]).includes(kindParam ?? "") ? (kindParam as TContentKind) : undefined;
  const overview = await contentItems(tenant, lang, locale);
  const items = overview.items
    .filter((i) => !kind || i.kind === kind)
    .map((i) => ({ ...i, texts: onlyMissing ? i.texts.filter((x) => x.missing) : i.texts }))
    .filter((i) => i.texts.length > 0);
  const language = languageName(lang, locale);
  const dir = localeDirection(lang);
  const labels = await formLabels(locale);
  const input = "mt-1 block w-full rounded-town border-2 border-ink bg-white px-3 py-2";
  return (
    <>
      <p className="mb-4">
        <a href={base}>{t("back", { language })}</a>
      </p>
      <PageHeader title={t("title", { language })} lead={t("lead")} />
      <form method="get" action={`${base}/content`} role="search" aria-label={t("filters")} className="mb-6 grid gap-4 rounded-town bg-surface p-4 sm:grid-cols-2">
        <div>
          <label htmlFor="kind" className="font-bold">{t("kind")}</label>
          <select id="kind" name="kind" defaultValue={kind ?? ""} className={input}>
            <option value="">{t("allKinds")}</option>
            {CONTENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t("kindName", { kind: k })}
              </option>
            ))}
          </select>
        </div>
        <div className="flex items-end">
          <div className="flex items-center gap-3 py-2">
            <input id="missing" name="missing" type="checkbox" value="1" defaultChecked={onlyMissing} className="size-6" />
            <label htmlFor="missing" className="font-bold">{t("onlyMissing")}</label>
          </div>
        </div>
        <div className="flex flex-wrap items-end gap-4 sm:col-span-2">
          <button type="submit" className="min-h-11 rounded-town bg-primary px-5 py-2 font-bold text-on-primary">{t("apply")}</button>
          <a href={`${base}/content`}>{common("clear")}</a>
        </div>
      </form>
      <p role="status" className="mb-2">{t("summary", { missing: overview.missing, total: overview.total })}</p>
      <p className="mb-6 max-w-prose text-muted">{t("empty")}</p>
      {items.length === 0 ? <p>{t("nothing")}</p> : null}
      {items.map((item) => {
        const headingId = `item-${item.id}`;
        const title = item.title ? (
          <span lang={item.title.lang} dir={localeDirection(item.title.lang)}>
            {item.title.text}
          </span>
        ) : (
          t("untitled")
        );
        return (
          <section key={item.id} aria-labelledby={headingId} className="mt-10 border-t border-line pt-6" data-kind={item.kind} data-id={item.id}>
            <h2 id={headingId} className="text-2xl font-bold">
              <span className="block text-base font-normal text-muted">{t("itemKind", { kind: item.kind })}</span>
              {title}
            </h2>
            <p className="mt-1">
              <Tag tone={item.missing > 0 ? "red" : "green"}>{t("itemMissing", { count: item.missing })}</Tag>
            </p>
            <ActionForm id={`content-${item.id}`} action={translateContentAction} submitLabel={t("save", { language })} labels={labels} hidden={{ locale: lang, kind: item.kind, id: item.id }}>
              <Table caption={item.title?.text ?? t("untitled")} headers={[t("what"), t("source"), t("translation", { language })]} wide>
                {item.texts.map((text) => {
                  const name = contentFieldName(item.id, text.key);
                  const id = contentFieldId(name);
                  return (
                    <Row key={text.key}>
                      <Cell className="w-1/4">
                        <label htmlFor={id} className="font-bold">
                          {t(`labels.${text.label.key}`, text.label.params ?? {})}
                        </label>
                        {text.missing ? (
                          <p className="mt-1">
                            <Tag tone="red">{t("missing")}</Tag>
                          </p>
                        ) : null}
                      </Cell>
                      <Cell className="w-1/3">
                        <p id={`${id}-source`} lang={text.source.lang} dir={localeDirection(text.source.lang)} className="whitespace-pre-wrap">
                          {text.source.text}
                        </p>
                        <p className="mt-1 text-sm text-muted">{t("sourceLanguage", { language: languageName(text.source.lang, locale) })}</p>
                      </Cell>
                      <Cell>
                        <ContentTextField name={name} defaultValue={text.current} lang={lang} dir={dir} sourceId={`${id}-source`} rows={rowsFor(text.source.text)} />
                      </Cell>
                    </Row>
                  );
                })}
              </Table>
            </ActionForm>
          </section>
        );
      })}
    </>
  );
}
