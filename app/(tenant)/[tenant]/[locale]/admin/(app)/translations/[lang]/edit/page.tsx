import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { ActionForm } from "@/components/form/action-form";
import { TextArea } from "@/components/form/fields";
import { EntryStateTags } from "@/components/translations/state-tags";
import { LivePreview } from "@/components/translations/live-preview";
import { Cell, Row, Table } from "@/components/ui/table";
import { Notice, PageHeader } from "@/components/ui/notice";
import { can } from "@/lib/auth/permissions";
import { requirePermission } from "@/lib/auth/session";
import { formatInstant } from "@/lib/core/dates";
import type { TSearchParams } from "@/lib/core/page-params";
import { analyseMessageIssues } from "@/lib/i18n/check";
import { formLabels } from "@/lib/i18n/form-labels";
import { localeDirection } from "@/lib/i18n/locales";
import { proposeTranslationAction, revertTranslationAction, reviewTranslationAction } from "@/lib/translations/actions";
import { listEvents } from "@/lib/translations/repo";
import { catalogueEntries, SOURCE } from "@/lib/translations/service/catalogue";
import { pluralCategories, renderPreview, sampleValues } from "@/lib/translations/service/preview";
import { languageName, layerOf, placeholdersOf, scopeOfLayer } from "@/lib/translations/service/workspace";
import { requireTenantPage } from "@/lib/tenancy/current";
import { isPlatformLanguage } from "@/lib/translations/service/languages";

type TParams = Promise<{ tenant: string; locale: string; lang: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireTenantPage(params);
  return { title: (await getTranslations({ locale, namespace: "Translations" }))("editTitle") };
}

