import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { TransferImport } from "@/components/translations/transfer-import";
import { PageHeader } from "@/components/ui/notice";
import { requirePermission } from "@/lib/auth/session";
import type { TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { localeDirection, SOURCE_LOCALE } from "@/lib/i18n/locales";
import { importTranslationsAction } from "@/lib/translations/transfer-actions";
import { TRANSFER_FORMATS, type TTransferFormat } from "@/lib/translations/service/transfer-format";
import { languageName, layerOf } from "@/lib/translations/service/workspace";
import { requireTenantPage } from "@/lib/tenancy/current";
import { isPlatformLanguage } from "@/lib/translations/service/languages";

type TParams = Promise<{ tenant: string; locale: string; lang: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  const { lang } = await params;
  return { title: (await getTranslations({ locale, namespace: "TranslationsTransfer" }))("title", { language: languageName(lang, locale) }) };
}

const FORMAT_LABEL = { json: "formatJson", xliff: "formatXliff", po: "formatPo" } as const satisfies Record<TTransferFormat, string>;

/** Export links of a language (format × layer × latest or live texts) and the import of a file. */
export default async function TranslationTransferPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { lang } = await params;
  const base = `/${locale}/admin/translations/${lang}`;
  await requirePermission(locale, "translations:edit", { scope: `locale:${lang}`, returnTo: `${base}/transfer` });
  if (!(await isPlatformLanguage(lang))) notFound();
  const t = await getTranslations({ locale, namespace: "TranslationsTransfer" });
  const sp = await searchParams;
  const layer = layerOf(Array.isArray(sp.layer) ? sp.layer[0] : sp.layer, lang);
  const language = languageName(lang, locale);
  const layers = [{ value: "town", label: t("layerTown") }, ...(lang !== SOURCE_LOCALE ? [{ value: "platform", label: t("layerPlatform") }] : [])];
  const formats = TRANSFER_FORMATS.map((f) => ({ value: f, label: t(FORMAT_LABEL[f]) }));
  const download = (l: string, format: string, include: string) => `${base}/transfer/download?${new URLSearchParams({ layer: l, format, include }).toString()}`;
  return (
    <>
      <p className="mb-4">
        <a href={`${base}?layer=${layer}`}>{t("back")}</a>
      </p>
      <PageHeader title={t("title", { language })} lead={t("lead")} />

      <section aria-labelledby="export" className="mt-8">
        <h2 id="export" className="text-2xl font-bold">{t("exportTitle")}</h2>
        <p className="max-w-prose text-muted">{t("exportLead")}</p>
        <div className="mt-4 grid gap-6 md:grid-cols-2">
          {layers.map((l) => (
            <div key={l.value}>
              <h3 className="text-xl font-bold">{l.label}</h3>
              <ul className="mt-2 list-none space-y-2">
                {formats.map((f) => (
                  <li key={f.value} className="flex flex-wrap gap-x-6">
                    <a href={download(l.value, f.value, "all")} download data-format={f.value} data-layer={l.value} data-include="all">{t("downloadAll", { format: f.label })}</a>
                    <a href={download(l.value, f.value, "live")} download data-format={f.value} data-layer={l.value} data-include="live">{t("downloadLive", { format: f.label })}</a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </section>

      <section aria-labelledby="import" className="mt-10 max-w-4xl">
        <h2 id="import" className="text-2xl font-bold">{t("importTitle")}</h2>
        <p className="max-w-prose text-muted">{t("importLead")}</p>
        <TransferImport
          action={importTranslationsAction}
          lang={lang}
          dir={localeDirection(lang)}
          labels={await formLabels(locale)}
          defaultLayer={layer}
          texts={{
            file: t("file"),
            fileHint: t("fileHint"),
            format: t("format"),
            formats,
            layer: t("layer"),
            layers,
            importButton: t("importButton"),
            reportTitle: t("reportTitle"),
            changedCaption: t("changedCaption"),
            key: t("key"),
            before: t("before"),
            after: t("after"),
            none: t("none"),
            invalidTitle: t("invalidTitle"),
            invalidLead: t("invalidLead"),
            invalidCaption: t("invalidCaption"),
            issue: t("issue"),
          }}
        />
      </section>
    </>
  );
}
