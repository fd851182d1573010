import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { SummaryList, TownText, type TSummaryRow } from "@/components/appointments/summary-list";
import { ButtonLink, Notice, Tag } from "@/components/ui/notice";
import { formatInstant } from "@/lib/core/dates";
import { searchParam, type TSearchParams } from "@/lib/core/page-params";
import { followDocumentUrl } from "@/lib/forms/document-urls";
import { followView, type TFollowEntry } from "@/lib/forms/service/follow-view";
import { requireFormsPage } from "@/lib/forms/service/page-guard";
import type { TPicked } from "@/lib/i18n/localized";

type TParams = Promise<{ tenant: string; locale: string; secret: string }>;

export async function generateMetadata({ params }: { params: TParams }): Promise<Metadata> {
  const { locale } = await requireFormsPage(params);
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  // The address holds the secret: no search engine, no Referer to other sites ("no-referrer" would make
  // browsers send "Origin: null" with forms, which the action wrapper refuses).
  return { title: t("followTitle"), robots: { index: false, follow: false }, referrer: "same-origin" };
}

const langOf = (picked: TPicked | null, locale: string) => (picked && picked.lang !== locale && picked.lang !== "und" ? picked.lang : undefined);

function fileSize(bytes: number, locale: string): string {
  const mb = bytes >= 1_000_000;
  return new Intl.NumberFormat(locale, { style: "unit", unit: mb ? "megabyte" : "kilobyte", maximumFractionDigits: mb ? 1 : 0 }).format(mb ? bytes / 1_000_000 : Math.max(1, bytes / 1000));
}

/**
 * A sent request as its citizen follows it, behind the secret link of the confirmation e-mail (and
 * `?sent=1` right after sending: the durable confirmation page). State, timeline (newest first),
 * documents, and a pending request for correction.
 */