const PLURAL_ORDER = ["zero", "one", "two", "few", "many", "other"];

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** One message of one language: its source and context, the proposal form with a preview, the review and the history. */
export default async function TranslationEditPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireTenantPage(params);
  const { lang } = await params;
  const sp = await searchParams;
  const key = one(sp.key) ?? "";
  const listBase = `/${locale}/admin/translations/${lang}`;
  const agent = await requirePermission(locale, "translations:edit", { scope: `locale:${lang}`, returnTo: `${listBase}/edit?key=${encodeURIComponent(key)}` });
  if (!(await isPlatformLanguage(lang)) || !SOURCE.has(key)) notFound();
  const layer = layerOf(one(sp.layer), lang);
  const entry = (await catalogueEntries(scopeOfLayer(layer, tenant.id), lang)).find((e) => e.key === key);
  if (!entry) notFound();
  const t = await getTranslations({ locale, namespace: "Translations" });
  const labels = await formLabels(locale);
  const dir = localeDirection(lang);
  const language = languageName(lang, locale);
  const samples = sampleValues(entry.source);
  const placeholders = placeholdersOf(analyseMessageIssues(entry.source, "en").args);
  const current = entry.row?.value ?? entry.shown ?? "";
  const preview = renderPreview(current || entry.source, lang, samples);
  // The platform layer changes every town: its proposals are approved by the platform's operator, not from a town.
  const mayReview = layer === "town" && can(agent.grants, "translations:review", `locale:${lang}`);
  const events = entry.row ? await listEvents(scopeOfLayer(layer, tenant.id), entry.row.id) : [];
  const when = (d: Date) => formatInstant(d, locale, tenant.timeZone, { dateStyle: "medium", timeStyle: "short" });
  const hidden = { locale: lang, key, layer };
  const waiting = entry.row?.state === "translated";
  return (
    <>
      <p className="mb-4">
        <a href={`${listBase}?layer=${layer}&namespace=${encodeURIComponent(entry.namespace)}`}>{t("backToList", { language })}</a>
      </p>
      <PageHeader title={t("editTitle")} lead={t("editLead", { language, layer: layer })}>
        <EntryStateTags state={entry.state} outdated={entry.outdated} label={(s) => t("entryState", { state: s })} />
      </PageHeader>
      {entry.outdated ? <Notice kind="warning" title={t("outdatedTitle")}>{t("outdatedText")}</Notice> : null}
      {entry.row?.state === "rejected" && entry.row.comment ? (
        <Notice kind="info" title={t("reviewerComment", { reviewer: entry.row.reviewedBy ?? "—" })}>
          <p className="whitespace-pre-wrap">{entry.row.comment}</p>
        </Notice>
      ) : null}
      <dl className="mb-8 grid max-w-4xl gap-x-6 gap-y-3 sm:grid-cols-[12rem_1fr]">
        <dt className="font-bold">{t("namespace")}</dt>
        <dd>
          <code dir="ltr">{entry.namespace}</code>
        </dd>
        <dt className="font-bold">{t("key")}</dt>
        <dd>
          <code dir="ltr" className="break-all">{entry.key}</code>
        </dd>
        <dt className="font-bold">{t("source")}</dt>
        <dd lang="en" dir="ltr" className="whitespace-pre-wrap">{entry.source}</dd>
        <dt className="font-bold">{t("filesText")}</dt>
        <dd>{entry.files ? <span lang={lang} dir={dir} className="whitespace-pre-wrap">{entry.files}</span> : <span className="text-muted">{t("none")}</span>}</dd>
        <dt className="font-bold">{t("shownText")}</dt>
        <dd>{entry.shown ? <span lang={lang} dir={dir} className="whitespace-pre-wrap">{entry.shown}</span> : <span className="text-muted">{t("shownSource")}</span>}</dd>
        <dt className="font-bold">{t("proposal")}</dt>
        <dd>
          {entry.row ? (
            <>
              <span lang={lang} dir={dir} className="whitespace-pre-wrap">{entry.row.value}</span>{" "}
              <span className="text-muted">{t("proposedBy", { who: entry.row.updatedBy ?? "—" })}</span>
            </>
          ) : (
            <span className="text-muted">{t("none")}</span>
          )}
        </dd>
      </dl>
      <section aria-labelledby="translate-title" className="max-w-4xl">
        <h2 id="translate-title" className="text-2xl font-bold">{t("translateTitle", { language })}</h2>
        <ActionForm id="translate" action={proposeTranslationAction} submitLabel={t("propose")} labels={labels} hidden={hidden}>
          <TextArea
            name="value"
            label={t("valueLabel", { language })}
            hint={`${placeholders.length > 0 ? t("placeholdersHint", { list: placeholders.join(", ") }) : t("noPlaceholders")} ${t("pluralHint", { language, list: pluralCategories(lang).sort((a, b) => PLURAL_ORDER.indexOf(a) - PLURAL_ORDER.indexOf(b)).join(", ") })}`}
            lang={lang}
            dir={dir}
            rows={4}
            defaultValue={current}
          />
        </ActionForm>
        <h3 className="mt-8 text-xl font-bold">{t("preview")}</h3>
        <p className="text-muted">{t("previewHint")}</p>
        <div className="mt-2 rounded-town border-2 border-line bg-white p-4">
          <LivePreview fieldId="f-value" initial={preview} locale={lang} dir={dir} samples={samples} invalidLabel={t("previewInvalid")} />
        </div>
      </section>
      {layer === "platform" && entry.row && entry.row.state === "translated" ? <p className="mt-8 max-w-prose text-muted">{t("platformReviewedByOperator")}</p> : null}
      {mayReview && entry.row ? (
        // The forms stay mounted once the proposal is reviewed (hidden), so that their answer stays shown.
        <section aria-labelledby="review-title" className="mt-12 max-w-4xl border-t border-line pt-6">
          <h2 id="review-title" className="text-2xl font-bold">{t("reviewTitle")}</h2>
          {waiting ? (
            <p className="mt-2" lang={lang} dir={dir}>{entry.row.value}</p>
          ) : (
            <p className="mt-2">{t("nothingToReview")}</p>
          )}
          <ActionForm id="approve" action={reviewTranslationAction} submitLabel={t("approve")} labels={labels} hidden={{ ...hidden, decision: "approve" }} className={waiting ? "" : "hidden"} />
          <ActionForm id="reject" action={reviewTranslationAction} submitLabel={t("reject")} submitStyle="warning" labels={labels} hidden={{ ...hidden, decision: "reject" }} className={waiting ? "" : "hidden"}>
            <TextArea name="comment" label={t("commentLabel")} hint={t("commentHint")} rows={3} />
          </ActionForm>
        </section>
      ) : null}
      <section aria-labelledby="history-title" className="mt-12 border-t border-line pt-6">
        <h2 id="history-title" className="text-2xl font-bold">{t("history")}</h2>
        {events.length === 0 ? (
          <p className="mt-2">{t("noHistory")}</p>
        ) : (
          <Table caption={t("history")} headers={[t("when"), t("who"), t("action"), t("value"), t("actions")]} wide>
            {events.map((ev) => (
              <Row key={ev.id}>
                <Cell>{when(ev.createdAt)}</Cell>
                <Cell>{ev.actorLabel ?? "—"}</Cell>
                <Cell>
                  {t("historyAction", { action: ev.action })}
                  {ev.comment ? <p className="mt-1 text-muted whitespace-pre-wrap">{ev.comment}</p> : null}
                </Cell>
                <Cell>
                  <span lang={lang} dir={dir} className="whitespace-pre-wrap">{ev.value}</span>
                </Cell>
                <Cell>
                  {entry.row && ev.value !== entry.row.value ? (
                    <ActionForm id={`revert-${ev.id}`} action={revertTranslationAction} submitLabel={t("revert")} submitStyle="secondary" labels={labels} hidden={{ locale: lang, layer, eventId: ev.id }} />
                  ) : null}
                </Cell>
              </Row>
            ))}
          </Table>
        )}
      </section>
    </>
  );
}
