import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextField } from "@/components/form/fields";
import { languageOptions } from "@/components/site/languages";
import { Progress } from "@/components/translations/progress";
import { Notice, PageHeader, Tag } from "@/components/ui/notice";
import { Cell, Row, Table } from "@/components/ui/table";
import { requireOperator } from "@/lib/auth/session";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { formLabels } from "@/lib/i18n/form-labels";
import { READY_PERCENT, SOURCE_LOCALE } from "@/lib/i18n/locales";
import { listTenants } from "@/lib/tenancy/registry";
import { addLanguageAction, removeLanguageAction } from "@/lib/translations/platform-actions";
import { PLATFORM_SCOPE, waitingCounts } from "@/lib/translations/repo";
import { languageReadiness, platformLanguages } from "@/lib/translations/service/languages";

type TParams = Promise<{ locale: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await params;
  return { title: (await getTranslations({ locale, namespace: "Operator" }))("languagesTitle") };
}

/** The platform's languages: how far each is translated, proposals waiting for the operator, towns using it; add or remove one. */
export default async function OperatorLanguagesPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { locale } = await params;
  const done = await searchParam(searchParams, "done");
  const base = `/${locale}/operator/languages`;
  await requireOperator(locale, base);
  const t = await getTranslations({ locale, namespace: "Operator" });
  const labels = await formLabels(locale);
  const languages = await platformLanguages();
  const codes = languages.map((l) => l.code);
  const [readiness, waiting, towns] = await Promise.all([languageReadiness(codes, null), waitingCounts(PLATFORM_SCOPE), listTenants()]);
  const names = new Map(languageOptions(codes).map((l) => [l.code, l]));
  const inLocale = new Intl.DisplayNames([locale], { type: "language" });
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  return (
    <>
      <PageHeader title={t("languagesTitle")} lead={t("languagesLead", { threshold: READY_PERCENT })} />
      {done === "removed" ? <Notice title={t("languageRemoved")} /> : null}
      <Table caption={t("languagesTitle")} headers={[t("language"), t("translatedShare"), t("waitingReview"), t("townsUsing"), t("languageKind"), t("actions")]} wide>
        {languages.map((l) => {
          const percent = readiness.get(l.code) ?? 0;
          const using = towns.filter((town) => town.enabledLocales.includes(l.code)).length;
          const count = waiting.get(l.code) ?? 0;
          const name = inLocale.of(l.code) ?? l.code;
          return (
            <Row key={l.code}>
              <Cell>
                <span className="font-bold">{name}</span>{" "}
                {names.get(l.code)?.name.toLocaleLowerCase(locale) !== name.toLocaleLowerCase(locale) ? (
                  <span lang={l.code} dir={names.get(l.code)?.dir}>({names.get(l.code)?.name})</span>
                ) : null}
                <code dir="ltr" className="block text-sm text-muted">{l.code}</code>
              </Cell>
              <Cell>
                <Progress percent={percent} label={t("translatedOf", { language: name })} locale={locale} />
                <span className="block text-sm">{percent >= READY_PERCENT ? t("readyForTowns") : t("notReadyForTowns", { percent: number.format(percent), threshold: READY_PERCENT })}</span>
              </Cell>
              <Cell>{count > 0 ? <a href={`${base}/${l.code}`}>{t("waitingCount", { count })}</a> : t("waitingCount", { count })}</Cell>
              <Cell>{number.format(using)}</Cell>
              <Cell>
                <Tag tone={l.builtIn ? "grey" : "blue"}>{l.builtIn ? t("builtIn") : t("added")}</Tag>
                {l.addedBy ? <span className="block text-sm text-muted">{t("addedBy", { who: l.addedBy })}</span> : null}
              </Cell>
              <Cell>
                {l.code === SOURCE_LOCALE ? <span className="text-muted">{t("sourceLanguage")}</span> : <a href={`${base}/${l.code}`} className="block">{t("reviewLink", { language: name })}</a>}
                {!l.builtIn && using === 0 ? (
                  <ActionForm action={removeLanguageAction} submitLabel={t("removeLanguage", { language: name })} submitStyle="warning" labels={labels} hidden={{ code: l.code }} id={`remove-${l.code}`} />
                ) : null}
              </Cell>
            </Row>
          );
        })}
      </Table>
      <section aria-labelledby="add-language" className="mt-10 max-w-2xl border-t border-line pt-6">
        <h2 id="add-language" className="text-2xl font-bold">{t("addLanguageTitle")}</h2>
        <p className="mt-2">{t("addLanguageLead", { threshold: READY_PERCENT })}</p>
        <ActionForm action={addLanguageAction} submitLabel={t("addLanguage")} labels={labels} id="add-language-form">
          <TextField name="code" label={t("languageCode")} hint={t("languageCodeHint")} width="short" autoComplete="off" />
        </ActionForm>
      </section>
    </>
  );
}