export default async function FollowRequestPage({ params, searchParams }: { params: TParams; searchParams: TSearchParams }) {
  const { tenant, locale } = await requireFormsPage(params);
  const { secret } = await params;
  const t = await getTranslations({ locale, namespace: "RequestFollow" });
  const view = await followView(tenant, secret, locale);
  if (!view) notFound();
  const { request } = view;
  const sent = (await searchParam(searchParams, "sent")) === "1";
  const when = (at: Date, withTime = true) => formatInstant(at, locale, tenant.timeZone, withTime ? { dateStyle: "long", timeStyle: "short" } : { dateStyle: "long" });
  const rows: TSummaryRow[] = [
    { key: "form", label: t("form"), value: view.title?.text ?? view.form.slug, lang: langOf(view.title, locale) },
    { key: "reference", label: t("reference"), value: <span dir="ltr">{request.reference}</span> },
    ...(request.submittedAt ? [{ key: "submitted", label: t("submittedOn"), value: when(request.submittedAt) }] : []),
    {
      key: "state",
      label: t("state"),
      value: view.state ? (
        <span lang={langOf(view.state, locale)}>
          <Tag tone={view.final ? "grey" : "blue"}>{view.state.text}</Tag>
        </span>
      ) : (
        ""
      ),
    },
  ];
  const entryTitle = (entry: TFollowEntry) => {
    switch (entry.kind) {
      case "submitted":
        return t("eventSubmitted");
      case "state":
        return t("eventState");
      case "message":
        return t("eventMessage");
      case "correction-asked":
        return t("eventCorrectionAsked");
      case "correction-answered":
        return t("eventCorrectionAnswered");
    }
  };
  return (
    <>
      {sent ? (
        <div className="mb-8 rounded-town bg-success p-6 text-center text-white">
          <h1 className="text-3xl font-bold">{t("sentTitle")}</h1>
          <p className="mt-4 text-lg">{t("sentReference")}</p>
          <p className="mt-1 text-2xl font-bold" dir="ltr">
            {request.reference}
          </p>
        </div>
      ) : (
        <h1 className="text-3xl font-bold sm:text-4xl" lang={langOf(view.title, locale)}>
          {view.title?.text ?? view.form.slug}
        </h1>
      )}
      {sent && request.email ? <p className="max-w-prose break-words text-lg">{t("sentEmail", { email: request.email })}</p> : null}
      {sent ? <p className="mt-2 max-w-prose text-lg">{t("sentKeepLink")}</p> : null}
      {sent && view.nextSteps ? (
        <section aria-labelledby="next-steps" className="mt-8 max-w-prose">
          <h2 id="next-steps" className="text-2xl font-bold">
            {t("nextStepsHeading")}
          </h2>
          <TownText text={view.nextSteps} locale={locale} className="mt-2 text-lg" />
        </section>
      ) : null}
      {view.anonymised ? (
        <div className="mt-6">
          <Notice kind="info" title={t("anonymisedTitle")}>
            <p>{t("anonymisedLead", { date: when(request.anonymisedAt!, false) })}</p>
          </Notice>
        </div>
      ) : null}
      <section aria-labelledby="summary" className="mt-8">
        <h2 id="summary" className="text-2xl font-bold">
          {t("summaryHeading")}
        </h2>
        <SummaryList rows={rows} />
      </section>
      {view.correction ? (
        <section aria-labelledby="correction" className="mt-8 max-w-prose border-s-8 border-primary ps-4">
          <h2 id="correction" className="text-2xl font-bold">
            {t("correctionHeading")}
          </h2>
          {view.correction.askedAt ? <p className="mt-2 text-muted">{t("correctionAskedOn", { date: when(view.correction.askedAt) })}</p> : null}
          {view.correction.message ? <p className="mt-2 whitespace-pre-line text-lg">{view.correction.message}</p> : null}
          {view.correction.fields.length > 0 ? (
            <>
              <p className="mt-4 font-bold">{t("correctionFields")}</p>
              <ul className="mt-1 list-disc ps-6">
                {view.correction.fields.map((f, i) => (
                  <li key={i} lang={langOf(f, locale)}>
                    {f.text}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <p className="mt-4">
            <ButtonLink href={`/${locale}/requests/correct/${secret}`}>{t("correctionButton")}</ButtonLink>
          </p>
        </section>
      ) : null}
      <section aria-labelledby="timeline" className="mt-8 max-w-prose">
        <h2 id="timeline" className="text-2xl font-bold">
          {t("timelineHeading")}
        </h2>
        <p className="mt-1 text-muted">{t("timelineOrder")}</p>
        <ol className="mt-4 border-s-4 border-line">
          {view.entries.map((entry) => (
            <li key={entry.id} className="relative mb-6 ps-4">
              <h3 className="text-lg font-bold">
                {entryTitle(entry)}
                {entry.kind === "state" && entry.state ? (
                  <>
                    {" "}
                    <span lang={langOf(entry.state, locale)}>{entry.state.text}</span>
                  </>
                ) : null}
              </h3>
              <p className="text-muted">
                <time dateTime={entry.at.toISOString()}>{when(entry.at)}</time>
              </p>
              {entry.body ? <p className="mt-1 whitespace-pre-line">{entry.body}</p> : null}
              {entry.fields.length > 0 ? (
                <p className="mt-1">
                  {t("eventFields", { fields: new Intl.ListFormat(locale, { type: "conjunction" }).format(entry.fields.map((f) => f.text)) })}
                </p>
              ) : null}
            </li>
          ))}
        </ol>
      </section>
      {view.documents.length > 0 ? (
        <section aria-labelledby="documents" className="mt-8 max-w-prose">
          <h2 id="documents" className="text-2xl font-bold">
            {t("documentsHeading")}
          </h2>
          <ul className="mt-4 space-y-2">
            {view.documents.map((d) => (
              <li key={d.id}>
                <a href={followDocumentUrl(secret, d.id)} download>
                  <bdi>{d.originalName}</bdi>
                </a>{" "}
                <span className="text-muted">
                  ({d.field ? <span lang={langOf(d.field, locale)}>{d.field.text}</span> : null}, {fileSize(d.size, locale)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <p className="mt-8">
        <a href={`/${locale}/requests`}>{t("otherRequests")}</a>
      </p>
    </>
  );
}
